package dev.genzoo.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Improved precision and recall for generative models (Kynkäänniemi, Karras, Laine, Lehtinen and
 * Aila 2019, https://arxiv.org/abs/1904.06991). Each set's manifold is the union of balls around
 * its feature vectors, each ball's radius the distance to the point's k-th nearest neighbour in its
 * own set. Precision is the share of generated samples inside the real manifold (realism); recall
 * the share of real samples inside the generated manifold (diversity). Two identical sets give
 * (1, 1); disjoint, distant ones (0, 0).
 *
 * <p>Protocol (as the paper): k = 3, Euclidean distance on the zoo classifier's penultimate
 * features, equal numbers of real and generated samples (GenZoo: 10,000 generated against the
 * 10,000 test images). Memory grows with the chunk of {@value #CHUNK} rows times the other set's size.
 *
 * @param precision share of generated samples within the real manifold
 * @param recall    share of real samples within the generated manifold
 * @param k         neighbour rank defining the radii
 */
public record PrecisionRecall(double precision, double recall, int k) {
    static final int CHUNK = 1024;

    /** Precision and recall with k = 3. */
    public static PrecisionRecall of(INDArray real, INDArray generated) {
        return of(real, generated, 3);
    }

    /** Precision and recall with radii at the {@code k}-th nearest neighbour. */
    public static PrecisionRecall of(INDArray real, INDArray generated, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, found " + k);
        }
        INDArray r = Features.matrix("real features", real, k + 1);
        INDArray g = Features.matrix("generated features", generated, k + 1);
        Features.sameWidth(r, g);
        double[] realRadii = kthNeighbourSquared(r, k);
        double[] genRadii = kthNeighbourSquared(g, k);
        return new PrecisionRecall(shareInside(g, r, realRadii), shareInside(r, g, genRadii), k);
    }

    /** Squared distance of each row to its k-th nearest other row (the row itself is rank 0). */
    static double[] kthNeighbourSquared(INDArray set, int k) {
        int n = (int) set.size(0);
        double[] out = new double[n];
        Features.squaredDistanceRows(set, set, CHUNK, (i, d, off) -> {
            d[off + i] = 0; // exact self-distance, whatever the rounding of |a|² + |b|² − 2ab
            out[i] = smallest(d, off, n, k);
        });
        return out;
    }

    /** The {@code rank}-th smallest value (0-based) of {@code v}, keeping only rank + 1 candidates. */
    static double smallest(double[] v, int rank) {
        return smallest(v, 0, v.length, rank);
    }

    /** {@link #smallest(double[], int)} of {@code v[offset .. offset + n)}. */
    static double smallest(double[] v, int offset, int n, int rank) {
        double[] best = new double[rank + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int t = offset; t < offset + n; t++) {
            double x = v[t];
            if (x < best[rank]) {
                int j = rank;
                while (j > 0 && best[j - 1] > x) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = x;
            }
        }
        return best[rank];
    }

    /** Share of {@code queries} within the radius of at least one point of {@code set}. */
    private static double shareInside(INDArray queries, INDArray set, double[] radiiSquared) {
        int n = (int) queries.size(0);
        int[] inside = new int[1];
        Features.squaredDistanceRows(queries, set, CHUNK, (i, d, off) -> {
            for (int j = 0; j < radiiSquared.length; j++) {
                if (d[off + j] <= radiiSquared[j] * (1 + 1e-9) + 1e-12) {
                    inside[0]++;
                    break;
                }
            }
        });
        return (double) inside[0] / n;
    }
}
