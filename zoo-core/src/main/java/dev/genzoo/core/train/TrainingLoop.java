package dev.genzoo.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.NativeBuild;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.weights.ZooJson;
import dev.genzoo.engine.NativeGarbage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training step by step: takes each batch from an {@link ImageDataSetIterator}, reseeds
 * ND4J's random generator from (seed, step), calls the family's {@link TrainingStep}, checks the
 * losses, reports progress, appends to the metrics log and writes checkpoints, which a later run
 * resumes so that it ends bit-identical to an uninterrupted one.
 *
 * <pre>{@code
 * TrainingReport r = TrainingLoop.builder()
 *         .setModel(model)                          // name, config and networks
 *         .setData(pipeline.iterator())
 *         .setStep(batch -> { graph.fit(batch); return StepResult.of(graph.score()); })
 *         .setOptions(options)
 *         .build().run();
 * }</pre>
 *
 * <p>Metrics-log events ({@link MetricsLog}): {@code start}, {@code resume}, {@code step} (every
 * {@code logEvery} steps: the mean of each loss over the interval, examples/s), {@code epoch}
 * (mean primary loss), {@code checkpoint} (folder, write time), {@code diverged}, {@code end}.
 *
 * <p>Exactness rests on four things: the data iterator derives every random choice from (seed,
 * epoch, batch) and is positioned from the checkpoint; ND4J's generator is reseeded before every
 * step, so no generator state needs saving; parameters, updater state and DL4J's iteration and
 * epoch counts are restored into the live networks; and the epoch-loss accumulators are saved.
 * This process's ND4J generator (it is per thread) is left reseeded after a run.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final GenZooModel model;
    private final ImageDataSetIterator data;
    private final TrainingStep step;
    private final TrainingOptions options;
    private final ProgressListener progress;
    private final Map<String, Model> networks;
    private final JsonNode config;
    private final Path runDir;

    private long stepCount;
    private int epoch;
    private final List<Double> epochLoss = new ArrayList<>();
    private double epochSum;
    private long epochCount;
    private double lastFinite = Double.NaN;
    private long lastFiniteStep = -1;
    private Path lastCheckpoint;

    private TrainingLoop(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.step = b.step;
        this.options = b.options;
        this.progress = b.progress != null ? b.progress
                : options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
        this.networks = model.networks();
        this.config = ZooJson.toTree(model.config());
        this.runDir = runFolder(options);
    }

    /** A builder; model, data, step and options are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed ND4J's generator gets before step {@code step} (0-based) of a run seeded {@code seed}. */
    public static long stepSeed(long seed, long step) {
        long h = seed * GOLDEN + step;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The folder checkpoints go to: the option, else the run folder resumed from, else none. */
    static Path runFolder(TrainingOptions o) {
        if (o.checkpointDir() != null) {
            return o.checkpointDir();
        }
        if (o.resumeFrom() == null) {
            return null;
        }
        return Checkpoints.stepOf(o.resumeFrom()) >= 0 ? o.resumeFrom().toAbsolutePath().getParent() : o.resumeFrom();
    }

    /** Training time of the segments before this one (from the checkpoint resumed from), in seconds. */
    private double priorSeconds;
    /** Set where the checkpoint resumed from names another native build than this run's. */
    private BuildChange buildChange;

    /** The checkpoint's native build, this run's, and why the difference matters. */
    private record BuildChange(String written, String now, String warning) {
    }
    /** When this segment started ({@link System#nanoTime}). */
    private long startNanos;

    /** Wall time of the whole run so far: the earlier segments' and this one's. */
    private double trainingSeconds() {
        return priorSeconds + (System.nanoTime() - startNanos) / 1e9;
    }

    /** Trains to the end of the last epoch (resuming first if asked) and reports. */
    public TrainingReport run() {
        long t0 = System.nanoTime();
        startNanos = t0;
        int batches = data.batchesPerEpoch();
        long total = (long) batches * options.epochs();
        int startBatch = 0;
        long resumedAt = -1;
        Path log = options.effectiveMetricsLog();
        if (log == null && options.resumeFrom() != null && runDir != null) {
            log = runDir.resolve("metrics.jsonl");
        }
        if (options.resumeFrom() != null) {
            startBatch = resume(batches);
            resumedAt = stepCount;
        }
        try (MetricsLog metrics = MetricsLog.open(log)) {
            ObjectNode start = metrics.line("start");
            start.put("model", model.name()).put("seed", options.seed()).put("epochs", options.epochs())
                    .put("batch_size", options.batchSize()).put("examples", data.pipeline().size())
                    .put("steps_per_epoch", batches);
            metrics.write(start);
            if (resumedAt >= 0) {
                ObjectNode r = metrics.line("resume");
                r.put("step", stepCount).put("epoch", epoch + 1).put("checkpoint", lastCheckpoint.toString());
                if (buildChange != null) {
                    r.put("native_build_written", buildChange.written()).put("native_build_now", buildChange.now())
                            .put("warning", buildChange.warning());
                }
                metrics.write(r);
            }
            long stepsThisRun = 0;
            long intervalStart = System.nanoTime();
            int intervalSteps = 0;
            Map<String, Double> intervalSums = new java.util.LinkedHashMap<>();
            for (; epoch < options.epochs(); epoch++, startBatch = 0) {
                data.position(epoch, startBatch);
                if (startBatch == 0) {
                    networkListeners(true);
                }
                while (data.hasNext()) {
                    int batchIndex = data.batchIndex();
                    DataSet batch = data.next();
                    Nd4j.getRandom().setSeed(stepSeed(options.seed(), stepCount));
                    StepResult result = step.run(batch);
                    NativeGarbage.collectIfDueShared();
                    stepCount++;
                    stepsThisRun++;
                    String bad = result.firstNonFinite();
                    if (bad != null) {
                        throw diverged(metrics, bad, String.valueOf(result.losses().get(bad)), batchIndex, batches);
                    }
                    lastFinite = result.primary();
                    lastFiniteStep = stepCount;
                    epochSum += result.primary();
                    epochCount++;
                    intervalSteps++;
                    result.losses().forEach((k, v) -> intervalSums.merge(k, v, Double::sum));
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    double perStep = elapsed / stepsThisRun;
                    ProgressListener.Progress p = new ProgressListener.Progress(model.name(), epoch + 1,
                            options.epochs(), stepCount, total, result,
                            stepsThisRun * (double) options.batchSize() / elapsed, perStep * (total - stepCount));
                    progress.onStep(p);
                    if (stepCount % options.logEvery() == 0) {
                        double sec = (System.nanoTime() - intervalStart) / 1e9;
                        ObjectNode line = metrics.line("step");
                        line.put("step", stepCount).put("epoch", epoch + 1).put("batch", batchIndex + 1);
                        ObjectNode losses = line.putObject("losses");
                        for (Map.Entry<String, Double> e : intervalSums.entrySet()) {
                            losses.put(e.getKey(), e.getValue() / intervalSteps);
                        }
                        line.put("loss", intervalSums.get(result.primaryName()) / intervalSteps);
                        line.put("examples_per_s", intervalSteps * (double) options.batchSize() / sec);
                        metrics.write(line);
                        intervalSums.clear();
                        intervalSteps = 0;
                        intervalStart = System.nanoTime();
                    }
                    if (options.checkpointEvery() > 0 && stepCount % options.checkpointEvery() == 0
                            && data.hasNext()) {
                        checkpoint(metrics, epoch, data.batchIndex());
                    }
                }
                endEpoch(metrics, t0, stepsThisRun, total);
            }
            ObjectNode end = metrics.line("end");
            end.put("step", stepCount).put("seconds", (System.nanoTime() - t0) / 1e9)
                    .put("training_seconds", trainingSeconds());
            metrics.write(end);
        } finally {
            progress.onEnd();
        }
        return new TrainingReport(epochLoss, trainingSeconds(), stepCount, data.pipeline().size(),
                options.seed(), resumedAt, lastCheckpoint);
    }

    private void endEpoch(MetricsLog metrics, long t0, long stepsThisRun, long total) {
        for (Model m : networks.values()) {
            if (m instanceof ComputationGraph g) {
                g.incrementEpochCount();
            } else if (m instanceof MultiLayerNetwork n) {
                n.incrementEpochCount();
            }
        }
        networkListeners(false);
        double mean = epochCount == 0 ? Double.NaN : epochSum / epochCount;
        epochLoss.add(mean);
        epochSum = 0;
        epochCount = 0;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        ObjectNode line = metrics.line("epoch");
        line.put("epoch", epoch + 1).put("step", stepCount).put("loss", mean);
        metrics.write(line);
        LOG.debug("{} epoch {}: loss {}", model.name(), epoch + 1, mean);
        double rate = stepsThisRun == 0 ? 0 : stepsThisRun * (double) options.batchSize() / elapsed;
        double eta = stepsThisRun == 0 ? Double.NaN : elapsed / stepsThisRun * (total - stepCount);
        progress.onEpochEnd(new ProgressListener.Progress(model.name(), epoch + 1, options.epochs(), stepCount, total,
                StepResult.of(mean), rate, eta), mean);
        checkpoint(metrics, epoch + 1, 0);
    }

    /** Calls the networks' own listeners at epoch start or end, as {@code fit(iterator)} would. */
    private void networkListeners(boolean start) {
        for (Model m : networks.values()) {
            java.util.Collection<TrainingListener> ls = m instanceof ComputationGraph g ? g.getListeners()
                    : m instanceof MultiLayerNetwork n ? n.getListeners() : null;
            for (TrainingListener l : ls == null ? List.<TrainingListener>of() : ls) {
                if (start) {
                    l.onEpochStart(m);
                } else {
                    l.onEpochEnd(m);
                }
            }
        }
    }

    private void checkpoint(MetricsLog metrics, int nextEpoch, int nextBatch) {
        if (runDir == null) {
            return;
        }
        for (Map.Entry<String, Model> n : networks.entrySet()) {
            INDArray params = n.getValue().params();
            if (params.isNaN().any() || params.isInfinite().any()) {
                throw diverged(metrics, "parameters of '" + n.getKey() + "'", "NaN or infinite",
                        (nextBatch == 0 ? data.batchesPerEpoch() : nextBatch) - 1, data.batchesPerEpoch());
            }
        }
        long t = System.nanoTime();
        Checkpoints.State state = new Checkpoints.State(Checkpoints.FORMAT_VERSION, model.name(), config, stepCount,
                nextEpoch, nextBatch, options.seed(), options.batchSize(), data.pipeline().size(), epochLoss, epochSum,
                epochCount, lastFinite, step.checkpointState(), "nd4j reseeded before every step with stepSeed(seed,"
                + " step); data randomness from (seed, epoch, batch)", null, trainingSeconds(), NativeBuild.loaded());
        try {
            lastCheckpoint = Checkpoints.write(runDir, networks, state, options.keepCheckpoints());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint at step " + stepCount + " into " + runDir + ": "
                    + e.getMessage(), e);
        }
        double ms = (System.nanoTime() - t) / 1e6;
        ObjectNode line = metrics.line("checkpoint");
        line.put("step", stepCount).put("path", lastCheckpoint.toString()).put("write_ms", ms);
        metrics.write(line);
        progress.onCheckpoint(stepCount, lastCheckpoint, ms);
    }

    /** Restores the newest complete checkpoint; returns the batch index to start at. */
    private int resume(int batches) {
        Path from = options.resumeFrom();
        Checkpoints.Loaded c;
        try {
            if (!Files.exists(from)) {
                throw new IllegalArgumentException("resume: " + from + " does not exist; pass a run's checkpoint"
                        + " folder or one of its ckpt-N folders");
            }
            c = Checkpoints.latest(from).orElseThrow(() -> new IllegalArgumentException("resume: no complete"
                    + " checkpoint in " + from + "; start without resume"));
        } catch (IOException e) {
            throw new UncheckedIOException("resume: cannot read " + from + ": " + e.getMessage(), e);
        }
        Checkpoints.State s = c.state();
        check("model", s.model(), model.name());
        if (!sameConfig(s.config())) {
            check("config", s.config(), config);
        }
        check("seed", s.seed(), options.seed());
        check("batch size", s.batchSize(), options.batchSize());
        check("examples per epoch", s.examples(), data.pipeline().size());
        if (s.batch() > batches) {
            throw new IllegalArgumentException("resume: checkpoint batch " + s.batch() + " beyond the " + batches
                    + " batches of an epoch");
        }
        Checkpoints.restoreInto(networks, c.networks());
        step.restoreCheckpointState(s.stepState());
        stepCount = s.step();
        epoch = s.epoch();
        epochLoss.addAll(s.epochLoss());
        epochSum = s.epochLossSum();
        epochCount = s.epochLossCount();
        lastFinite = s.lastFiniteLoss();
        lastFiniteStep = s.step();
        priorSeconds = s.trainingSeconds();
        lastCheckpoint = c.folder();
        String written = s.nativeBuild();
        String now = NativeBuild.loaded();
        if (written != null && !written.equals(now)) {
            String why = "the checkpoint was written by ND4J's " + written + " build and this run loads " + now
                    + ": the run continues, but not bit-identically to an uninterrupted run on one build"
                    + " (GENZOO_NATIVE chooses the build)";
            buildChange = new BuildChange(written, now, why);
            LOG.warn("{}: resume from {}: {}", model.name(), c.folder(), why);
        }
        LOG.info("{}: resumed from {} at step {} (epoch {}, batch {})", model.name(), c.folder(), stepCount,
                epoch + 1, s.batch());
        return s.batch();
    }

    /**
     * The checkpoint's configuration is this run's: the same JSON, or JSON that reads as the same
     * configuration record. The second covers a checkpoint written before a configuration field
     * existed whose default (what an older card or checkpoint reads as) this run uses.
     */
    private boolean sameConfig(JsonNode inCheckpoint) {
        if (Objects.equals(inCheckpoint, config)) {
            return true;
        }
        try {
            return Objects.equals(ZooJson.fromTree(inCheckpoint, model.config().getClass()), model.config());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void check(String what, Object inCheckpoint, Object now) {
        if (!Objects.equals(inCheckpoint, now)) {
            throw new IllegalArgumentException("resume: the checkpoint was written with " + what + " " + inCheckpoint
                    + " but this run has " + now + "; resume with the same " + what + " or start afresh");
        }
    }

    private TrainingDivergedException diverged(MetricsLog metrics, String what, String value, int batchIndex,
            int batches) {
        String last = Double.isNaN(lastFinite) ? "no step had a finite loss"
                : String.format(Locale.ROOT, "last finite loss %.6g at step %d", lastFinite, lastFiniteStep);
        String kept = lastCheckpoint == null
                ? "No checkpoint was written (set a checkpoint folder to keep one); lower the learning rate, or"
                        + " check the input data for NaN/Inf."
                : "Last good checkpoint: " + lastCheckpoint + " (step " + Checkpoints.stepOf(lastCheckpoint)
                        + "); resume from it with a lower learning rate, or check the input data for NaN/Inf.";
        String message = model.name() + ": " + what + " became " + value + " at step "
                + stepCount + " (epoch " + (epoch + 1) + ", batch " + (batchIndex + 1) + " of " + batches + "); " + last
                + ". Training stopped; the in-memory parameters are no longer usable. " + kept;
        ObjectNode line = metrics.line("diverged");
        line.put("step", stepCount).put("what", what).put("last_finite_loss", lastFinite)
                .put("last_checkpoint", lastCheckpoint == null ? null : lastCheckpoint.toString());
        metrics.write(line);
        LOG.error(message);
        return new TrainingDivergedException(message, stepCount, lastFinite, lastCheckpoint);
    }

    /** Builds a {@link TrainingLoop}. */
    public static final class Builder {
        private GenZooModel model;
        private ImageDataSetIterator data;
        private TrainingStep step;
        private TrainingOptions options;
        private ProgressListener progress;

        private Builder() {
        }

        /** The model trained: its name, config (checked on resume) and networks (checkpointed). */
        public Builder setModel(GenZooModel m) {
            this.model = m;
            return this;
        }

        /** The training data; the loop positions it (epoch, batch) itself. */
        public Builder setData(ImageDataSetIterator it) {
            this.data = it;
            return this;
        }

        /** One optimisation step on one batch. */
        public Builder setStep(TrainingStep s) {
            this.step = s;
            return this;
        }

        public Builder setOptions(TrainingOptions o) {
            this.options = o;
            return this;
        }

        /** Progress output; default: {@link ConsoleProgress} on stderr, or none when the options say quiet. */
        public Builder optProgress(ProgressListener p) {
            this.progress = p;
            return this;
        }

        public TrainingLoop build() {
            Objects.requireNonNull(model, "model must be set (setModel)");
            Objects.requireNonNull(data, "data must be set (setData)");
            Objects.requireNonNull(step, "step must be set (setStep)");
            Objects.requireNonNull(options, "options must be set (setOptions)");
            if (model.networks().isEmpty()) {
                throw new IllegalArgumentException("model '" + model.name() + "' has no networks to train");
            }
            if (data.batch() != options.batchSize()) {
                throw new IllegalArgumentException("the data's batch size " + data.batch()
                        + " differs from the options' " + options.batchSize());
            }
            return new TrainingLoop(this);
        }
    }
}
