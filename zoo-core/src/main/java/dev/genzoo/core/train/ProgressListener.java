package dev.genzoo.core.train;

import java.nio.file.Path;

/**
 * Receives a training run's progress; {@link ConsoleProgress} renders it as one line, {@link #NONE}
 * ignores it (quiet mode). Called on the training thread after every step, so implementations
 * throttle their own output.
 */
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * Where a run stands after a step.
     *
     * @param name              the model's name
     * @param epoch             current epoch, 1-based
     * @param epochs            epochs of the run
     * @param step              steps done in total, including those before a resume
     * @param totalSteps        steps of the whole run
     * @param losses            the last step's losses
     * @param examplesPerSecond examples per second since this process started training
     * @param etaSeconds        estimated seconds to the end of the run
     */
    record Progress(String name, int epoch, int epochs, long step, long totalSteps, StepResult losses,
            double examplesPerSecond, double etaSeconds) {
    }

    /** After every step. */
    default void onStep(Progress p) {
    }

    /** After an epoch, with its mean primary loss. */
    default void onEpochEnd(Progress p, double epochLoss) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(long step, Path folder, double millis) {
    }

    /** When the run ends, normally or not. */
    default void onEnd() {
    }
}
