package dev.genzoo.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Structural similarity per image (Wang, Bovik, Sheikh and Simoncelli 2004,
 * https://doi.org/10.1109/TIP.2003.819861), with the paper's protocol: local statistics under an
 * 11x11 Gaussian window of σ = 1.5 (normalised to sum 1), constants C1 = (0.01 L)² and
 * C2 = (0.03 L)² for dynamic range L, the SSIM map computed only where the window fits inside the
 * image ("valid" filtering, as the authors' reference code) and averaged to one value per image.
 * Multi-channel images get the mean over channels. Computed in double precision.
 *
 * <p>Protocol for reported numbers: images in [0, 1] with L = 1 (the {@link #ssim(INDArray, INDArray)}
 * default), mean over the test images.
 */
public final class Ssim {
    /** Side of the Gaussian window. */
    public static final int WINDOW = 11;
    /** Standard deviation of the Gaussian window. */
    public static final double SIGMA = 1.5;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;

    private Ssim() {
    }

    /** SSIM per example of images {@code [n, c, h, w]} (or {@code [n, h, w]}) with values in [0, 1]. */
    public static INDArray ssim(INDArray x, INDArray y) {
        return ssim(x, y, 1.0);
    }

    /**
     * SSIM per example, shape {@code [n]}, of images {@code [n, c, h, w]} or {@code [n, h, w]}.
     *
     * @param range dynamic range L of the values (1 for [0, 1], 2 for [-1, 1], 255 for bytes)
     */
    public static INDArray ssim(INDArray x, INDArray y, double range) {
        if (!Arrays.equals(x.shape(), y.shape()) || (x.rank() != 3 && x.rank() != 4)) {
            throw new IllegalArgumentException("SSIM needs two image batches of equal shape [n, c, h, w] or [n, h, w],"
                    + " found " + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape())
                    + " (reshape flat [n, h*w] batches first)");
        }
        if (!(range > 0)) {
            throw new IllegalArgumentException("range must be > 0, found " + range);
        }
        int n = (int) x.size(0);
        int c = x.rank() == 4 ? (int) x.size(1) : 1;
        int h = (int) x.size(x.rank() - 2);
        int w = (int) x.size(x.rank() - 1);
        if (h < WINDOW || w < WINDOW) {
            throw new IllegalArgumentException("SSIM's " + WINDOW + "x" + WINDOW + " window needs images at least that"
                    + " large, found " + h + "x" + w);
        }
        double[] a = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] b = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] g = gaussianWindow();
        double c1 = Math.pow(K1 * range, 2);
        double c2 = Math.pow(K2 * range, 2);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int ch = 0; ch < c; ch++) {
                sum += meanSsim(a, b, (i * c + ch) * h * w, h, w, g, c1, c2);
            }
            out[i] = sum / c;
        }
        return Nd4j.createFromArray(out);
    }

    /** The normalised 2-D Gaussian window, row-major {@code WINDOW x WINDOW}. */
    static double[] gaussianWindow() {
        double[] g = new double[WINDOW * WINDOW];
        int r = WINDOW / 2;
        double total = 0;
        for (int u = -r; u <= r; u++) {
            for (int v = -r; v <= r; v++) {
                double e = Math.exp(-(u * u + v * v) / (2 * SIGMA * SIGMA));
                g[(u + r) * WINDOW + (v + r)] = e;
                total += e;
            }
        }
        for (int k = 0; k < g.length; k++) {
            g[k] /= total;
        }
        return g;
    }

    private static double meanSsim(double[] a, double[] b, int off, int h, int w, double[] g, double c1, double c2) {
        double sum = 0;
        int rows = h - WINDOW + 1;
        int cols = w - WINDOW + 1;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                double mx = 0;
                double my = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int u = 0; u < WINDOW; u++) {
                    int base = off + (r + u) * w + q;
                    for (int v = 0; v < WINDOW; v++) {
                        double wt = g[u * WINDOW + v];
                        double p = a[base + v];
                        double s = b[base + v];
                        mx += wt * p;
                        my += wt * s;
                        sxx += wt * p * p;
                        syy += wt * s * s;
                        sxy += wt * p * s;
                    }
                }
                double vx = sxx - mx * mx;
                double vy = syy - my * my;
                double cov = sxy - mx * my;
                sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        }
        return sum / (rows * cols);
    }
}
