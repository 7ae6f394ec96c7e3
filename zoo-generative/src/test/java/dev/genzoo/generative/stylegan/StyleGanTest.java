package dev.genzoo.generative.stylegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.Gan.StyleBased.Noise;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.testing.ResumeChecks;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.engine.FastGraphTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class StyleGanTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    /** A small StyleGAN: w of 16, 2 mapping layers, 8/8/4 channels, a 4/8/8 discriminator. */
    static StyleGan.Config tiny(long seed) {
        return new StyleGan.Config(16, 2, 0.01, List.of(8, 8, 4), List.of(4, 8, 8), 4, 0.9, 0.01, 4, 10_000, 0.995,
                0.002, 0.0, 0.99, seed);
    }

    private static INDArray[] inputs(StyleGan m, int n, long seed) {
        INDArray w = m.mapping(m.noise(n, seed));
        INDArray[] in = new INDArray[1 + 2 * StyleGan.LAYERS];
        in[0] = Nd4j.zeros(DataType.FLOAT, n, 1);
        INDArray[] noise = StyleGan.noise(n, Noise.RANDOM, seed);
        for (int l = 0; l < StyleGan.LAYERS; l++) {
            in[1 + l] = w;
            in[1 + StyleGan.LAYERS + l] = noise[l];
        }
        return in;
    }

    @Test
    void architectureHasTheRolesAndShapesOfTheDescription() {
        StyleGan m = StyleGan.create(StyleGan.Config.defaults());
        assertEquals(List.of(StyleGan.MAPPING, StyleGan.SYNTHESIS, StyleGan.DISCRIMINATOR, StyleGan.MAPPING_EMA,
                StyleGan.SYNTHESIS_EMA, StyleGan.MEAN_STYLE), List.copyOf(m.networks().keySet()));
        assertEquals(m.mappingNetwork().numParams(), m.mappingAverage().numParams());
        assertEquals(m.synthesisNetwork().params(), m.synthesisAverage().params(), "the average starts at the weights");
        INDArray x = m.generate(3, 1);
        assertArrayEquals(new long[] {3, 1, 28, 28}, x.shape());
        assertTrue(x.maxNumber().doubleValue() <= 1 && x.minNumber().doubleValue() >= -1);
        assertArrayEquals(new long[] {3, 1}, m.discriminate(x).shape());
        assertEquals(6, m.styleLayers());
        assertArrayEquals(new long[] {1, 128}, m.meanStyle().shape());
        for (ComputationGraph g : new ComputationGraph[] {m.mappingNetwork(), m.synthesisNetwork(), m.discriminator()}) {
            assertEquals(null, FastGraphTrainer.unsupportedReason(g), "the engine runs every StyleGAN network");
        }
    }

    @Test
    void theEnginesPassesAreDl4jsInference() {
        StyleGan m = StyleGan.create(tiny(3));
        // noise strengths away from zero, so that the noise path is exercised
        m.synthesisAverage().params().addi(Nd4j.randn(m.synthesisAverage().params().shape()).muli(0.05)
                .castTo(DataType.FLOAT));
        INDArray[] in = inputs(m, 5, 9);
        INDArray engine = m.synthesize(java.util.Arrays.copyOfRange(in, 1, 1 + StyleGan.LAYERS), Noise.RANDOM, 9);
        INDArray dl4j = StyleGan.throughDl4j(m.synthesisAverage(), in);
        assertTrue(engine.equalsWithEps(dl4j, 1e-4), "synthesis: engine vs DL4J");
        INDArray x = engine.dup();
        assertTrue(m.discriminate(x).equalsWithEps(StyleGan.throughDl4j(m.discriminator(), x), 1e-4),
                "discriminator with minibatch deviation: engine vs DL4J");
        // more rows than one inference pass takes (64): passes of whole groups of 4, the last one short and
        // unpadded, so every row sees the group a single pass forms (passes of 250 split rows 248-251)
        INDArray many = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(4), 262, 1, 28, 28).castTo(DataType.FLOAT)
                .muli(2).subi(1);
        assertTrue(m.discriminate(many).equalsWithEps(StyleGan.throughDl4j(m.discriminator(), many.dup()), 1e-4),
                "discriminator over 262 rows in passes vs one DL4J pass");
        INDArray z = StyleGan.normalize(m.noise(5, 2));
        assertTrue(m.mapping(m.noise(5, 2)).equalsWithEps(StyleGan.throughDl4j(m.mappingAverage(), z), 1e-5));
    }

    /**
     * AdaIN: after instance norm, the styled maps of layer l have, per image and channel, the mean of
     * the style's shift and the standard deviation of 1 + its scale (up to instance norm's ε).
     */
    @Test
    void adaptiveInstanceNormGivesTheStylesMeanAndDeviation() {
        StyleGan m = StyleGan.create(tiny(4));
        // styles far from the initial identity, noise on
        for (int l = 0; l < StyleGan.LAYERS; l++) {
            for (String p : new String[] {"s" + l + "Scale", "s" + l + "Shift", "s" + l + "Noise"}) {
                for (INDArray v : m.synthesisAverage().getLayer(p).paramTable().values()) {
                    v.addi(Nd4j.randn(DataType.FLOAT, v.shape()).muli(0.3));
                }
            }
        }
        INDArray[] in = inputs(m, 3, 5);
        Map<String, INDArray> acts = m.synthesisAverage().feedForward(in, false);
        for (int l : new int[] {1, 4}) {
            INDArray y = acts.get("s" + l);
            INDArray scale = acts.get("s" + l + "Scale");
            INDArray shift = acts.get("s" + l + "Shift");
            INDArray mean = y.mean(2, 3);
            INDArray std = y.std(false, 2, 3);
            assertTrue(mean.equalsWithEps(shift, 1e-3), "layer " + l + " mean " + mean + " vs shift " + shift);
            INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.abs(scale.add(1.0));
            assertTrue(std.equalsWithEps(expected, 2e-3), "layer " + l + " std " + std + " vs |1 + scale| " + expected);
        }
    }

    @Test
    void withZeroNoiseStrengthTheNoiseChangesNothing() {
        StyleGan m = StyleGan.create(tiny(5));
        INDArray[] w = m.truncate(m.mapping(m.noise(4, 1)), 1.0, 0);
        INDArray none = m.synthesize(w, Noise.NONE, 0);
        assertEquals(none, m.synthesize(w, Noise.RANDOM, 7), "noise strengths start at zero");
        assertEquals(none, m.synthesize(w, Noise.FIXED, 0));
        // with a strength, the noise shows
        m.synthesisAverage().getLayer("s5Noise").getParam("W").assign(0.5);
        INDArray noisy = m.synthesize(w, Noise.RANDOM, 7);
        assertNotEquals(none, noisy);
        assertEquals(noisy, m.synthesize(w, Noise.RANDOM, 7), "the same noise seed gives the same images");
        assertNotEquals(noisy, m.synthesize(w, Noise.RANDOM, 8));
    }

    @Test
    void truncationToTheMeanGivesOneImageForEveryLatent() {
        StyleGan m = StyleGan.create(tiny(6));
        m.train(MNIST, TrainingOptions.epochs(1).withBatchSize(8).withLimit(32).withSeed(2).withQuiet(true));
        m.synthesisAverage().getLayer("s3Noise").getParam("W").assign(0.5);
        INDArray psi0 = m.sample(5, 11, 0.0, StyleGan.LAYERS, Noise.FIXED);
        for (int i = 1; i < 5; i++) {
            assertEquals(psi0.get(NDArrayIndex.point(0)), psi0.get(NDArrayIndex.point(i)), "image " + i);
        }
        INDArray psi1 = m.sample(5, 11, 1.0, StyleGan.LAYERS, Noise.FIXED);
        assertNotEquals(psi1.get(NDArrayIndex.point(0)), psi1.get(NDArrayIndex.point(1)));
        // a cutoff of 2 pulls only the coarse layers: images still differ
        INDArray coarse = m.sample(5, 11, 0.0, 2, Noise.FIXED);
        assertNotEquals(coarse.get(NDArrayIndex.point(0)), coarse.get(NDArrayIndex.point(1)));
        assertEquals(psi1, m.sample(5, 11, 1.0, StyleGan.LAYERS, Noise.FIXED));
    }

    @Test
    void samplesComeFromTheAverageAndSurviveAnArtifactRoundTrip() throws Exception {
        StyleGan m = StyleGan.create(tiny(7));
        m.train(MNIST, TrainingOptions.epochs(1).withBatchSize(8).withLimit(48).withSeed(3).withQuiet(true));
        assertNotEquals(m.synthesisNetwork().params(), m.synthesisAverage().params(), "the average lags the weights");
        assertNotEquals(0.0, m.meanStyle().norm2Number().doubleValue(), "w-bar moved");
        Path dir = tmp.resolve("artifact");
        ModelArtifacts.save(m, ModelCard.builder(StyleGan.NAME, "mnist", m.family()).build(), dir);
        StyleGan back = ModelZoo.load(dir);
        assertEquals(m.config(), back.config());
        assertEquals(m.sample(6, 42), back.sample(6, 42));
        assertEquals(m.sample(6, 42, 0.7, 4, Noise.RANDOM), back.sample(6, 42, 0.7, 4, Noise.RANDOM));
        assertEquals(m.meanStyle(), back.meanStyle());
        assertEquals(m.mix(new long[] {1, 2}, new long[] {3, 4, 5}, 2), back.mix(new long[] {1, 2}, new long[] {3, 4, 5}, 2));
        // samples are the average's: the live synthesis network gives other images
        INDArray[] in = inputs(m, 4, 1);
        assertNotEquals(StyleGan.throughDl4j(m.synthesisNetwork(), in), StyleGan.throughDl4j(m.synthesisAverage(), in));

        // a bundle without the live generator (as the bundled variants ship): the same samples, live = average
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var card = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(dir.resolve("model-card.json").toFile());
        var files = (com.fasterxml.jackson.databind.node.ObjectNode) card.get("files");
        for (String role : new String[] {StyleGan.MAPPING, StyleGan.SYNTHESIS}) {
            files.remove(role + ".zip");
            java.nio.file.Files.delete(dir.resolve(role + ".zip"));
        }
        mapper.writeValue(dir.resolve("model-card.json").toFile(), card);
        StyleGan slim = ModelZoo.load(dir);
        assertEquals(m.sample(6, 42), slim.sample(6, 42));
        assertEquals(slim.synthesisAverage().params(), slim.synthesisNetwork().params());
        assertEquals(slim.mappingAverage().params(), slim.mappingNetwork().params());
    }

    @Test
    void aMixTakesCoarseStylesFromAAndFineFromB() {
        StyleGan m = StyleGan.create(tiny(8));
        m.train(MNIST, TrainingOptions.epochs(1).withBatchSize(8).withLimit(32).withSeed(4).withQuiet(true));
        long[] a = {10, 11};
        long[] b = {20, 21, 22};
        INDArray grid = m.mix(a, b, 2);
        assertArrayEquals(new long[] {6, 1, 28, 28}, grid.shape());
        INDArray wa = m.mapping(m.latentNoise(a));
        INDArray wb = m.mapping(m.latentNoise(b));
        INDArray[] ws = new INDArray[StyleGan.LAYERS];
        for (int l = 0; l < StyleGan.LAYERS; l++) {
            ws[l] = l < 2 ? wa.getRow(1, true) : wb.getRow(2, true);
        }
        assertEquals(m.synthesize(ws, Noise.FIXED, 0).get(NDArrayIndex.point(0)), grid.get(NDArrayIndex.point(5)),
                "row 1 (a = 11), column 2 (b = 22)");
        assertEquals(m.sample(1, 22, 1.0, StyleGan.LAYERS, Noise.FIXED), m.mix(new long[] {10}, new long[] {22}, 0),
                "crossover 0: all styles from b");
        assertEquals(m.sample(1, 10, 1.0, StyleGan.LAYERS, Noise.FIXED), m.mix(new long[] {10}, new long[] {22}, 6),
                "crossover 6: all styles from a");
    }

    @Test
    void killedAndResumedEndsBitIdentical() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(8).withLimit(32).withSeed(5).withQuiet(true)
                .withCheckpoints(dir, 2);
        StyleGan uninterrupted = StyleGan.create(tiny(9));
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));

        StyleGan killed = StyleGan.create(tiny(9));
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(StyleGanTraining.INSTANCE.pipeline(killed, MNIST, o).iterator())
                .setStep(ResumeChecks.killedAfter(StyleGanTraining.INSTANCE.step(killed, o), 5)).setOptions(o).build()
                .run());

        StyleGan resumed = StyleGan.create(tiny(9));
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(4, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        assertTrue(full.epochLoss().stream().allMatch(Double::isFinite));
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());

        // a checkpoint folder loads as a model (what `genzoo sample runs/x/ckpt-...` does): the last one is the end state
        Path last = dev.genzoo.core.train.Checkpoints.list(dir).get(dev.genzoo.core.train.Checkpoints.list(dir).size() - 1);
        StyleGan fromCheckpoint = ModelZoo.load(last);
        assertEquals(resumed.config(), fromCheckpoint.config());
        assertEquals(resumed.sample(4, 1), fromCheckpoint.sample(4, 1));
    }

    @Test
    void invalidConfigsAndInputsAreRefusedNamingWhatWasWrong() {
        assertMessage(() -> new StyleGan.Config(16, 2, 0.01, List.of(8, 8), List.of(4, 8, 8), 4, 0.9, 0.01, 4,
                10_000, 0.995, 0.002, 0.0, 0.99, 1), "synthesisChannels");
        assertMessage(() -> new StyleGan.Config(16, 2, 0.01, List.of(8, 8, 4), List.of(4, 8, 8), 1, 0.9, 0.01, 4,
                10_000, 0.995, 0.002, 0.0, 0.99, 1), "minibatchStdGroup");
        assertMessage(() -> new StyleGan.Config(16, 2, 0.01, List.of(8, 8, 4), List.of(4, 8, 8), 4, 1.5, 0.01, 4,
                10_000, 0.995, 0.002, 0.0, 0.99, 1), "styleMixing");
        assertMessage(() -> new StyleGan.Config(16, 2, 0.0, List.of(8, 8, 4), List.of(4, 8, 8), 4, 0.9, 0.01, 4,
                10_000, 0.995, 0.002, 0.0, 0.99, 1), "mappingLearningRateMultiplier");
        StyleGan m = StyleGan.create(tiny(10));
        assertMessage(() -> m.train(MNIST, TrainingOptions.epochs(1).withBatchSize(6).withLimit(24).withQuiet(true)),
                "multiple of minibatchStdGroup");
        assertMessage(() -> m.synthesize(new INDArray[3], Noise.NONE, 0), "one style matrix per synthesis layer");
        assertMessage(() -> m.mapping(Nd4j.zeros(2, 5)), "[n, 16]");
        assertMessage(() -> m.mix(new long[] {1}, new long[] {2}, 7), "crossover layer must be in 0..6");
        assertMessage(() -> m.sample(2, 1, Double.NaN, 6, Noise.NONE), "truncation psi must be finite");
        INDArray nan = Nd4j.zeros(2, 16);
        nan.putScalar(1, 3, Double.NaN);
        assertMessage(() -> m.mapping(nan), "NaN");
        assertTrue(m instanceof Gan.StyleBased);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), "'" + part + "' in: " + ex.getMessage());
    }
}
