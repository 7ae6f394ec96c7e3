package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The transformations against hand-built cases: a single lit pixel goes where each should put it. */
class GeometricTransformsTest {

    private static INDArray onePixel(int size, int y, int x) {
        INDArray img = Nd4j.zeros(DataType.FLOAT, 1, 1, size, size);
        img.putScalar(new long[] {0, 0, y, x}, 1f);
        return img;
    }

    /** Where the lit pixel is after transformation t, or null when it left the image. */
    private static int[] litPixel(INDArray img) {
        int size = (int) img.size(2);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (img.getFloat(0, 0, y, x) == 1f) {
                    return new int[] {y, x};
                }
            }
        }
        return null;
    }

    @Test
    void thePaperSetHas72DistinctTransformationsAndZeroIsTheIdentity() {
        GeometricTransforms g = GeometricTransforms.paper28();
        assertEquals(72, g.count());
        INDArray img = Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28);
        assertEquals(img, g.apply(img, new int[] {0}));
        Set<INDArray> seen = new HashSet<>();
        INDArray all = g.applyAll(img);
        assertArrayEquals(new long[] {72, 1, 28, 28}, all.shape());
        for (int t = 0; t < 72; t++) {
            INDArray one = g.apply(img, new int[] {t});
            assertEquals(one.reshape(1, 1, 28, 28), all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), "applyAll row " + t);
            seen.add(one);
        }
        assertEquals(72, seen.size(), "every transformation gives a different image");
    }

    @Test
    void aQuarterTurnIsCounterClockwiseAndFourComposeToTheIdentity() {
        GeometricTransforms rot = new GeometricTransforms(4, false, 0);
        // top-left corner region pixel (1, 2) of a 5x5: a counter-clockwise quarter turn takes (y, x) to (4 - x, y)
        assertArrayEquals(new int[] {2, 1}, litPixel(rot.apply(onePixel(5, 1, 2), new int[] {1})));
        assertArrayEquals(new int[] {3, 2}, litPixel(rot.apply(onePixel(5, 1, 2), new int[] {2})));
        assertArrayEquals(new int[] {2, 3}, litPixel(rot.apply(onePixel(5, 1, 2), new int[] {3})));
        INDArray img = Nd4j.rand(DataType.FLOAT, 1, 1, 6, 6);
        INDArray x = img;
        for (int i = 0; i < 4; i++) {
            x = rot.apply(x, new int[] {1});
        }
        assertEquals(img, x);
    }

    @Test
    void flipMirrorsAndShiftMovesWithZeroFill() {
        GeometricTransforms flipOnly = new GeometricTransforms(1, true, 0);
        assertArrayEquals(new int[] {1, 3}, litPixel(flipOnly.apply(onePixel(5, 1, 1), new int[] {1})));
        GeometricTransforms shifts = new GeometricTransforms(1, false, 2);
        Set<String> moved = new HashSet<>();
        for (int t = 0; t < 9; t++) {
            int[] p = litPixel(shifts.apply(onePixel(9, 4, 4), new int[] {t}));
            int dy = p[0] - 4;
            int dx = p[1] - 4;
            assertTrue(Math.abs(dy) % 2 == 0 && Math.abs(dy) <= 2 && Math.abs(dx) % 2 == 0 && Math.abs(dx) <= 2,
                    dy + "," + dx);
            moved.add(dy + "," + dx);
        }
        assertEquals(9, moved.size(), "the nine shifts {-2, 0, 2}²");
        assertArrayEquals(new int[] {4, 4}, litPixel(shifts.apply(onePixel(9, 4, 4), new int[] {0})));
        // a pixel shifted off the image is gone, not wrapped
        int lost = 0;
        for (int t = 0; t < 9; t++) {
            lost += litPixel(shifts.apply(onePixel(9, 0, 0), new int[] {t})) == null ? 1 : 0;
        }
        assertEquals(5, lost, "shifts with dy = -2 or dx = -2 push the corner pixel out");
    }

    @Test
    void badSetsAndInputsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeometricTransforms(3, true, 0))
                .getMessage().contains("rotations"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeometricTransforms(1, false, 0))
                .getMessage().contains("identity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeometricTransforms(4, false, -1))
                .getMessage().contains("shift"));
        GeometricTransforms g = GeometricTransforms.paper28();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.apply(Nd4j.zeros(1, 1, 28, 20), new int[] {0}))
                .getMessage().contains("square"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.apply(Nd4j.zeros(1, 1, 28, 28), new int[] {72}))
                .getMessage().contains("[0, 72)"));
    }
}
