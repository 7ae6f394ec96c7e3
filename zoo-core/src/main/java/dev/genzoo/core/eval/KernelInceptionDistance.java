package dev.genzoo.core.eval;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        return new Kernels().unbiasedMmd2(x.toDoubleMatrix(), y.toDoubleMatrix());
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
        double[][] xr = x.toDoubleMatrix();
        double[][] yr = y.toDoubleMatrix();
        int m = Math.min(subsetSize, Math.min(xr.length, yr.length));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[subsets];
        Kernels kernels = new Kernels();
        for (int s = 0; s < subsets; s++) {
            values[s] = kernels.unbiasedMmd2(pick(xr, sample(rng, xr.length, m)), pick(yr, sample(rng, yr.length, m)));
        }
        return Estimate.of(values);
    }

    /**
     * The kernel sums of the unbiased MMD², each as one product into a buffer reused across
     * subsets and one Java pass for (x·y / d + 1)³ and the sum: ND4J's element-wise chain allocated
     * four fresh 8 MB arrays per 1,000 x 1,000 kernel, which cost more than the product.
     */
    private static final class Kernels {
        private INDArray product;
        private double[] values;
        // the subsets' rows, copied into arrays reused from subset to subset: fresh ones made 2 MB of
        // native garbage per subset, 800 MB over a CycleGAN card's four estimates (docs/benchmarks.md, Run I)
        private INDArray xRows;
        private INDArray yRows;

        double unbiasedMmd2(double[][] x, double[][] y) {
            int d = x[0].length;
            long m = x.length;
            long n = y.length;
            INDArray xa = xRows = rows(xRows, x);
            INDArray ya = yRows = rows(yRows, y);
            double sxx = kernelSum(xa, xa, d) - diagonalSum(x);
            double syy = kernelSum(ya, ya, d) - diagonalSum(y);
            double sxy = kernelSum(xa, ya, d);
            return sxx / (m * (m - 1.0)) + syy / (n * (n - 1.0)) - 2 * sxy / ((double) m * n);
        }

        /** {@code rows} in {@code buffer} when it has their shape, else in a new array. */
        private static INDArray rows(INDArray buffer, double[][] rows) {
            int d = rows[0].length;
            INDArray out = buffer != null && buffer.size(0) == rows.length && buffer.size(1) == d ? buffer
                    : Nd4j.createUninitialized(DataType.DOUBLE, rows.length, d);
            java.nio.DoubleBuffer nio = out.data().asNioDouble();
            for (int i = 0; i < rows.length; i++) {
                nio.put(i * d, rows[i]);
            }
            return out;
        }

        /** Σ_ij k(x_i, y_j). */
        private double kernelSum(INDArray x, INDArray y, int d) {
            int rows = (int) x.size(0);
            int cols = (int) y.size(0);
            if (product == null || product.size(0) != rows || product.size(1) != cols) {
                product = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
                values = new double[rows * cols];
            }
            Nd4j.gemm(x, y, product, false, true, 1.0, 0.0);
            product.data().asNioDouble().get(values, 0, values.length);
            double sum = 0;
            for (double v : values) {
                double k = v / d + 1.0;
                sum += k * k * k;
            }
            return sum;
        }
    }

    /** Σ_i k(x_i, x_i), the diagonal that the unbiased estimate leaves out. */
    private static double diagonalSum(double[][] x) {
        double sum = 0;
        for (double[] row : x) {
            double dot = 0;
            for (double v : row) {
                dot += v * v;
            }
            sum += Math.pow(dot / row.length + 1, 3);
        }
        return sum;
    }

    private static double[][] pick(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
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
