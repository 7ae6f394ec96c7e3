package dev.genzoo.core.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Ranking metrics of anomaly scores against binary labels (1 = anomaly, the positive class; a
 * higher score means more anomalous): the area under the ROC curve, computed exactly as the
 * Mann-Whitney statistic with ties counted one half, and the area under the precision-recall
 * curve as average precision (Σ (R_i − R_{i−1}) P_i over distinct thresholds, as scikit-learn's
 * {@code average_precision_score}).
 */
public final class Ranking {
    private Ranking() {
    }

    /** P(score of a random positive > score of a random negative) + ½ P(equal). */
    public static double auroc(double[] scores, boolean[] positive) {
        check(scores, positive);
        Integer[] order = sortedAscending(scores);
        double rankSumPos = 0;
        long nPos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPos += midRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = scores.length - nPos;
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    /** Average precision: the step-wise area under the precision-recall curve. */
    public static double auprc(double[] scores, boolean[] positive) {
        check(scores, positive);
        Integer[] order = sortedAscending(scores);
        long nPos = IntStream.range(0, positive.length).filter(k -> positive[k]).count();
        double ap = 0;
        long tp = 0;
        long seen = 0;
        double prevRecall = 0;
        int i = order.length - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                seen++;
                if (positive[order[k]]) {
                    tp++;
                }
            }
            double recall = (double) tp / nPos;
            ap += (recall - prevRecall) * ((double) tp / seen);
            prevRecall = recall;
            i = j - 1;
        }
        return ap;
    }

    /**
     * The smallest score threshold whose false-positive rate on {@code negativeScores} (normal
     * validation examples) is at most {@code fpr}: flag an example when its score is above it.
     */
    public static double thresholdAtFpr(double[] negativeScores, double fpr) {
        if (!(fpr >= 0 && fpr <= 1) || negativeScores.length == 0) {
            throw new IllegalArgumentException("need fpr in [0, 1] and at least one score, found fpr=" + fpr
                    + " with " + negativeScores.length + " scores");
        }
        double[] s = negativeScores.clone();
        Arrays.sort(s);
        int allowed = (int) Math.floor(fpr * s.length);
        return allowed == 0 ? s[s.length - 1] : s[s.length - 1 - allowed];
    }

    private static Integer[] sortedAscending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
        return order;
    }

    private static void check(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs "
                    + positive.length);
        }
        long nPos = IntStream.range(0, positive.length).filter(k -> positive[k]).count();
        if (nPos == 0 || nPos == positive.length) {
            throw new IllegalArgumentException("need both positive and negative examples, found " + nPos
                    + " positives among " + positive.length);
        }
        for (double v : scores) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("scores contain NaN");
            }
        }
    }
}
