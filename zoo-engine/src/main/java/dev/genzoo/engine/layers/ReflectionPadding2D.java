package dev.genzoo.engine.layers;

import java.util.Arrays;
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
 * Reflection padding of NCHW images (PyTorch's {@code ReflectionPad2d}): row {@code -k} is row
 * {@code k}, row {@code H - 1 + k} is row {@code H - 1 - k}, the edge itself not repeated. CycleGAN's
 * generator pads this way before its 7x7 and 3x3 convolutions so that the borders see image, not
 * zeros. A layer of its own because ND4J's {@code Pad} op's gradient ignores the reflect mode.
 * Padding must be smaller than the image on each axis. The engine runs it channel-major
 * ({@code Ops}); {@link ReflectionPadding2DImpl} is the plain DL4J implementation.
 */
public class ReflectionPadding2D extends NoParamLayer {
    private static final long serialVersionUID = 1L;

    /** Top, bottom, left, right. */
    private int[] padding = {0, 0, 0, 0};

    /** For JSON. */
    public ReflectionPadding2D() {
    }

    private ReflectionPadding2D(Builder b) {
        super(b);
        this.padding = b.padding.clone();
    }

    /** {@code p} rows and columns on every side. */
    public static ReflectionPadding2D of(int p) {
        return new Builder().padding(p, p, p, p).build();
    }

    /** Top, bottom, left, right. */
    public int[] getPadding() {
        return padding.clone();
    }

    public void setPadding(int[] padding) {
        this.padding = check(padding);
    }

    private static int[] check(int[] p) {
        if (p == null || p.length != 4 || Arrays.stream(p).anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("padding must be 4 values >= 0 (top, bottom, left, right), found "
                    + Arrays.toString(p));
        }
        return p.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        ReflectionPadding2DImpl layer = new ReflectionPadding2DImpl(conf, networkDataType);
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
        if (!(inputType instanceof InputType.InputTypeConvolutional c)
                || c.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw new IllegalStateException("ReflectionPadding2D '" + layerName + "' needs NCHW image input, found "
                    + inputType);
        }
        if (padding[0] >= c.getHeight() || padding[1] >= c.getHeight() || padding[2] >= c.getWidth()
                || padding[3] >= c.getWidth()) {
            throw new IllegalStateException("ReflectionPadding2D '" + layerName + "': padding "
                    + Arrays.toString(padding) + " must be smaller than the image, " + c.getHeight() + "x"
                    + c.getWidth());
        }
        return InputType.convolutional(c.getHeight() + padding[0] + padding[1], c.getWidth() + padding[2] + padding[3],
                c.getChannels());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // no parameters
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, ReflectionPadding2D.class, inputType, out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectionPadding2D other && super.equals(o) && Arrays.equals(other.padding, padding);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Arrays.hashCode(padding);
    }

    @Override
    public String toString() {
        return "ReflectionPadding2D(name=" + layerName + ", padding=" + Arrays.toString(padding) + ")";
    }

    /** Source index of output position {@code i} on an axis of {@code n} pixels padded by {@code before}. */
    public static int source(int i, int before, int n) {
        int s = i - before;
        if (s < 0) {
            return -s;
        }
        return s >= n ? 2 * (n - 1) - s : s;
    }

    /** Builder. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private int[] padding = {0, 0, 0, 0};

        /** Rows above and below, columns left and right (each >= 0). */
        public Builder padding(int top, int bottom, int left, int right) {
            this.padding = check(new int[] {top, bottom, left, right});
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReflectionPadding2D build() {
            return new ReflectionPadding2D(this);
        }
    }
}
