package dev.genzoo.generative.cyclegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Translator;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.testing.ResumeChecks;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.model.Family;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CycleGanTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    static CycleGan.Config tiny(String domains) {
        return new CycleGan.Config(domains, 4, 1, List.of(8, 8), 10, 0.5, 6, 2e-4, 0.5, 4, 4, 11);
    }

    @Test
    void referenceArchitectureShapesAndParameters() {
        CycleGan m = CycleGan.create(CycleGan.Config.defaults());
        INDArray x = Nd4j.rand(3, 1, 28, 28).muli(2).subi(1);
        INDArray y = m.translate(x, Direction.A2B);
        assertEquals(List.of(3L, 1L, 28L, 28L), List.of(y.size(0), y.size(1), y.size(2), y.size(3)));
        assertTrue(y.amaxNumber().doubleValue() <= 1.0, "tanh output");
        INDArray s = m.discriminate(x, Direction.B2A);
        assertEquals(List.of(3L, 1L, 7L, 7L), List.of(s.size(0), s.size(1), s.size(2), s.size(3)), "7x7 patches");
        // the four networks, G and F alike, D_A and D_B alike, from different seeds
        ComputationGraph g = m.generator(Direction.A2B);
        ComputationGraph f = m.generator(Direction.B2A);
        assertEquals(g.numParams(), f.numParams());
        assertTrue(!g.params().equals(f.params()), "G and F start apart");
        assertEquals(4, m.networks().size());
        assertEquals(Family.GAN, m.family());
        assertEquals("digit", m.domainA());
        assertEquals(0.0, CycleGan.Config.defaults("inverted").identityWeight());
        assertEquals(0.5, CycleGan.Config.defaults("sneaker-boot").identityWeight());
    }

    @Test
    void translationThroughTheEngineIsDl4jsInference() throws Exception {
        CycleGan bundled = ModelZoo.load("cyclegan:mnist-inverted");
        for (CycleGan m : List.of(bundled, CycleGan.create(tiny("edges")))) {
            // 300 images: more than one engine chunk
            INDArray x = TranslationGrid.examples(m.domains(), MNIST, Direction.A2B, 300);
            for (Direction d : Direction.values()) {
                INDArray engine = m.translate(x, d);
                INDArray dl4j = m.translateThroughDl4j(x, d);
                double diff = engine.sub(dl4j).amaxNumber().doubleValue();
                assertTrue(diff < 1e-4, m.domains() + " " + d + ": max difference " + diff);
            }
        }
    }

    @Test
    void invalidConfigsAreRefusedNamingTheField() {
        var base = CycleGan.Config.defaults();
        assertMessage(() -> new CycleGan.Config("horse-zebra", 16, 3, List.of(32, 64), 10, 0.5, 50, 2e-4, 0.5, 1, 1, 1),
                "unknown domain pair");
        assertMessage(() -> new CycleGan.Config("inverted", 0, 3, List.of(32, 64), 10, 0.5, 50, 2e-4, 0.5, 1, 1, 1),
                "generatorFilters");
        assertMessage(() -> new CycleGan.Config("inverted", 16, 3, List.of(32, 64, 128), 10, 0.5, 50, 2e-4, 0.5, 1, 1, 1),
                "at most 2 stride-2");
        assertMessage(() -> new CycleGan.Config("inverted", 16, 3, List.of(32), -1, 0.5, 50, 2e-4, 0.5, 1, 1, 1),
                "cycleWeight");
        assertMessage(() -> new CycleGan.Config("inverted", 16, 3, List.of(32), 10, 0.5, 50_000, 2e-4, 0.5, 1, 1, 1),
                "poolSize");
        assertMessage(() -> new CycleGan.Config("inverted", 16, 3, List.of(32), 10, 0.5, 50, 2e-4, 1.0, 1, 1, 1),
                "beta1");
        assertMessage(() -> new CycleGan.Config("inverted", 16, 3, List.of(32), 10, 0.5, 50, 2e-4, 0.5, 1, 0, 1),
                "decaySteps");
        assertEquals("inverted", base.domains());
    }

    @Test
    void badInputIsRefusedWithWhatWasExpected() {
        CycleGan m = CycleGan.create(tiny("inverted"));
        assertMessage(() -> m.translate(Nd4j.rand(2, 784), Direction.A2B), "cyclegan");
        assertMessage(() -> m.translate(Nd4j.rand(2, 1, 14, 14), Direction.A2B), "28");
        INDArray nan = Nd4j.rand(2, 1, 28, 28);
        nan.putScalar(0, 0, 3, 3, Double.NaN);
        assertMessage(() -> m.translate(nan, Direction.B2A), "NaN");
        assertMessage(() -> m.translate(Nd4j.rand(2, 1, 28, 28), null), "direction");
        assertMessage(() -> Translator.Direction.of("sideways"), "a2b or b2a");
        // a Fashion pair on MNIST images: the data set is named
        CycleGan fashion = CycleGan.create(tiny("sneaker-boot"));
        assertMessage(() -> fashion.train(MNIST, TrainingOptions.epochs(1).withBatchSize(4).withQuiet(true)),
                "fashion-mnist");
        assertMessage(() -> CycleGan.create(tiny("inverted")).train(MNIST.select(new int[] {0, 1, 2, 3}),
                TrainingOptions.epochs(1).withBatchSize(4).withQuiet(true)), "no full batch");
    }

    @Test
    void savedAndLoadedTranslatesIdentically() throws Exception {
        CycleGan m = CycleGan.create(tiny("edges"));
        m.train(MNIST, TrainingOptions.epochs(1).withBatchSize(4).withLimit(16).withSeed(3).withQuiet(true));
        Path dir = tmp.resolve("artifact");
        ModelArtifacts.save(m, ModelCard.builder(CycleGan.NAME, "mnist-edges", m.family()).build(), dir);
        CycleGan back = ModelZoo.load(dir);
        assertEquals(m.config(), back.config());
        INDArray x = TranslationGrid.examples(DomainPair.EDGES, MNIST, Direction.B2A, 5);
        assertEquals(m.translate(x, Direction.B2A), back.translate(x, Direction.B2A));
        assertEquals(m.cycle(x, Direction.B2A), back.cycle(x, Direction.B2A));
    }

    @Test
    void killedAndResumedEndsBitIdentical() {
        Path dir = tmp.resolve("run");
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(4).withLimit(24).withSeed(5).withQuiet(true)
                .withCheckpoints(dir, 2);
        CycleGan uninterrupted = CycleGan.create(tiny("inverted"));
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));

        CycleGan killed = CycleGan.create(tiny("inverted"));
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(CycleGanTraining.INSTANCE.iterator(killed, MNIST, o))
                .setStep(ResumeChecks.killedAfter(CycleGanTraining.INSTANCE.step(killed, o), 9)).setOptions(o).build()
                .run());

        CycleGan resumed = CycleGan.create(tiny("inverted"));
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(8, r.resumedAtStep(), "the newest checkpoint before the kill, with a full pool (6 < 8 fakes)");
        assertEquals(full.epochLoss(), r.epochLoss());
        assertTrue(full.epochLoss().stream().allMatch(Double::isFinite));
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), "'" + part + "' in: " + ex.getMessage());
    }
}
