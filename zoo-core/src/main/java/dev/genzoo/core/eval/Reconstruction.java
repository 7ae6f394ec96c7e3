package dev.genzoo.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Reconstruction metrics per example, for inputs x and reconstructions r of the same shape
 * [n, ...] with values in [0, 1]: sum of squared errors (SSE, the measure of Hinton &amp;
 * Salakhutdinov 2006), mean squared error per value, binary cross-entropy summed over values
 * (nats), and PSNR in dB with peak 1. Computed in double precision.
 */
public final class Reconstruction {
    private static final double EPS = 1e-7;

    private Reconstruction() {
    }

    /** Σ (x − r)² over each example's values, shape [n]. */
    public static INDArray sse(INDArray x, INDArray r) {
        INDArray d = flat(x).sub(flat(r, x));
        return d.muli(d).sum(1);
    }

    /** Mean of (x − r)² over each example's values, shape [n]. */
    public static INDArray mse(INDArray x, INDArray r) {
        return sse(x, r).divi(valuesPerExample(x));
    }

    /** −Σ [x log r + (1−x) log(1−r)] over each example's values (r clipped to [1e-7, 1−1e-7]), shape [n]. */
    public static INDArray bce(INDArray x, INDArray r) {
        INDArray xf = flat(x);
        INDArray rc = Transforms.max(Transforms.min(flat(r, x), 1 - EPS, true), EPS, false);
        INDArray ll = xf.mul(Transforms.log(rc, true)).addi(xf.rsub(1.0).muli(Transforms.log(rc.rsub(1.0), false)));
        return ll.sum(1).negi();
    }

    /** 10·log10(peak² / MSE) per example in dB, peak 1; infinite for a perfect reconstruction. */
    public static INDArray psnr(INDArray x, INDArray r) {
        INDArray m = mse(x, r);
        return Transforms.log(m, 10.0, true).muli(-10.0);
    }

    private static long valuesPerExample(INDArray x) {
        return x.length() / x.size(0);
    }

    private static INDArray flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape('c', a.size(0), a.length() / a.size(0));
    }

    private static INDArray flat(INDArray r, INDArray like) {
        if (r.length() != like.length() || r.size(0) != like.size(0)) {
            throw new IllegalArgumentException("reconstruction shape " + Arrays.toString(r.shape())
                    + " does not match input shape " + Arrays.toString(like.shape()));
        }
        return flat(r);
    }
}
