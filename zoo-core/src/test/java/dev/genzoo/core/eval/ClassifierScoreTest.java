package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Classifier score (IS) and per-class coverage. */
class ClassifierScoreTest {

    static INDArray oneHot(int[] classes, int k) {
        INDArray p = Nd4j.zeros(classes.length, k);
        for (int i = 0; i < classes.length; i++) {
            p.putScalar(i, classes[i], 1.0);
        }
        return p;
    }

    @Test
    void uniformPredictionsScoreOneAndBalancedOneHotScoresK() {
        assertEquals(1.0, ClassifierScore.of(Nd4j.valueArrayOf(new long[] {50, 10}, 0.1)), 1e-12);
        int[] balanced = new int[100];
        for (int i = 0; i < balanced.length; i++) {
            balanced[i] = i % 10;
        }
        assertEquals(10.0, ClassifierScore.of(oneHot(balanced, 10)), 1e-9);
        Estimate splits = ClassifierScore.of(oneHot(balanced, 10), 10);
        assertEquals(10.0, splits.mean(), 1e-9);
        assertEquals(0.0, splits.std(), 1e-9);
        // Confident but collapsed onto one class: score 1.
        assertEquals(1.0, ClassifierScore.of(oneHot(new int[] {3, 3, 3}, 10)), 1e-12);
    }

    @Test
    void matchesAHandComputedCase() {
        // p1 = (1, 0), p2 = (½, ½); p(y) = (¾, ¼).
        double kl1 = Math.log(1 / 0.75);
        double kl2 = 0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25);
        INDArray p = Nd4j.createFromArray(new double[][] {{1, 0}, {0.5, 0.5}});
        assertEquals(Math.exp((kl1 + kl2) / 2), ClassifierScore.of(p), 1e-12);
    }

    @Test
    void logitsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierScore.of(Nd4j.createFromArray(new double[][] {{2, -1}})));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
    }

    @Test
    void coverageCountsClassesAboveTheMinimumShare() {
        // Argmax classes: 0 x5, 1 x4, 2 x1 of K = 4; with minShare 0.15 only classes 0 and 1 count.
        INDArray p = oneHot(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 2}, 4);
        ClassCoverage c = ClassCoverage.of(p, 0.15);
        assertArrayEquals(new double[] {0.5, 0.4, 0.1, 0}, c.shares(), 1e-12);
        assertEquals(2, c.covered());
        assertEquals(0.5, c.coverage(), 1e-12);
        double h = -(0.5 * Math.log(0.5) + 0.4 * Math.log(0.4) + 0.1 * Math.log(0.1));
        assertEquals(h / Math.log(4), c.normalisedEntropy(), 1e-12);
        // Default threshold 0.1 / K = 0.025: class 2's single sample now counts.
        assertEquals(3, ClassCoverage.of(p).covered());
        ClassCoverage collapsed = ClassCoverage.of(oneHot(new int[] {1, 1, 1}, 4));
        assertEquals(1, collapsed.covered());
        assertEquals(0, collapsed.normalisedEntropy(), 1e-12);
    }
}
