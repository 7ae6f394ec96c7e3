package dev.genzoo.core.nn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An identity layer that adds an activity penalty {@code lambda * R(h)} on its input to the network's
 * score and {@code lambda * dR/dh} to the gradient flowing back: the sparse autoencoder's code
 * regularizer. Place it right after the code layer.
 *
 * <ul>
 *   <li>{@link Penalty#L1}: {@code R(h) = sum_j |h_j|}, averaged over the minibatch (Goodfellow,
 *       Bengio and Courville, "Deep Learning", 2016, section 14.2.1).</li>
 *   <li>{@link Penalty#KL_SPARSITY}: {@code R(h) = sum_j KL(rho || rho_hat_j)} with
 *       {@code rho_hat_j} the mean activation of unit {@code j} over the minibatch; activations must
 *       lie in [0, 1], e.g. a sigmoid code (Ng, "Sparse autoencoder", CS294A lecture notes, 2011).</li>
 * </ul>
 *
 * <pre>{@code
 * .addLayer("code", new DenseLayer.Builder().nIn(784).nOut(64).activation(Activation.SIGMOID).build(), "x")
 * .addLayer("sparse", ActivityRegularizationLayer.klSparsity(0.05, 3.0), "code")
 * }</pre>
 */
public class ActivityRegularizationLayer extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    /** The activity penalties available. */
    public enum Penalty {
        /** Sum of absolute activations, averaged over the minibatch. */
        L1,
        /** Sum over units of KL(rho || mean activation), activations in [0, 1]. */
        KL_SPARSITY
    }

    private Penalty penalty;
    private double lambda;
    /** Target mean activation rho for {@link Penalty#KL_SPARSITY}; unused for L1. */
    private double targetActivation;

    /** For JSON. */
    public ActivityRegularizationLayer() {
    }

    private ActivityRegularizationLayer(Builder builder) {
        super(builder);
        this.penalty = builder.penalty;
        this.lambda = builder.lambda;
        this.targetActivation = builder.targetActivation;
    }

    /** L1 activity penalty {@code lambda * mean_n sum_j |h_nj|}. */
    public static ActivityRegularizationLayer l1(double lambda) {
        return new Builder().l1(lambda).build();
    }

    /** KL target-sparsity penalty {@code lambda * sum_j KL(rho || rho_hat_j)}. */
    public static ActivityRegularizationLayer klSparsity(double targetActivation, double lambda) {
        return new Builder().klSparsity(targetActivation, lambda).build();
    }

    public Penalty getPenalty() {
        return penalty;
    }

    public double getLambda() {
        return lambda;
    }

    public double getTargetActivation() {
        return targetActivation;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        ActivityRegularizationLayerImpl layer = new ActivityRegularizationLayerImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new IllegalStateException("ActivityRegularizationLayer '" + layerName
                    + "' needs feed-forward (2-d) input, found " + inputType);
        }
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // No parameters, nothing to size.
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, ActivityRegularizationLayer.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivityRegularizationLayer other && super.equals(o) && other.penalty == penalty
                && Double.compare(other.lambda, lambda) == 0
                && Double.compare(other.targetActivation, targetActivation) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), penalty, lambda, targetActivation);
    }

    @Override
    public String toString() {
        return "ActivityRegularizationLayer(name=" + layerName + ", penalty=" + penalty + ", lambda=" + lambda
                + (penalty == Penalty.KL_SPARSITY ? ", targetActivation=" + targetActivation : "") + ")";
    }

    /** Builder; choose the penalty with {@link #l1} or {@link #klSparsity}. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {

        private Penalty penalty;
        private double lambda;
        private double targetActivation;

        /** L1 penalty with weight {@code lambda} (finite, >= 0). */
        public Builder l1(double lambda) {
            this.penalty = Penalty.L1;
            this.lambda = checkLambda(lambda);
            return this;
        }

        /**
         * KL target-sparsity penalty.
         *
         * @param targetActivation target mean activation rho, in (0, 1)
         * @param lambda weight (finite, >= 0)
         */
        public Builder klSparsity(double targetActivation, double lambda) {
            if (!(targetActivation > 0 && targetActivation < 1)) {
                throw new IllegalArgumentException("targetActivation (rho) must be in (0, 1), found "
                        + targetActivation);
            }
            this.penalty = Penalty.KL_SPARSITY;
            this.targetActivation = targetActivation;
            this.lambda = checkLambda(lambda);
            return this;
        }

        private static double checkLambda(double lambda) {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
            }
            return lambda;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ActivityRegularizationLayer build() {
            if (penalty == null) {
                throw new IllegalStateException("ActivityRegularizationLayer: choose a penalty with l1(lambda) "
                        + "or klSparsity(targetActivation, lambda)");
            }
            return new ActivityRegularizationLayer(this);
        }
    }
}
