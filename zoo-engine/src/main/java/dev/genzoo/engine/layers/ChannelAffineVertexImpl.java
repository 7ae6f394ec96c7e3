package dev.genzoo.engine.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ChannelAffineVertex} on NCHW arrays: {@code y = x * (offset + scale) + shift} with scale and
 * shift {@code [N, C]} broadcast over the pixels; backward {@code dx = dy * (offset + scale)},
 * {@code dscale = sum over pixels of dy * x}, {@code dshift = sum over pixels of dy}.
 */
public class ChannelAffineVertexImpl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;
    private final double offset;

    public ChannelAffineVertexImpl(ComputationGraph graph, String name, int vertexIndex, double offset,
            DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.offset = offset;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    private void check() {
        if (!canDoForward()) {
            throw new IllegalStateException("ChannelAffineVertex " + vertexName + ": inputs not set");
        }
        INDArray x = inputs[0];
        for (int i = 1; i < 3; i++) {
            if (x.rank() != 4 || inputs[i].rank() != 2 || inputs[i].size(0) != x.size(0)
                    || inputs[i].size(1) != x.size(1)) {
                throw new IllegalArgumentException("ChannelAffineVertex " + vertexName + " needs x [N, C, H, W] and "
                        + "[N, C] scale and shift, found " + Arrays.toString(x.shape()) + ", "
                        + Arrays.toString(inputs[1].shape()) + ", " + Arrays.toString(inputs[2].shape()));
            }
        }
    }

    private static INDArray perChannel(INDArray v) {
        return v.reshape(v.ordering(), v.size(0), v.size(1), 1, 1);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        check();
        INDArray x = inputs[0];
        INDArray y = x.mul(perChannel(inputs[1].dup('c').addi(offset))).addi(perChannel(inputs[2].dup('c')));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, y);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (epsilon == null) {
            throw new IllegalStateException("ChannelAffineVertex " + vertexName + ": epsilon not set");
        }
        check();
        INDArray x = inputs[0];
        INDArray dx = epsilon.mul(perChannel(inputs[1].dup('c').addi(offset)));
        INDArray dScale = epsilon.mul(x).sum(2, 3);
        INDArray dShift = epsilon.sum(2, 3);
        return new Pair<>(null, new INDArray[] {workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx),
            workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dScale),
            workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dShift)});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("ChannelAffineVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ChannelAffineVertex(" + vertexName + ", offset " + offset + ")";
    }
}
