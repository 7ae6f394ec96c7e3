package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixture of 8 Gaussians on a ring (radius 0.7, σ 0.04), the standard mode-collapse toy of the
 * GAN-stability literature. Slow on the shared 2-core machine (2,000 iterations, ~50-75 s), so
 * opt-in: {@code -Dgenzoo.slow=true}. Measured: 8 of 8 modes covered, 81% of samples within 3σ
 * of a mode after 2,000 iterations (44% after 1,200).
 */
@EnabledIfSystemProperty(named = "genzoo.slow", matches = "true")
class RingOfGaussiansTest {
    private static final Logger LOG = LoggerFactory.getLogger(RingOfGaussiansTest.class);

    @Test
    void mlpGanCoversTheModesOfTheRing() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults().withSizes(2, 8, List.of(128, 128), List.of(128, 128))
                .withTraining(GanLoss.NON_SATURATING, 1, 1.0, 1e-3, 1e-3));
        Random r = new Random(1);
        for (int it = 0; it < 2000; it++) {
            gan.trainer().step(new DataSet(ToyDistributions.ring(r, 128), null));
        }
        ToyDistributions.RingScore score = ToyDistributions.scoreRing(gan.generate(2000, 7L), 0.02);
        LOG.info("ring of 8 Gaussians after 2000 iterations: {}", score);
        assertTrue(score.modesCovered() >= 6, score.toString());
        assertTrue(score.highQuality() > 0.5, score.toString());
    }
}
