package dev.genzoo.core.nn;

import dev.genzoo.core.nn.ActivityRegularizationLayer.Penalty;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime side of {@link ActivityRegularizationLayer}: passes its input through unchanged, keeps
 * {@code lambda * R(h)} of the last forward pass for {@link #calcRegularizationScore} (how M2.1's
 * graph adds layer terms to its score) and adds {@code lambda * dR/dh}, scaled to DL4J's
 * summed-over-examples convention, to the epsilon it passes back.
 */
@SuppressWarnings("try") // scopeOutOfWorkspaces() is used for its scope only
public class ActivityRegularizationLayerImpl extends AbstractLayer<ActivityRegularizationLayer> {

    private static final long serialVersionUID = 1L;
    /** Keeps the mean activation away from 0 and 1, where the KL term is infinite. */
    private static final double MEAN_CLAMP = 1e-8;

    private double lastPenaltyScore;

    /** Called by {@link ActivityRegularizationLayer#instantiate}. */
    public ActivityRegularizationLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkInput();
        lastPenaltyScore = layerConf().getLambda() == 0 ? 0 : layerConf().getLambda() * penalty();
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
        double lambda = layerConf().getLambda();
        if (lambda != 0) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                addPenaltyGradient(out, lambda);
            }
        }
        return new Pair<>(new DefaultGradient(), out);
    }

    /** R(h) for the current input: batch mean of the L1 norm, or the sum of the units' KL terms. */
    private double penalty() {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (layerConf().getPenalty() == Penalty.L1) {
                return input.norm1Number().doubleValue() / input.size(0);
            }
            double rho = layerConf().getTargetActivation();
            INDArray rhoHat = meanActivation();
            INDArray kl = Transforms.log(rhoHat.rdiv(rho), false).muli(rho)
                    .addi(Transforms.log(rhoHat.rsub(1.0).rdivi(1.0 - rho), false).muli(1.0 - rho));
            return kl.sumNumber().doubleValue();
        }
    }

    /**
     * Adds n * lambda * dR/dh: lambda * sign(h) for L1; for KL, lambda * (-rho / rho_hat + (1 - rho)
     * / (1 - rho_hat)) in every row (dR/dh_nj carries the 1/n of the mean, the factor n undoes it).
     */
    private void addPenaltyGradient(INDArray out, double lambda) {
        if (layerConf().getPenalty() == Penalty.L1) {
            out.addi(Transforms.sign(input, true).muli(lambda));
            return;
        }
        double rho = layerConf().getTargetActivation();
        INDArray rhoHat = meanActivation();
        INDArray perUnit = rhoHat.rsub(1.0).rdivi(1.0 - rho).subi(rhoHat.rdiv(rho)).muli(lambda);
        out.addiRowVector(perUnit);
    }

    /** Mean activation of each unit over the minibatch, clamped into (0, 1), [1, m]. */
    private INDArray meanActivation() {
        INDArray mean = input.mean(true, 0);
        return Transforms.min(Transforms.max(mean, MEAN_CLAMP, false), 1.0 - MEAN_CLAMP, false);
    }

    private void checkInput() {
        if (input.rank() != 2) {
            throw new IllegalArgumentException("ActivityRegularizationLayer '" + conf.getLayer().getLayerName()
                    + "' needs [n, m] input, found shape " + java.util.Arrays.toString(input.shape()));
        }
        if (layerConf().getPenalty() == Penalty.KL_SPARSITY) {
            double min = input.minNumber().doubleValue();
            double max = input.maxNumber().doubleValue();
            if (min < 0 || max > 1) {
                throw new IllegalArgumentException("ActivityRegularizationLayer '" + conf.getLayer().getLayerName()
                        + "': the KL sparsity penalty needs activations in [0, 1] (use a sigmoid code layer),"
                        + " found values in [" + min + ", " + max + "]");
            }
        }
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return lastPenaltyScore;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // No parameters.
    }

    @Override
    public INDArray params() {
        return null;
    }
}
