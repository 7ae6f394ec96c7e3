package dev.genzoo.core.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a training run did: mean training loss per epoch, wall time and steps, and how it can be
 * reproduced.
 *
 * @param epochLoss      mean training loss (as the model defines it) of each epoch, including
 *                       epochs trained before a resume
 * @param seconds        wall time of the whole run: this process's, plus, for a resumed run, the
 *                       training time the checkpoint resumed from recorded for the earlier segments
 * @param steps          optimisation steps taken in total, including those before a resume
 * @param examples       training examples per epoch
 * @param seed           the run's seed (see {@link #seedStatement()}); null when unknown
 * @param resumedAtStep  the step the run resumed at, or -1 when it started afresh
 * @param lastCheckpoint the newest complete checkpoint written or resumed from, or null
 */
public record TrainingReport(List<Double> epochLoss, double seconds, long steps, int examples, Long seed,
        long resumedAtStep, Path lastCheckpoint) {
    public TrainingReport {
        epochLoss = List.copyOf(epochLoss);
    }

    /** A report without seed or checkpoint information. */
    public TrainingReport(List<Double> epochLoss, double seconds, long steps, int examples) {
        this(epochLoss, seconds, steps, examples, null, -1, null);
    }

    /** Examples processed per second. */
    public double examplesPerSecond() {
        return seconds <= 0 ? 0 : (double) examples * epochLoss.size() / seconds;
    }

    /** One sentence saying what the seed controls, for model cards and logs. */
    public String seedStatement() {
        return seed == null ? "seed not recorded" : seedStatement(seed);
    }

    /** What {@code seed} controls in a run of {@link TrainingLoop}. */
    public static String seedStatement(long seed) {
        return "seed " + seed + " fixes the shuffle order, data noise and binarization (from seed, epoch, batch) and"
                + " ND4J's random generator, reseeded before every step from (seed, step), which drives in-graph"
                + " corruption and sampling noise; weight initialisation uses the config's seed; the same seed,"
                + " data and config on the same machine and libraries give bit-identical parameters, also across a"
                + " checkpoint resume";
    }
}
