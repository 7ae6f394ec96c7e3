package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VAE whose marginal likelihood is known: decoder x = W z + b + N(0, s2 I) with z ~ N(0, I) has
 * log p(x) = log N(x; b, W W^T + s2 I). With a linear encoder set near the exact posterior, with
 * a shifted mean and inflated diagonal variance, the ELBO has a closed form below log p(x), and the importance
 * sampled estimate must climb toward log p(x) as k grows.
 */
class LinearGaussianVaeTest {

    private static final Logger log = LoggerFactory.getLogger(LinearGaussianVaeTest.class);

    private static final double S2 = 0.5;
    private static final double[][] W = {{1.0, 0.5}, {0.3, -0.8}, {-0.6, 0.4}};
    private static final double[] B = {0.2, -0.1, 0.3};
    private static final double INFLATE = 2.0;
    /** Offset of q's mean from the exact posterior mean, so that q is clearly imperfect. */
    private static final double[] OFFSET = {0.4, -0.3};

    @Test
    void importanceSamplingApproachesTheAnalyticLogDensity() {
        // Posterior: precision M / s2 with M = W^T W + s2 I; mean A (x - b) with A = M^-1 W^T.
        double[][] m = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int r = 0; r < 3; r++) {
                    m[i][j] += W[r][i] * W[r][j];
                }
            }
            m[i][i] += S2;
        }
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        double[][] mInv = {{m[1][1] / det, -m[0][1] / det}, {-m[1][0] / det, m[0][0] / det}};
        double[][] a = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 3; r++) {
                a[i][r] = mInv[i][0] * W[r][0] + mInv[i][1] * W[r][1];
            }
        }
        double[] qVar = {INFLATE * S2 * mInv[0][0], INFLATE * S2 * mInv[1][1]};

        MlpVae vae = MlpVae.create(new MlpVae.Config(3, List.of(), 2, DecoderDistribution.gaussian(S2), 1.0, 0,
                1e-3, 5, 0));
        ComputationGraph g = vae.graph();
        double[] aB = OFFSET.clone();
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 3; r++) {
                aB[i] -= a[i][r] * B[r];
            }
        }
        set(g, "mean", transpose(a), aB);
        set(g, "logvar", new double[3][2], new double[] {Math.log(qVar[0]), Math.log(qVar[1])});
        set(g, "eta", transpose(W), B);

        int n = 128;
        double[][] xs = new double[n][3];
        Random rng = new Random(11);
        for (double[] x : xs) {
            double z0 = rng.nextGaussian();
            double z1 = rng.nextGaussian();
            for (int r = 0; r < 3; r++) {
                x[r] = W[r][0] * z0 + W[r][1] * z1 + B[r] + Math.sqrt(S2) * rng.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(xs).castTo(DataType.FLOAT);

        double[] truth = new double[n];
        double[] exactElbo = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = logMarginal(xs[i]);
            exactElbo[i] = exactElbo(xs[i], a, qVar);
        }
        double meanTruth = mean(truth);
        double elbo = vae.elbo(x, 2000).meanNumber().doubleValue();
        int[] ks = {1, 10, 100, 1000, 10000};
        double[] gaps = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            gaps[j] = meanTruth - vae.logLikelihood(x, ks[j]).meanNumber().doubleValue();
        }
        log.info("linear-Gaussian VAE: mean log p(x) = {} (analytic), ELBO = {} (closed form {}), "
                + "gap log p(x) - IS_k for k = {}: {}", meanTruth, elbo, mean(exactElbo),
                java.util.Arrays.toString(ks), java.util.Arrays.toString(gaps));

        assertEquals(mean(exactElbo), elbo, 0.02, "Monte-Carlo ELBO against its closed form");
        assertTrue(mean(exactElbo) < meanTruth - 0.05, "the ELBO is a strict bound here");
        for (int j = 1; j < ks.length; j++) {
            // Monotone in expectation; 0.005 nats allows for the Monte-Carlo noise of 128 examples once the gap is ~0.
            assertTrue(gaps[j] < gaps[j - 1] + 0.005, "IS estimate must rise with k: " + java.util.Arrays.toString(gaps));
        }
        assertTrue(gaps[1] < 0.1 * gaps[0], "10 samples close most of the gap: " + java.util.Arrays.toString(gaps));
        assertTrue(gaps[0] > 0.05, "k = 1 is the (sampled) ELBO, below log p(x): " + gaps[0]);
        assertEquals(0.0, gaps[ks.length - 1], 0.01, "IS with 10,000 samples vs the analytic log-density");
    }

    /** log N(x; b, W W^T + s2 I) by Cholesky. */
    private static double logMarginal(double[] x) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = W[i][0] * W[j][0] + W[i][1] * W[j][1] + (i == j ? S2 : 0);
            }
        }
        double[][] l = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double[] y = new double[3];
        double logDet = 0;
        double quad = 0;
        for (int i = 0; i < 3; i++) {
            double s = x[i] - B[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
            quad += y[i] * y[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * (quad + logDet + 3 * Math.log(2 * Math.PI));
    }

    /** E_q[log p(x|z)] - KL(q || N(0, I)) for q = N(A (x - b), diag(v)), in closed form. */
    private static double exactElbo(double[] x, double[][] a, double[] v) {
        double[] mu = OFFSET.clone();
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 3; r++) {
                mu[i] += a[i][r] * (x[r] - B[r]);
            }
        }
        double sq = 0;
        double trace = 0;
        for (int r = 0; r < 3; r++) {
            double d = x[r] - W[r][0] * mu[0] - W[r][1] * mu[1] - B[r];
            sq += d * d;
            trace += W[r][0] * W[r][0] * v[0] + W[r][1] * W[r][1] * v[1];
        }
        double rec = -0.5 * (sq + trace) / S2 - 1.5 * Math.log(2 * Math.PI * S2);
        double kl = 0;
        for (int i = 0; i < 2; i++) {
            kl += 0.5 * (v[i] + mu[i] * mu[i] - 1 - Math.log(v[i]));
        }
        return rec - kl;
    }

    private static void set(ComputationGraph g, String layer, double[][] w, double[] b) {
        g.getLayer(layer).setParam("W", Nd4j.create(w).castTo(DataType.FLOAT));
        g.getLayer(layer).setParam("b", Nd4j.create(new double[][] {b}).castTo(DataType.FLOAT));
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
