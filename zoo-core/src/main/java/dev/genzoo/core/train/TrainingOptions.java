package dev.genzoo.core.train;

import dev.genzoo.engine.EngineOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to train a zoo model on an image data set.
 *
 * @param epochs          passes over the data, >= 1
 * @param batchSize       examples per step, >= 1
 * @param seed            seed of shuffling, data noise and of ND4J's random generator, which is
 *                        reseeded from (seed, step) before every step (initialisation is the
 *                        config's seed)
 * @param limit           use only the first {@code limit} examples; 0 for all
 * @param checkpointDir   folder of this run's checkpoints (and, by default, its metrics log); null
 *                        for no checkpoints
 * @param checkpointEvery also checkpoint every this many steps (besides every epoch end); 0 for
 *                        epoch ends only
 * @param keepCheckpoints complete checkpoints to keep, the newest, >= 1
 * @param resumeFrom      a checkpoint folder, or a run folder holding them, to resume from (its
 *                        newest complete checkpoint); null to start afresh
 * @param metricsLog      JSON-lines metrics file (appended to); null for
 *                        {@code checkpointDir/metrics.jsonl}, or none without a checkpoint folder
 * @param logEvery        steps per metrics line and progress refresh, >= 1
 * @param quiet           no console progress (tests, CI); the metrics log is still written
 * @param engine          the fast engine's switches (zoo-engine {@code EngineOptions}) for families that train through it
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int limit, Path checkpointDir,
        int checkpointEvery, int keepCheckpoints, Path resumeFrom, Path metricsLog, int logEvery, boolean quiet,
        EngineOptions engine) {

    /** Default number of checkpoints kept. */
    public static final int DEFAULT_KEEP = 3;
    /** Default steps per metrics line. */
    public static final int DEFAULT_LOG_EVERY = 20;

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + batchSize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all), found " + limit);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0 steps (0 = at epoch ends only), found "
                    + checkpointEvery);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keepCheckpoints must be >= 1, found " + keepCheckpoints);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("logEvery must be >= 1 step, found " + logEvery);
        }
        Objects.requireNonNull(engine, "engine options");
    }

    /** No checkpoints, no resume, metrics every {@value #DEFAULT_LOG_EVERY} steps, progress shown. */
    public TrainingOptions(int epochs, int batchSize, long seed, int limit) {
        this(epochs, batchSize, seed, limit, null, 0, DEFAULT_KEEP, null, null, DEFAULT_LOG_EVERY, false,
                EngineOptions.defaults());
    }

    /** {@code epochs} epochs of batch 128, seed 42, all data. */
    public static TrainingOptions epochs(int epochs) {
        return new TrainingOptions(epochs, 128, 42, 0);
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, quiet, engine);
    }

    public TrainingOptions withBatchSize(int b) {
        return new TrainingOptions(epochs, b, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, quiet, engine);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(epochs, batchSize, s, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, quiet, engine);
    }

    public TrainingOptions withLimit(int l) {
        return new TrainingOptions(epochs, batchSize, seed, l, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, quiet, engine);
    }

    /** Checkpoints into {@code dir} at every epoch end and every {@code every} steps (0: epoch ends only). */
    public TrainingOptions withCheckpoints(Path dir, int every) {
        return new TrainingOptions(epochs, batchSize, seed, limit, dir, every, keepCheckpoints, resumeFrom,
                metricsLog, logEvery, quiet, engine);
    }

    public TrainingOptions withKeepCheckpoints(int k) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, k, resumeFrom,
                metricsLog, logEvery, quiet, engine);
    }

    /** Resumes from the newest complete checkpoint in {@code dir} (a run folder or one checkpoint). */
    public TrainingOptions withResumeFrom(Path dir) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                dir, metricsLog, logEvery, quiet, engine);
    }

    public TrainingOptions withMetricsLog(Path file) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, file, logEvery, quiet, engine);
    }

    public TrainingOptions withLogEvery(int steps) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, steps, quiet, engine);
    }

    public TrainingOptions withQuiet(boolean q) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, q, engine);
    }

    /** These options with the engine's switches (side thread, BLAS threads for large products). */
    public TrainingOptions withEngine(EngineOptions e) {
        return new TrainingOptions(epochs, batchSize, seed, limit, checkpointDir, checkpointEvery, keepCheckpoints,
                resumeFrom, metricsLog, logEvery, quiet, e);
    }

    /** The metrics log to write: the explicit one, else {@code checkpointDir/metrics.jsonl}, else null. */
    public Path effectiveMetricsLog() {
        if (metricsLog != null) {
            return metricsLog;
        }
        return checkpointDir == null ? null : checkpointDir.resolve("metrics.jsonl");
    }
}
