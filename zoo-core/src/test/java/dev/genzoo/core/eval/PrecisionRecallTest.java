package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrecisionRecallTest {

    @Test
    void identicalSetsHavePrecisionAndRecallOne() {
        INDArray a = KernelInceptionDistanceTest.gaussian(4, 300, 6, 0);
        PrecisionRecall pr = PrecisionRecall.of(a, a.dup());
        assertEquals(1.0, pr.precision(), 0);
        assertEquals(1.0, pr.recall(), 0);
        assertEquals(3, pr.k());
    }

    @Test
    void matchesAHandComputedOneDimensionalCase() {
        // Real {0, 1, 2, 3}, k = 1: every real radius is 1. Generated {0.5, 10}: 0.5 is inside, 10 is not
        // -> precision ½. Generated radii are both 9.5 (their distance), covering all real points -> recall 1.
        INDArray real = Nd4j.createFromArray(new double[][] {{0}, {1}, {2}, {3}});
        INDArray gen = Nd4j.createFromArray(new double[][] {{0.5}, {10}});
        PrecisionRecall pr = PrecisionRecall.of(real, gen, 1);
        assertEquals(0.5, pr.precision(), 0);
        assertEquals(1.0, pr.recall(), 0);
        // Swapping the roles swaps the numbers.
        PrecisionRecall swapped = PrecisionRecall.of(gen, real, 1);
        assertEquals(1.0, swapped.precision(), 0);
        assertEquals(0.5, swapped.recall(), 0);
    }

    @Test
    void selectsTheKthSmallestWithoutSorting() {
        double[] v = {5, 1, 4, 1, 3, 9, 2};
        assertEquals(1, PrecisionRecall.smallest(v, 0), 0);
        assertEquals(1, PrecisionRecall.smallest(v, 1), 0);
        assertEquals(2, PrecisionRecall.smallest(v, 2), 0);
        assertEquals(9, PrecisionRecall.smallest(v, 6), 0);
    }

    @Test
    void distantSetsHaveNeither() {
        INDArray a = KernelInceptionDistanceTest.gaussian(5, 200, 4, 0);
        INDArray b = KernelInceptionDistanceTest.gaussian(6, 200, 4, 100);
        PrecisionRecall pr = PrecisionRecall.of(a, b);
        assertEquals(0.0, pr.precision(), 0);
        assertEquals(0.0, pr.recall(), 0);
    }

    @Test
    void aCollapsedGeneratorHasPrecisionButNoRecall() {
        INDArray real = KernelInceptionDistanceTest.gaussian(7, 1000, 2, 0);
        INDArray collapsed = KernelInceptionDistanceTest.gaussian(8, 1000, 2, 0).muli(0.05);
        PrecisionRecall pr = PrecisionRecall.of(real, collapsed);
        assertEquals(1.0, pr.precision(), 0.01);
        assertEquals(true, pr.recall() < 0.2, "recall " + pr.recall());
    }
}
