package dev.genzoo.core.nn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense sigmoid or tanh encoder layer carrying the contractive penalty of Rifai et al.,
 * "Contractive Auto-Encoders: Explicit Invariance During Feature Extraction" (ICML 2011):
 * {@code lambda * ||dh/dx||_F^2}, averaged over the minibatch, added to the network's score.
 *
 * <p>The forward pass is an ordinary dense layer {@code h = f(xW + b)}. For sigmoid the penalty has
 * the closed form {@code sum_j (h_j (1 - h_j))^2 sum_i W_ij^2}; for tanh {@code (1 - h_j^2)^2}
 * replaces {@code (h_j (1 - h_j))^2}. The backward pass adds its exact gradient with respect to
 * {@code W}, {@code b} and the layer input (the penalty depends on {@code x} through {@code h}, so
 * layers below receive its gradient too). The Jacobian penalised is this layer's, with respect to
 * its own input.
 *
 * <pre>{@code
 * .addLayer("code", new ContractiveDenseLayer.Builder().nIn(784).nOut(64)
 *         .activation(Activation.SIGMOID).lambda(0.1).build(), "x")
 * }</pre>
 */
public class ContractiveDenseLayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    /** Weight of the contractive penalty, >= 0. */
    private double lambda;

    /** For JSON. */
    public ContractiveDenseLayer() {
    }

    private ContractiveDenseLayer(Builder builder) {
        super(builder);
        this.lambda = builder.lambda;
        initializeConstraints(builder);
    }

    /** Weight of the contractive penalty. */
    public double getLambda() {
        return lambda;
    }

    /** For JSON and programmatic changes; finite and >= 0. */
    public void setLambda(double lambda) {
        this.lambda = checkLambda(lambda);
    }

    static double checkLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
        }
        return lambda;
    }

    /** Throws unless the activation is sigmoid or tanh, the two with a closed-form penalty. */
    static void checkActivation(String layerName, IActivation activation) {
        if (!(activation instanceof ActivationSigmoid) && !(activation instanceof ActivationTanH)) {
            throw new IllegalArgumentException("ContractiveDenseLayer '" + layerName
                    + "': activation must be SIGMOID or TANH (closed-form Jacobian), found " + activation);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        checkActivation(getLayerName(), getActivationFn());
        ContractiveDenseLayerImpl layer = new ContractiveDenseLayerImpl(conf, networkDataType);
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
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        long perExample = outputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, ContractiveDenseLayer.class, inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 3 * perExample, 0, 3 * perExample + inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContractiveDenseLayer other && super.equals(o)
                && Double.compare(other.lambda, lambda) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "ContractiveDenseLayer(lambda=" + lambda + ", " + super.toString() + ")";
    }

    /** Builder: the usual dense-layer settings plus {@link #lambda(double)}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private double lambda = 0.1;

        /** Weight of the contractive penalty, finite and >= 0 (default 0.1). */
        public Builder lambda(double lambda) {
            this.lambda = checkLambda(lambda);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ContractiveDenseLayer build() {
            if (activationFn != null) {
                checkActivation(layerName, activationFn);
            }
            return new ContractiveDenseLayer(this);
        }
    }
}
