package dev.genzoo.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-class coverage of a generated set as judged by a classifier, a direct mode-collapse measure:
 * each sample is assigned its most probable class, and a class counts as covered when at least
 * {@code minShare} of the samples fall in it.
 *
 * <p>Protocol: GenZoo uses the data set's zoo classifier on 10,000 generated images and
 * {@code minShare} = 0.1 / K (a tenth of the uniform share), so a stray misclassified sample does
 * not count as covering a class. {@link #normalisedEntropy} (entropy of the class shares over
 * log K) is 1 for perfectly balanced classes and 0 for total collapse.
 *
 * @param shares            fraction of samples assigned to each class
 * @param minShare          share a class needs to count as covered
 * @param covered           number of covered classes
 * @param normalisedEntropy entropy of {@code shares} divided by log K
 */
public record ClassCoverage(double[] shares, double minShare, int covered, double normalisedEntropy) {
    public ClassCoverage {
        shares = shares.clone();
    }

    /** Coverage with the default threshold, a tenth of the uniform share. */
    public static ClassCoverage of(INDArray probabilities) {
        return of(probabilities, 0.1 / probabilities.size(1));
    }

    /** Coverage of class probabilities {@code [n, K]} with a class needing {@code minShare} of the samples. */
    public static ClassCoverage of(INDArray probabilities, double minShare) {
        if (!(minShare > 0 && minShare <= 1)) {
            throw new IllegalArgumentException("minShare must be in (0, 1], found " + minShare);
        }
        double[][] p = ClassifierScore.checked(probabilities);
        int k = p[0].length;
        double[] shares = new double[k];
        for (double[] row : p) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            shares[best] += 1.0 / p.length;
        }
        int covered = 0;
        double entropy = 0;
        for (double s : shares) {
            if (s >= minShare - 1e-12) {
                covered++;
            }
            if (s > 0) {
                entropy -= s * Math.log(s);
            }
        }
        return new ClassCoverage(shares, minShare, covered, k > 1 ? entropy / Math.log(k) : 1);
    }

    /** Fraction of the classes covered, in [0, 1]. */
    public double coverage() {
        return (double) covered / shares.length;
    }

    @Override
    public double[] shares() {
        return shares.clone();
    }
}
