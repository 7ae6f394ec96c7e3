package dev.genzoo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.Reconstructing;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.spark.SparkScorer.Output;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scoring on Spark (local, 2 threads, 3 partitions) against the same model on one machine: every
 * output, row for row, is what the model computes on the whole batch in this JVM; and the checks
 * made on the driver before any task runs.
 */
class SparkScoringTest {

    static final int N = 600;
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().appName("genzoo-scoring-test").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "3").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Rows {@code id, label, pixels (array<float>)} of the first {@code n} bundled MNIST test images. */
    static Dataset<Row> images(SparkSession s, int n, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("label", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Float[] v = new Float[MNIST.pixelCount()];
            for (int p = 0; p < v.length; p++) {
                v[p] = MNIST.value(i, p);
            }
            rows.add(RowFactory.create((long) i, MNIST.label(i), v));
        }
        return s.createDataFrame(rows, schema).repartition(partitions);
    }

    /** The same images as one array, flat or NCHW. */
    static INDArray array(int n, boolean image) {
        float[] v = new float[n * MNIST.pixelCount()];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < MNIST.pixelCount(); p++) {
                v[i * MNIST.pixelCount() + p] = MNIST.value(i, p);
            }
        }
        INDArray x = Nd4j.create(v, new long[] {n, MNIST.pixelCount()}, 'c');
        return image ? x.reshape('c', n, 1, 28, 28) : x;
    }

    /** Column {@code name} of {@code scored} as doubles, ordered by id. */
    static double[] byId(Dataset<Row> scored, String name) {
        List<Row> rows = scored.select("id", name).collectAsList();
        double[] out = new double[rows.size()];
        for (Row r : rows) {
            out[(int) r.getLong(0)] = ((Number) r.get(1)).doubleValue();
        }
        return out;
    }

    @Test
    void anomalyScoresAndReconstructionErrorsAreTheSingleMachineOnesRowForRow() throws Exception {
        ShippedModel shipped = ShippedModel.named("autoencoder:mnist");
        int restores = ShippedModel.restoresInThisJvm();
        int copies = ShippedModel.copiesInThisJvm();
        AnomalyScoring local = ModelZoo.load("autoencoder:mnist");
        double[] expected = local.anomalyScore(array(N, false)).castTo(DataType.DOUBLE).toDoubleVector();

        // the same batch as on one machine (one partition, one batch of N rows): bit for bit
        Dataset<Row> one = images(spark, N, 1);
        Dataset<Row> scored = SparkScorer.of(shipped, Output.ANOMALY_SCORE).features("pixels").batchSize(N).score(one);
        assertEquals(List.of("id", "label", "pixels", "anomaly_score"), List.of(scored.columns()));
        assertArrayEquals(expected, byId(scored, "anomaly_score"), "Spark's scores differ from the model's on one machine");

        // three partitions in batches of 100: a row's result moves only by float rounding, as it does on one
        // machine when the batch size changes (BLAS blocks a product by the number of rows)
        Dataset<Row> rows = images(spark, N, 3);
        double[] got = byId(SparkScorer.of(shipped, Output.ANOMALY_SCORE).batchSize(100).score(rows), "anomaly_score");
        double[] locallyIn100s = new double[N];
        for (int from = 0; from < N; from += 100) {
            double[] part = local.anomalyScore(array(N, false).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
                    from + 100))).castTo(DataType.DOUBLE).toDoubleVector();
            System.arraycopy(part, 0, locallyIn100s, from, 100);
        }
        double spread = maxRelative(expected, locallyIn100s);
        double drift = maxRelative(expected, got);
        assertTrue(drift <= 1e-5 && drift <= Math.max(10 * spread, 1e-6), "Spark's scores move by " + drift
                + " relative; the batch size moves one machine's by " + spread);

        double[] err = byId(SparkScorer.of(shipped, Output.RECONSTRUCTION_ERROR).batchSize(N).score(one),
                "reconstruction_error");
        INDArray x = array(N, false).castTo(DataType.DOUBLE);
        INDArray d = ((Reconstructing) local).reconstruct(array(N, false)).castTo(DataType.DOUBLE).subi(x);
        assertArrayEquals(d.muli(d).sum(1).toDoubleVector(), err);
        double mean = java.util.Arrays.stream(err).average().orElseThrow();
        assertTrue(mean > 0.5 && mean < 20, "a trained autoencoder's SSE per MNIST image, found " + mean);
        // local[2]: the driver is the executor; at most one restore (none if an earlier test restored this
        // artifact), at most one copy for the second task slot, over four jobs
        assertTrue(ShippedModel.restoresInThisJvm() - restores <= 1, "restores "
                + (ShippedModel.restoresInThisJvm() - restores));
        assertTrue(ShippedModel.copiesInThisJvm() - copies <= 1, "copies " + (ShippedModel.copiesInThisJvm() - copies));
    }

    static double maxRelative(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1e-12, Math.abs(a[i])));
        }
        return m;
    }

    @Test
    void codesAndClassesAreTheSingleMachineOnes() throws Exception {
        Dataset<Row> rows = images(spark, N, 1);
        List<Row> codes = SparkScorer.of(ShippedModel.named("autoencoder:mnist"), Output.CODE).batchSize(N).score(rows)
                .select("id", "code").collectAsList();
        Encoding enc = ModelZoo.load("autoencoder:mnist");
        double[][] z = enc.encode(array(N, false)).castTo(DataType.DOUBLE).toDoubleMatrix();
        assertEquals(N, codes.size());
        for (Row r : codes) {
            List<Object> c = r.getList(1);
            double[] v = c.stream().mapToDouble(o -> (Double) o).toArray();
            assertArrayEquals(z[(int) r.getLong(0)], v, "code of row " + r.getLong(0));
        }

        // the convolutional classifier (a 4-d input, the engine's inference pass): classes and their probability
        Dataset<Row> classified = SparkScorer.of(ShippedModel.named("classifier-mnist:mnist"), Output.CLASS)
                .batchSize(N).score(rows);
        Classifier clf = ModelZoo.load("classifier-mnist:mnist");
        INDArray p = clf.predict(array(N, true)).castTo(DataType.DOUBLE);
        int[] k = p.argMax(1).toIntVector();
        int correct = 0;
        for (Row r : classified.select("id", "label", "class", "class_probability").collectAsList()) {
            int i = (int) r.getLong(0);
            assertEquals(k[i], r.getInt(2), "class of row " + i);
            assertEquals(p.getDouble(i, k[i]), r.getDouble(3), "probability of row " + i);
            correct += r.getInt(1) == r.getInt(2) ? 1 : 0;
        }
        assertTrue(correct > 0.95 * N, "the pixels reached the classifier in the wrong order: " + correct + "/" + N);
    }

    @Test
    void wrongInputIsRefusedOnTheDriverOrNamesTheRow() throws Exception {
        ShippedModel ae = ShippedModel.named("autoencoder:mnist");
        Dataset<Row> rows = images(spark, 10, 1);
        var noClass = assertThrows(IllegalArgumentException.class,
                () -> SparkScorer.of(ae, Output.CLASS).score(rows));
        assertTrue(noClass.getMessage().contains("Classifier"), noClass.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> SparkScorer.of(ae, Output.ANOMALY_SCORE).features("image").score(rows));
        assertTrue(missing.getMessage().contains("no column [image]"), missing.getMessage());
        var count = assertThrows(IllegalArgumentException.class,
                () -> SparkScorer.of(ae, Output.ANOMALY_SCORE).features("id", "label").score(rows));
        assertTrue(count.getMessage().contains("takes 784 values"), count.getMessage());
        var taken = assertThrows(IllegalArgumentException.class, () -> SparkScorer.of(ae, Output.ANOMALY_SCORE)
                .score(rows.withColumn("anomaly_score", org.apache.spark.sql.functions.lit(1.0))));
        assertTrue(taken.getMessage().contains("already have a column 'anomaly_score'"), taken.getMessage());

        // a row of the wrong length fails its task with the row and the lengths
        StructType schema = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> shortRow = spark.createDataFrame(List.of(RowFactory.create((Object) new Double[] {0.5, 0.5})),
                schema);
        Exception e = assertThrows(Exception.class,
                () -> SparkScorer.of(ae, Output.ANOMALY_SCORE).score(shortRow).collectAsList());
        assertTrue(rootMessage(e).contains("holds 2 values; the model takes 784"), rootMessage(e));
        Dataset<Row> nan = spark.createDataFrame(List.of(RowFactory.create((Object) nanRow())), schema);
        Exception n = assertThrows(Exception.class,
                () -> SparkScorer.of(ae, Output.ANOMALY_SCORE).score(nan).collectAsList());
        assertTrue(rootMessage(n).contains("pixels[3] is NaN"), rootMessage(n));
    }

    private static Double[] nanRow() {
        Double[] v = new Double[784];
        java.util.Arrays.fill(v, 0.0);
        v[3] = Double.NaN;
        return v;
    }

    static String rootMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
