package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The zoo's training step (the fast trainer) and the textbook {@code graph.fit} follow the same
 * loss trajectory from the same seed: speed does not change the maths. This is the bench's
 * {@code mlp-vae} model, zoo versus naive.
 */
class VaeFastPathParityTest {
    @Test
    void zooStepAndGraphFitGiveTheSameLosses() {
        MlpVae zoo = MlpVae.create(MlpVae.Config.defaults());
        MlpVae naive = MlpVae.create(MlpVae.Config.defaults());
        assertTrue(zoo.fastTrainer().isPresent(), "the dense VAE takes the fast path");
        var step = VaeTraining.INSTANCE.step(zoo, dev.genzoo.core.train.TrainingOptions.epochs(1));
        var it = Datasets.bundled(DatasetId.FASHION_MNIST).batch(64).iterator();
        for (int i = 0; i < 12; i++) {
            var batch = it.next();
            Nd4j.getRandom().setSeed(1000 + i);
            double fast = step.run(batch).primary();
            Nd4j.getRandom().setSeed(1000 + i);
            naive.graph().fit(naive.trainingData(batch.getFeatures(), null));
            assertEquals(naive.graph().score(), fast, 1e-4 * Math.abs(fast), "loss at step " + i);
        }
        double diff = zoo.graph().params().sub(naive.graph().params()).amax().getDouble(0);
        assertTrue(diff < 1e-4, "parameters differ by " + diff);
    }
}
