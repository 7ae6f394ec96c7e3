package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Generative;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.LikelihoodModel;
import dev.genzoo.core.model.Rbm;
import dev.genzoo.core.model.Vae;
import dev.genzoo.core.model.Reconstructing;
import dev.genzoo.core.model.ValueRange;
import dev.genzoo.core.model.Translator;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One contract for every model in the registry (as timm tests every registered model; STYLE.md
 * example 6): this module sees every family, so a new family is covered by registering it. Each test
 * is reported once per entry name. Family tests keep only what is specific to the family.
 */
class RegistryContractTest {
    private static final int N = 4;

    @TempDir
    Path tmp;

    static Stream<String> entries() {
        return ModelZoo.list().stream().filter(e -> !e.tags().contains("test")).map(ZooEntry::name);
    }

    @Test
    void everyFamilyOfTheZooIsRegistered() {
        List<String> names = entries().toList();
        for (String expected : List.of("autoencoder", "denoising-ae", "conv-ae", "vae-mlp", "vae-conv", "cvae-mlp",
                "gan-mlp", "dcgan", "cgan-mlp", "wgan", "rbm", "classifier-mnist")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
    }

    /** A batch of N bundled images in the model's layout and value range, or uniform values where it is not 28x28. */
    static INDArray batch(GenZooModel m) {
        InputShape s = m.inputShape();
        boolean image = s.height() > 1;
        ValueRange r = m.valueRange();
        if (s.size() == 784 && s.channels() == 1) {
            return Datasets.bundled(DatasetId.MNIST).batch(N).layout(image ? Layout.IMAGE : Layout.FLAT)
                    .scale(r.equals(ValueRange.SYMMETRIC) ? Scale.SYMMETRIC : Scale.UNIT).iterator().next()
                    .getFeatures();
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, image ? new long[] {N, s.channels(), s.height(), s.width()}
                : new long[] {N, s.size()});
        return x.muli(r.max() - r.min()).addi(r.min());
    }

    /** Every output the model's capabilities promise, by name, for the same input and seed. */
    static Map<String, INDArray> outputs(GenZooModel m, INDArray x) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (m instanceof Reconstructing r) {
            out.put("reconstruct", r.reconstruct(x));
        }
        if (m instanceof Encoding e) {
            out.put("encode", e.encode(x));
        }
        if (m instanceof AnomalyScoring a) {
            out.put("anomalyScore", a.anomalyScore(x));
        }
        if (m instanceof LikelihoodModel l) {
            out.put("logLikelihood", l.logLikelihood(x, 2));
        }
        if (m instanceof Classifier c) {
            out.put("predict", c.predict(x));
        }
        if (m instanceof ClassConditional c) {
            INDArray labels = Nd4j.zeros(DataType.FLOAT, N, c.numClasses());
            for (int i = 0; i < N; i++) {
                labels.putScalar(i, i % c.numClasses(), 1);
            }
            out.put("sampleOfClass", c.sample(labels, 5));
        }
        if (m instanceof Generative g) {
            out.put("sample", g.sample(N, 5));
        }
        if (m instanceof Translator t) {
            out.put("translateA2B", t.translate(x, Translator.Direction.A2B));
            out.put("translateB2A", t.translate(x, Translator.Direction.B2A));
            out.put("cycleA", t.cycle(x, Translator.Direction.A2B));
        }
        return out;
    }

    /** The method a tool feeds inputs to: what the input checks guard. */
    static Function<INDArray, INDArray> inputMethod(GenZooModel m) {
        if (m instanceof Reconstructing r) {
            return r::reconstruct;
        }
        if (m instanceof Classifier c) {
            return c::predict;
        }
        if (m instanceof Gan.Conditional g) {
            return x -> g.discriminate(x, labels(x.size(0), g.numClasses()));
        }
        if (m instanceof Vae.Conditional v) {
            return x -> v.posteriorMean(x, labels(x.size(0), v.numClasses()));
        }
        if (m instanceof Gan g) {
            return g::discriminate;
        }
        if (m instanceof Rbm r) {
            return r::freeEnergy;
        }
        if (m instanceof Translator t) {
            return x -> t.translate(x, Translator.Direction.A2B);
        }
        if (m instanceof AnomalyScoring a) {
            return a::anomalyScore;
        }
        return fail(m.name() + " takes no input through any method the contract knows; add it to inputMethod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void entryNamesItsRecipeProtocolAndHeadline(String name) throws Exception {
        ZooEntry<?, ?> e = ModelZoo.entry(name);
        assertTrue(e.training().isPresent(), name + " has no training recipe on its entry");
        assertTrue(e.evaluation().isPresent(), name + " has no evaluation protocol on its entry");
        assertFalse(e.headlineMetrics().isEmpty(), name + " names no headline metrics");
        assertFalse(e.description().isBlank(), name + " has no description");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void createsWithDefaultsAndRunsABundledBatch(String name) throws Exception {
        GenZooModel m = ModelZoo.create(name);
        assertEquals(name, m.name());
        assertEquals(ModelZoo.entry(name).family(), m.family());
        Map<String, INDArray> out = outputs(m, batch(m));
        assertFalse(out.isEmpty(), name + " has no capability a tool can use");
        ValueRange range = m.valueRange();
        for (var o : out.entrySet()) {
            INDArray y = o.getValue();
            assertEquals(N, y.size(0), name + "." + o.getKey() + " rows");
            assertTrue(Double.isFinite(y.sumNumber().doubleValue()), name + "." + o.getKey() + " is not finite");
            if (o.getKey().startsWith("sample") || o.getKey().equals("reconstruct") || o.getKey().startsWith("translate")
                    || o.getKey().startsWith("cycle")) {
                long[] expected = y.rank() == 4 ? new long[] {N, m.inputShape().channels(), m.inputShape().height(),
                        m.inputShape().width()} : new long[] {N, m.inputShape().size()};
                assertArrayEquals(expected, y.shape(), name + "." + o.getKey() + " shape");
                double lo = y.minNumber().doubleValue();
                double hi = y.maxNumber().doubleValue();
                assertTrue(lo >= range.min() - 1e-5 && hi <= range.max() + 1e-5, name + "." + o.getKey() + " in ["
                        + lo + ", " + hi + "], outside the model's value range " + range);
            }
        }
        if (m instanceof Encoding e) {
            assertArrayEquals(new long[] {N, e.latentSize()}, out.get("encode").shape(), name + ".encode shape");
        }
        if (m instanceof Generative g) {
            ModelAssertionsSupport.assertIdentical(out.get("sample"), g.sample(N, 5), name + ": same seed, same samples");
            assertNotEquals(out.get("sample"), g.sample(N, 6), name + ": another seed, other samples");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void oneTrainingStepThroughTheRecipeChangesTheParameters(String name) throws Exception {
        ZooEntry<?, ?> e = ModelZoo.entry(name);
        GenZooModel m = ModelZoo.create(name);
        Map<String, INDArray> before = params(m);
        var report = e.train(m, Datasets.bundled(DatasetId.MNIST), TrainingOptions.epochs(1).withBatchSize(8)
                .withLimit(16).withQuiet(true));
        assertTrue(report.steps() >= 1, name + " ran no step");
        assertTrue(Double.isFinite(report.epochLoss().get(0)), name + " loss " + report.epochLoss());
        Map<String, INDArray> after = params(m);
        // every network of a single-network model; for adversarial pairs at least the one stepped first (a
        // critic may take several steps before the generator's first)
        assertTrue(before.keySet().stream().anyMatch(role -> !before.get(role).equals(after.get(role))),
                name + ": no network changed");
        if (before.size() == 1) {
            assertNotEquals(before.values().iterator().next(), after.values().iterator().next(), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void saveAndLoadGiveIdenticalOutputs(String name) throws Exception {
        GenZooModel m = ModelZoo.create(name);
        Path dir = tmp.resolve(name);
        ModelArtifacts.save(m, ModelCard.builder(name, "contract", m.family()).optValueRange(m.valueRange()).build(), dir);
        GenZooModel loaded = ModelZoo.load(dir);
        assertEquals(m.config(), loaded.config(), name + " config");
        assertEquals(m.valueRange(), loaded.valueRange(), name + " value range");
        INDArray x = batch(m);
        Map<String, INDArray> a = outputs(m, x);
        Map<String, INDArray> b = outputs(loaded, x);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            ModelAssertionsSupport.assertIdentical(a.get(k), b.get(k), name + "." + k + " after save/load");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void wrongShapeNaNAndEmptyInputsAreRefusedClearly(String name) throws Exception {
        GenZooModel m = ModelZoo.create(name);
        Function<INDArray, INDArray> in = inputMethod(m);
        INDArray wrong = Nd4j.zeros(DataType.FLOAT, N, m.inputShape().size() + 3);
        var e = assertThrows(IllegalArgumentException.class, () -> in.apply(wrong), name + " took a wrong shape");
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(Arrays.toString(wrong.shape())),
                name + ": the message names the model and the shape found: " + e.getMessage());
        INDArray nan = batch(m).dup();
        nan.putScalar(1, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> in.apply(nan), name + " took NaN");
        assertTrue(e.getMessage().contains("NaN"), name + ": " + e.getMessage());
        long[] emptyShape = batch(m).shape();
        emptyShape[0] = 0;
        INDArray empty = Nd4j.create(DataType.FLOAT, emptyShape);
        e = assertThrows(IllegalArgumentException.class, () -> in.apply(empty), name + " took an empty batch");
        assertTrue(e.getMessage().contains("empty"), name + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void theConfigSeedFixesTheInitialParameters(String name) throws Exception {
        Map<String, INDArray> a = params(ModelZoo.create(name));
        Map<String, INDArray> b = params(ModelZoo.create(name));
        for (String role : a.keySet()) {
            ModelAssertionsSupport.assertIdentical(a.get(role), b.get(role), name + ": the " + role
                    + " of two models from one config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void configRoundTripsThroughJson(String name) throws Exception {
        @SuppressWarnings("unchecked")
        ZooEntry<Record, ?> e = (ZooEntry<Record, ?>) ModelZoo.entry(name);
        Record config = e.defaultConfig();
        assertEquals(config, e.configFromJson(e.configToJson(config)), name + " config JSON round trip");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void bundledCardsAgreeWithTheirModels(String name) throws Exception {
        ZooEntry<?, ?> e = ModelZoo.entry(name);
        for (String variant : e.variants().keySet()) {
            GenZooModel m = ModelZoo.load(name, variant);
            ModelCard card = ModelZoo.registry().card(name, variant);
            assertEquals(m.valueRange(), card.valueRange(), name + ":" + variant + " card's value range");
            assertEquals(m.inputShape(), card.inputShape(), name + ":" + variant + " card's input shape");
            assertTrue(e.headlineMetrics().stream().anyMatch(card.metrics()::containsKey), name + ":" + variant
                    + " card has none of the headline metrics " + e.headlineMetrics() + "; it has "
                    + card.metrics().keySet());
        }
    }

    private static INDArray labels(long n, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, Math.max(n, 1), classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return n == 0 ? Nd4j.create(DataType.FLOAT, 0, classes) : y;
    }

    private static Map<String, INDArray> params(GenZooModel m) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, Model> e : m.networks().entrySet()) {
            p.put(e.getKey(), e.getValue().params().dup());
        }
        return p;
    }

    /** Bit-identical arrays, with a message. */
    static final class ModelAssertionsSupport {
        private ModelAssertionsSupport() {
        }

        static void assertIdentical(INDArray expected, INDArray actual, String what) {
            assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
            assertTrue(expected.equals(actual), what + " differs");
        }
    }
}
