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
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link MinibatchStdDevVertex} on NCHW arrays, in double-precision Java loops. For a group S and a
 * feature f (channel and pixel): μ_f = mean over S of x_f, σ_f = sqrt(mean over S of (x_f − μ_f)² +
 * 1e-8), and the group's statistic s = mean over f of σ_f. Backward: with E the sum of dL/ds over the
 * appended map of every example in S, dL/dx_if gains E (x_if − μ_f) / (|S| σ_f F), F the number of
 * features.
 */
public class MinibatchStdDevVertexImpl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;
    private static final double EPS = 1e-8;
    private final int groupSize;

    public MinibatchStdDevVertexImpl(ComputationGraph graph, String name, int vertexIndex, int groupSize,
            DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.groupSize = groupSize;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    private INDArray input() {
        if (!canDoForward()) {
            throw new IllegalStateException("MinibatchStdDevVertex " + vertexName + ": input not set");
        }
        INDArray x = inputs[0];
        if (x.rank() != 4) {
            throw new IllegalArgumentException("MinibatchStdDevVertex " + vertexName + " needs [N, C, H, W], found "
                    + Arrays.toString(x.shape()));
        }
        return x;
    }

    /** Per group: the means μ_f, the deviations σ_f and the statistic s. */
    private record Group(int from, int to, double[] mean, double[] std, double stat) {
    }

    private Group[] groups(float[] x, int n, int features) {
        int count = (n + groupSize - 1) / groupSize;
        Group[] out = new Group[count];
        for (int g = 0; g < count; g++) {
            int from = g * groupSize;
            int to = Math.min(n, from + groupSize);
            int size = to - from;
            double[] mean = new double[features];
            double[] std = new double[features];
            for (int i = from; i < to; i++) {
                int o = i * features;
                for (int f = 0; f < features; f++) {
                    mean[f] += x[o + f];
                }
            }
            for (int f = 0; f < features; f++) {
                mean[f] /= size;
            }
            for (int i = from; i < to; i++) {
                int o = i * features;
                for (int f = 0; f < features; f++) {
                    double d = x[o + f] - mean[f];
                    std[f] += d * d;
                }
            }
            double stat = 0;
            for (int f = 0; f < features; f++) {
                std[f] = Math.sqrt(std[f] / size + EPS);
                stat += std[f];
            }
            out[g] = new Group(from, to, mean, std, stat / features);
        }
        return out;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = input();
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.size(2) * x.size(3));
        int features = c * hw;
        float[] in = x.dup('c').data().asFloat();
        float[] out = new float[n * (c + 1) * hw];
        for (Group g : groups(in, n, features)) {
            for (int i = g.from(); i < g.to(); i++) {
                System.arraycopy(in, i * features, out, i * (features + hw), features);
                Arrays.fill(out, i * (features + hw) + features, (i + 1) * (features + hw), (float) g.stat());
            }
        }
        INDArray y = Nd4j.create(out, new long[] {n, c + 1, x.size(2), x.size(3)}, 'c').castTo(x.dataType());
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, y);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (epsilon == null) {
            throw new IllegalStateException("MinibatchStdDevVertex " + vertexName + ": epsilon not set");
        }
        INDArray x = input();
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.size(2) * x.size(3));
        int features = c * hw;
        float[] in = x.dup('c').data().asFloat();
        float[] e = epsilon.dup('c').data().asFloat();
        float[] dx = new float[n * features];
        for (Group g : groups(in, n, features)) {
            double sum = 0;
            for (int i = g.from(); i < g.to(); i++) {
                int o = i * (features + hw) + features;
                for (int p = 0; p < hw; p++) {
                    sum += e[o + p];
                }
            }
            int size = g.to() - g.from();
            double scale = sum / ((double) size * features);
            for (int i = g.from(); i < g.to(); i++) {
                int oe = i * (features + hw);
                int ox = i * features;
                for (int f = 0; f < features; f++) {
                    dx[ox + f] = (float) (e[oe + f] + scale * (in[ox + f] - g.mean()[f]) / g.std()[f]);
                }
            }
        }
        INDArray back = Nd4j.create(dx, new long[] {n, c, x.size(2), x.size(3)}, 'c').castTo(x.dataType());
        return new Pair<>(null, new INDArray[] {workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, back)});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("MinibatchStdDevVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "MinibatchStdDevVertex(" + vertexName + ", groups of " + groupSize + ")";
    }
}
