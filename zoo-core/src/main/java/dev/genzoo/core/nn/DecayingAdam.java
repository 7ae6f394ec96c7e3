package dev.genzoo.core.nn;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Adam whose rate falls as lr / (1 + t / τ) over iterations t (DL4J's {@link InverseSchedule} with
 * power 1), the {@code decaySteps} of the dense autoencoder and the VAEs: training to convergence
 * needs the steps to shrink. τ = 0 gives the constant rate.
 */
public final class DecayingAdam {
    private DecayingAdam() {
    }

    /** Adam at {@code learningRate}, decaying with τ = {@code decaySteps} (0: constant). */
    public static Adam of(double learningRate, int decaySteps) {
        return decaySteps > 0
                ? new Adam(new InverseSchedule(ScheduleType.ITERATION, learningRate, 1.0 / decaySteps, 1.0))
                : new Adam(learningRate);
    }
}
