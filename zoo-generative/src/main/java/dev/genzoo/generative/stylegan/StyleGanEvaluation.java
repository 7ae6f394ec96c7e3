package dev.genzoo.generative.stylegan;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.eval.FrechetDistance;
import dev.genzoo.core.eval.GenerativeEvaluation;
import dev.genzoo.core.eval.PrecisionRecall;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.generative.classifier.CnnClassifier;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * StyleGAN's own metrics on a test split:
 * <ul>
 * <li>{@code d_real_mean}, {@code d_fake_mean}: the discriminator's mean probability D(x) on real
 * images and on as many samples.</li>
 * <li>For MNIST and Fashion-MNIST, with the zoo's bundled classifier of that data set: the
 * <b>truncation sweep</b>, for ψ in {@link #PSI}: FID, precision and recall
 * ({@code fid_psi_0.7}, {@code precision_psi_0.7}, ...) of {@value #SWEEP} samples (seeds 0..,
 * truncation on every layer) against as many test images. Truncation trades variety for typicality:
 * precision should rise and recall fall as ψ goes down (Kynkäänniemi et al. 2019).</li>
 * <li>The <b>style-mixing consistency</b>: for {@value #PAIRS} pairs of latents (a, b), the image
 * that takes a's styles on the layers below the crossover and b's above it, with the same fixed noise;
 * among the pairs whose own images the classifier puts in different classes, the share of mixes it
 * assigns to a's class ({@code mixing_consistency}: coarse styles from a, crossover at layer 2, the end
 * of the 7x7 layers; {@code mixing_consistency_from_4}: coarse and middle from a) and to b's class
 * ({@code mixing_fine_share}). A high share for a at crossover 2 means the coarse layers decide what
 * the image shows and the fine ones how it is drawn.</li>
 * </ul>
 * The headline FID, KID, IS, precision and recall at ψ = 1 come from {@code genzoo evaluate
 * --classifier} as for every generative model.
 */
public final class StyleGanEvaluation implements EvaluationProtocol<StyleGan> {
    /** The protocol (it keeps no state). */
    public static final StyleGanEvaluation INSTANCE = new StyleGanEvaluation();
    /** The ψ of the truncation sweep. */
    public static final double[] PSI = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
    /** Samples (and real images) per ψ. */
    public static final int SWEEP = 2000;
    /** Latent pairs of the mixing score. */
    public static final int PAIRS = 1000;

    private StyleGanEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(StyleGan model, ImageDataset data) {
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        int n = Math.min(SWEEP, data.size());
        // the plain samples serve the discriminator's figure and the sweep's psi = 1 (generate is sample at psi 1)
        INDArray plain = model.generate(n, 0);
        discriminator(model, data, n, plain, m);
        Classifier judge = classifierFor(data);
        if (judge == null) {
            return m;
        }
        // the real images' features once; per psi only the samples' (FID and k-NN precision/recall
        // as GenerativeEvaluation computes them, without its KID and score, which the sweep does not report)
        INDArray realFeatures = judge.features(GenerativeEvaluation.images(data, n));
        String setup = n + " samples (seeds 0..) vs the first " + n + " images of " + data.name() + ", "
                + judge.name() + " features";
        for (double psi : PSI) {
            INDArray x = psi == 1.0 ? plain : model.sample(n, 0, psi, StyleGan.LAYERS, Gan.StyleBased.Noise.RANDOM);
            INDArray features = judge.features(unit(x));
            PrecisionRecall pr = PrecisionRecall.of(realFeatures, features,
                    GenerativeEvaluation.Protocol.defaults().neighbours());
            String key = String.format(Locale.ROOT, "psi_%.1f", psi);
            put(m, "fid_" + key, FrechetDistance.between(features, realFeatures), "truncation sweep: FID at psi " + psi
                    + " on every layer; " + setup);
            put(m, "precision_" + key, pr.precision(), "truncation sweep: precision (k=" + pr.k() + ") at psi " + psi
                    + "; " + setup);
            put(m, "recall_" + key, pr.recall(), "truncation sweep: recall (k=" + pr.k() + ") at psi " + psi + "; "
                    + setup);
        }
        MixingShares[] shares = mixingShares(model, judge, new int[] {2, 4}, PAIRS);
        mixing(shares[0], 2, judge, m, "mixing_consistency", "mixing_fine_share");
        mixing(shares[1], 4, judge, m, "mixing_consistency_from_4", null);
        return m;
    }

    /** The zoo's classifier for MNIST or Fashion-MNIST splits, null for other data. */
    static Classifier classifierFor(ImageDataset data) {
        String name = data.name();
        return name.startsWith("fashion-mnist") ? CnnClassifier.bundled(DatasetId.FASHION_MNIST)
                : name.startsWith("mnist") ? CnnClassifier.bundled(DatasetId.MNIST) : null;
    }

    private static void discriminator(StyleGan model, ImageDataset data, int n, INDArray fake,
            Map<String, ModelCard.Metric> m) {
        INDArray real = data.batch(n).limit(n).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).target(Target.LABELS)
                .iterator().next().getFeatures();
        String protocol = n + " real images of " + data.name() + " and " + n + " samples (seeds 0..), in batches of "
                + n;
        put(m, "d_real_mean", sigmoidMean(model.discriminate(real)), "mean D(x) (probability) on real images; "
                + protocol);
        put(m, "d_fake_mean", sigmoidMean(model.discriminate(fake)), "mean D(x) (probability) on samples; " + protocol);
    }

    /**
     * What the classifier makes of style mixes at one crossover.
     *
     * @param toA       share of mixes classified as a's class, among the pairs whose own images differ in class
     * @param toB       the same for b's class
     * @param differing number of such pairs
     */
    public record MixingShares(double toA, double toB, int differing) {
    }

    /**
     * The mixing score at crossover {@code from}: {@code pairs} pairs (a, b) of seeds 10⁶ + i and
     * 2·10⁶ + i, fixed noise, judged by {@code judge}.
     */
    public static MixingShares mixingShares(Gan.StyleBased model, Classifier judge, int from, int pairs) {
        return mixingShares(model, judge, new int[] {from}, pairs)[0];
    }

    /** {@link #mixingShares(Gan.StyleBased, Classifier, int, int)} at several crossovers, the unmixed images classified once. */
    static MixingShares[] mixingShares(Gan.StyleBased model, Classifier judge, int[] froms, int pairs) {
        long[] a = new long[pairs];
        long[] b = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            a[i] = 1_000_000L + i;
            b[i] = 2_000_000L + i;
        }
        INDArray wa = model.mapping(model.latentNoise(a));
        INDArray wb = model.mapping(model.latentNoise(b));
        int layers = model.styleLayers();
        INDArray[] onlyA = new INDArray[layers];
        INDArray[] onlyB = new INDArray[layers];
        java.util.Arrays.fill(onlyA, wa);
        java.util.Arrays.fill(onlyB, wb);
        INDArray ca = classes(judge, model.synthesize(onlyA, Gan.StyleBased.Noise.FIXED, 0));
        INDArray cb = classes(judge, model.synthesize(onlyB, Gan.StyleBased.Noise.FIXED, 0));
        MixingShares[] out = new MixingShares[froms.length];
        for (int f = 0; f < froms.length; f++) {
            INDArray[] mixed = new INDArray[layers];
            for (int l = 0; l < layers; l++) {
                mixed[l] = l < froms[f] ? wa : wb;
            }
            INDArray cm = classes(judge, model.synthesize(mixed, Gan.StyleBased.Noise.FIXED, 0));
            int differing = 0;
            int toA = 0;
            int toB = 0;
            for (int i = 0; i < pairs; i++) {
                if (ca.getInt(i) == cb.getInt(i)) {
                    continue;
                }
                differing++;
                toA += cm.getInt(i) == ca.getInt(i) ? 1 : 0;
                toB += cm.getInt(i) == cb.getInt(i) ? 1 : 0;
            }
            out[f] = new MixingShares(differing == 0 ? Double.NaN : (double) toA / differing,
                    differing == 0 ? Double.NaN : (double) toB / differing, differing);
        }
        return out;
    }

    private static void mixing(MixingShares s, int from, Classifier judge, Map<String, ModelCard.Metric> m,
            String keyA, String keyB) {
        String protocol = String.format(Locale.ROOT, "%d latent pairs (seeds 1000000+i, 2000000+i), fixed noise,"
                + " layers 0..%d from a and %d..5 from b; among the %d pairs whose unmixed images %s puts in different"
                + " classes", PAIRS, from - 1, from, s.differing(), judge.name());
        put(m, keyA, s.toA(), "share of mixes classified as a's class; " + protocol);
        if (keyB != null) {
            put(m, keyB, s.toB(), "share of mixes classified as b's class; " + protocol);
        }
    }

    private static INDArray classes(Classifier judge, INDArray images) {
        return judge.predict(unit(images)).argMax(1);
    }

    private static INDArray unit(INDArray x) {
        return x.add(1.0).divi(2.0);
    }

    private static double sigmoidMean(INDArray logits) {
        return org.nd4j.linalg.ops.transforms.Transforms.sigmoid(logits, true).meanNumber().doubleValue();
    }

    private static void put(Map<String, ModelCard.Metric> m, String key, double value, String protocol) {
        m.put(key, new ModelCard.Metric(value, protocol));
    }
}
