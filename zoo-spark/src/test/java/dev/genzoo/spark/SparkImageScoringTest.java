package dev.genzoo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.ImageFolder;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.spark.SparkScorer.Output;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image files scored on Spark ({@code binaryFile} rows, decoded on the executors) against the same
 * folder read on one machine with {@link ImageFolder}: the same scores and classes, file for file; a
 * damaged file fails the job naming its path, and no result is marked complete.
 */
class SparkImageScoringTest {

    static final int N = 60;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().appName("genzoo-image-scoring-test").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The first N bundled MNIST test images as PNG files, in one subfolder per digit; file name = index. */
    private static Path pngs(Path dir) throws Exception {
        ImageDataset mnist = SparkScoringTest.MNIST;
        for (int i = 0; i < N; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int p = 0; p < 784; p++) {
                px[p] = (byte) mnist.pixel(i, p);
            }
            Path f = Files.createDirectories(dir.resolve("digit-" + mnist.label(i))).resolve(String.format("%03d.png", i));
            ImageIO.write(img, "png", f.toFile());
        }
        Files.writeString(dir.resolve("digit-0/README.txt"), "not an image: not read");
        return dir;
    }

    /** Image index (the file name) of each row's path. */
    private static int index(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Integer.parseInt(name.substring(0, name.indexOf('.')));
    }

    /** The folder as ImageFolder reads it on one machine, in file-index order, flat [N, 784]. */
    private static INDArray oneMachine(Path dir) throws Exception {
        ImageDataset d = ImageFolder.read(dir, 28, 28);
        assertEquals(N, d.size());
        // ImageFolder orders by class folder, then file name; put the rows back in index order
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        float[] v = new float[N * 784];
        for (int k = 0; k < N; k++) {
            int i = index(files.get(k).toString());
            for (int p = 0; p < 784; p++) {
                v[i * 784 + p] = d.value(k, p);
            }
        }
        return Nd4j.create(v, new long[] {N, 784}, 'c');
    }

    private static double[] byIndex(Dataset<Row> scored, String column) {
        double[] out = new double[N];
        for (Row r : scored.select("path", column).collectAsList()) {
            out[index(r.getString(0))] = ((Number) r.get(1)).doubleValue();
        }
        return out;
    }

    @Test
    void imageFilesScoreAsTheFolderDoesOnOneMachine(@TempDir Path tmp) throws Exception {
        Path dir = pngs(tmp.resolve("digits"));
        INDArray x = oneMachine(dir);
        // the PNGs hold the data set's pixels: the folder read gives them back exactly
        assertEquals(SparkScoringTest.array(N, false), x);

        Dataset<Row> files = SparkScorer.imageFiles(spark, dir.toString());
        assertEquals(N, files.count(), "the text file is not an image row");
        AnomalyScoring ae = ModelZoo.load("autoencoder:mnist");
        double[] expected = ae.anomalyScore(x).castTo(DataType.DOUBLE).toDoubleVector();
        // one partition, one batch: the batch is the one-machine batch, bit for bit
        Dataset<Row> scored = SparkScorer.of(ShippedModel.named("autoencoder:mnist"), Output.ANOMALY_SCORE)
                .batchSize(N).score(files.orderBy("path").coalesce(1));
        List<String> cols = List.of(scored.columns());
        assertEquals(List.of("path", "modificationTime", "length", "content", "anomaly_score"), cols);
        // file order within the one batch is path order; the one-machine batch is index order, which
        // is path order within a folder only: compare against the model on the path-ordered batch
        List<Row> ordered = scored.select("path", "anomaly_score").collectAsList();
        int[] order = ordered.stream().mapToInt(r -> index(r.getString(0))).toArray();
        double[] samebatch = ae.anomalyScore(x.getRows(order)).castTo(DataType.DOUBLE).toDoubleVector();
        assertArrayEquals(samebatch, ordered.stream().mapToDouble(r -> r.getDouble(1)).toArray(),
                "Spark's image scores differ from the model's on the same batch on one machine");
        // partitions and batches of 16: the same scores to float rounding
        double[] got = byIndex(SparkScorer.of(ShippedModel.named("autoencoder:mnist"), Output.ANOMALY_SCORE)
                .batchSize(16).score(files.repartition(3)), "anomaly_score");
        double drift = SparkScoringTest.maxRelative(expected, got);
        assertTrue(drift <= 1e-5, "scores move by " + drift + " relative from one machine's");

        // a convolutional classifier (input 1x28x28) reads the pixels in the right order
        Classifier clf = ModelZoo.load("classifier-mnist:mnist");
        int[] local = clf.predict(x.reshape('c', N, 1, 28, 28)).argMax(1).toIntVector();
        int correct = 0;
        for (Row r : SparkScorer.of(ShippedModel.named("classifier-mnist:mnist"), Output.CLASS).score(files)
                .select("path", "class").collectAsList()) {
            int i = index(r.getString(0));
            assertEquals(local[i], r.getInt(1), "class of " + r.getString(0));
            correct += r.getInt(1) == SparkScoringTest.MNIST.label(i) ? 1 : 0;
            assertTrue(r.getString(0).contains("digit-" + SparkScoringTest.MNIST.label(i)));
        }
        assertTrue(correct > 0.9 * N, correct + "/" + N + " right: pixels out of order");
    }

    @Test
    void aDamagedFileFailsTheJobNamingItAndNoResultIsMarkedComplete(@TempDir Path tmp) throws Exception {
        Path dir = pngs(tmp.resolve("digits"));
        Path good = dir.resolve("digit-7/000.png");
        byte[] png = Files.readAllBytes(good);
        Path bad = dir.resolve("digit-7/bad.png");
        Files.write(bad, java.util.Arrays.copyOf(png, png.length / 2));
        Path out = tmp.resolve("scored");
        var e = assertThrows(Exception.class, () -> SparkScoreJob.run(new SparkScoreJob.Request("autoencoder:mnist",
                "images:" + dir, "anomaly-score", out.toString(), "local[2]", List.of(), 32, null, false, false,
                false)));
        String all = messages(e);
        assertTrue(all.contains("bad.png") && all.contains("damaged or truncated"), all);
        assertFalse(Files.exists(out), "a failed job left its result folder (" + out + ")");

        // a dense model of 784 inputs takes 28x28 images; another size must multiply out to 784
        Files.delete(bad);
        var size = assertThrows(IllegalArgumentException.class, () -> SparkScoreJob.run(new SparkScoreJob.Request(
                "autoencoder:mnist", "images:" + dir + ",size=20x20", "anomaly-score", out.toString(), "local[1]",
                List.of(), 32, null, false, false, false)));
        assertTrue(size.getMessage().contains("20x20") && size.getMessage().contains("784"), size.getMessage());
        var form = assertThrows(IllegalArgumentException.class, () -> SparkScoreJob.run(new SparkScoreJob.Request(
                "autoencoder:mnist", "images:" + dir + ",size=big", "anomaly-score", out.toString(), "local[1]",
                List.of(), 32, null, false, false, false)));
        assertTrue(form.getMessage().contains("HxW"), form.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void theJobWritesEachFilesPathAndResultNotItsBytes(@TempDir Path tmp) throws Exception {
        Path dir = pngs(tmp.resolve("digits"));
        Path out = tmp.resolve("scored");
        SparkScoreJob.Result r = SparkScoreJob.run(new SparkScoreJob.Request("autoencoder:mnist", "images:" + dir
                + ",size=28x28", "reconstruction-error", out.toString(), "local[2]", List.of(), 32, null, false, false,
                false));
        assertEquals(N, r.rows());
        double[] expected = ((dev.genzoo.core.model.Reconstructing) ModelZoo.load("autoencoder:mnist"))
                .reconstruct(oneMachine(dir)).castTo(DataType.DOUBLE).subi(oneMachine(dir).castTo(DataType.DOUBLE))
                .norm2(1).toDoubleVector();
        Map<Integer, Double> got = new HashMap<>();
        String header = null;
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                try (BufferedReader b = Files.newBufferedReader(p)) {
                    header = b.readLine();
                    for (String line; (line = b.readLine()) != null; ) {
                        String[] f = line.split(",");
                        got.put(index(f[0]), Double.parseDouble(f[f.length - 1]));
                    }
                }
            }
        }
        assertEquals("path,modificationTime,length,reconstruction_error", header);
        assertEquals(N, got.size());
        for (int i = 0; i < N; i++) {
            double e = expected[i] * expected[i];
            assertEquals(e, got.get(i), 1e-4 * e, "reconstruction error of image " + i);
        }
    }

    private static String messages(Throwable e) {
        List<String> m = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            m.add(String.valueOf(t.getMessage()));
        }
        return String.join(" | ", m);
    }
}
