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
 * The minibatch standard-deviation feature of progressive GANs and StyleGAN's discriminator
 * (Karras et al. 2018, https://arxiv.org/abs/1710.10196, section 3): the examples are cut into
 * groups of {@code groupSize} consecutive examples (the last group may be smaller); within a group,
 * the standard deviation of every feature at every pixel is taken over the group's examples, averaged
 * over features and pixels into one number, and that number is appended to each of the group's
 * examples as one more constant feature map. Input {@code [N, C, H, W]}, output
 * {@code [N, C + 1, H, W]}. A discriminator with it can see how varied a batch of generated images is,
 * which counters mode collapse. Parameter-free; {@link MinibatchStdDevVertexImpl} is the NCHW
 * implementation, which the engine runs on NCHW copies.
 *
 * <p>Groups are consecutive (the reference strides them over the batch): a batch made of real
 * images followed by generated ones then puts no real and generated image in one group as long as
 * the number of real images is a multiple of the group size.
 */
public class MinibatchStdDevVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    private int groupSize = 4;

    /** Groups of 4, as in the reference. */
    public MinibatchStdDevVertex() {
    }

    /** Groups of {@code groupSize} consecutive examples (at least 2). */
    public MinibatchStdDevVertex(int groupSize) {
        if (groupSize < 2) {
            throw new IllegalArgumentException("minibatch standard deviation needs groups of at least 2 examples, found "
                    + groupSize);
        }
        this.groupSize = groupSize;
    }

    public int getGroupSize() {
        return groupSize;
    }

    public void setGroupSize(int groupSize) {
        this.groupSize = groupSize;
    }

    @Override
    public MinibatchStdDevVertex clone() {
        return new MinibatchStdDevVertex(groupSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinibatchStdDevVertex other && other.groupSize == groupSize;
    }

    @Override
    public int hashCode() {
        return groupSize + 31 * MinibatchStdDevVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new MinibatchStdDevVertexImpl(graph, name, idx, groupSize, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length != 1 || !(in[0] instanceof InputType.InputTypeConvolutional c)
                || c.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw new InvalidInputTypeException("MinibatchStdDevVertex needs NCHW feature maps, found "
                    + java.util.Arrays.toString(in));
        }
        return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels() + 1);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        long perExample = out.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(null, MinibatchStdDevVertex.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }
}
