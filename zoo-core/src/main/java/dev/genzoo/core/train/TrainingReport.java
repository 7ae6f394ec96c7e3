package dev.genzoo.core.train;

import java.util.List;

/**
 * What a training run did: mean training loss per epoch, wall time and steps.
 *
 * @param epochLoss mean training loss (as the model defines it) of each epoch
 * @param seconds   wall time of the run
 * @param steps     optimisation steps taken
 * @param examples  training examples per epoch
 */
public record TrainingReport(List<Double> epochLoss, double seconds, long steps, int examples) {
    public TrainingReport {
        epochLoss = List.copyOf(epochLoss);
    }

    /** Examples processed per second. */
    public double examplesPerSecond() {
        return seconds <= 0 ? 0 : (double) examples * epochLoss.size() / seconds;
    }
}
