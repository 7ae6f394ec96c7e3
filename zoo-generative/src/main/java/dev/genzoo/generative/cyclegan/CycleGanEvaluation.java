package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.eval.FrechetDistance;
import dev.genzoo.core.eval.KernelInceptionDistance;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.eval.Ssim;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.generative.classifier.CnnClassifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CycleGAN's metrics on a test split, per direction, each next to the identity baseline
 * (translating nothing) where that makes sense:
 * <ul>
 * <li>{@code a2b_psnr}/{@code _ssim} and {@code b2a_psnr}/{@code _ssim}: against the exact ground
 * truth of the transform pairs (mean per-image PSNR in dB and SSIM on [0, 1]);
 * {@code ..._identity} the same for the untranslated input;</li>
 * <li>{@code cycle_psnr_a}, {@code cycle_psnr_b}: F(G(a)) against a, G(F(b)) against b;</li>
 * <li>content, with the zoo's bundled classifiers: for MNIST pairs the share of translations into
 * the digit domain classified as the source digit ({@code b2a_content_accuracy}; for
 * {@code inverted} also {@code a2b_content_accuracy}, classifying the translation's exact negative);
 * for Fashion pairs the share of translations the Fashion classifier assigns to the target class
 * ({@code a2b_target_share}, {@code b2a_target_share}, with {@code _identity});</li>
 * <li>{@code a2b_fid}, {@code b2a_fid} (and {@code _kid}): Fréchet distance (and kernel distance) between the classifier's 128 features of
 * the translations and of real images of the target domain (inverted digits are mapped back through
 * their exact inverse first; edge maps are fed as they are, features of images the classifier never
 * saw), with {@code _identity}.</li>
 * </ul>
 * At most {@value #MAX_IMAGES} images per domain, the first of each domain in the split's order.
 */
public final class CycleGanEvaluation implements EvaluationProtocol<CycleGan> {
    /** The protocol (it keeps no state). */
    public static final CycleGanEvaluation INSTANCE = new CycleGanEvaluation();
    /** Images per domain at most. */
    public static final int MAX_IMAGES = 2000;
    private static final int KID_SUBSETS = 100;

    private CycleGanEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(CycleGan model, ImageDataset data) {
        DomainPair pair = model.domains();
        DomainPair.Domains d = pair.domains(data);
        int nA = Math.min(MAX_IMAGES, d.a().size());
        int nB = Math.min(MAX_IMAGES, d.b().size());
        INDArray a = images(d.a(), nA);
        INDArray b = images(d.b(), nB);
        INDArray ab = model.translate(a, Direction.A2B);
        INDArray ba = model.translate(b, Direction.B2A);
        INDArray aba = model.translate(ab, Direction.B2A);
        INDArray bab = model.translate(ba, Direction.A2B);
        String protocol = nA + " images of domain A ('" + pair.nameA() + "') and " + nB + " of B ('" + pair.nameB()
                + "') from " + data.name() + " (" + pair + "), the first of each";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        if (pair.hasGroundTruth()) {
            INDArray aTruth = images(d.aTruth(), nA);
            INDArray bTruth = images(d.bTruth(), nB);
            put(m, "a2b_psnr", psnr(ab, aTruth), "mean per-image PSNR (dB, [0,1] scale) of G(a) against a's exact"
                    + " translation; " + protocol);
            put(m, "a2b_psnr_identity", psnr(a, aTruth), "baseline: the same for the untranslated a; " + protocol);
            put(m, "a2b_ssim", ssim(ab, aTruth), "mean SSIM of G(a) against a's exact translation; " + protocol);
            put(m, "b2a_psnr", psnr(ba, bTruth), "mean per-image PSNR (dB, [0,1] scale) of F(b) against the image b"
                    + " was made from; " + protocol);
            put(m, "b2a_psnr_identity", psnr(b, bTruth), "baseline: the same for the untranslated b; " + protocol);
            put(m, "b2a_ssim", ssim(ba, bTruth), "mean SSIM of F(b) against the image b was made from; " + protocol);
        }
        put(m, "cycle_psnr_a", psnr(aba, a), "mean per-image PSNR of F(G(a)) against a; " + protocol);
        put(m, "cycle_psnr_b", psnr(bab, b), "mean per-image PSNR of G(F(b)) against b; " + protocol);
        if (pair.dataset() == DatasetId.MNIST) {
            Classifier c = CnnClassifier.bundled(DatasetId.MNIST);
            int[] bLabels = labels(d.b(), nB);
            int[] aLabels = labels(d.a(), nA);
            String cp = " (" + c.name() + ":mnist); " + protocol;
            put(m, "b2a_content_accuracy", accuracy(c, unit(ba), bLabels), "share of F(b) classified as the digit b"
                    + " shows" + cp);
            UnaryOperator<INDArray> toDigits = pair == DomainPair.INVERTED ? x -> unit(x).rsubi(1.0) : CycleGanEvaluation::unit;
            if (pair == DomainPair.INVERTED) {
                put(m, "a2b_content_accuracy", accuracy(c, toDigits.apply(ab), aLabels), "share of G(a) whose exact"
                        + " negative is classified as the digit a shows" + cp);
            }
            distances(m, "b2a_fid", c, unit(ba), unit(a), "F(b) against real digits (domain A), classifier"
                    + " features" + cp);
            distances(m, "b2a_fid_identity", c, toDigits.apply(b), unit(a), "baseline: the untranslated b"
                    + (pair == DomainPair.INVERTED ? " (inverted back exactly, so it is the digits' own distance)" : "")
                    + " against real digits" + cp);
            distances(m, "a2b_fid", c, toDigits.apply(ab), toDigits.apply(b), "G(a) against real images of"
                    + " domain B, classifier features" + (pair == DomainPair.INVERTED ? " of both inverted back"
                    : " of edge maps (images the classifier never saw)") + cp);
            distances(m, "a2b_fid_identity", c, toDigits.apply(a), toDigits.apply(b), "baseline: the same for the"
                    + " untranslated a" + cp);
        } else {
            Classifier c = CnnClassifier.bundled(DatasetId.FASHION_MNIST);
            String cp = " (" + c.name() + ":fashion-mnist); " + protocol;
            put(m, "a2b_target_share", share(c, unit(ab), pair.classB()), "share of G(a) classified as '" + pair.nameB()
                    + "'" + cp);
            put(m, "a2b_target_share_identity", share(c, unit(a), pair.classB()), "baseline: the same for the"
                    + " untranslated a" + cp);
            put(m, "b2a_target_share", share(c, unit(ba), pair.classA()), "share of F(b) classified as '" + pair.nameA()
                    + "'" + cp);
            put(m, "b2a_target_share_identity", share(c, unit(b), pair.classA()), "baseline: the same for the"
                    + " untranslated b" + cp);
            distances(m, "a2b_fid", c, unit(ab), unit(b), "G(a) against real '" + pair.nameB() + "' images,"
                    + " classifier features" + cp);
            distances(m, "a2b_fid_identity", c, unit(a), unit(b), "baseline: the same for the untranslated a" + cp);
            distances(m, "b2a_fid", c, unit(ba), unit(a), "F(b) against real '" + pair.nameA() + "' images,"
                    + " classifier features" + cp);
            distances(m, "b2a_fid_identity", c, unit(b), unit(a), "baseline: the same for the untranslated b" + cp);
        }
        return m;
    }

    private static void put(Map<String, ModelCard.Metric> m, String key, double value, String protocol) {
        m.put(key, new ModelCard.Metric(value, protocol));
    }

    /** The first {@code n} images of {@code data}, [n, 1, 28, 28] in [-1, 1]. */
    static INDArray images(ImageDataset data, int n) {
        return data.batch(n).limit(n).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).target(Target.LABELS).iterator()
                .next().getFeatures();
    }

    private static int[] labels(ImageDataset data, int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = data.label(i);
        }
        return l;
    }

    private static INDArray unit(INDArray x) {
        return x.add(1.0).divi(2.0);
    }

    /** Mean per-image PSNR in dB of two batches in [-1, 1], measured on the [0, 1] scale (an exact match counts 100 dB). */
    public static double psnr(INDArray x, INDArray truth) {
        INDArray mse = Reconstruction.mse(unit(x), unit(truth));
        double sum = 0;
        for (long i = 0; i < mse.length(); i++) {
            sum += -10 * Math.log10(Math.max(mse.getDouble(i), 1e-10));
        }
        return sum / mse.length();
    }

    private double ssim(INDArray x, INDArray truth) {
        return Ssim.ssim(unit(x), unit(truth)).meanNumber().doubleValue();
    }

    private static double accuracy(Classifier c, INDArray x, int[] labels) {
        INDArray predicted = c.predict(x).argMax(1);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted.getInt(i) == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    private static double share(Classifier c, INDArray x, int target) {
        INDArray predicted = c.predict(x).argMax(1);
        int hits = 0;
        for (int i = 0; i < predicted.length(); i++) {
            hits += predicted.getInt(i) == target ? 1 : 0;
        }
        return (double) hits / predicted.length();
    }

    /**
     * Puts FID and KID (unbiased MMD² with the cubic kernel, the mean of {@value #KID_SUBSETS} subsets
     * of up to 1,000 rows, seed 0) of {@code x} against {@code real} under {@code key} and
     * {@code key} with "fid" replaced by "kid".
     */
    private static void distances(Map<String, ModelCard.Metric> m, String key, Classifier c, INDArray x, INDArray real,
            String protocol) {
        INDArray fx = c.features(x);
        INDArray fr = c.features(real);
        put(m, key, FrechetDistance.between(fx, fr), "FID, " + protocol);
        var kid = KernelInceptionDistance.estimate(fx, fr, 1000, KID_SUBSETS, 0);
        put(m, key.replace("fid", "kid"), kid.mean(), String.format(java.util.Locale.ROOT, "KID (unbiased MMD^2,"
                + " cubic kernel, mean of %d subsets of up to 1000, std %.4f), ", KID_SUBSETS, kid.std()) + protocol);
    }
}
