package dev.genzoo.core.nn;

import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences and the relative error used by the gradient checks in this package. */
final class FiniteDifferences {

    static final double STEP = 1e-6;

    private FiniteDifferences() {
    }

    /** Numerical gradient of {@code f} at {@code x} (x is perturbed in place and restored). */
    static INDArray gradient(ToDoubleFunction<INDArray> f, INDArray x) {
        INDArray grad = x.ulike();
        INDArray flat = x.reshape(x.length());
        INDArray gradFlat = grad.reshape(grad.length());
        for (long i = 0; i < flat.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + STEP);
            double plus = f.applyAsDouble(x);
            flat.putScalar(i, orig - STEP);
            double minus = f.applyAsDouble(x);
            flat.putScalar(i, orig);
            gradFlat.putScalar(i, (plus - minus) / (2 * STEP));
        }
        return grad;
    }

    /** Largest |a - n| / (|a| + |n|) over elements, ignoring absolute differences below 1e-12. */
    static double maxRelativeError(INDArray analytic, INDArray numeric) {
        INDArray a = analytic.reshape(analytic.length());
        INDArray n = numeric.reshape(numeric.length());
        double worst = 0;
        for (long i = 0; i < a.length(); i++) {
            double x = a.getDouble(i);
            double y = n.getDouble(i);
            double diff = Math.abs(x - y);
            if (diff > 1e-12) {
                worst = Math.max(worst, diff / (Math.abs(x) + Math.abs(y)));
            }
        }
        return worst;
    }
}
