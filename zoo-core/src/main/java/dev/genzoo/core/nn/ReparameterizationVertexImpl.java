package dev.genzoo.core.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime side of {@link ReparameterizationVertex}: {@code z = mu + exp(logvar / 2) * eps}.
 *
 * <p>The noise is drawn with {@link Nd4j#randn} outside every workspace, so it outlives the forward
 * pass's workspace scope and the backward pass reuses exactly the draw the forward pass used
 * (M2.1's SameDiff vertices re-draw it, see the package documentation). Gradients:
 * {@code dL/dmu = dL/dz} and {@code dL/dlogvar = dL/dz * eps * exp(logvar / 2) / 2}.
 */
@SuppressWarnings("try") // scopeOutOfWorkspaces() is used for its scope only
public class ReparameterizationVertexImpl extends BaseGraphVertex {

    private static final long serialVersionUID = 1L;

    private final boolean sampleAtInference;
    /** The noise of the last sampled forward pass; null after a deterministic one. */
    private INDArray noise;

    /** Called by {@link ReparameterizationVertex#instantiate}. */
    public ReparameterizationVertexImpl(ComputationGraph graph, String name, int vertexIndex,
            boolean sampleAtInference, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.sampleAtInference = sampleAtInference;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Cannot do forward pass: inputs not set (" + this + ")");
        }
        INDArray mean = inputs[0];
        INDArray logVar = inputs[1];
        checkSameShape(mean, logVar);
        if (!training && !sampleAtInference) {
            noise = null;
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, mean);
        }
        noise = drawNoise(mean);
        INDArray z = standardDeviation(logVar, ArrayType.ACTIVATIONS, workspaceMgr);
        return z.muli(noise).addi(mean);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("Cannot do backward pass: epsilon not set (" + this + ")");
        }
        INDArray gradMean = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
        INDArray gradLogVar;
        if (noise == null) {
            // z = mu did not depend on logvar.
            gradLogVar = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape());
        } else {
            gradLogVar = standardDeviation(inputs[1], ArrayType.ACTIVATION_GRAD, workspaceMgr)
                    .muli(noise).muli(epsilon).muli(0.5);
        }
        return new Pair<>(null, new INDArray[] {gradMean, gradLogVar});
    }

    /** exp(logvar / 2), computed in place in a new array of the given type. */
    private static INDArray standardDeviation(INDArray logVar, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = workspaceMgr.createUninitialized(type, logVar.dataType(), logVar.shape(), 'c');
        out.assign(logVar).muli(0.5);
        return Transforms.exp(out, false);
    }

    private static INDArray drawNoise(INDArray like) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.randn(like.dataType(), like.shape());
        }
    }

    private void checkSameShape(INDArray mean, INDArray logVar) {
        if (!java.util.Arrays.equals(mean.shape(), logVar.shape())) {
            throw new IllegalArgumentException("Reparameterization vertex '" + vertexName
                    + "': mean and logvar must have the same shape, found mean "
                    + java.util.Arrays.toString(mean.shape()) + " and logvar "
                    + java.util.Arrays.toString(logVar.shape()));
        }
    }

    /** The noise drawn by the last sampled forward pass (a copy), or null; for tests and diagnostics. */
    public INDArray lastNoise() {
        return noise == null ? null : noise.dup();
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("Reparameterization vertex '" + vertexName + "' has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArrays == null || maskArrays.length == 0) {
            return null;
        }
        return new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ReparameterizationVertexImpl(id=" + vertexIndex + ",name=\"" + vertexName
                + "\",sampleAtInference=" + sampleAtInference + ")";
    }
}
