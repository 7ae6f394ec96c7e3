package dev.genzoo.engine.layers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Instance normalisation of NCHW images (Ulyanov, Vedaldi and Lempitsky 2016): every image's every
 * channel normalised over its own H x W pixels, {@code y = gamma_c (x - mean) / sqrt(var + eps) +
 * beta_c} with learned per-channel gamma (initially 1) and beta (initially 0), the same in training
 * and inference (no running statistics). CycleGAN's and StyleGAN's generators normalise this way.
 * Parameters {@code gamma} and {@code beta}, each {@code [1, C]}; no weight decay on them. The engine
 * runs it channel-major ({@code Ops}); {@link InstanceNormalizationImpl} is the plain DL4J
 * implementation.
 */
public class InstanceNormalization extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";

    private double eps = 1e-5;

    /** For JSON. */
    public InstanceNormalization() {
    }

    private InstanceNormalization(Builder b) {
        super(b);
        this.eps = b.eps;
    }

    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        this.eps = eps;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        InstanceNormalizationImpl layer = new InstanceNormalizationImpl(conf, networkDataType);
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
        return Params.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)
                || c.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw new IllegalStateException("InstanceNormalization '" + layerName + "' needs NCHW image input, found "
                    + inputType);
        }
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeConvolutional c && (nIn <= 0 || override)) {
            nIn = c.getChannels();
            nOut = c.getChannels();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, InstanceNormalization.class, inputType, inputType)
                .standardMemory(2 * nOut, 0).workingMemory(0, 2 * perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceNormalization other && super.equals(o) && Double.compare(other.eps, eps) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(eps);
    }

    /** gamma then beta, {@code [1, C]} each. */
    static final class Params implements ParamInitializer {
        static final Params INSTANCE = new Params();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return 2 * ((InstanceNormalization) layer).getNOut();
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(GAMMA, BETA);
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of();
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return false;
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return false;
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            Map<String, INDArray> m = views(conf, paramsView);
            if (initializeParams) {
                m.get(GAMMA).assign(1);
                m.get(BETA).assign(0);
            }
            return m;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views(conf, gradientView);
        }

        private static Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
            long c = ((InstanceNormalization) conf.getLayer()).getNOut();
            INDArray f = flat.reshape(flat.length());
            Map<String, INDArray> m = new LinkedHashMap<>();
            m.put(GAMMA, f.get(NDArrayIndex.interval(0, c)).reshape(1, c));
            m.put(BETA, f.get(NDArrayIndex.interval(c, 2 * c)).reshape(1, c));
            return m;
        }
    }

    /** Builder; the channel count comes from the input type ({@code setInputTypes}) or {@code nOut}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private double eps = 1e-5;

        /** The variance floor (default 1e-5, as PyTorch's {@code InstanceNorm2d}). */
        public Builder eps(double eps) {
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("eps must be finite and > 0, found " + eps);
            }
            this.eps = eps;
            return this;
        }

        @Override
        public Builder nOut(long nOut) {
            super.nIn(nOut);
            return super.nOut(nOut);
        }

        @Override
        @SuppressWarnings("unchecked")
        public InstanceNormalization build() {
            return new InstanceNormalization(this);
        }
    }
}
