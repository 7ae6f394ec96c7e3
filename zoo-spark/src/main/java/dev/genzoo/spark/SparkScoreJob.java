package dev.genzoo.spark;

import dev.genzoo.spark.SparkScorer.Output;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * One scoring job: read a table ({@code csv:PATH} with a header row, or {@code parquet:PATH}) or
 * image files ({@code images:PATH[,size=HxW]}), score
 * every row with a zoo model on Spark ({@link SparkScorer}), write the rows with their results to a
 * folder (CSV or Parquet, through Spark's commit protocol: a failed job leaves no result marked
 * complete), and say how many rows and how long. {@code genzoo spark-score} runs it; so does
 * {@code spark-submit --class dev.genzoo.spark.SparkScoreJob} ({@link #main}).
 *
 * <p>The signatures here use no Spark type, so the command line can link against this class on a
 * class path without Spark and report that Spark is missing.
 */
public final class SparkScoreJob {

    /**
     * @param model     an artifact folder or {@code name:variant}
     * @param data      {@code csv:PATH} (a header row; numbers inferred), {@code parquet:PATH}, or
     *                  {@code images:PATH[,size=HxW]} (image files under a folder, one row each: path and result;
     *                  size for a dense model whose input is not a square image); any path Spark reads
     * @param output    anomaly-score, reconstruction-error, code or class
     * @param out       the result folder (must not exist unless {@code overwrite})
     * @param master    the Spark master URL ({@code local[*]}, {@code spark://host:7077}, ...); null inside spark-submit
     * @param features  the feature columns, or empty for the card's columns or the rows' numeric columns
     * @param batchSize rows per pass through the model
     * @param threshold with anomaly-score: flag above it instead of the card's threshold; null for the card's
     * @param parquet   write Parquet (arrays kept) instead of CSV (array columns dropped, a code spread over code_0..)
     * @param overwrite replace {@code out} if it exists
     * @param shipJars  give the executors this JVM's GenZoo and Deeplearning4j jars ({@code spark.jars}); for a
     *                  cluster whose executors do not have them installed
     */
    public record Request(String model, String data, String output, String out, String master, List<String> features,
            int batchSize, Double threshold, boolean parquet, boolean overwrite, boolean shipJars) {
        public Request {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(out, "out");
            features = List.copyOf(Objects.requireNonNullElse(features, List.of()));
            SparkScoreJob.output(output); // checks
        }
    }

    /** What a job did. */
    public record Result(String model, long rows, long flagged, String out, double seconds, int partitions,
            String master) {
    }

    private SparkScoreJob() {
    }

    /** {@code anomaly-score} and the other names as {@link Output}s. */
    static Output output(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Output o : Output.values()) {
            if (o.name().equals(n)) {
                return o;
            }
        }
        throw new IllegalArgumentException("output must be one of anomaly-score, reconstruction-error, code, class;"
                + " found '" + name + "'");
    }

    /** True when Spark's classes are on this class path. */
    public static boolean sparkAvailable() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkScoreJob.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Runs the job in a session of its own (stopped at the end), or in the active one inside spark-submit. */
    public static Result run(Request r) throws Exception {
        if (!r.out().contains("://") && Files.exists(Path.of(r.out())) && !r.overwrite()) {
            throw new IllegalArgumentException(r.out() + " exists; give another folder, or overwrite to replace it");
        }
        ShippedModel model = Files.isDirectory(Path.of(r.model())) ? ShippedModel.of(Path.of(r.model()))
                : ShippedModel.named(r.model());
        SparkSession.Builder b = session("genzoo spark-score " + model.reference(), r.master(), r.shipJars());
        boolean own = SparkSession.getActiveSession().isEmpty();
        SparkSession spark = b.getOrCreate();
        try {
            return run(spark, model, r);
        } finally {
            if (own && r.master() != null) {
                spark.stop();
            }
        }
    }

    /** The job in {@code spark}. */
    static Result run(SparkSession spark, ShippedModel model, Request r) {
        long start = System.nanoTime();
        org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(r.out());
        org.apache.hadoop.fs.FileSystem fs;
        boolean existed;
        try {
            fs = outPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            existed = fs.exists(outPath);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot reach the result folder " + r.out() + ": " + e.getMessage(),
                    e);
        }
        if (existed && !r.overwrite()) {
            throw new IllegalArgumentException(r.out() + " exists; give another folder, or overwrite to replace it");
        }
        Dataset<Row> rows = read(spark, r.data());
        SparkScorer scorer = SparkScorer.of(model, output(r.output())).batchSize(r.batchSize());
        int[] size = imageSize(r.data());
        if (size != null) {
            scorer.imageSize(size[0], size[1]);
        }
        if (!r.features().isEmpty()) {
            scorer.features(r.features().toArray(String[]::new));
        }
        if (r.threshold() != null) {
            scorer.threshold(r.threshold());
        }
        Dataset<Row> scored = scorer.score(rows);
        if (r.data().startsWith("images:")) {
            scored = scored.drop("content"); // the files' bytes: the result names each by its path
        }
        if (!r.parquet()) {
            scored = flatForCsv(scored);
        }
        try {
            scored.write().mode(r.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                    .option("header", "true").format(r.parquet() ? "parquet" : "csv").save(r.out());
        } catch (Exception e) { // (Spark's SparkException is checked but not declared: precise rethrow below)
            // Spark aborts the job's files but leaves the folder it made; one this job created goes too,
            // so a failed job leaves nothing a later run must be told to overwrite
            if (!existed) {
                try {
                    awaitNoRunningTasks(spark, 30_000);
                    fs.delete(outPath, true);
                } catch (java.io.IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        // counted from what was written (a second pass over the result, not the input)
        Dataset<Row> written = spark.read().format(r.parquet() ? "parquet" : "csv").option("header", "true")
                .option("inferSchema", "false").load(r.out());
        long n = written.count();
        long flagged = Arrays.asList(written.columns()).contains("flagged")
                ? written.filter(functions.col("flagged").cast("boolean")).count() : -1;
        return new Result(model.reference(), n, flagged, r.out(), (System.nanoTime() - start) / 1e9,
                rows.rdd().getNumPartitions(), spark.sparkContext().master());
    }

    /**
     * Waits, at most {@code timeoutMs}, until no task of {@code spark} runs. Spark reports a job's
     * failure as soon as one task fails, while the job's other tasks are still being killed; one of
     * them still writing re-created the result folder after it had been deleted (seen in CI, local[2]).
     */
    static void awaitNoRunningTasks(SparkSession spark, long timeoutMs) {
        var tracker = spark.sparkContext().statusTracker();
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() - end < 0) {
            int running = tracker.getActiveStageIds().length;
            for (var ex : tracker.getExecutorInfos()) {
                running += ex.numRunningTasks();
            }
            if (running == 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Dataset<Row> read(SparkSession spark, String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String path = colon < 0 ? spec : spec.substring(colon + 1);
        if (kind.equals("images")) {
            imageSize(spec); // checks the options
            int comma = path.indexOf(",size=");
            path = comma < 0 ? path : path.substring(0, comma);
        }
        if (path.isBlank()) {
            throw new IllegalArgumentException("--data needs a path after '" + kind + ":'");
        }
        return switch (kind) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST")
                    .csv(path);
            case "parquet" -> spark.read().parquet(path);
            case "images" -> SparkScorer.imageFiles(spark, path);
            default -> throw new IllegalArgumentException(DATA_FORMS + ", found '" + spec + "'");
        };
    }

    private static final String DATA_FORMS = "--data must be csv:PATH (a header row), parquet:PATH or"
            + " images:PATH[,size=HxW]";

    /** The {@code size=HxW} of an {@code images:} spec, or null (none given, or not images). */
    static int[] imageSize(String spec) {
        if (!spec.startsWith("images:")) {
            return null;
        }
        int comma = spec.indexOf(",size=");
        if (comma < 0) {
            if (spec.indexOf(',') >= 0 && spec.substring(spec.indexOf(',')).matches(",[a-z]+=.*")) {
                throw new IllegalArgumentException(DATA_FORMS + "; the only option of images: is size=HxW, found '"
                        + spec + "'");
            }
            return null;
        }
        String v = spec.substring(comma + ",size=".length());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})x(\\d{1,5})").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("images: size must be HxW, e.g. size=28x28, found 'size=" + v + "'");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Array columns dropped, except an output code, spread over {@code code_0, code_1, ...}. */
    static Dataset<Row> flatForCsv(Dataset<Row> scored) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : scored.schema().fields()) {
            if (!(f.dataType() instanceof ArrayType)) {
                cols.add(functions.col(f.name()));
            } else if (f.name().equals("code")) {
                int k = ((List<?>) scored.select("code").head().getList(0)).size();
                for (int i = 0; i < k; i++) {
                    cols.add(functions.col("code").getItem(i).as("code_" + i));
                }
            }
        }
        return scored.select(cols.toArray(Column[]::new));
    }

    /**
     * A session builder for a GenZoo job on {@code master} (null: the one spark-submit set): one
     * OpenMP thread per executor task, and with {@code shipJars} on a cluster, this JVM's GenZoo and
     * Deeplearning4j jars sent to the executors.
     */
    static SparkSession.Builder session(String app, String master, boolean shipJars) {
        SparkSession.Builder b = SparkSession.builder().appName(app);
        if (master != null) {
            b.master(master).config("spark.executorEnv.OMP_NUM_THREADS", "1");
            if (shipJars && !master.startsWith("local")) {
                b.config("spark.jars", String.join(",", genZooJars()));
            }
        }
        return b;
    }

    /** The jars of this JVM's class path that are not Spark's own (GenZoo, Deeplearning4j, ND4J and theirs). */
    static List<String> genZooJars() {
        String sparkJar = jarOf(SparkSession.class);
        Path sparkDir = sparkJar == null ? null : Path.of(sparkJar).toAbsolutePath().getParent(); // SPARK_HOME/jars
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p)
                    && (sparkDir == null || !sparkDir.equals(p.toAbsolutePath().getParent()))) {
                jars.add(p.toAbsolutePath().toUri().toString());
            }
        }
        return jars;
    }

    private static String jarOf(Class<?> c) {
        try {
            var src = c.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI()).toString();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * For {@code spark-submit --class dev.genzoo.spark.SparkScoreJob genzoo-jars... MODEL DATA OUTPUT OUT}:
     * the master and resources come from spark-submit.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SparkScoreJob MODEL DATA OUTPUT OUT   (e.g. autoencoder:mnist csv:rows.csv"
                    + " anomaly-score scored/)");
            System.exit(2);
        }
        Result r = run(new Request(args[0], args[1], args[2], args[3], null, List.of(), 256, null, false, false,
                false));
        System.out.printf(Locale.ROOT, "%s: scored %d rows in %.1f s on %s; wrote %s%n", r.model(), r.rows(),
                r.seconds(), r.master(), r.out());
    }
}
