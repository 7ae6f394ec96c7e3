package dev.genzoo.engine;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss function that {@link FastGraphTrainer} can evaluate in one fused pass (score and
 * gradient together) instead of DL4J's separate {@code computeScore} and {@code computeGradient},
 * each of which recomputes the activation and allocates its temporaries.
 */
public interface FusedLoss {
    /**
     * Writes dL/dz for every example (not averaged) into {@code gradOut} and returns the loss
     * summed over all examples, as {@code computeScore(..., average=false)} would; or NaN when this
     * loss cannot fuse for these arguments (then the trainer calls the ordinary methods).
     * {@code preOutput} and {@code labels} are not modified.
     */
    double fusedScoreAndGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray gradOut);

    /**
     * Bernoulli log-likelihood on logits {@code eta}: writes {@code sigmoid(eta) - x} into
     * {@code gradOut} and returns {@code sum softplus(eta) - x eta} (the negative log-likelihood),
     * with {@code softplus(eta) = max(eta, 0) - log(max(s, 1 - s))}, {@code s = sigmoid(eta)}: no
     * overflow for any eta. Float32 only; NaN otherwise.
     */
    static double bernoulliLogits(INDArray x, INDArray eta, INDArray gradOut) {
        if (x.dataType() != DataType.FLOAT || eta.dataType() != DataType.FLOAT
                || !java.util.Arrays.equals(x.shape(), eta.shape())) {
            return Double.NaN;
        }
        return FusedKernels.bernoulliLogits(x, eta, gradOut);
    }
}
