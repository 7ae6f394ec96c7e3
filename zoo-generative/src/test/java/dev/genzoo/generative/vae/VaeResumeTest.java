package dev.genzoo.generative.vae;

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
 * A VAE (reparameterization noise from ND4J's generator, dynamic binarization from the data
 * seed, KL warm-up driven by DL4J's iteration count) killed mid-epoch and resumed through
 * {@code train} ends bit-identical to an uninterrupted run.
 */
class VaeResumeTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @TempDir
    Path tmp;

    static MlpVae small() {
        return MlpVae.create(MlpVae.Config.defaults().withHidden(List.of(32)).withLatentSize(4).withKlWarmUp(15));
    }

    @Test
    void vaeKilledAndResumedEndsBitIdentical() {
        Path dir = tmp.resolve("run");
        TrainingOptions o = TrainingOptions.epochs(2).withBatchSize(20).withLimit(200).withSeed(5).withQuiet(true)
                .withCheckpoints(dir, 3);

        MlpVae uninterrupted = small();
        TrainingReport full = uninterrupted.train(MNIST, o.withCheckpoints(null, 0));

        MlpVae killed = small();
        assertThrows(ResumeChecks.Killed.class, () -> TrainingLoop.builder().setModel(killed)
                .setData(VaeTraining.INSTANCE.pipeline(killed, MNIST, o).iterator())
                .setStep(ResumeChecks.killedAfter(VaeTraining.INSTANCE.step(killed, o), 14)).setOptions(o).build().run());

        MlpVae resumed = small();
        TrainingReport r = resumed.train(MNIST, o.withResumeFrom(dir));
        assertEquals(12, r.resumedAtStep());
        assertEquals(full.epochLoss(), r.epochLoss());
        ResumeChecks.assertBitIdentical(uninterrupted.networks(), resumed.networks());
    }
}
