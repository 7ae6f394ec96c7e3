package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {

    /**
     * The 2^d corners of the unit hypercube, scaled so that their sample mean is exactly 0 and
     * their unbiased covariance exactly I; mapped through μ + A z they have covariance A Aᵀ exactly.
     */
    static INDArray exactGaussianDesign(double[] mu, double[][] a) {
        int d = mu.length;
        int n = 1 << d;
        double scale = Math.sqrt((n - 1.0) / n);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = ((i >> j) & 1) == 1 ? scale : -scale;
            }
            for (int r = 0; r < d; r++) {
                x[i][r] = mu[r];
                for (int j = 0; j < d; j++) {
                    x[i][r] += a[r][j] * z[j];
                }
            }
        }
        return Nd4j.createFromArray(x);
    }

    static double[][] aat(double[][] a) {
        int d = a.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[i][j] += a[i][k] * a[j][k];
                }
            }
        }
        return c;
    }

    @Test
    void twoDimensionalGaussiansMatchTheAnalyticFormula() {
        // For 2x2 PSD M: tr √M = √(tr M + 2 √det M), with M = Σ₁^½ Σ₂ Σ₁^½: tr M = tr Σ₁Σ₂, det M = det Σ₁ det Σ₂.
        double[][] a1 = {{1.0, 0.0}, {0.8, 0.6}};
        double[][] a2 = {{2.0, 0.5}, {-0.3, 0.7}};
        double[] mu1 = {0.5, -1.0};
        double[] mu2 = {2.0, 1.0};
        double[][] c1 = aat(a1);
        double[][] c2 = aat(a2);
        double trProduct = c1[0][0] * c2[0][0] + c1[0][1] * c2[1][0] + c1[1][0] * c2[0][1] + c1[1][1] * c2[1][1];
        double det1 = c1[0][0] * c1[1][1] - c1[0][1] * c1[1][0];
        double det2 = c2[0][0] * c2[1][1] - c2[0][1] * c2[1][0];
        double meanTerm = Math.pow(mu1[0] - mu2[0], 2) + Math.pow(mu1[1] - mu2[1], 2);
        double expected = meanTerm + c1[0][0] + c1[1][1] + c2[0][0] + c2[1][1]
                - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));

        var g1 = new FrechetDistance.Gaussian(mu1, c1, 100);
        var g2 = new FrechetDistance.Gaussian(mu2, c2, 100);
        assertEquals(expected, FrechetDistance.between(g1, g2), 1e-10);
        assertEquals(expected, FrechetDistance.between(exactGaussianDesign(mu1, a1), exactGaussianDesign(mu2, a2)),
                1e-10);
        assertEquals(expected, FrechetDistance.between(g2, g1), 1e-10, "symmetric");
    }

    @Test
    void diagonalGaussiansMatchTheCommutingCase() {
        // Commuting covariances: FD = |μ₁ − μ₂|² + Σ (σ₁ − σ₂)².
        double[] s1 = {1.0, 2.0, 0.5};
        double[] s2 = {3.0, 1.0, 0.5};
        double[][] a1 = new double[3][3];
        double[][] a2 = new double[3][3];
        for (int i = 0; i < 3; i++) {
            a1[i][i] = s1[i];
            a2[i][i] = s2[i];
        }
        double[] mu1 = {0, 0, 0};
        double[] mu2 = {1, 2, 2};
        double expected = 9 + 4 + 1 + 0;
        assertEquals(expected, FrechetDistance.between(exactGaussianDesign(mu1, a1), exactGaussianDesign(mu2, a2)),
                1e-10);
    }

    @Test
    void aSetAgainstItselfIsZeroAndNoiseIsFar() {
        Random r = new Random(5);
        double[][] x = new double[400][24];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * (1 + j % 3) + (j % 5 == 0 ? row[0] : 0);
            }
        }
        INDArray a = Nd4j.createFromArray(x);
        assertEquals(0.0, FrechetDistance.between(a, a.dup()), 1e-8);
        assertTrue(FrechetDistance.between(a, a.add(3)) > 24 * 9 - 1e-6, "a shifted set is at least |Δμ|² away");
    }

    @Test
    void jacobiDecompositionReconstructsTheMatrix() {
        Random r = new Random(9);
        int d = 12;
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = m[j][i] = r.nextGaussian();
            }
        }
        SymmetricEigen e = SymmetricEigen.of(m);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                }
                assertEquals(m[i][j], s, 1e-10);
            }
        }
    }

    @Test
    void mismatchedWidthsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.between(Nd4j.rand(5, 3), Nd4j.rand(5, 4)));
        assertTrue(e.getMessage().contains("3 vs 4"), e.getMessage());
    }
}
