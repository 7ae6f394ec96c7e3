package dev.genzoo.core.nn;

import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences and the relative error used by the gradient checks in this package. */
final class FiniteDifferences {

    static final double STEP = 1e-6;

    private FiniteDifferences() {
    }

    /** Numerical gradient of {@code f} at {@code x} (x is perturbed in place, by subscript, and restored). */
    static INDArray gradient(ToDoubleFunction<INDArray> f, INDArray x) {
        INDArray grad = Nd4j.create(x.dataType(), x.shape());
        NdIndexIterator it = new NdIndexIterator(x.shape());
        while (it.hasNext()) {
            long[] at = it.next();
            double orig = x.getDouble(at);
            x.putScalar(at, orig + STEP);
            double plus = f.applyAsDouble(x);
            x.putScalar(at, orig - STEP);
            double minus = f.applyAsDouble(x);
            x.putScalar(at, orig);
            grad.putScalar(at, (plus - minus) / (2 * STEP));
        }
        return grad;
    }

    /** Largest |a - n| / (|a| + |n|) over elements, ignoring absolute differences below 1e-12. */
    static double maxRelativeError(INDArray analytic, INDArray numeric) {
        double worst = 0;
        NdIndexIterator it = new NdIndexIterator(analytic.shape());
        while (it.hasNext()) {
            long[] at = it.next();
            double x = analytic.getDouble(at);
            double y = numeric.getDouble(at);
            double diff = Math.abs(x - y);
            if (diff > 1e-12) {
                worst = Math.max(worst, diff / (Math.abs(x) + Math.abs(y)));
            }
        }
        return worst;
    }
}
