package dev.genzoo.core.eval;

/**
 * Likelihood arithmetic shared by the probabilistic models: a log-mean-exp that neither
 * overflows nor underflows (the importance-sampled estimate log p(x) ≈ log (1/k) Σ_j w_j of
 * Burda, Grosse and Salakhutdinov 2016, https://arxiv.org/abs/1509.00519, from log-weights
 * log w_j = log p(x, z_j) − log q(z_j | x)), and conversions between a negative log-likelihood
 * per example in nats and bits per dimension (nats / (D ln 2)), the unit of image likelihood
 * papers.
 *
 * <p>Protocol for reported numbers on binarized MNIST: NLL in nats per image with k = 5000 (or
 * the k stated), mean over the 10,000 test images under a fixed binarization; bits/dim divides
 * by D = 784 and ln 2.
 */
public final class Likelihood {
    private static final double LN2 = Math.log(2);

    private Likelihood() {
    }

    /** log Σ exp(v), shifted by the maximum; −∞ for an empty array or all −∞, NaN if any NaN. */
    public static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    /** log ((1/k) Σ exp(v)): the importance-sampled log-likelihood from k log-weights. */
    public static double logMeanExp(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("log-mean-exp needs at least one value");
        }
        return logSumExp(v) - Math.log(v.length);
    }

    /** Row-wise {@link #logMeanExp}: one importance-sampled estimate per example. */
    public static double[] logMeanExpRows(double[][] logWeights) {
        double[] out = new double[logWeights.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = logMeanExp(logWeights[i]);
        }
        return out;
    }

    /** Negative log-likelihood in nats per example to bits per dimension. */
    public static double natsToBitsPerDim(double nats, long dims) {
        checkDims(dims);
        return nats / (dims * LN2);
    }

    /** Bits per dimension back to nats per example. */
    public static double bitsPerDimToNats(double bitsPerDim, long dims) {
        checkDims(dims);
        return bitsPerDim * dims * LN2;
    }

    private static void checkDims(long dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1, found " + dims);
        }
    }
}
