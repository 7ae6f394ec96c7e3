package dev.genzoo.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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

    /** Receives one row of squared distances: {@code d[offset .. offset + n_b)}. */
    interface DistanceRow {
        void accept(int row, double[] d, int offset);
    }

    /**
     * The rows of {@link #squaredDistances}{@code (a, b)}, {@code chunk} rows at a time, computed
     * into one reused product buffer and one Java array. The arithmetic is that of
     * {@code squaredDistances} (ND4J row norms, the product a b', then -2 ab + |a|² + |b|², clipped
     * at 0); what it saves is ND4J's temporaries (several 80 MB arrays per chunk of 1,024 rows
     * against 10,000, each faulted in afresh) and {@code toDoubleMatrix}.
     */
    static void squaredDistanceRows(INDArray a, INDArray b, int chunk, DistanceRow sink) {
        int na = (int) a.size(0);
        int nb = (int) b.size(0);
        double[] normA = a.mul(a).sum(1).toDoubleVector();
        double[] normB = b.mul(b).sum(1).toDoubleVector();
        int rows = Math.min(chunk, na);
        INDArray product = Nd4j.createUninitialized(DataType.DOUBLE, rows, nb);
        double[] d = new double[rows * nb];
        for (int from = 0; from < na; from += rows) {
            int to = Math.min(na, from + rows);
            int m = to - from;
            INDArray out = m == rows ? product : product.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            Nd4j.gemm(a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), b, out, false, true, 1.0, 0.0);
            product.data().asNioDouble().get(d, 0, m * nb);
            for (int i = 0; i < m; i++) {
                int off = i * nb;
                double ni = normA[from + i];
                for (int j = 0; j < nb; j++) {
                    d[off + j] = Math.max(d[off + j] * -2 + ni + normB[j], 0);
                }
                sink.accept(from + i, d, off);
            }
        }
    }

    /** Rows of a double matrix as Java arrays. */
    static double[][] rows(INDArray m) {
        return m.toDoubleMatrix();
    }
}
