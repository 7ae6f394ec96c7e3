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

    /** DATA as rows: {@code pixels} (array of float, the model's units), {@code png} (the image's file bytes), {@code label}. */
    static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows() throws Exception {
        var schema = new org.apache.spark.sql.types.StructType()
                .add("pixels", org.apache.spark.sql.types.DataTypes.createArrayType(
                        org.apache.spark.sql.types.DataTypes.FloatType, false))
                .add("png", org.apache.spark.sql.types.DataTypes.BinaryType)
                .add("label", org.apache.spark.sql.types.DataTypes.IntegerType);
        java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < DATA.size(); i++) {
            Float[] v = new Float[784];
            var img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < 784; p++) {
                v[p] = DATA.value(i, p);
                px[p] = (byte) DATA.pixel(i, p);
            }
            var png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", png);
            rows.add(org.apache.spark.sql.RowFactory.create(v, png.toByteArray(), DATA.label(i)));
        }
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void rowsInTheClusterTrainAsTheDataSetDoes() throws Exception {
        var rows = rows();
        // one partition in the data set's order, one local step: the single-machine loop, bit for bit
        GenZooModel single = ModelZoo.create("autoencoder");
        ModelZoo.entry("autoencoder").train(single, DATA, options(2));
        GenZooModel fromRows = ModelZoo.create("autoencoder");
        SparkTrainer.Report r = new SparkTrainer(spark, 1, 1).train(fromRows, rows.coalesce(1), "pixels", "label",
                options(2));
        assertEquals(12, r.steps());
        assertSameNetworks(single, fromRows, "trained from rows");
        // image files' bytes, two parts gathered on the executors: the conditional VAE learns from them
        GenZooModel cvae = ModelZoo.create("cvae-mlp");
        SparkTrainer.Report images = new SparkTrainer(spark, 2, 2).train(cvae, rows, "png", "label", options(3));
        assertEquals(3, images.epochLoss().size());
        assertTrue(images.epochLoss().get(2) < 0.9 * images.epochLoss().get(0), "loss per epoch "
                + images.epochLoss());
        assertEquals(9, images.steps(), "96 examples a part, 3 batches each: 2 rounds (2 + 1 steps) a part");
    }

    @Test
    void badRowsAreRefusedNamingWhatIsWrong() throws Exception {
        var rows = rows();
        SparkTrainer t = new SparkTrainer(spark, 2, 1);
        var missing = assertThrows(IllegalArgumentException.class, () -> t.train(ModelZoo.create("autoencoder"),
                rows, "image", null, options(1)));
        assertTrue(missing.getMessage().contains("no feature column 'image'"), missing.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> t.train(ModelZoo.create("autoencoder"),
                rows, "label", null, options(1)));
        assertTrue(type.getMessage().contains("expected an array of numbers"), type.getMessage());
        var label = assertThrows(IllegalArgumentException.class, () -> t.train(ModelZoo.create("autoencoder"),
                rows, "pixels", "png", options(1)));
        assertTrue(label.getMessage().contains("expected whole numbers"), label.getMessage());
        var shortRows = rows.withColumn("pixels", org.apache.spark.sql.functions.slice(
                org.apache.spark.sql.functions.col("pixels"), 1, 100));
        var length = assertThrows(Exception.class, () -> t.train(ModelZoo.create("autoencoder"), shortRows, "pixels",
                null, options(1)));
        String m = SparkScoringTest.rootMessage(length);
        assertTrue(m.contains("100 feature values") && m.contains("takes 784"), m);
        var empty = assertThrows(IllegalArgumentException.class, () -> t.train(ModelZoo.create("autoencoder"),
                rows.limit(1), "pixels", null, options(1)));
        assertTrue(empty.getMessage().contains("holds no examples"), empty.getMessage());
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
