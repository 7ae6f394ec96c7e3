package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WGAN-GP through the GAN trainer: the settings refuse a penalty with clipping or another loss; the
 * critic step reports the penalty and the critic's input-gradient norm, and the penalty pulls that
 * norm to about 1 while the critic learns to tell the ring from the generator's samples.
 */
class WganGpTest {

    @Test
    void settingsRefuseAPenaltyWithClippingOrAnotherLoss() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new GanTrainer.Settings(GanLoss.WASSERSTEIN, 5, 1.0, 0.01, 1, 0, 10, 0.01));
        assertTrue(e.getMessage().contains("no weight clipping"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GanTrainer.Settings(GanLoss.NON_SATURATING, 1, 1.0, 0, 1, 0, 10, 0.01));
        assertTrue(e.getMessage().contains("WASSERSTEIN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WganGp.Config.defaults().withTraining(5, 0, 1e-4));
        assertTrue(e.getMessage().contains("penaltyWeight"), e.getMessage());
    }

    @Test
    void thePenaltyDrivesTheCriticsGradientNormTowardsOne() {
        WganGp gan = WganGp.create(WganGp.Config.defaults().withSizes(2, 4, List.of(32), List.of(64, 64))
                .withTraining(5, 1, 1e-3));
        Random r = new Random(3);
        GanTrainer t = gan.trainer();
        GanTrainer.DStep first = t.discriminatorStepStats(ToyDistributions.ring(r, 128), null);
        assertTrue(Double.isFinite(first.penalty()) && Double.isFinite(first.criticGradNorm()), first.toString());
        GanTrainer.DStep last = first;
        double normSum = 0;
        for (int i = 0; i < 300; i++) {
            last = t.discriminatorStepStats(ToyDistributions.ring(r, 128), null);
            if (i >= 250) {
                normSum += last.criticGradNorm();
            }
        }
        double norm = normSum / 50;
        assertTrue(norm > 0.6 && norm < 1.4, "critic input-gradient norm " + norm + " (first " + first + ")");
        assertTrue(last.dReal() > last.dFake(), "the critic scores the ring above the samples: " + last);
    }
}
