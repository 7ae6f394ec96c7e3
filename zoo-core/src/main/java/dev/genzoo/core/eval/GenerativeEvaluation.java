package dev.genzoo.core.eval;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.weights.ModelCard;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The standard report on a generated image set, judged by a classifier trained on the same data
 * (the zoo's {@code classifier-mnist} / {@code classifier-fashion-mnist}): FID, KID, precision and
 * recall on its penultimate features; classifier score and per-class coverage on its predictions.
 *
 * <p>Protocol, so that reported numbers are comparable:
 * <ul>
 *   <li>Images in [0, 1] (map GAN outputs in [-1, 1] with {@link #toUnitRange}), shaped as the
 *       classifier's input.</li>
 *   <li>Generated: 10,000 samples; real: the 10,000 images of the test split. The same count on
 *       both sides, since FID is biased by sample size and precision/recall by the balance.</li>
 *   <li>Features: the classifier's penultimate (dense ReLU) layer, {@link Classifier#features}.</li>
 *   <li>FID with unbiased covariances; KID as the mean ± std of the unbiased MMD² over 100 subsets
 *       of 1,000 (seeded); precision/recall with k = 3; classifier score over 10 splits; coverage
 *       with a class needing a tenth of the uniform share.</li>
 *   <li>The floor: the same report on real training images against the test images (e.g.
 *       10,000 of each), stating what a perfect generator would reach at this sample size.</li>
 * </ul>
 */
public final class GenerativeEvaluation {
    private GenerativeEvaluation() {
    }

    /**
     * Settings of the estimates.
     *
     * @param kidSubsetSize rows per KID subset (capped at the smaller set)
     * @param kidSubsets    number of KID subsets
     * @param scoreSplits   splits of the classifier score (at most the number of generated images)
     * @param neighbours    k of precision/recall
     * @param seed          seed of the KID subsets
     */
    public record Protocol(int kidSubsetSize, int kidSubsets, int scoreSplits, int neighbours, long seed) {
        public Protocol {
            if (kidSubsetSize < 2 || kidSubsets < 1 || scoreSplits < 1 || neighbours < 1) {
                throw new IllegalArgumentException("need kidSubsetSize >= 2, kidSubsets >= 1, scoreSplits >= 1 and"
                        + " neighbours >= 1, found " + kidSubsetSize + ", " + kidSubsets + ", " + scoreSplits + ", "
                        + neighbours);
            }
        }

        /** KID 100 subsets of 1,000, classifier score over 10 splits, k = 3, seed 0. */
        public static Protocol defaults() {
            return new Protocol(1000, 100, 10, 3, 0);
        }

        public Protocol withKid(int subsetSize, int subsets) {
            return new Protocol(subsetSize, subsets, scoreSplits, neighbours, seed);
        }

        public Protocol withScoreSplits(int splits) {
            return new Protocol(kidSubsetSize, kidSubsets, splits, neighbours, seed);
        }
    }

    /**
     * The measured numbers.
     *
     * @param classifier      name of the judging classifier
     * @param generatedCount  generated images scored
     * @param realCount       real images compared against
     * @param fid             Fréchet distance of the features
     * @param kid             KID over subsets
     * @param classifierScore classifier score (IS) over splits of the generated set
     * @param realScore       classifier score of the real set over the same number of splits: the ceiling
     * @param precisionRecall improved precision and recall
     * @param coverage        per-class coverage of the generated set
     * @param protocol        the protocol used
     */
    public record Report(String classifier, int generatedCount, int realCount, double fid, Estimate kid,
            Estimate classifierScore, Estimate realScore, PrecisionRecall precisionRecall, ClassCoverage coverage,
            Protocol protocol) {

        /** The numbers as model-card metrics, each with its protocol. */
        public Map<String, ModelCard.Metric> asMetrics() {
            String setup = generatedCount + " generated vs " + realCount + " real images, " + classifier
                    + " penultimate features";
            Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
            m.put("fid", new ModelCard.Metric(fid, "Frechet distance, unbiased covariances, " + setup));
            m.put("kid", new ModelCard.Metric(kid.mean(), String.format(Locale.ROOT, "unbiased MMD^2, cubic kernel,"
                    + " mean of %d subsets of %d (std %.3g), %s", kid.repeats(), Math.min(protocol.kidSubsetSize(),
                    Math.min(generatedCount, realCount)), kid.std(), setup)));
            m.put("classifier_score", new ModelCard.Metric(classifierScore.mean(), String.format(Locale.ROOT,
                    "exp E KL(p(y|x) || p(y)) with %s, mean of %d splits of %d generated images (std %.3g; real"
                    + " images score %.3f)", classifier, classifierScore.repeats(),
                    generatedCount / classifierScore.repeats(), classifierScore.std(), realScore.mean())));
            m.put("precision", new ModelCard.Metric(precisionRecall.precision(), "share of generated samples in"
                    + " the real k-NN manifold, k=" + precisionRecall.k() + ", " + setup));
            m.put("recall", new ModelCard.Metric(precisionRecall.recall(), "share of real samples in the generated"
                    + " k-NN manifold, k=" + precisionRecall.k() + ", " + setup));
            m.put("class_coverage", new ModelCard.Metric(coverage.coverage(), String.format(Locale.ROOT,
                    "share of classes holding at least %.4f of %d generated images by %s's argmax",
                    coverage.minShare(), generatedCount, classifier)));
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "FID %.3f, KID %s, IS %s (real %.3f), precision %.3f, recall %.3f,"
                    + " coverage %d/%d, %d generated vs %d real, %s", fid, kid, classifierScore, realScore.mean(),
                    precisionRecall.precision(), precisionRecall.recall(), coverage.covered(),
                    coverage.shares().length, generatedCount, realCount, classifier);
        }
    }

    /** The full report with the default protocol. */
    public static Report evaluate(Classifier classifier, INDArray generated, INDArray real) {
        return evaluate(classifier, generated, real, Protocol.defaults());
    }

    /** The full report; both sets are images in [0, 1] of the classifier's input shape. */
    public static Report evaluate(Classifier classifier, INDArray generated, INDArray real, Protocol protocol) {
        checkUnitRange("generated images", generated);
        checkUnitRange("real images", real);
        INDArray[] gen = classifier.featuresAndPredictions(generated);
        INDArray[] realOut = classifier.featuresAndPredictions(real);
        INDArray genFeatures = gen[0];
        INDArray realFeatures = realOut[0];
        INDArray genProbabilities = gen[1];
        INDArray realProbabilities = realOut[1];
        int nGen = (int) generated.size(0);
        int nReal = (int) real.size(0);
        int splits = Math.min(protocol.scoreSplits(), Math.min(nGen, nReal));
        return new Report(classifier.name(), nGen, nReal,
                FrechetDistance.between(genFeatures, realFeatures),
                KernelInceptionDistance.estimate(genFeatures, realFeatures, protocol.kidSubsetSize(),
                        protocol.kidSubsets(), protocol.seed()),
                ClassifierScore.of(genProbabilities, splits),
                ClassifierScore.of(realProbabilities, splits),
                PrecisionRecall.of(realFeatures, genFeatures, protocol.neighbours()),
                ClassCoverage.of(genProbabilities),
                protocol);
    }

    /** The first {@code n} images of {@code data} as a batch {@code [n, 1, h, w]} in [0, 1]. */
    public static INDArray images(ImageDataset data, int n) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("n must be in 1.." + data.size() + " (the images of " + data.name()
                    + "), found " + n);
        }
        return data.batch(n).limit(n).layout(Layout.IMAGE).target(Target.LABELS).iterator().next().getFeatures();
    }

    /** Maps values from [lo, hi] (e.g. a GAN's [-1, 1]) to [0, 1], as a new array. */
    public static INDArray toUnitRange(INDArray x, double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("need hi > lo, found lo=" + lo + " hi=" + hi);
        }
        return x.sub(lo).divi(hi - lo);
    }

    private static void checkUnitRange(String what, INDArray x) {
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (!(min >= -1e-6 && max <= 1 + 1e-6)) {
            throw new IllegalArgumentException(what + " must lie in [0, 1], found values in [" + min + ", " + max
                    + "]; map a GAN's [-1, 1] output with GenerativeEvaluation.toUnitRange(x, -1, 1). Shape "
                    + Arrays.toString(x.shape()));
        }
    }
}
