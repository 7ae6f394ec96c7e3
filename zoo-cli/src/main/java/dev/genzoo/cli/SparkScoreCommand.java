package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.spark.SparkScoreJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo spark-score MODEL --data csv:PATH --out DIR}: scores every row of a table on Apache
 * Spark ({@link SparkScoreJob}, module zoo-spark): this JVM is the driver, {@code --master} says
 * where the executors are ({@code local[*]} by default; {@code spark://host:7077} for a standalone
 * cluster). Spark is not bundled: the launcher adds {@code $SPARK_HOME/jars} (a Spark 3.5
 * installation built for Scala 2.12) to the class path.
 */
@Command(name = "spark-score", mixinStandardHelpOptions = true, description = "Score every row of a CSV or Parquet"
        + " table, or every image file of a folder, with a model on Apache Spark (anomaly score, reconstruction error, code or class) and write the rows"
        + " with their results to a folder. Needs SPARK_HOME (Spark 3.5, Scala 2.12).")
final class SparkScoreCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Option(names = "--data", required = true, description = "csv:PATH (a header row), parquet:PATH, or"
            + " images:PATH[,size=HxW] (PNG, JPEG, BMP or GIF files under a folder, one row each, named by path; size"
            + " for a dense model whose input is not a square image); any path Spark reads (a file, a folder, hdfs://,"
            + " s3a:// with the cluster's connectors).")
    String data;

    @Option(names = "--output", defaultValue = "anomaly-score", description = "anomaly-score (and a flag where a"
            + " threshold is known), reconstruction-error, code or class (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--out", required = true, description = "Result folder (Spark writes part files and _SUCCESS).")
    Path out;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master URL (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--features", split = ",", description = "Feature columns (default: the card's columns, the"
            + " table's one array column, or its numeric columns but id and label).")
    List<String> features;

    @Option(names = "--batch", defaultValue = "256", description = "Rows per pass through the model (default:"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threshold", description = "With anomaly-score: flag scores above this (default: the card's"
            + " threshold, where it has one).")
    Double threshold;

    @Option(names = "--parquet", description = "Write Parquet (arrays kept) instead of CSV.")
    boolean parquet;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Option(names = "--no-ship-jars", negatable = false, description = "Do not send this JVM's GenZoo and"
            + " Deeplearning4j jars to the executors (they have them installed).")
    boolean noShipJars;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "--batch", batch, 1);
        if (threshold != null && !Double.isFinite(threshold)) {
            throw Args.bad(spec, "--threshold must be a finite number, found " + threshold);
        }
        if (Files.exists(out) && !overwrite) {
            throw Args.bad(spec, "--out " + out + " exists; give a new folder, or --overwrite to replace it");
        }
        SparkScoreJob.Request request;
        try {
            request = new SparkScoreJob.Request(model, data, output, out.toString(), master, features, batch,
                    threshold, parquet, overwrite, !noShipJars);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, "--output: " + e.getMessage());
        }
        if (!SparkScoreJob.sparkAvailable()) {
            throw Args.bad(spec, "Apache Spark is not on the class path: set SPARK_HOME to a Spark 3.5 installation"
                    + " built for Scala 2.12 (the genzoo launcher then adds $SPARK_HOME/jars), or submit"
                    + " dev.genzoo.spark.SparkScoreJob with spark-submit");
        }
        SparkScoreJob.Result r;
        try {
            r = SparkScoreJob.run(request);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, e.getMessage());
        } catch (Exception e) {
            // a failed Spark job's message holds the executor's stack trace; the first cause that came from
            // a task (a bad row, an image that does not decode) says what was wrong in one line
            throw new IllegalStateException("the Spark job failed: " + taskCause(e), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", r.model());
            o.put("rows", r.rows());
            if (r.flagged() >= 0) {
                o.put("flagged", r.flagged());
            }
            o.put("out", r.out());
            o.put("seconds", r.seconds());
            o.put("partitions", r.partitions());
            o.put("master", r.master());
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            w.printf(Locale.ROOT, "%s: scored %d rows (%d partitions) in %.1f s on %s%s; wrote %s%n", r.model(),
                    r.rows(), r.partitions(), r.seconds(), r.master(),
                    r.flagged() >= 0 ? ", " + r.flagged() + " flagged" : "", r.out());
        }
        w.flush();
        return 0;
    }

    /** The innermost message of {@code e}'s causes, cut at its first line (Spark appends stack traces). */
    static String taskCause(Throwable e) {
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        int cut = message.indexOf('\n');
        message = cut < 0 ? message : message.substring(0, cut);
        cut = message.indexOf("\tat ");
        return (cut < 0 ? message : message.substring(0, cut)).trim();
    }
}
