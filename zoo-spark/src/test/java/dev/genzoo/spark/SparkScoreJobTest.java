package dev.genzoo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.registry.ModelZoo;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link SparkScoreJob}, as {@code genzoo spark-score} runs it: a CSV of MNIST rows (id, label and
 * 784 pixel columns) in, the rows' ids and labels with their scores out, each the single-machine
 * score to float rounding; an existing result is not overwritten; Parquet keeps a code as an array.
 */
class SparkScoreJobTest {

    static final int N = 100;

    private static Path csv(Path dir) throws Exception {
        Path f = dir.resolve("rows.csv");
        StringBuilder b = new StringBuilder("id,label");
        for (int p = 0; p < 784; p++) {
            b.append(",p").append(p);
        }
        b.append('\n');
        for (int i = 0; i < N; i++) {
            b.append(i).append(',').append(SparkScoringTest.MNIST.label(i));
            for (int p = 0; p < 784; p++) {
                b.append(',').append(SparkScoringTest.MNIST.value(i, p)); // Float.toString: read back exactly
            }
            b.append('\n');
        }
        Files.writeString(f, b);
        return f;
    }

    /** Every CSV part file's rows, header dropped, as string cells. */
    private static List<String[]> parts(Path out) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                try (BufferedReader r = Files.newBufferedReader(p)) {
                    r.readLine();
                    for (String line; (line = r.readLine()) != null; ) {
                        rows.add(line.split(","));
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void scoresACsvAsOneMachineDoesAndKeepsAnExistingResult(@TempDir Path dir) throws Exception {
        Path in = csv(dir);
        Path out = dir.resolve("scored");
        AnomalyScoring local = ModelZoo.load("autoencoder:mnist");
        double[] expected = local.anomalyScore(SparkScoringTest.array(N, false)).castTo(DataType.DOUBLE)
                .toDoubleVector();
        double threshold = java.util.Arrays.stream(expected).sorted().toArray()[N * 9 / 10];
        var request = new SparkScoreJob.Request("autoencoder:mnist", "csv:" + in, "anomaly-score", out.toString(),
                "local[2]", List.of(), 64, threshold, false, false, false);
        SparkScoreJob.Result r = SparkScoreJob.run(request);
        assertEquals(N, r.rows());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        List<String[]> rows = parts(out);
        assertEquals(N, rows.size());
        double[] got = new double[N];
        long flagged = 0;
        for (String[] row : rows) {
            assertEquals(4 + 784, row.length, "id, label, the pixel columns, score and flag");
            int id = Integer.parseInt(row[0]);
            got[id] = Double.parseDouble(row[786]);
            boolean flag = Boolean.parseBoolean(row[787]);
            assertEquals(got[id] > threshold, flag, "flag of row " + id);
            flagged += flag ? 1 : 0;
        }
        assertEquals(flagged, r.flagged());
        double drift = SparkScoringTest.maxRelative(expected, got);
        assertTrue(drift <= 1e-5, "scores move by " + drift + " relative from one machine's");

        long before = Files.getLastModifiedTime(out.resolve("_SUCCESS")).toMillis();
        var again = assertThrows(IllegalArgumentException.class, () -> SparkScoreJob.run(request));
        assertTrue(again.getMessage().contains("exists"), again.getMessage());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("_SUCCESS")).toMillis(), "the result was touched");
    }

    @Test
    void parquetKeepsTheCodeAsAnArrayAndCsvSpreadsIt(@TempDir Path dir) throws Exception {
        Path in = csv(dir);
        Path pq = dir.resolve("codes.parquet");
        SparkScoreJob.run(new SparkScoreJob.Request("autoencoder:mnist", "csv:" + in, "code", pq.toString(),
                "local[2]", List.of(), 256, null, true, false, false));
        Encoding enc = ModelZoo.load("autoencoder:mnist");
        double[][] z = enc.encode(SparkScoringTest.array(N, false)).castTo(DataType.DOUBLE).toDoubleMatrix();
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(pq.toString()).select("id", "code").collectAsList();
            assertEquals(N, rows.size());
            for (Row row : rows) {
                double[] v = row.getList(1).stream().mapToDouble(o -> (Double) o).toArray();
                double[] e = z[row.getInt(0)];
                assertEquals(e.length, v.length);
                for (int j = 0; j < e.length; j++) {
                    assertEquals(e[j], v[j], 1e-5 * Math.max(1, Math.abs(e[j])), "code " + j + " of row " + row.getInt(0));
                }
            }
        } finally {
            spark.stop();
        }
        Path flat = dir.resolve("codes.csv");
        SparkScoreJob.run(new SparkScoreJob.Request("autoencoder:mnist", "csv:" + in, "code", flat.toString(),
                "local[2]", List.of(), 256, null, false, false, false));
        String header;
        try (Stream<Path> s = Files.list(flat)) {
            Path part = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            header = Files.readAllLines(part).get(0);
        }
        assertTrue(header.endsWith(",code_" + (z[0].length - 1)), header);
        assertFalse(header.contains("code_" + z[0].length), header);
    }

    @Test
    void badRequestsSayWhatIsExpected(@TempDir Path dir) {
        var output = assertThrows(IllegalArgumentException.class, () -> new SparkScoreJob.Request("autoencoder:mnist",
                "csv:x", "probability", dir.resolve("o").toString(), "local[1]", List.of(), 8, null, false, false,
                false));
        assertTrue(output.getMessage().contains("anomaly-score, reconstruction-error, code, class"),
                output.getMessage());
        var data = assertThrows(IllegalArgumentException.class, () -> SparkScoreJob.run(new SparkScoreJob.Request(
                "autoencoder:mnist", "json:x", "code", dir.resolve("o").toString(), "local[1]", List.of(), 8, null,
                false, false, false)));
        assertTrue(data.getMessage().toLowerCase(Locale.ROOT).contains("csv:path"), data.getMessage());
        assertFalse(Files.exists(dir.resolve("o")));
    }
}
