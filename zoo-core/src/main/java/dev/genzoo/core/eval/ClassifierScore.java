package dev.genzoo.core.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifier score, the "Inception score" of Salimans et al. 2016 (https://arxiv.org/abs/1606.03498)
 * computed with the data set's own classifier: exp(E_x KL(p(y|x) ‖ p(y))), where p(y) is the mean
 * of the predictions over the set. It lies in [1, K] for K classes: 1 when every prediction is the
 * same (or uniform), K when predictions are confident one-hot and the classes balanced.
 *
 * <p>Protocol (as the paper): the set is cut into {@code splits} consecutive equal parts (the
 * remainder dropped), the score computed on each, and the mean and standard deviation reported;
 * GenZoo uses 10 splits of 10,000 generated images. A real test set gives the ceiling to compare
 * against; the score sees neither diversity within a class nor realism beyond the classifier's
 * confidence.
 */
public final class ClassifierScore {
    private ClassifierScore() {
    }

    /** The score of the whole set of class probabilities {@code [n, K]} (rows summing to 1). */
    public static double of(INDArray probabilities) {
        return score(checked(probabilities), 0, (int) probabilities.size(0));
    }

    /** The score over {@code splits} consecutive parts of the set. */
    public static Estimate of(INDArray probabilities, int splits) {
        double[][] p = checked(probabilities);
        if (splits < 1 || splits > p.length) {
            throw new IllegalArgumentException("splits must be in 1.." + p.length + " (the number of examples),"
                    + " found " + splits);
        }
        int part = p.length / splits;
        double[] values = new double[splits];
        for (int s = 0; s < splits; s++) {
            values[s] = score(p, s * part, (s + 1) * part);
        }
        return Estimate.of(values);
    }

    private static double score(double[][] p, int from, int to) {
        int k = p[0].length;
        double[] marginal = new double[k];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < k; c++) {
                marginal[c] += p[i][c];
            }
        }
        for (int c = 0; c < k; c++) {
            marginal[c] /= to - from;
        }
        double kl = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < k; c++) {
                if (p[i][c] > 0) {
                    kl += p[i][c] * (Math.log(p[i][c]) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(kl / (to - from));
    }

    static double[][] checked(INDArray probabilities) {
        double[][] p = Features.rows(Features.matrix("probabilities", probabilities, 1));
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            for (double v : p[i]) {
                if (v < 0) {
                    throw new IllegalArgumentException("probabilities must be >= 0, row " + i + " has " + v
                            + " (pass softmax outputs, not logits)");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new IllegalArgumentException("each row of probabilities must sum to 1, row " + i + " sums to "
                        + sum + " (pass softmax outputs, not logits)");
            }
        }
        return p;
    }
}
