package dev.genzoo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.Settings;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.MetricsLogs;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.engine.EngineOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo train NAME --dataset D --out DIR}: trains a registered model, evaluates it on the
 * test split and writes a complete artifact (networks + model card with the measured metrics).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a zoo model and write a loadable"
        + " artifact with a model card.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Registered model name (see `genzoo list`).")
    String name;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, shuffling and noise.")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only (0 = all).")
    int limit;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config field, e.g. --set codeSize=30"
            + " --set hidden=1000,500,250 (a list, brackets optional) --set 'penalty={\"l2\":1e-4}'. Values are JSON,"
            + " or plain strings.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--variant", description = "Variant name on the card (default: the data set name).")
    String variant;

    @Option(names = "--out", required = true, description = "Artifact folder to write (must not exist or be empty).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing artifact folder.")
    boolean overwrite;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write checkpoints (parameters, updater"
            + " state, counters, data position) here at every epoch end, and metrics.jsonl.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0", description = "Also checkpoint every"
            + " N steps (default: ${DEFAULT-VALUE} = epoch ends only).")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "K", defaultValue = "3", description = "Keep the newest K"
            + " checkpoints (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints;

    @Option(names = "--resume", paramLabel = "DIR", description = "Resume from the newest complete checkpoint in DIR"
            + " (a --checkpoint-dir, or one ckpt-N folder in it); same model, --set, --seed, --batch and data.")
    Path resume;

    @Option(names = "--metrics-log", paramLabel = "FILE", description = "JSON-lines metrics file (default:"
            + " metrics.jsonl in the checkpoint folder, else none).")
    Path metricsLog;

    @Option(names = "--log-every", paramLabel = "N", defaultValue = "20", description = "Steps per metrics line"
            + " (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--quiet", description = "No progress line on stderr.")
    boolean quiet;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Train data-parallel on Apache Spark"
            + " (local[N], spark://host:7077, ...) by parameter averaging; needs SPARK_HOME (Spark 3.5, Scala 2.12)."
            + " Checkpoints (--checkpoint-dir) stay on this machine, at epoch ends; a run resumes from them.")
    String sparkMaster;

    @Option(names = "--spark-partitions", paramLabel = "P", defaultValue = "2", description = "With --spark-master:"
            + " parts of the training set, one task each per round (default: ${DEFAULT-VALUE}).")
    int sparkPartitions;

    @Option(names = "--spark-local-steps", paramLabel = "K", defaultValue = "1", description = "With --spark-master:"
            + " steps each part runs between two averagings (default: ${DEFAULT-VALUE}).")
    int sparkLocalSteps;

    @Option(names = "--no-ship-jars", description = "With --spark-master: the executors have GenZoo's jars"
            + " installed; do not send them.")
    boolean noShipJars;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingOptions options = validate();
        String commit = SourceCommit.get(); // the code that trains, read before the (long) run
        ZooEntry<?, ?> entry = InfoCommand.entry(spec, name);
        Record config = Configs.withOverrides(spec, entry, seed, sets);
        if (entry.training().isEmpty() || entry.evaluation().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "model '" + name + "' ("
                    + entry.family() + ") has no training recipe and evaluation protocol on its registry entry");
        }
        GenZooModel model = Configs.create(entry, config);
        ImageDataset train = data.splitFor(spec, model, Split.TRAIN);
        ImageDataset test = data.splitFor(spec, model, Split.TEST);
        TrainingReport report = sparkMaster == null ? entry.train(model, train, options)
                : dev.genzoo.spark.SparkTraining.run(sparkMaster, sparkPartitions, sparkLocalSteps, !noShipJars, model,
                        train, options.checkpointDir() == null && options.resumeFrom() != null
                                ? options.withCheckpoints(options.resumeFrom(), 0) : options);
        // the training loop's buffers are not needed any more: without this, a CycleGAN's evaluation
        // ran on top of its eight engine trainers (peak 4.8 GB resident against 1.9 GB for training);
        // ND4J frees an array's native memory once a collection finds the array unreachable
        model.releaseTraining();
        System.gc();
        Map<String, ModelCard.Metric> metrics = entry.evaluate(model, test);
        String dataName = data.name();
        ModelCard.Builder card = ModelCard.builder(name, variant == null ? data.variant() : variant, entry.family())
                .optDescription(entry.description() + "; trained by `genzoo train`; " + (sparkMaster == null ? ""
                        : dev.genzoo.spark.SparkTraining.describe(sparkMaster, sparkPartitions, sparkLocalSteps) + "; ")
                        + report.seedStatement()
                        + (report.resumedAtStep() >= 0 ? "; resumed at step " + report.resumedAtStep() : ""))
                .optValueRange(model.valueRange())
                .optDataset(data.bundled ? dataName + "-bundled-1000" : dataName, data.trainSha256(), data.table())
                .optProvenance(ModelCard.Provenance.current(seed, epochs, batch, report.seconds(), commit));
        List<Double> losses = report.epochLoss();
        card.addMetric("train_loss_last_epoch", losses.get(losses.size() - 1),
                "mean minibatch training loss (including regularisers) over the last epoch");
        metrics.forEach((k, v) -> card.addMetric(k, v.value(), v.protocol()));
        if (model instanceof dev.genzoo.core.model.AnomalyScoring scoring && (data.data != null || data.onlyClass != null)
                && test.size() >= 2) {
            // a threshold for scoring new data (genzoo anomaly --data), chosen on held-out normal examples only
            double t = dev.genzoo.core.eval.Ranking.thresholdAtFpr(AnomalyCommand.scores(scoring, test),
                    AnomalyCommand.TRAIN_FPR);
            card.addMetric(AnomalyCommand.THRESHOLD_METRIC, t, "anomaly score that at most "
                    + (int) Math.round(100 * AnomalyCommand.TRAIN_FPR) + "% of the " + test.size() + " held-out"
                    + " examples of " + test.name() + " (the training distribution" + (data.onlyClass != null
                    ? ", class " + data.onlyClass : "") + ", never trained on) exceed; genzoo anomaly --data flags"
                    + " scores above it");
        }
        ModelCard written = overwrite
                ? ModelArtifacts.save(model, card.build(), out, ModelArtifacts.SaveOption.OVERWRITE)
                : ModelArtifacts.save(model, card.build(), out);
        writeTrainingLog(options.effectiveMetricsLog(), out);
        print(report, written);
        return 0;
    }

    /** File in an artifact folder: the run's metrics log compacted ({@link #writeTrainingLog}), for its curve. */
    static final String TRAINING_LOG = "training-log.jsonl";
    /** Most steps a {@link #TRAINING_LOG} keeps: a curve's worth, a few KB to a few tens of KB. */
    static final int TRAINING_LOG_POINTS = 200;

    /**
     * Writes the run's metrics log, compacted to at most {@value #TRAINING_LOG_POINTS} window medians
     * ({@code MetricsLogs.Log#compact}), into the artifact folder as {@value #TRAINING_LOG}, so the
     * curve travels with the model (genzoo curves, genzoo gallery); nothing when the run kept no log
     * or its log has no step line (a run shorter than --log-every). The artifact is complete without
     * it, so this never fails a finished training.
     */
    static void writeTrainingLog(Path log, Path artifact) throws java.io.IOException {
        if (log == null || !java.nio.file.Files.isRegularFile(log)) {
            return;
        }
        MetricsLogs.Log read;
        try {
            read = MetricsLogs.read(log);
        } catch (IllegalArgumentException e) { // no step lines yet, or a log that is not ours
            return;
        }
        MetricsLogs.Compact c = read.compact(TRAINING_LOG_POINTS);
        CsvFiles.writeAtomically(artifact.resolve(TRAINING_LOG), c::write);
    }

    /** Every argument that can be checked without the model or the data, checked before any work. */
    private TrainingOptions validate() throws java.io.IOException {
        Args.atLeast(spec, "--epochs", epochs, 1);
        Args.atLeast(spec, "--batch", batch, 1);
        Args.atLeast(spec, "--limit", limit, 0);
        Args.atLeast(spec, "--checkpoint-every", checkpointEvery, 0);
        Args.atLeast(spec, "--keep-checkpoints", keepCheckpoints, 1);
        Args.atLeast(spec, "--log-every", logEvery, 1);
        Args.freshOutputFolder(spec, "--out", out, overwrite);
        if (checkpointDir != null) {
            Args.outputFolder(spec, "--checkpoint-dir", checkpointDir);
        }
        if (metricsLog != null) {
            Args.outputFile(spec, "--metrics-log", metricsLog);
        }
        if (resume != null) {
            Args.existingFolder(spec, "--resume", resume, "a run's checkpoint folder (--checkpoint-dir of an earlier"
                    + " run) or one ckpt-N folder in it");
        }
        data.validate(spec);
        if (sparkMaster != null) {
            Args.atLeast(spec, "--spark-partitions", sparkPartitions, 1);
            Args.atLeast(spec, "--spark-local-steps", sparkLocalSteps, 1);
            if (checkpointEvery > 0) {
                throw Args.bad(spec, "--checkpoint-every applies on one machine; with --spark-master the driver"
                        + " checkpoints at epoch ends");
            }
            if (resume != null && checkpointDir != null && !resume.equals(checkpointDir)) {
                throw Args.bad(spec, "with --spark-master a run resumes from its --checkpoint-dir; give the same folder"
                        + " to --resume, or --checkpoint-dir alone");
            }
            if (!dev.genzoo.spark.SparkScoreJob.sparkAvailable()) {
                throw Args.bad(spec, "--spark-master: Apache Spark is not on the class path; set SPARK_HOME to a Spark"
                        + " 3.5 installation built for Scala 2.12 (the genzoo launcher then adds $SPARK_HOME/jars)");
            }
        }
        try {
            return new TrainingOptions(epochs, batch, seed, limit, checkpointDir, checkpointEvery,
                    keepCheckpoints, resume, metricsLog, logEvery, quiet, engineOptions(Settings.current()));
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, e.getMessage());
        }
    }

    /**
     * The engine's options: the defaults, but when the user chose the BLAS thread count
     * ({@link Settings#blasThreads()}, which {@link GenZooCli#main} applies) the engine leaves it
     * as set for every product.
     */
    static EngineOptions engineOptions(Settings settings) {
        return settings.blasThreads().isPresent() ? EngineOptions.defaults().withLargeProductThreads(0)
                : EngineOptions.defaults();
    }

    private void print(TrainingReport report, ModelCard card) throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", name);
            o.put("out", out.toAbsolutePath().toString());
            o.put("seconds", report.seconds());
            o.put("examplesPerSecond", report.examplesPerSecond());
            o.putPOJO("epochLoss", report.epochLoss());
            o.put("steps", report.steps());
            o.put("seed", report.seed());
            o.put("resumedAtStep", report.resumedAtStep());
            o.put("lastCheckpoint", report.lastCheckpoint() == null ? null : report.lastCheckpoint().toString());
            ObjectNode m = o.putObject("metrics");
            card.metrics().forEach((k, v) -> m.put(k, v.value()));
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            w.printf("trained %s in %.1f s (%.0f examples/s); epoch losses %s%n", name, report.seconds(),
                    report.examplesPerSecond(), report.epochLoss());
            card.metrics().forEach((k, v) -> w.printf("  %-22s %.4f%n", k, v.value()));
            w.printf("artifact: %s%n", out.toAbsolutePath());
        }
        w.flush();
    }

    /** Builds configs from defaults and --set overrides through the entry's JSON mapping. */
    static final class Configs {
        private Configs() {
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static Record withOverrides(CommandLine.Model.CommandSpec spec, ZooEntry entry, long seed, List<String> sets) {
            ObjectNode json = ((JsonNode) entry.configToJson((Record) entry.defaultConfig())).deepCopy();
            if (json.has("seed")) {
                json.put("seed", seed);
            }
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--set needs KEY=VALUE, found '" + s + "'");
                }
                String key = s.substring(0, eq);
                if (!json.has(key)) {
                    List<String> fields = new ArrayList<>();
                    json.fieldNames().forEachRemaining(fields::add);
                    throw new CommandLine.ParameterException(spec.commandLine(), "--set " + key + ": "
                            + entry.name() + " has no config field '" + key + "'; fields: " + fields);
                }
                JsonNode current = json.get(key);
                String text = s.substring(eq + 1);
                JsonNode value = parseValue(text);
                if (current.isArray() && !value.isArray()) {
                    // a list written without brackets: hidden=1000,500,250 (or one element: hidden=64)
                    var list = Json.MAPPER.getNodeFactory().arrayNode();
                    for (String part : text.split(",", -1)) {
                        list.add(parseValue(part.strip()));
                    }
                    value = list;
                }
                if (current.isObject() && !value.isObject()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--set " + s + ": " + key + " of "
                            + entry.name() + " is an object of fields, written as JSON: --set '" + key + "="
                            + current + "' (the default)");
                }
                if (json.get(key).isIntegralNumber() && value.isNumber() && !value.isIntegralNumber()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--set " + s + ": " + key + " of "
                            + entry.name() + " is a whole number (default " + json.get(key) + "), found " + value);
                }
                json.set(key, value);
            }
            try {
                return entry.configFromJson(json);
            } catch (Exception e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "invalid configuration for "
                        + entry.name() + ": " + GenZooCli.oneLine(rootCause(e)));
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static GenZooModel create(ZooEntry entry, Record config) {
            return (GenZooModel) entry.create(config);
        }

        private static JsonNode parseValue(String v) {
            try {
                return Json.MAPPER.readTree(v);
            } catch (Exception e) {
                return Json.MAPPER.getNodeFactory().textNode(v);
            }
        }

        private static Throwable rootCause(Throwable t) {
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t;
        }
    }
}
