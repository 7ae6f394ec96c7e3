package dev.genzoo.autoencoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.testing.ResumeChecks;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A denoising autoencoder (masking corruption drawn inside the graph from ND4J's generator)
 * killed mid-epoch and resumed through {@code train} ends bit-identical to an uninterrupted run.
 */
class AutoencoderResumeTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    static DenoisingAutoencoder small() {
        return DenoisingAutoencoder.create(new DenoisingAutoencoder.Config(784, List.of(32), 8, "masking:0.3",
                ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42));
    }

    @Test
    void denoisingAutoencoderKilledAndResumedEndsBitIdentical() {
        Path dir = tmp.resolve("run");
        // 10 steps an epoch, 2 epochs; checkpoints every 4 steps and at epoch ends
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(20).withLimit(200).withSeed(3).withQuiet(true)
                .withCheckpoints(dir, 4);

        DenoisingAutoencoder uninterrupted = small();
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));

        DenoisingAutoencoder killed = small();
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(AutoencoderTraining.INSTANCE.pipeline(killed, MNIST, o).iterator())
                .setStep(ResumeChecks.killedAfter(AutoencoderTraining.INSTANCE.step(killed, o), 15)).setOptions(o).build().run());

        DenoisingAutoencoder resumed = small();
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(12, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }
}
