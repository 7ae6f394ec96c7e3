package dev.genzoo.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Checks and double-precision arithmetic on feature sets {@code [n, d]} shared by the metrics. */
final class Features {
    private Features() {
    }

    /** {@code a} as a c-ordered double matrix, checked to be {@code [n >= minRows, d]} and finite. */
    static INDArray matrix(String what, INDArray a, int minRows) {
        if (a == null || a.rank() != 2) {
            throw new IllegalArgumentException(what + " must be a feature matrix [n, d], found "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
        if (a.size(0) < minRows) {
            throw new IllegalArgumentException(what + " needs at least " + minRows + " rows, found " + a.size(0));
        }
        INDArray d = a.castTo(DataType.DOUBLE).dup('c');
        if (!Double.isFinite(d.sumNumber().doubleValue())) {
            throw new IllegalArgumentException(what + " contains NaN or infinite values");
        }
        return d;
    }

    /** Throws unless both sets have the same number of columns. */
    static void sameWidth(INDArray a, INDArray b) {
        if (a.size(1) != b.size(1)) {
            throw new IllegalArgumentException("feature sets differ in width: " + a.size(1) + " vs " + b.size(1)
                    + " (were they taken from the same layer?)");
        }
    }

    /** Squared Euclidean distances {@code [n_a, n_b]}, clipped at 0 (double matrices). */
    static INDArray squaredDistances(INDArray a, INDArray b) {
        INDArray na = a.mul(a).sum(true, 1);
        INDArray nb = b.mul(b).sum(true, 1).reshape(1, b.size(0));
        INDArray d = a.mmul(b.transpose()).muli(-2).addiColumnVector(na).addiRowVector(nb);
        return Transforms.max(d, 0.0, false);
    }

    /** Rows of a double matrix as Java arrays. */
    static double[][] rows(INDArray m) {
        return m.toDoubleMatrix();
    }
}
