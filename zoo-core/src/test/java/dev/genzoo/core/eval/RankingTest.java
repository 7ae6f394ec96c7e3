package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void aurocByHandWithTies() {
        // positives 0.8, 0.4 ; negatives 0.4, 0.1, 0.3
        double[] s = {0.8, 0.4, 0.4, 0.1, 0.3};
        boolean[] p = {true, true, false, false, false};
        // pairs: 0.8 beats 3 negatives; 0.4 ties one (½) and beats two -> (3 + 2.5) / 6
        assertEquals(5.5 / 6, Ranking.auroc(s, p), 1e-12);
        assertEquals(1.0, Ranking.auroc(new double[] {2, 3, 0, 1}, new boolean[] {true, true, false, false}), 0);
        assertEquals(0.0, Ranking.auroc(new double[] {0, 1, 2, 3}, new boolean[] {true, true, false, false}), 0);
    }

    @Test
    void aurocOfRandomScoresIsOneHalf() {
        Random r = new Random(1);
        int n = 200_000;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
            p[i] = r.nextBoolean();
        }
        assertEquals(0.5, Ranking.auroc(s, p), 0.005);
    }

    @Test
    void averagePrecisionByHand() {
        // descending: 0.9(+) 0.8(-) 0.7(+) 0.1(-): AP = 0.5*1 + 0.5*(2/3)
        double[] s = {0.9, 0.8, 0.7, 0.1};
        boolean[] p = {true, false, true, false};
        assertEquals(0.5 + 1.0 / 3, Ranking.auprc(s, p), 1e-12);
        assertEquals(1.0, Ranking.auprc(new double[] {3, 2, 1}, new boolean[] {true, false, false}), 0);
    }

    @Test
    void thresholdKeepsTheFalsePositiveRate() {
        double[] normal = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(9, Ranking.thresholdAtFpr(normal, 0.1), 0); // only 10 > 9
        assertEquals(10, Ranking.thresholdAtFpr(normal, 0.05), 0);
    }

    @Test
    void badInputIsExplained() {
        assertThrows(IllegalArgumentException.class, () -> Ranking.auroc(new double[] {1, 2}, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> Ranking.auroc(new double[] {1}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class,
                () -> Ranking.auroc(new double[] {Double.NaN, 1}, new boolean[] {true, false}));
    }
}
