package dev.genzoo.engine.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-image, per-channel scale and shift of feature maps: inputs {@code x [N, C, H, W]},
 * {@code scale [N, C]} and {@code shift [N, C]}, output {@code x * (1 + scale) + shift} broadcast
 * over H x W (with {@code scaleOffset} 1, the default) or {@code x * scale + shift} (offset 0). With
 * instance-normalised {@code x} and scale and shift computed from a style vector, this is StyleGAN's
 * adaptive instance normalisation (AdaIN; Huang and Belongie 2017, Karras et al. 2019); the offset
 * of 1 makes a zero-initialised style start as the identity. Parameter-free. DL4J's own
 * {@code ElementWiseVertex} refuses maps of different sizes at configuration time, hence this
 * vertex; the engine runs it channel-major, {@link ChannelAffineVertexImpl} is the NCHW implementation.
 */
public class ChannelAffineVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    private double scaleOffset = 1.0;

    /** {@code x * (1 + scale) + shift}. */
    public ChannelAffineVertex() {
    }

    /** {@code x * (scaleOffset + scale) + shift}. */
    public ChannelAffineVertex(double scaleOffset) {
        this.scaleOffset = scaleOffset;
    }

    public double getScaleOffset() {
        return scaleOffset;
    }

    public void setScaleOffset(double scaleOffset) {
        this.scaleOffset = scaleOffset;
    }

    @Override
    public ChannelAffineVertex clone() {
        return new ChannelAffineVertex(scaleOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelAffineVertex other && Double.compare(other.scaleOffset, scaleOffset) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scaleOffset) + 31 * ChannelAffineVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 3;
    }

    @Override
    public int maxVertexInputs() {
        return 3;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ChannelAffineVertexImpl(graph, name, idx, scaleOffset, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length != 3 || !(in[0] instanceof InputType.InputTypeConvolutional c)
                || c.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw new InvalidInputTypeException("ChannelAffineVertex needs (NCHW maps, scale, shift), found "
                    + java.util.Arrays.toString(in));
        }
        for (int i = 1; i < 3; i++) {
            if (in[i].getType() != InputType.Type.FF || in[i].arrayElementsPerExample() != c.getChannels()) {
                throw new InvalidInputTypeException("ChannelAffineVertex: input " + i + " must be feed-forward with "
                        + c.getChannels() + " values (one per channel), found " + in[i]);
            }
        }
        return in[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        long perExample = out.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(null, ChannelAffineVertex.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }
}
