package dev.genzoo.generative.rbm;

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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBM trains through {@code TrainingLoop} like every family: a PCD run (momentum, persistent
 * chains and the learning-rate schedule's update count are state of the step) killed mid-epoch and resumed ends bit-identical to an uninterrupted
 * one; the metrics log is written and quiet means quiet.
 */
class RbmResumeTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    static RestrictedBoltzmannMachine small(RestrictedBoltzmannMachine.Training training) {
        // PCD with the decaying learning rate, whose update count is state of the step too
        return RestrictedBoltzmannMachine.create(RestrictedBoltzmannMachine.Config.defaults().withSizes(784, 16)
                .withTraining(training, 2).withMomentum(0.5).withSeed(9)
                .withDecaySteps(training == RestrictedBoltzmannMachine.Training.PCD ? 5 : 0));
    }

    @Test
    void pcdKilledAndResumedEndsBitIdentical() {
        check(RestrictedBoltzmannMachine.Training.PCD);
    }

    @Test
    void cdKilledAndResumedEndsBitIdentical() {
        check(RestrictedBoltzmannMachine.Training.CD);
    }

    private void check(RestrictedBoltzmannMachine.Training training) {
        Path dir = tmp.resolve("run-" + training);
        // 10 steps an epoch, 2 epochs; checkpoints every 4 steps and at epoch ends
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(20).withLimit(200).withSeed(3).withQuiet(true)
                .withCheckpoints(dir, 4);

        RestrictedBoltzmannMachine uninterrupted = small(training);
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));
        assertTrue(full.epochLoss().get(1) < full.epochLoss().get(0), "the reconstruction error fell: "
                + full.epochLoss());

        RestrictedBoltzmannMachine killed = small(training);
        var pipeline = RbmTraining.INSTANCE.pipeline(killed, MNIST, o);
        RbmTraining.INSTANCE.prepare(killed, MNIST, pipeline);
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(pipeline.iterator()).setStep(ResumeChecks.killedAfter(RbmTraining.INSTANCE.step(killed, o), 15))
                .setOptions(o).build().run());

        RestrictedBoltzmannMachine resumed = small(training);
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(12, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }

    @Test
    void aZooSizedPcdRbmResumesFromItsCheckpoint() {
        // rbm:mnist's size: its momentum (784 x 500) and persistent chains make a 2.5 MB state file,
        // which a fixed 1 MiB limit on state files refused, so every checkpoint was skipped on resume
        Path dir = tmp.resolve("zoo-sized");
        TrainingOptions o = TrainingOptions.epochs(1).withBatchSize(100).withLimit(200).withSeed(3).withQuiet(true)
                .withCheckpoints(dir, 0);
        RestrictedBoltzmannMachine first = RestrictedBoltzmannMachine.create(RestrictedBoltzmannMachine.Config
                .defaults().withSizes(784, 500).withTraining(RestrictedBoltzmannMachine.Training.PCD, 1)
                .withMomentum(0.5).withSeed(9));
        first.train(MNIST, o);
        RestrictedBoltzmannMachine resumed = RestrictedBoltzmannMachine.create(first.config());
        TrainingReport r = resumed.train(MNIST, o.withEpochs(2).withResumeFrom(dir));
        assertEquals(2, r.resumedAtStep());
        assertEquals(2, r.epochLoss().size());
    }

    @Test
    void metricsLogIsWrittenAndQuietPrintsNothing() throws Exception {
        Path log = tmp.resolve("metrics.jsonl");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            small(RestrictedBoltzmannMachine.Training.CD).train(MNIST, TrainingOptions.epochs(1).withBatchSize(20)
                    .withLimit(100).withQuiet(true).withMetricsLog(log).withLogEvery(1));
        } finally {
            System.setErr(before);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.stream().filter(l -> l.matches(".*\"event\"\\s*:\\s*\"step\".*")).count(),
                String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).matches(".*\"event\"\\s*:\\s*\"end\".*"), lines.get(lines.size() - 1));
        assertEquals("", err.toString().trim(), "quiet training printed to stderr");
    }
}
