package dev.genzoo.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Paths through latent space, as rows of a {@code [steps, d]} matrix with both endpoints included:
 * linear interpolation, spherical interpolation (White, "Sampling Generative Networks",
 * https://arxiv.org/abs/1609.04468: under a Gaussian prior, points on a straight line between two
 * codes have atypically small norm; slerp keeps them in the prior's typical shell) and traversal of
 * one dimension.
 */
public final class LatentPaths {

    private LatentPaths() {
    }

    /** {@code (1 - t) a + t b} for {@code steps} evenly spaced t in [0, 1]. */
    public static INDArray linear(INDArray a, INDArray b, int steps) {
        double[] va = vector("a", a);
        double[] vb = vector("b", b);
        checkSameSize(va, vb);
        checkSteps(steps);
        double[][] out = new double[steps][va.length];
        for (int s = 0; s < steps; s++) {
            double t = fraction(s, steps);
            for (int j = 0; j < va.length; j++) {
                out[s][j] = (1 - t) * va[j] + t * vb[j];
            }
        }
        return Nd4j.create(out).castTo(a.dataType());
    }

    /**
     * {@code sin((1-t) w)/sin(w) a + sin(t w)/sin(w) b}, w the angle between a and b; linear when the
     * two are (anti-)parallel within 1e-7 or one is zero, where the formula is undefined.
     */
    public static INDArray spherical(INDArray a, INDArray b, int steps) {
        double[] va = vector("a", a);
        double[] vb = vector("b", b);
        checkSameSize(va, vb);
        checkSteps(steps);
        double na = norm(va);
        double nb = norm(vb);
        double cos = 0;
        for (int j = 0; j < va.length; j++) {
            cos += va[j] * vb[j];
        }
        cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, cos / (na * nb)));
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        if (Math.abs(sin) < 1e-7) {
            return linear(a, b, steps);
        }
        double[][] out = new double[steps][va.length];
        for (int s = 0; s < steps; s++) {
            double t = fraction(s, steps);
            double wa = Math.sin((1 - t) * omega) / sin;
            double wb = Math.sin(t * omega) / sin;
            for (int j = 0; j < va.length; j++) {
                out[s][j] = wa * va[j] + wb * vb[j];
            }
        }
        return Nd4j.create(out).castTo(a.dataType());
    }

    /** {@code steps} copies of {@code z} with dimension {@code dimension} set to values from {@code from} to {@code to}. */
    public static INDArray traversal(INDArray z, int dimension, double from, double to, int steps) {
        double[] v = vector("z", z);
        if (dimension < 0 || dimension >= v.length) {
            throw new IllegalArgumentException("dimension must be in [0, " + v.length + "), found " + dimension);
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("traversal range must be finite, found [" + from + ", " + to + "]");
        }
        checkSteps(steps);
        double[][] out = new double[steps][];
        for (int s = 0; s < steps; s++) {
            out[s] = v.clone();
            out[s][dimension] = from + fraction(s, steps) * (to - from);
        }
        return Nd4j.create(out).castTo(z.dataType());
    }

    private static double fraction(int s, int steps) {
        return steps == 1 ? 0 : (double) s / (steps - 1);
    }

    private static double[] vector(String name, INDArray v) {
        if (!(v.isVector() || v.isScalar()) || (v.rank() == 2 && v.size(0) != 1)) {
            throw new IllegalArgumentException(name + " must be one latent code ([d] or [1, d]), found shape "
                    + java.util.Arrays.toString(v.shape()));
        }
        return v.castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static void checkSameSize(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("codes must have the same size, found " + a.length + " and " + b.length);
        }
    }

    private static void checkSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, found " + steps);
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
