package dev.genzoo.autoencoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.train.TrainingOptions;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Learning is real: losses fall, regularisers do what they claim. Bundled data, a few seconds each. */
class AutoencoderLearningTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);
    static final int[] TRAIN = IntStream.range(0, 800).toArray();
    static final int[] HELD_OUT = IntStream.range(800, 1000).toArray();

    static Stream<String> autoencoders() {
        return AutoencoderRegistryTest.autoencoders();
    }

    static INDArray heldOut(boolean image) {
        return MNIST.batch(200).subset(HELD_OUT).layout(image ? Layout.IMAGE : Layout.FLAT).iterator().next()
                .getFeatures();
    }

    @ParameterizedTest
    @MethodSource("autoencoders")
    void heldOutReconstructionErrorFallsWellBelowItsStart(String name) throws Exception {
        GraphAutoencoder ae = ModelZoo.create(name);
        INDArray x = heldOut(ae.inputShape().height() > 1);
        double before = ae.reconstructionError(x).meanNumber().doubleValue();
        var report = ae.train(subset(), TrainingOptions.epochs(6).withBatchSize(50));
        double after = ae.reconstructionError(x).meanNumber().doubleValue();
        assertTrue(after < 0.6 * before, name + ": held-out error " + before + " -> " + after);
        List<Double> losses = report.epochLoss();
        assertTrue(losses.get(losses.size() - 1) < losses.get(0), name + ": training loss " + losses);
    }

    @Test
    void denoisingImprovesPsnrOverTheNoisyInput() {
        DenoisingAutoencoder dae = DenoisingAutoencoder.create(DenoisingAutoencoder.Config.defaults()
                .withNoise(Noise.gaussian(0.4)));
        dae.train(subset(), TrainingOptions.epochs(15).withBatchSize(50));
        DataSet noisy = MNIST.batch(200).subset(HELD_OUT).noise(Noise.gaussian(0.4)).seed(99).iterator().next();
        INDArray clean = noisy.getLabels();
        double psnrNoisy = Reconstruction.psnr(clean, noisy.getFeatures()).meanNumber().doubleValue();
        double psnrDenoised = Reconstruction.psnr(clean, dae.reconstruct(noisy.getFeatures())).meanNumber()
                .doubleValue();
        assertTrue(psnrDenoised > psnrNoisy + 3, "PSNR noisy " + psnrNoisy + " dB, denoised " + psnrDenoised + " dB");
    }

    @Test
    void sparseCodeMeanActivationApproachesTheTarget() {
        SparseAutoencoder sae = SparseAutoencoder.create(SparseAutoencoder.Config.defaults()
                .withSparsity("kl", 3.0, 0.05));
        INDArray x = heldOut(false);
        double before = sae.encode(x).meanNumber().doubleValue();
        sae.train(subset(), TrainingOptions.epochs(10).withBatchSize(50));
        double after = sae.encode(x).meanNumber().doubleValue();
        assertTrue(Math.abs(after - 0.05) < 0.02, "mean code activation " + before + " -> " + after);
        assertTrue(Math.abs(before - 0.05) > 0.2, "starts far from the target: " + before);
    }

    @Test
    void l1PenaltyGivesMoreNearZeroWeightsThanL2() {
        var base = UndercompleteAutoencoder.Config.defaults().withHidden(List.of(128)).withCodeSize(16);
        UndercompleteAutoencoder l1 = UndercompleteAutoencoder.create(base.withPenalty(WeightPenalty.l1(1e-3)));
        UndercompleteAutoencoder l2 = UndercompleteAutoencoder.create(base.withPenalty(WeightPenalty.l2(1e-3)));
        l1.train(subset(), TrainingOptions.epochs(10).withBatchSize(50));
        l2.train(subset(), TrainingOptions.epochs(10).withBatchSize(50));
        // Rows of pixels that are never inked get no data gradient and shrink to zero under either
        // penalty with Adam; compare the weights of pixels inked in at least 10% of the images.
        int[] active = activePixels();
        double zl1 = nearZeroShare(l1.graph().getLayer("enc0").getParam("W").getRows(active));
        double zl2 = nearZeroShare(l2.graph().getLayer("enc0").getParam("W").getRows(active));
        assertTrue(zl1 > 2 * zl2, "share of |w| < 1e-3 on active pixels: L1 " + zl1 + ", L2 " + zl2);
    }

    @Test
    void weightPenaltyEntersTheScoreAsLambdaTimesR() {
        var cfg = UndercompleteAutoencoder.Config.defaults().withHidden(List.of(32)).withCodeSize(8);
        UndercompleteAutoencoder plain = UndercompleteAutoencoder.create(cfg);
        UndercompleteAutoencoder penalised = UndercompleteAutoencoder.create(cfg.withPenalty(new WeightPenalty(1e-3,
                1e-2)));
        INDArray x = heldOut(false);
        double r = 0;
        for (String layer : List.of("enc0", "code", "dec0", "out")) {
            INDArray w = penalised.graph().getLayer(layer).getParam("W");
            r += 1e-3 * w.norm1Number().doubleValue() + 1e-2 * Math.pow(w.norm2Number().doubleValue(), 2);
        }
        assertEquals(plain.score(x) + r, penalised.score(x), 1e-3 * r);
    }

    static double nearZeroShare(INDArray w) {
        double[] v = w.data().asDouble();
        return (double) java.util.Arrays.stream(v).filter(d -> Math.abs(d) < 1e-3).count() / v.length;
    }

    static int[] activePixels() {
        return IntStream.range(0, 784).filter(p -> IntStream.of(TRAIN).filter(i -> MNIST.pixel(i, p) > 0).count()
                >= TRAIN.length / 10).toArray();
    }

    @Test
    void decayStepsLowersAdamsRateAsOneOverOnePlusTOverTau() throws Exception {
        var decayed = UndercompleteAutoencoder.create(new UndercompleteAutoencoder.Config(784, List.of(64), 16,
                ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42, 10));
        var constant = UndercompleteAutoencoder.create(new UndercompleteAutoencoder.Config(784, List.of(64), 16,
                ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42, 0));
        INDArray x = heldOut(false);
        double before = decayed.reconstructionError(x).meanNumber().doubleValue();
        for (var ae : List.of(decayed, constant)) {
            ae.train(subset(), TrainingOptions.epochs(2).withBatchSize(50));
        }
        int t = decayed.graph().getIterationCount();
        assertEquals(32, t, "800 images in batches of 50, twice");
        var updater = ((org.deeplearning4j.nn.conf.layers.BaseLayer) decayed.graph().getLayer("code").conf()
                .getLayer()).getIUpdater();
        assertEquals(1e-3 / (1 + t / 10.0), updater.getLearningRate(t, 2), 1e-15);
        var flat = ((org.deeplearning4j.nn.conf.layers.BaseLayer) constant.graph().getLayer("code").conf()
                .getLayer()).getIUpdater();
        assertEquals(1e-3, flat.getLearningRate(t, 2), 0);
        // the schedule reached the training step: the same seed and data end elsewhere, and learning happened
        assertTrue(decayed.graph().params().sub(constant.graph().params()).norm2Number().doubleValue() > 1e-3,
                "the decayed run ended where the constant one did");
        double after = decayed.reconstructionError(x).meanNumber().doubleValue();
        assertTrue(after < 0.8 * before, "held-out error " + before + " -> " + after);
        // a card records the schedule; one written before the field existed reads as a constant rate
        UndercompleteAutoencoder scheduled = ModelZoo.load("autoencoder:mnist");
        assertEquals(15000, ((UndercompleteAutoencoder.Config) scheduled.config()).decaySteps(),
                "the bundled card's schedule (300 epochs, τ 15000)");
        UndercompleteAutoencoder older = ModelZoo.load("autoencoder:fashion-mnist");
        assertEquals(0, ((UndercompleteAutoencoder.Config) older.config()).decaySteps());
    }

    static ImageDataset subset() {
        return MNIST.select(TRAIN);
    }

    /** Any DL4J iterator, here one of plain DataSets in [n, 1, 28, 28], trains a family through its recipe. */
    @Test
    void aDl4jIteratorTrainsThroughTheRecipe() throws Exception {
        List<DataSet> batches = new java.util.ArrayList<>();
        var it = MNIST.batch(100).subset(TRAIN).layout(Layout.IMAGE).target(dev.genzoo.core.data.Target.LABELS)
                .iterator();
        while (it.hasNext()) {
            batches.add(it.next());
        }
        ImageDataset fromIterator = ImageDataset.fromIterator("mnist-from-iterator",
                new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(batches, 100));
        assertEquals(800, fromIterator.size());
        assertEquals(28, fromIterator.height());
        assertEquals(10, fromIterator.numClasses());
        assertEquals(MNIST.label(17), fromIterator.label(17));
        assertEquals(MNIST.pixel(17, 300) / 255f, fromIterator.value(17, 300), 1e-6f);

        GraphAutoencoder ae = ModelZoo.create("conv-ae");
        INDArray x = heldOut(true);
        double before = ae.reconstructionError(x).meanNumber().doubleValue();
        ae.train(fromIterator, TrainingOptions.epochs(4).withBatchSize(50));
        double after = ae.reconstructionError(x).meanNumber().doubleValue();
        assertTrue(after < 0.6 * before, "held-out error " + before + " -> " + after);
    }
}
