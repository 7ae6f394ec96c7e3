package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learning-rate schedule ε_t = ε / (1 + t / τ) of contrastive divergence: its values, the
 * constant rate without it, the update count it keeps in checkpoints, and refusals of bad values.
 */
class RbmScheduleTest {

    private static RestrictedBoltzmannMachine rbm(int decaySteps) {
        return RestrictedBoltzmannMachine.create(RestrictedBoltzmannMachine.Config.defaults().withSizes(12, 5)
                .withTraining(RestrictedBoltzmannMachine.Training.PCD, 1).withLearningRate(0.1)
                .withDecaySteps(decaySteps));
    }

    @Test
    void theRateFallsAsOneOverTime() {
        try (ContrastiveDivergence cd = rbm(10).newTrainer(1)) {
            assertEquals(0.1, cd.rate(0), 1e-15);
            assertEquals(0.05, cd.rate(10), 1e-15);
            assertEquals(0.025, cd.rate(30), 1e-15);
        }
        try (ContrastiveDivergence constant = rbm(0).newTrainer(1)) {
            assertEquals(0.1, constant.rate(0), 1e-15);
            assertEquals(0.1, constant.rate(1_000_000), 1e-15);
        }
    }

    @Test
    void theUpdateCountTravelsInTheCheckpointAndBadCountsAreRefused() {
        RestrictedBoltzmannMachine m = rbm(10);
        try (ContrastiveDivergence cd = m.newTrainer(1)) {
            var x = Nd4j.rand(DataType.FLOAT, 4, 12);
            for (int i = 0; i < 3; i++) {
                cd.step(x);
            }
            var state = new HashMap<>(cd.state());
            assertEquals("3", state.get("updates"));
            try (ContrastiveDivergence other = m.newTrainer(1)) {
                other.restore(state, 4);
                assertEquals("3", other.state().get("updates"));
                state.put("updates", "three");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restore(state, 4));
                assertTrue(e.getMessage().contains("'updates' must be a whole number"), e.getMessage());
                state.put("updates", "-1");
                assertThrows(IllegalArgumentException.class, () -> other.restore(state, 4));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rbm(-1));
        assertTrue(e.getMessage().contains("decaySteps"), e.getMessage());
    }
}
