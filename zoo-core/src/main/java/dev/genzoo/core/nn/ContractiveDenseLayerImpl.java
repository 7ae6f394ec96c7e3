package dev.genzoo.core.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime side of {@link ContractiveDenseLayer}. The penalty of the last forward pass is kept as a
 * number and reported through {@link #calcRegularizationScore}, which is how M2.1's
 * {@code ComputationGraph} adds layer terms to its score (once, after the output layers' scores
 * have been divided by the minibatch size). Parameter and input gradients are returned unscaled,
 * summed over examples, like every DL4J gradient; the updater divides by the minibatch size.
 */
@SuppressWarnings("try") // scopeOutOfWorkspaces() is used for its scope only
public class ContractiveDenseLayerImpl extends BaseLayer<ContractiveDenseLayer> {

    private static final long serialVersionUID = 1L;

    /** lambda times the batch-mean penalty of the last forward pass. */
    private double lastPenaltyScore;

    /** Called by {@link ContractiveDenseLayer#instantiate}. */
    public ContractiveDenseLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    private double lambda() {
        return layerConf().getLambda();
    }

    private IActivation activation() {
        return layerConf().getActivationFn();
    }

    private INDArray weights() {
        return getParam(DefaultParamInitializer.WEIGHT_KEY);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray h = super.activate(training, workspaceMgr);
        lastPenaltyScore = lambda() == 0 ? 0 : lambda() * batchMeanPenalty(h);
        return h;
    }

    private double batchMeanPenalty(INDArray h) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return ContractivePenalty.perExample(h, weights(), activation()).meanNumber().doubleValue();
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        if (lambda() != 0) {
            addPenaltyGradients(result.getSecond());
        }
        return result;
    }

    /** Adds lambda * dP/dW, dP/db (into the gradient views) and dP/dx (into the input epsilon). */
    private void addPenaltyGradients(INDArray inputEpsilon) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray x = input.detach();
            INDArray w = weights();
            INDArray preActivation = x.mmul(w).addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
            INDArray h = activation().getActivation(preActivation, true);
            INDArray gradPre = ContractivePenalty.gradPreActivation(h, w, activation());
            gradientViews.get(DefaultParamInitializer.WEIGHT_KEY)
                    .addi(ContractivePenalty.gradWeights(x, h, w, gradPre, activation()).muli(lambda()));
            INDArray gradBias = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            gradBias.addi(gradPre.sum(0).muli(lambda()).reshape(gradBias.shape()));
            inputEpsilon.addi(gradPre.mmul(w.transpose()).muli(lambda()));
        }
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + lastPenaltyScore;
    }

    /** lambda times the batch-mean contractive penalty of the last forward pass. */
    public double lastPenaltyScore() {
        return lastPenaltyScore;
    }
}
