package dev.genzoo.core.train;

import java.util.Map;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * One optimisation step of a model family on one batch: what {@link TrainingLoop} calls, batch by
 * batch. An autoencoder's step is {@code graph.fit(batch)}; a GAN's step runs its k discriminator
 * updates and one generator update and returns both losses.
 *
 * <p>A step must draw its randomness from ND4J's generator ({@code Nd4j.getRandom()},
 * {@code Nd4j.rand/randn}), which the loop reseeds before every step, or derive it from the batch;
 * it must keep no state outside the networks it trains, or expose that state through
 * {@link #checkpointState()} and {@link #restoreCheckpointState(Map)}, so a resumed run is exact.
 */
@FunctionalInterface
public interface TrainingStep {

    /** Runs one step on {@code batch} and returns its losses (before the update). */
    StepResult run(DataSet batch);

    /** State kept by the step itself, saved in every checkpoint (none by default). */
    default Map<String, String> checkpointState() {
        return Map.of();
    }

    /** Restores what {@link #checkpointState()} returned, when resuming. */
    default void restoreCheckpointState(Map<String, String> state) {
    }
}
