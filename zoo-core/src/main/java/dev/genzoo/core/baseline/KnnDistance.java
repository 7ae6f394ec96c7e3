package dev.genzoo.core.baseline;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The k-nearest-neighbour anomaly baseline: a row's score is its mean Euclidean distance to the k
 * nearest rows of the reference (normal) set. No training, one parameter; what a learned anomaly
 * score should beat on small tables. Distances from ‖x‖² + ‖r‖² − 2 x·r in double precision, 512
 * scored rows at a time (memory: 512 × reference rows doubles).
 */
public final class KnnDistance {
    private static final int CHUNK = 512;
    private final INDArray reference;
    private final INDArray referenceNorms;
    private final int k;

    private KnnDistance(INDArray reference, int k) {
        this.reference = reference;
        this.referenceNorms = reference.mul(reference).sum(1).reshape(1, reference.size(0));
        this.k = k;
    }

    /**
     * @param reference {@code [rows, features]}, the normal rows, more than {@code k} of them
     * @param k         neighbours averaged, >= 1
     */
    public static KnnDistance fit(INDArray reference, int k) {
        if (reference.rank() != 2 || reference.size(0) <= k || k < 1) {
            throw new IllegalArgumentException("need k >= 1 and a [rows, features] reference with more than k rows;"
                    + " found k " + k + " and " + Arrays.toString(reference.shape()));
        }
        return new KnnDistance(reference.castTo(DataType.DOUBLE).dup(), k);
    }

    /** Neighbours averaged. */
    public int k() {
        return k;
    }

    /** The mean distance of each row of {@code x} to its k nearest reference rows. */
    public double[] score(INDArray x) {
        if (x.rank() != 2 || x.size(1) != reference.size(1)) {
            throw new IllegalArgumentException("expected [rows, " + reference.size(1) + "], found "
                    + Arrays.toString(x.shape()));
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        int n = (int) xd.size(0);
        double[] scores = new double[n];
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            INDArray rows = xd.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray d2 = rows.mmul(reference.transpose()).muli(-2).addiRowVector(referenceNorms)
                    .addiColumnVector(rows.mul(rows).sum(1).reshape(end - start, 1));
            int refs = (int) reference.size(0);
            double[] all = d2.dup('c').data().asDouble();
            double[] nearest = new double[k];
            for (int i = 0; i < end - start; i++) {
                // the k smallest squared distances by insertion: O(rows · k), no sort of the whole row
                Arrays.fill(nearest, Double.POSITIVE_INFINITY);
                for (int j = i * refs; j < (i + 1) * refs; j++) {
                    double v = all[j];
                    if (v < nearest[k - 1]) {
                        int p = k - 1;
                        while (p > 0 && nearest[p - 1] > v) {
                            nearest[p] = nearest[p - 1];
                            p--;
                        }
                        nearest[p] = v;
                    }
                }
                double sum = 0;
                for (double v : nearest) {
                    sum += Math.sqrt(Math.max(0, v));
                }
                scores[start + i] = sum / k;
            }
        }
        return scores;
    }
}
