package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LikelihoodTest {

    @Test
    void logMeanExpMatchesHandValuesWithoutOverflow() {
        assertEquals(Math.log(2), Likelihood.logMeanExp(new double[] {0, Math.log(3)}), 1e-15);
        assertEquals(1000, Likelihood.logMeanExp(new double[] {1000, 1000}), 1e-12);
        assertEquals(-1000, Likelihood.logMeanExp(new double[] {-1000, -1000, -1000}), 1e-12);
        // log((e^-1000 + e^-1001) / 2) = -1000 + log((1 + 1/e) / 2)
        assertEquals(-1000 + Math.log((1 + Math.exp(-1)) / 2), Likelihood.logMeanExp(new double[] {-1000, -1001}),
                1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Likelihood.logSumExp(new double[] {Double.NEGATIVE_INFINITY}));
        assertEquals(Double.NaN, Likelihood.logSumExp(new double[] {0, Double.NaN}));
        assertArrayEquals(new double[] {Math.log(2), 5}, Likelihood.logMeanExpRows(
                new double[][] {{0, Math.log(3)}, {5}}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Likelihood.logMeanExp(new double[0]));
    }

    @Test
    void natsAndBitsPerDimConvert() {
        assertEquals(1.0, Likelihood.natsToBitsPerDim(784 * Math.log(2), 784), 1e-15);
        assertEquals(80.0, Likelihood.bitsPerDimToNats(Likelihood.natsToBitsPerDim(80.0, 784), 784), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Likelihood.natsToBitsPerDim(1, 0));
    }
}
