package dev.genzoo.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MinibatchStdDevVertexTest {
    private static final LayerWorkspaceMgr NONE = LayerWorkspaceMgr.noWorkspaces();

    private static INDArray forward(MinibatchStdDevVertexImpl v, INDArray x) {
        v.setInputs(new INDArray[] {x});
        return v.doForward(false, NONE);
    }

    /** The appended map holds, per group, the mean over features of the standard deviation over the group. */
    @Test
    void appendsEachGroupsMeanDeviation() {
        var v = new MinibatchStdDevVertexImpl(null, "mbstd", 0, 2, DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3, 2, 2);
        INDArray y = forward(v, x);
        assertArrayEquals(new long[] {5, 4, 2, 2}, y.shape());
        assertEquals(x, y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)), "the input passes through");
        int[][] groups = {{0, 2}, {2, 4}, {4, 5}};
        for (int[] g : groups) {
            INDArray part = x.get(NDArrayIndex.interval(g[0], g[1]));
            double expected = Math.sqrt(1e-8);
            if (g[1] - g[0] > 1) {
                expected = org.nd4j.linalg.ops.transforms.Transforms.sqrt(part.var(false, 0).addi(1e-8), false)
                        .meanNumber().doubleValue();
            }
            for (int i = g[0]; i < g[1]; i++) {
                INDArray map = y.get(NDArrayIndex.point(i), NDArrayIndex.point(3));
                assertEquals(expected, map.minNumber().doubleValue(), 1e-5, "group " + g[0] + ".." + g[1]);
                assertEquals(expected, map.maxNumber().doubleValue(), 1e-5);
            }
        }
    }

    /** The backward pass against central differences of Σ e·y (the groups couple the examples). */
    @Test
    void backwardMatchesCentralDifferences() {
        var v = new MinibatchStdDevVertexImpl(null, "mbstd", 0, 3, DataType.DOUBLE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 2, 2, 3);
        INDArray e = Nd4j.rand(DataType.DOUBLE, 6, 3, 2, 3).subi(0.5);
        v.setInputs(new INDArray[] {x});
        v.setEpsilon(e);
        INDArray dx = v.doBackward(false, NONE).getSecond()[0];
        double h = 1e-3;
        double worst = 0;
        for (long i = 0; i < x.length(); i++) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + h);
            double plus = forward(v, x).mul(e).sumNumber().doubleValue();
            x.putScalar(i, orig - h);
            double minus = forward(v, x).mul(e).sumNumber().doubleValue();
            x.putScalar(i, orig);
            worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - dx.getDouble(i)));
        }
        // the vertex computes in float: differences of 1e-3 carry about 1e-4 of rounding
        assertTrue(worst < 2e-3, "largest gradient error " + worst);
    }

    @Test
    void refusesGroupsOfOneAndNonImageInputs() {
        assertThrows(IllegalArgumentException.class, () -> new MinibatchStdDevVertex(1));
        var conf = new MinibatchStdDevVertex(4);
        assertEquals(InputType.convolutional(7, 7, 9), conf.getOutputType(0, InputType.convolutional(7, 7, 8)));
        assertThrows(org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException.class,
                () -> conf.getOutputType(0, InputType.feedForward(8)));
    }
}
