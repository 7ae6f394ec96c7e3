package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every augmented image is its original shifted by at most two pixels each way (and, with mirroring,
 * possibly mirrored), zeros filling the uncovered border; the draws vary across images and repeat
 * under the same seed; the original batch is untouched.
 */
class AugmentationTest {
    private static INDArray digits(int n) {
        return Datasets.bundled(DatasetId.MNIST).batch(n).noShuffle().layout(Layout.IMAGE).iterator().next()
                .getFeatures();
    }

    /** The (dy, dx, flipped) that maps {@code a} to {@code b} exactly, or null. */
    private static int[] transformOf(float[][] a, float[][] b) {
        int h = a.length;
        int w = a[0].length;
        for (int flip = 0; flip < 2; flip++) {
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    boolean same = true;
                    for (int y = 0; y < h && same; y++) {
                        for (int x = 0; x < w && same; x++) {
                            int sy = y - dy;
                            int sx = x - dx;
                            float want = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : a[sy][flip == 1 ? w - 1 - sx : sx];
                            same = b[y][x] == want;
                        }
                    }
                    if (same) {
                        return new int[] {dy, dx, flip};
                    }
                }
            }
        }
        return null;
    }

    private static float[][] image(INDArray batch, int i) {
        return batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .toFloatMatrix();
    }

    @Test
    void shiftsAndMirrorsWithinBoundsAndRepeatsUnderTheSameSeed() {
        INDArray x = digits(64);
        INDArray copy = x.dup();
        assertSame(x, Augmentation.NONE.apply(x));
        Nd4j.getRandom().setSeed(7);
        INDArray a = Augmentation.FLIP_SHIFT.apply(x);
        assertEquals(copy, x, "the input is untouched");
        java.util.Set<String> seen = new java.util.HashSet<>();
        int flipped = 0;
        for (int i = 0; i < 64; i++) {
            int[] t = transformOf(image(x, i), image(a, i));
            assertTrue(t != null, "image " + i + " is a shifted (mirrored) copy of its original");
            seen.add(t[0] + "," + t[1]);
            flipped += t[2];
        }
        assertTrue(seen.size() >= 10, "shifts vary: " + seen);
        assertTrue(flipped > 10 && flipped < 54, flipped + " of 64 mirrored");
        Nd4j.getRandom().setSeed(7);
        assertEquals(a, Augmentation.FLIP_SHIFT.apply(x), "the same seed, the same draws");
        Nd4j.getRandom().setSeed(7);
        INDArray s = Augmentation.SHIFT.apply(x);
        for (int i = 0; i < 64; i++) {
            int[] t = transformOf(image(x, i), image(s, i));
            assertTrue(t != null && t[2] == 0, "image " + i + ": shifted, not mirrored");
        }
        assertEquals(Augmentation.FLIP_SHIFT, Augmentation.of("flip-shift"));
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentation.of("rotate"));
        assertTrue(e.getMessage().contains("none, shift, flip-shift") && e.getMessage().contains("rotate"));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.SHIFT.apply(x.reshape(64, 784)));
    }
}
