package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KernelInceptionDistanceTest {

    static INDArray gaussian(long seed, int n, int d, double shift) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian() + shift;
            }
        }
        return Nd4j.createFromArray(x);
    }

    @Test
    void matchesHandComputedUnbiasedMmd() {
        // d = 1, k(a, b) = (ab + 1)³. x = {0, 1}, y = {1, 2}:
        // within x: k(0,1) = 1 -> 2/2 = 1; within y: k(1,2) = 27 -> 54/2 = 27;
        // across: k(0,1) + k(0,2) + k(1,1) + k(1,2) = 1 + 1 + 8 + 27 = 37 -> 2·37/4 = 18.5.
        INDArray x = Nd4j.createFromArray(new double[][] {{0}, {1}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1}, {2}});
        assertEquals(1 + 27 - 18.5, KernelInceptionDistance.mmd2(x, y), 1e-12);
        assertEquals(1 + 27 - 18.5, KernelInceptionDistance.mmd2(y, x), 1e-12);
        // The subset estimate over the whole (2-row) sets is the same number, with no spread.
        Estimate e = KernelInceptionDistance.estimate(x, y, 5, 3, 1);
        assertEquals(9.5, e.mean(), 1e-12);
        assertEquals(0, e.std(), 1e-12);
    }

    @Test
    void sameDistributionIsNearZeroAndAShiftIsNot() {
        INDArray a = gaussian(1, 1000, 8, 0);
        INDArray b = gaussian(2, 1000, 8, 0);
        INDArray shifted = gaussian(3, 1000, 8, 0.5);
        Estimate same = KernelInceptionDistance.estimate(a, b, 400, 10, 7);
        Estimate different = KernelInceptionDistance.estimate(a, shifted, 400, 10, 7);
        assertTrue(Math.abs(same.mean()) < 0.01, "same distribution: " + same);
        assertTrue(different.mean() > 0.1, "shifted distribution: " + different);
        assertEquals(same.mean(), KernelInceptionDistance.estimate(a, b, 400, 10, 7).mean(), 0, "seeded");
        org.slf4j.LoggerFactory.getLogger(getClass()).info("same {}, shifted {}", same, different);
    }
}
