package dev.genzoo.core.train;

import java.nio.file.Path;

/**
 * Thrown by {@link TrainingLoop} when a step's loss, or the parameters about to be checkpointed,
 * become NaN or infinite. No checkpoint is written from that point on, so the newest checkpoint
 * on disk is the last good one. The message has the form:
 *
 * <pre>
 * NAME: LOSS became NaN at step S (epoch E, batch B); last finite LOSS V at step S-1.
 * Training stopped; the in-memory parameters are no longer usable. Last good checkpoint: DIR (step K);
 * resume from it with a lower learning rate, or check the input data for NaN/Inf.
 * </pre>
 *
 * (without a checkpoint folder the third sentence says that no checkpoint was written).
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double lastFiniteLoss;
    private final transient Path lastCheckpoint;

    TrainingDivergedException(String message, long step, double lastFiniteLoss, Path lastCheckpoint) {
        super(message);
        this.step = step;
        this.lastFiniteLoss = lastFiniteLoss;
        this.lastCheckpoint = lastCheckpoint;
    }

    /** The 1-based step whose loss (or resulting parameters) was not finite. */
    public long step() {
        return step;
    }

    /** The last finite primary loss, or NaN if no step had one. */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The newest complete checkpoint, or null when none was written. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}
