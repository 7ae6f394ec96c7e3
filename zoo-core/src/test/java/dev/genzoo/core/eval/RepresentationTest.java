package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RepresentationTest {

    /** Three well separated clusters in 5-D with an offset far from the origin. */
    static INDArray clusters(long seed, int[] labels) {
        Random r = new Random(seed);
        double[][] x = new double[labels.length][5];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = 100 + 0.3 * r.nextGaussian() + (j == labels[i] ? 4 : 0);
            }
        }
        return Nd4j.createFromArray(x);
    }

    static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        return y;
    }

    @Test
    void separableCodesAreReadPerfectlyByBothProbes() {
        int[] yTrain = labels(300);
        int[] yTest = labels(90);
        INDArray train = clusters(1, yTrain);
        INDArray test = clusters(2, yTest);
        assertEquals(1.0, Representation.linearProbeAccuracy(train, yTrain, test, yTest, 3, 20, 42), 0);
        assertEquals(1.0, Representation.knnAccuracy(train, yTrain, test, yTest, 3, 5), 0);
    }

    @Test
    void knnMatchesAHandComputedCase() {
        // Train 1-D: 0 (a), 1 (a), 2 (b), 10 (b). Test: 0.4 -> neighbours 0,1,2 = a,a,b -> a (correct);
        // 9 -> 10,2,1 = b,b,a -> b (correct); 1.6 -> 2,1,0 = b,a,a -> a (labelled b: wrong). k = 1:
        // 1.6 -> 2 = b (correct).
        INDArray train = Nd4j.createFromArray(new double[][] {{0}, {1}, {2}, {10}});
        int[] y = {0, 0, 1, 1};
        INDArray test = Nd4j.createFromArray(new double[][] {{0.4}, {9}, {1.6}});
        int[] yTest = {0, 1, 1};
        assertEquals(2.0 / 3, Representation.knnAccuracy(train, y, test, yTest, 2, 3), 1e-12);
        assertEquals(1.0, Representation.knnAccuracy(train, y, test, yTest, 2, 1), 1e-12);
        // k = 2 at 1.6: one vote each, the nearer (2, class b) wins.
        assertEquals(1.0, Representation.knnAccuracy(train, y, test, yTest, 2, 2), 1e-12);
    }

    @Test
    void badLabelsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Representation.knnAccuracy(Nd4j.rand(3, 2),
                new int[] {0, 1, 5}, Nd4j.rand(1, 2), new int[] {0}, 2, 1));
        assertTrue(e.getMessage().contains("label 2 is 5"), e.getMessage());
    }
}
