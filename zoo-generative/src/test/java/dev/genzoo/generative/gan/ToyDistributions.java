package dev.genzoo.generative.gan;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 2-D toy targets: a shifted Gaussian and the ring of 8 Gaussians of the GAN-stability literature. */
final class ToyDistributions {
    static final int MODES = 8;
    static final double RADIUS = 0.7;
    static final double SIGMA = 0.04;

    private ToyDistributions() {
    }

    /** n points of N((mx, my), diag(sx², sy²)). */
    static INDArray gaussian(Random r, int n, double mx, double my, double sx, double sy) {
        float[][] x = new float[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (mx + sx * r.nextGaussian());
            x[i][1] = (float) (my + sy * r.nextGaussian());
        }
        return Nd4j.create(x);
    }

    static double[] mode(int k) {
        double a = 2 * Math.PI * k / MODES;
        return new double[] {RADIUS * Math.cos(a), RADIUS * Math.sin(a)};
    }

    /** n points of the ring mixture, modes equally likely. */
    static INDArray ring(Random r, int n) {
        float[][] x = new float[n][2];
        for (int i = 0; i < n; i++) {
            double[] m = mode(r.nextInt(MODES));
            x[i][0] = (float) (m[0] + SIGMA * r.nextGaussian());
            x[i][1] = (float) (m[1] + SIGMA * r.nextGaussian());
        }
        return Nd4j.create(x);
    }

    /** Modes that hold at least {@code minShare} of the samples within 3σ, and the share of samples within 3σ of any mode. */
    record RingScore(int modesCovered, double highQuality) {
    }

    static RingScore scoreRing(INDArray samples, double minShare) {
        double[][] s = samples.toDoubleMatrix();
        int[] counts = new int[MODES];
        int good = 0;
        for (double[] p : s) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int k = 0; k < MODES; k++) {
                double[] m = mode(k);
                double d = Math.hypot(p[0] - m[0], p[1] - m[1]);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (bestD <= 3 * SIGMA) {
                good++;
                counts[best]++;
            }
        }
        int covered = 0;
        for (int c : counts) {
            if (c >= minShare * s.length) {
                covered++;
            }
        }
        return new RingScore(covered, good / (double) s.length);
    }
}
