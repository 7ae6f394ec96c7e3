package dev.genzoo.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fréchet distance between Gaussians fitted to two feature sets, the FID of Heusel et al. 2017
 * (https://arxiv.org/abs/1706.08500) when the features are a classifier's penultimate layer:
 * ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½). The matrix square root is taken in double
 * precision through the symmetric eigendecomposition of Σ₁ and then of the symmetric PSD product
 * Σ₁^½ Σ₂ Σ₁^½ (which has the same trace-root as (Σ₁Σ₂)^½), clipping rounding-negative eigenvalues
 * at zero, so no complex parts arise.
 *
 * <p>Protocol: covariances with the unbiased 1/(n − 1) normalisation (as pytorch-fid); the value is
 * biased upwards for small n, so compare numbers only at equal sample counts. GenZoo reports FID on
 * the penultimate features of the data set's zoo classifier with 10,000 generated images against
 * the 10,000 test images, and the train-vs-test FID of real images as the floor.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /**
     * Mean and covariance of a feature set.
     *
     * @param mean       per-feature mean, length d
     * @param covariance unbiased covariance, d x d
     * @param count      number of feature vectors it was fitted to
     */
    public record Gaussian(double[] mean, double[][] covariance, long count) {
        public Gaussian {
            if (covariance.length != mean.length) {
                throw new IllegalArgumentException("covariance must be " + mean.length + "x" + mean.length
                        + " to match the mean, found " + covariance.length + " rows");
            }
            mean = mean.clone();
            double[][] c = new double[covariance.length][];
            for (int i = 0; i < c.length; i++) {
                c[i] = covariance[i].clone();
            }
            covariance = c;
        }

        /** Fits mean and unbiased covariance to {@code features} {@code [n >= 2, d]}. */
        public static Gaussian fit(INDArray features) {
            INDArray f = Features.matrix("features", features, 2);
            long n = f.size(0);
            INDArray mu = f.mean(true, 0);
            INDArray centred = f.subRowVector(mu);
            INDArray cov = centred.transpose().mmul(centred).divi(n - 1);
            return new Gaussian(mu.toDoubleVector(), cov.toDoubleMatrix(), n);
        }

        /** Feature dimension d. */
        public int dimension() {
            return mean.length;
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[][] covariance() {
            double[][] c = new double[covariance.length][];
            for (int i = 0; i < c.length; i++) {
                c[i] = covariance[i].clone();
            }
            return c;
        }
    }

    /** FID between two feature sets {@code [n, d]} and {@code [m, d]} (n, m >= 2). */
    public static double between(INDArray a, INDArray b) {
        Features.sameWidth(a, b);
        return between(Gaussian.fit(a), Gaussian.fit(b));
    }

    /** Fréchet distance between two Gaussians (e.g. real-set statistics computed once). */
    public static double between(Gaussian a, Gaussian b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("Gaussians differ in dimension: " + d + " vs " + b.dimension());
        }
        double[][] c1 = a.covariance;
        double[][] c2 = b.covariance;
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean[i] - b.mean[i];
            meanTerm += diff * diff;
            traces += c1[i][i] + c2[i][i];
        }
        double[][] s1 = SymmetricEigen.of(c1).sqrtPsd();
        double[][] product = multiply(multiply(s1, c2), s1);
        double traceRoot = 0;
        for (double v : SymmetricEigen.of(product).values()) {
            traceRoot += Math.sqrt(Math.max(v, 0));
        }
        // Rounding can push a distance of identical sets a hair below zero.
        return Math.max(0, meanTerm + traces - 2 * traceRoot);
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int m = y[0].length;
        int k = y.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double xil = x[i][l];
                if (xil == 0) {
                    continue;
                }
                double[] yl = y[l];
                double[] oi = out[i];
                for (int j = 0; j < m; j++) {
                    oi[j] += xil * yl[j];
                }
            }
        }
        return out;
    }
}
