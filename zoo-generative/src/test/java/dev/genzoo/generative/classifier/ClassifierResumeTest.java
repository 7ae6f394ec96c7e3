package dev.genzoo.generative.classifier;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifiers train through {@code TrainingLoop}: a run (augmentation and dropout drawn from ND4J's generator,
 * Adam state in the checkpoint) killed mid-epoch and resumed ends bit-identical to an uninterrupted
 * one, and the metrics log is written.
 */
class ClassifierResumeTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    static CnnClassifier small() {
        // augmented: shifts, mirroring and dropout all draw from ND4J's generator, reseeded every step
        return CnnClassifier.create(CnnClassifier.Config.defaults().withFeatureSize(16).withSeed(4)
                .withAugmentation(Augmentation.FLIP_SHIFT));
    }

    @Test
    void killedAndResumedEndsBitIdentical() throws Exception {
        Path dir = tmp.resolve("run");
        // 5 steps an epoch, 2 epochs; checkpoints every 3 steps and at epoch ends
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(20).withLimit(100).withSeed(3).withQuiet(true)
                .withCheckpoints(dir, 3);

        CnnClassifier uninterrupted = small();
        Path log = tmp.resolve("metrics.jsonl");
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0).withMetricsLog(log));
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(lines.size() - 1).matches(".*\"event\"\\s*:\\s*\"end\".*"), String.join("\n", lines));

        CnnClassifier killed = small();
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(ClassifierTraining.INSTANCE.pipeline(killed, MNIST, o).iterator())
                .setStep(ResumeChecks.killedAfter(ClassifierTraining.INSTANCE.step(killed, o), 8)).setOptions(o)
                .build().run());

        CnnClassifier resumed = small();
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(6, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }
}
