package dev.genzoo.core.eval;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernel inception distance (Bińkowski, Sutherland, Arbel and Gretton 2018,
 * https://arxiv.org/abs/1801.01401): the unbiased estimate of the squared maximum mean discrepancy
 * between two feature sets under the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³. Unlike FID
 * it has an unbiased estimator, so it is comparable across sample sizes and ≈ 0 (possibly
 * slightly negative) for two samples of the same distribution.
 *
 * <p>Protocol (as the paper's reference code): the mean and standard deviation of the unbiased
 * MMD² over {@code subsets} random subsets of {@code subsetSize} from each set, drawn without
 * replacement with a fixed seed; GenZoo reports 100 subsets of 1,000 on the zoo classifier's
 * penultimate features, 10,000 generated against the 10,000 test images.
 */
public final class KernelInceptionDistance {
    private KernelInceptionDistance() {
    }

    /** Unbiased MMD² between all of {@code a} {@code [m >= 2, d]} and all of {@code b} {@code [n >= 2, d]}. */
    public static double mmd2(INDArray a, INDArray b) {
        INDArray x = Features.matrix("first feature set", a, 2);
        INDArray y = Features.matrix("second feature set", b, 2);
        Features.sameWidth(x, y);
        return unbiasedMmd2(x, y);
    }

    /**
     * KID over random subsets.
     *
     * @param subsetSize rows per subset, capped at the smaller set's size
     * @param subsets    number of subsets, >= 1
     * @param seed       seed of the subset draws
     */
    public static Estimate estimate(INDArray a, INDArray b, int subsetSize, int subsets, long seed) {
        if (subsetSize < 2 || subsets < 1) {
            throw new IllegalArgumentException("need subsetSize >= 2 and subsets >= 1, found subsetSize="
                    + subsetSize + " subsets=" + subsets);
        }
        INDArray x = Features.matrix("first feature set", a, 2);
        INDArray y = Features.matrix("second feature set", b, 2);
        Features.sameWidth(x, y);
        int m = (int) Math.min(subsetSize, Math.min(x.size(0), y.size(0)));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            INDArray xs = x.getRows(sample(rng, (int) x.size(0), m));
            INDArray ys = y.getRows(sample(rng, (int) y.size(0), m));
            values[s] = unbiasedMmd2(xs, ys);
        }
        return Estimate.of(values);
    }

    private static double unbiasedMmd2(INDArray x, INDArray y) {
        double d = x.size(1);
        long m = x.size(0);
        long n = y.size(0);
        INDArray kxx = kernel(x, x, d);
        INDArray kyy = kernel(y, y, d);
        INDArray kxy = kernel(x, y, d);
        double sxx = kxx.sumNumber().doubleValue() - trace(kxx);
        double syy = kyy.sumNumber().doubleValue() - trace(kyy);
        double sxy = kxy.sumNumber().doubleValue();
        return sxx / (m * (m - 1.0)) + syy / (n * (n - 1.0)) - 2 * sxy / ((double) m * n);
    }

    private static double trace(INDArray k) {
        double t = 0;
        for (long i = 0; i < k.size(0); i++) {
            t += k.getDouble(i, i);
        }
        return t;
    }

    private static INDArray kernel(INDArray x, INDArray y, double d) {
        return Transforms.pow(x.mmul(y.transpose()).divi(d).addi(1.0), 3, false);
    }

    /** {@code k} distinct indices of 0..n-1 (partial Fisher-Yates). */
    private static int[] sample(SplittableRandom rng, int n, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, k);
    }
}
