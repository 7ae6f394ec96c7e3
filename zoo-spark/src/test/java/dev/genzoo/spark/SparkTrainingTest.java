package dev.genzoo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Reconstructing;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.train.TrainingOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data-parallel training by parameter averaging ({@link SparkTrainer}) on local Spark: with one
 * partition and one local step it is the single-machine training loop step for step (an
 * autoencoder, a VAE and a GAN, through each family's own recipe); with several partitions it
 * learns; a run cut after an epoch resumes from the driver's checkpoint to the same weights.
 */
class SparkTrainingTest {

    static final ImageDataset DATA = SparkScoringTest.MNIST.select(IntStream.range(0, 192).toArray());
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().appName("genzoo-training-test").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static TrainingOptions options(int epochs) {
        return TrainingOptions.epochs(epochs).withBatchSize(32).withSeed(7).withQuiet(true);
    }

    static void assertSameNetworks(GenZooModel a, GenZooModel b, String what) {
        for (Map.Entry<String, Model> n : a.networks().entrySet()) {
            Model other = b.networks().get(n.getKey());
            assertArrayEquals(n.getValue().params().toFloatVector(), other.params().toFloatVector(),
                    what + ": parameters of '" + n.getKey() + "'");
            INDArray u = dev.genzoo.core.train.Checkpoints.updater(n.getValue()).getStateViewArray();
            if (u != null) {
                assertArrayEquals(u.toFloatVector(), dev.genzoo.core.train.Checkpoints.updater(other).getStateViewArray().toFloatVector(),
                        what + ": updater state of '" + n.getKey() + "'");
            }
            assertEquals(dev.genzoo.core.train.Checkpoints.iterationCount(n.getValue()), dev.genzoo.core.train.Checkpoints.iterationCount(other),
                    what + ": iterations of '" + n.getKey() + "'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"autoencoder", "vae-mlp", "gan-mlp"})
    void onePartitionAndOneLocalStepIsTheSingleMachineLoop(String name) throws Exception {
        GenZooModel single = ModelZoo.create(name);
        GenZooModel spread = ModelZoo.create(name);
        assertSameNetworks(single, spread, "the two fresh models"); // seeded initialisation
        ModelZoo.entry(name).train(single, DATA, options(2));
        SparkTrainer.Report r = new SparkTrainer(spark, 1, 1).train(spread, DATA, options(2));
        assertEquals(12, r.steps(), "192 examples in batches of 32, two epochs");
        assertSameNetworks(single, spread, name + " after 2 epochs");
    }

    @Test
    void threePartitionsLearnAndACutRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        GenZooModel fresh = ModelZoo.create("autoencoder");
        double before = sse(fresh);
        GenZooModel full = ModelZoo.create("autoencoder");
        SparkTrainer trainer = new SparkTrainer(spark, 3, 2);
        SparkTrainer.Report r = trainer.train(full, DATA, options(3));
        assertEquals(3, r.epochLoss().size());
        assertTrue(r.epochLoss().get(2) < r.epochLoss().get(0), "loss per epoch " + r.epochLoss());
        double after = sse(full);
        assertTrue(after < 0.8 * before, "reconstruction SSE " + before + " -> " + after);
        // 192 / 3 = 64 examples a part, 2 batches: one round of 2 local steps per epoch
        assertEquals(3, r.rounds());
        assertEquals(6, r.steps());

        GenZooModel cut = ModelZoo.create("autoencoder");
        trainer.train(cut, DATA, options(2).withCheckpoints(dir, 0));
        GenZooModel resumed = ModelZoo.create("autoencoder");
        SparkTrainer.Report rr = trainer.train(resumed, DATA, options(3).withCheckpoints(dir, 0));
        assertEquals(2, rr.resumedFromEpoch());
        assertEquals(4, rr.resumedAtStep());
        assertEquals(r.epochLoss(), rr.epochLoss());
        assertSameNetworks(full, resumed, "resumed after epoch 2");
    }

    @Test
    void refusesWhatAveragingCannotMerge() {
        var rbm = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark, 2, 1)
                .train(ModelZoo.create("rbm"), DATA, options(1)));
        assertTrue(rbm.getMessage().contains("rbm"), rbm.getMessage());
        var parts = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark, 4, 1)
                .train(ModelZoo.create("autoencoder"), DATA.select(new int[] {0, 1, 2}), options(1)));
        assertTrue(parts.getMessage().contains("3 examples cannot fill 4 partitions"), parts.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark, 0, 1));
        assertFalse(new SparkTrainer(spark, 1, 1).toString().isEmpty());
    }

    private static double sse(GenZooModel m) {
        INDArray x = SparkScoringTest.array(DATA.size(), false);
        INDArray d = ((Reconstructing) m).reconstruct(x).castTo(DataType.DOUBLE).subi(x.castTo(DataType.DOUBLE));
        return d.muli(d).sum().getDouble(0) / DATA.size();
    }
}
