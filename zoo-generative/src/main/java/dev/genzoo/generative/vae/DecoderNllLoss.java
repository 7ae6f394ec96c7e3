package dev.genzoo.generative.vae;

import dev.genzoo.engine.FusedLoss;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The reconstruction term of the negative ELBO, {@code -log p(x|z)} summed over the values of an
 * example, exact for the {@link DecoderDistribution} (binary cross-entropy from logits without
 * clipping, or the full Gaussian negative log-likelihood with its constant). DL4J's XENT clips
 * probabilities and its MSE averages over outputs, which would mis-weight the reconstruction
 * against the KL term; this loss makes the graph's score the negative ELBO itself.
 *
 * <p>Use on a {@code LossLayer} with identity activation fed by the decoder's linear output; the
 * labels are the data flattened to {@code [n, D]}. Plain fields and a public no-argument
 * constructor, for DL4J's JSON.
 */
public class DecoderNllLoss implements ILossFunction, FusedLoss {

    private static final long serialVersionUID = 1L;

    private DecoderDistribution.Type type;
    private double variance;

    /** Bernoulli; for JSON. */
    public DecoderNllLoss() {
        this(DecoderDistribution.BERNOULLI);
    }

    /** The negative log-likelihood of {@code distribution}. */
    public DecoderNllLoss(DecoderDistribution distribution) {
        this.type = distribution.type();
        this.variance = distribution.variance();
    }

    /** The decoder distribution this loss is the negative log-likelihood of. */
    public DecoderDistribution distribution() {
        return new DecoderDistribution(type, variance);
    }

    public DecoderDistribution.Type getType() {
        return type;
    }

    public double getVariance() {
        return variance;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray eta = activationFn.getActivation(preOutput.dup(), true);
        checkShapes(labels, eta);
        INDArray terms = distribution().elementwiseLogProbability(labels.castTo(eta.dataType()), eta).negi();
        return applyMask(terms, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray eta = activationFn.getActivation(preOutput.dup(), true);
        checkShapes(labels, eta);
        INDArray grad = distribution().negLogProbabilityGradient(labels.castTo(eta.dataType()), eta);
        applyMask(grad, mask);
        return activationFn.backprop(preOutput.dup(), grad).getFirst();
    }

    /** Bernoulli on logits with the identity activation fuses (sigmoid once, no temporaries); else NaN. */
    @Override
    public double fusedScoreAndGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray gradOut) {
        if (type != DecoderDistribution.Type.BERNOULLI
                || !(activation instanceof org.nd4j.linalg.activations.impl.ActivationIdentity)) {
            return Double.NaN;
        }
        return FusedLoss.bernoulliLogits(labels, preOutput, gradOut);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private static void checkShapes(INDArray labels, INDArray eta) {
        if (!java.util.Arrays.equals(labels.shape(), eta.shape())) {
            throw new IllegalArgumentException("decoder NLL: labels must have the decoder output's shape "
                    + java.util.Arrays.toString(eta.shape()) + ", found " + java.util.Arrays.toString(labels.shape()));
        }
    }

    /** Per-example masks {@code [n, 1]} or per-value masks of the output's shape. */
    private static INDArray applyMask(INDArray terms, INDArray mask) {
        if (mask == null) {
            return terms;
        }
        INDArray m = mask.castTo(terms.dataType());
        if (m.rank() == 2 && m.size(1) == 1 && m.size(0) == terms.size(0)) {
            return terms.muliColumnVector(m);
        }
        if (java.util.Arrays.equals(m.shape(), terms.shape())) {
            return terms.muli(m);
        }
        throw new IllegalArgumentException("decoder NLL: mask must be [n, 1] or " + java.util.Arrays.toString(
                terms.shape()) + ", found " + java.util.Arrays.toString(mask.shape()));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderNllLoss other && other.type == type && Double.compare(other.variance, variance) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, variance);
    }

    @Override
    public String toString() {
        return "DecoderNllLoss(" + distribution() + ")";
    }
}
