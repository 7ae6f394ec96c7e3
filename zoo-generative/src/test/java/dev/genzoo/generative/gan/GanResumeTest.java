package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.testing.ResumeChecks;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GANs (both networks, both updaters, G's noise generator, the trainer's counters) killed
 * mid-epoch and resumed through {@code train} end bit-identical to an uninterrupted run; for the
 * WGAN (5 critic steps per generator step) the kill falls inside a critic cycle.
 */
class GanResumeTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    @Test
    void mlpGanKilledAndResumedEndsBitIdentical() {
        check(() -> MlpGan.create(MlpGan.Config.defaults().withSizes(784, 8, List.of(32), List.of(32))), 14, 12);
    }

    @Test
    void wassersteinGanKilledInsideACriticCycleEndsBitIdentical() {
        check(() -> WassersteinGan.create(WassersteinGan.Config.defaults().withSizes(784, 8, List.of(32),
                List.of(32))), 13, 12);
    }

    @Test
    void trainingWritesFixedNoiseGridsAndLogsTheDiagnostics() throws Exception {
        Path dir = tmp.resolve("grids");
        var gan = ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults());
        gan.train(MNIST, TrainingOptions.epochs(2).withBatchSize(50).withLimit(200).withSeed(3).withQuiet(true)
                .withCheckpoints(dir, 0).withLogEvery(1));
        for (String f : List.of("epoch-001.png", "epoch-002.png")) {
            var img = javax.imageio.ImageIO.read(dir.resolve("samples").resolve(f).toFile());
            assertEquals(8 * 29 * 2, img.getWidth(), f + ": 8 images of 28 pixels, 1-pixel gaps, scale 2");
            assertEquals(8 * 29 * 2, img.getHeight());
        }
        // the same noise both epochs, but G trained in between: the grids differ
        assertTrue(!java.util.Arrays.equals(java.nio.file.Files.readAllBytes(dir.resolve("samples/epoch-001.png")),
                java.nio.file.Files.readAllBytes(dir.resolve("samples/epoch-002.png"))));
        var steps = java.nio.file.Files.readAllLines(dir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"event\":\"step\"")).toList();
        assertEquals(8, steps.size(), "one line per step");
        String last = steps.get(steps.size() - 1);
        for (String key : List.of("d_loss", "g_loss", "d_real", "d_fake", "g_grad_norm", "sample_spread")) {
            assertTrue(last.contains("\"" + key + "\""), key + " in " + last);
        }
    }

    private void check(Supplier<? extends AbstractGan> make, int killAfter, long expectedResumeStep) {
        Path dir = tmp.resolve("run");
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(20).withLimit(200).withSeed(5).withQuiet(true)
                .withCheckpoints(dir, 3);
        AbstractGan uninterrupted = make.get();
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));

        AbstractGan killed = make.get();
        var pipeline = MNIST.batch(20).shuffle(5).scale(dev.genzoo.core.data.Scale.SYMMETRIC)
                .target(dev.genzoo.core.data.Target.LABELS).dropLast(true).limit(200);
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(pipeline.iterator()).setStep(ResumeChecks.killedAfter(GanTraining.INSTANCE.step(killed, o), killAfter))
                .setOptions(o).build().run());

        AbstractGan resumed = make.get();
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(expectedResumeStep, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        assertTrue(full.epochLoss().stream().allMatch(Double::isFinite));
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }
}
