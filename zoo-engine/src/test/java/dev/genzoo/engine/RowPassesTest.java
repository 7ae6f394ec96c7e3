package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link RowPasses}: the passes' sizes, their padding and the stacked outputs, and
 * {@link GraphInference}'s passes equal to one DL4J pass over every row.
 */
class RowPassesTest {

    @Test
    void rowsPerPassCutsIntoEqualPassesOfAtMostTheLimit() {
        assertEquals(7, RowPasses.rowsPerPass(7, 250));
        assertEquals(250, RowPasses.rowsPerPass(250, 250));
        assertEquals(126, RowPasses.rowsPerPass(251, 250)); // two passes of 126 (the second padded by one)
        assertEquals(250, RowPasses.rowsPerPass(1000, 250));
        assertEquals(64, RowPasses.rowsPerPass(10_000, 64)); // 157 passes
        assertThrows(IllegalArgumentException.class, () -> RowPasses.rowsPerPass(0, 5));
        assertThrows(IllegalArgumentException.class, () -> RowPasses.rowsPerPass(5, 0));
    }

    @Test
    void everyPassHasOneShapeThePaddingIsZeroAndItsOutputsAreDropped() {
        INDArray x = Nd4j.arange(0, 23 * 3).castTo(DataType.FLOAT).reshape('c', 23, 3).addi(1);
        INDArray labels = Nd4j.arange(0, 23).castTo(DataType.FLOAT).reshape('c', 23, 1);
        List<long[]> shapes = new ArrayList<>();
        List<Double> paddingSums = new ArrayList<>();
        INDArray[] out = RowPasses.map(10, new INDArray[] {x, labels}, in -> {
            shapes.add(in[0].shape());
            assertEquals(in[0].size(0), in[1].size(0), "inputs cut alike");
            // rows of zeros only at the end of the last pass
            paddingSums.add(in[0].sum(1).eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue());
            return new INDArray[] {in[0].mul(2), in[0].sum(1).addi(in[1].reshape(in[1].size(0)))};
        });
        assertEquals(3, shapes.size(), "23 rows at most 10 a pass: 3 passes");
        for (long[] s : shapes) {
            assertArrayEquals(new long[] {8, 3}, s, "3 equal passes of 8");
        }
        assertEquals(List.of(0.0, 0.0, 1.0), paddingSums, "the last pass holds 7 rows and 1 zero row");
        assertTrue(out[0].equals(x.mul(2)), "first output stacked in order, padding dropped");
        assertArrayEquals(new long[] {23}, out[1].shape());
        assertTrue(out[1].equals(x.sum(1).addi(labels.reshape(23))), "second output stacked in order");
    }

    @Test
    void fixedPassSizePadsEvenASmallCallAndUnpaddedKeepsTheRest() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2);
        List<Long> sizes = new ArrayList<>();
        INDArray[] padded = RowPasses.inPassesOf(4, new INDArray[] {x}, in -> {
            sizes.add(in[0].size(0));
            return new INDArray[] {in[0].neg()};
        });
        assertEquals(List.of(4L, 4L), sizes);
        assertTrue(padded[0].equals(x.neg()));

        sizes.clear();
        INDArray[] unpadded = RowPasses.unpadded(4, new INDArray[] {x}, in -> {
            sizes.add(in[0].size(0));
            return new INDArray[] {in[0].neg()};
        });
        assertEquals(List.of(4L, 1L), sizes, "the last pass holds what is left");
        assertTrue(unpadded[0].equals(x.neg()));
    }

    @Test
    void badInputsAndOutputsAreNamed() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 4, 2);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 3, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> RowPasses.map(2, new INDArray[] {a, b}, in -> in));
        assertTrue(e.getMessage().contains("number of rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowPasses.map(2, new INDArray[0], in -> in));
        var s = assertThrows(IllegalStateException.class,
                () -> RowPasses.map(2, new INDArray[] {a}, in -> new INDArray[] {Nd4j.zeros(1, 2)}));
        assertTrue(s.getMessage().contains("returned 1 rows"), s.getMessage());
    }

    @Test
    void graphInferenceInPassesEqualsOneDl4jPass() {
        ComputationGraph graph = InferencePassTest.classifier(false);
        GraphInference inference = new GraphInference(graph);
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        INDArray x = Nd4j.rand(rng, 13, 1, 12, 12).castTo(DataType.FLOAT).muli(3).addi(1);
        INDArray expected = graph.outputSingle(false, x.dup());
        INDArray got = inference.outputInPasses(5, x)[0];
        assertTrue(inference.onEngine());
        assertArrayEquals(expected.shape(), got.shape());
        assertTrue(expected.equalsWithEps(got, 1e-5), "passes of 5 differ from one DL4J pass");
        INDArray features = graph.feedForward(new INDArray[] {x.dup()}, false, false).get("features");
        INDArray[] both = inference.activationsInPasses(4, List.of("features", "out"), x);
        assertTrue(features.equalsWithEps(both[0], 1e-5));
        assertTrue(expected.equalsWithEps(both[1], 1e-5));
    }
}
