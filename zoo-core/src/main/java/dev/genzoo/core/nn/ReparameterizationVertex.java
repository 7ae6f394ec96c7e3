package dev.genzoo.core.nn;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the reparameterization trick of Kingma and Welling, "Auto-Encoding Variational
 * Bayes" (ICLR 2014, arXiv:1312.6114), as a {@code ComputationGraph} vertex.
 *
 * <p>Inputs, in this order: the posterior mean {@code mu} and log-variance {@code logvar}, both
 * {@code [n, d]}. Output: {@code z = mu + exp(logvar / 2) * eps} with {@code eps ~ N(0, I)} drawn
 * afresh on every training forward pass and kept for the backward pass. At inference the vertex
 * returns {@code mu} unless {@link #sampledAtInference()} was chosen.
 *
 * <pre>{@code
 * builder.addVertex("z", new ReparameterizationVertex(), "mean", "logvar");
 * }</pre>
 */
public class ReparameterizationVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** Draw {@code z} at inference too; false returns the posterior mean. */
    private boolean sampleAtInference;

    /** A vertex that returns the posterior mean at inference (deterministic encoder). */
    public ReparameterizationVertex() {
        this(false);
    }

    /**
     * @param sampleAtInference true to draw {@code z} at inference as in training, false to return
     *     the posterior mean
     */
    public ReparameterizationVertex(boolean sampleAtInference) {
        this.sampleAtInference = sampleAtInference;
    }

    /** A vertex that samples {@code z} at inference as well as in training. */
    public static ReparameterizationVertex sampledAtInference() {
        return new ReparameterizationVertex(true);
    }

    /** Whether {@code z} is sampled at inference (otherwise the mean is returned). */
    public boolean isSampleAtInference() {
        return sampleAtInference;
    }

    @Override
    public ReparameterizationVertex clone() {
        return new ReparameterizationVertex(sampleAtInference);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReparameterizationVertex other && other.sampleAtInference == sampleAtInference;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(sampleAtInference) + 31 * ReparameterizationVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ReparameterizationVertexImpl(graph, name, idx, sampleAtInference, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2) {
            throw new InvalidInputTypeException("ReparameterizationVertex needs 2 inputs (mean, logvar), found "
                    + vertexInputs.length);
        }
        if (vertexInputs[0].arrayElementsPerExample() != vertexInputs[1].arrayElementsPerExample()) {
            throw new InvalidInputTypeException("ReparameterizationVertex inputs must have the same size: mean is "
                    + vertexInputs[0] + ", logvar is " + vertexInputs[1]);
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        long perExample = out.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(null, ReparameterizationVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 2 * perExample)
                .cacheMemory(0, perExample)
                .build();
    }

    @Override
    public String toString() {
        return "ReparameterizationVertex(sampleAtInference=" + sampleAtInference + ")";
    }
}
