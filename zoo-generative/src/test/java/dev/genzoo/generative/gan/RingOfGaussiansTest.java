package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixture of 8 Gaussians on a ring (radius 0.7, σ 0.04), the standard mode-collapse toy of the
 * GAN-stability literature, for the MLP GAN and the Wasserstein GAN. Not "seconds": DL4J's
 * per-operation overhead makes a step of these tiny networks cost ~25 ms, so the MLP GAN needs
 * ~50-75 s and the WGAN (5 critic steps per generator step) ~2-4 min on the shared 2-core
 * machine; they run in CI anyway because they are the only check that the minimax loops resolve
 * a multi-modal target. Measured: MLP GAN 8/8 modes, 79-81% of samples within 3σ after 2,000
 * iterations; WGAN (clip 0.1, RMSProp 1e-3 for both) 8/8 modes, 65% within 3σ after 1,500 and
 * 70% after 2,000 iterations (both tests together: 462 s on the loaded 2-core machine); clip 0.2
 * collapsed to 0 modes, clip 0.05 with 5e-4 reached 45% after 1,500; the zoo default
 * clip 0.01 / 5e-5 is the paper's MNIST setting and far too slow for this toy.
 */
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

    /** The hinge objective (linear D, margins ±1, G maximising D(G(z))) with the MLP GAN's networks and budget. */
    @Test
    void hingeGanCoversTheModesOfTheRing() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults().withSizes(2, 8, List.of(128, 128), List.of(128, 128))
                .withTraining(GanLoss.HINGE, 1, 1.0, 1e-3, 1e-3));
        Random r = new Random(1);
        for (int it = 0; it < 2000; it++) {
            gan.trainer().step(new DataSet(ToyDistributions.ring(r, 128), null));
        }
        ToyDistributions.RingScore score = ToyDistributions.scoreRing(gan.generate(2000, 7L), 0.02);
        LOG.info("hinge GAN on the ring of 8 Gaussians after 2000 iterations: {}", score);
        System.out.println("hinge GAN ring after 2000 iterations: " + score);
        assertTrue(score.modesCovered() >= 6, score.toString());
        assertTrue(score.highQuality() > 0.5, score.toString());
    }

    @Test
    void wassersteinGanCoversTheModesOfTheRing() {
        WassersteinGan gan = WassersteinGan.create(WassersteinGan.Config.defaults()
                .withSizes(2, 8, List.of(128, 128), List.of(128, 128)).withTraining(5, 0.1, 1e-3, 1e-3)
                .withCriticBursts(0));
        Random r = new Random(1);
        for (int it = 0; it < 2000; it++) {
            DataSet[] batches = new DataSet[5];
            for (int k = 0; k < batches.length; k++) {
                batches[k] = new DataSet(ToyDistributions.ring(r, 128), null);
            }
            gan.trainer().step(batches);
        }
        ToyDistributions.RingScore score = ToyDistributions.scoreRing(gan.generate(2000, 7L), 0.02);
        LOG.info("WGAN on the ring of 8 Gaussians after 2000 iterations: {}", score);
        assertTrue(score.modesCovered() >= 6, score.toString());
        assertTrue(score.highQuality() > 0.5, score.toString());
    }

    /**
     * WGAN-GP (λ 0.1, the paper's toy setting; Adam 1e-3 (0.5, 0.9) to fit a test) on the same ring,
     * with the same budget of generator steps as the clipped WGAN above. Measured: 8/8 modes, 83.2%
     * within 3σ after 2,000 iterations (267 s beside a full CI run on the 2-core machine); 8/8 and
     * 67% after 1,000. The clipped WGAN reached 70% (this class's comment) to 80% at 2,000.
     */
    @Test
    void wganGpCoversTheModesOfTheRing() {
        WganGp gan = WganGp.create(WganGp.Config.defaults().withSizes(2, 8, List.of(128, 128), List.of(128, 128))
                .withTraining(5, 0.1, 1e-3));
        Random r = new Random(1);
        long t0 = System.nanoTime();
        int iterations = Integer.getInteger("genzoo.ring.iterations", 2000);
        for (int it = 0; it < iterations; it++) {
            DataSet[] batches = new DataSet[5];
            for (int k = 0; k < batches.length; k++) {
                batches[k] = new DataSet(ToyDistributions.ring(r, 128), null);
            }
            gan.trainer().step(batches);
        }
        ToyDistributions.RingScore score = ToyDistributions.scoreRing(gan.generate(2000, 7L), 0.02);
        LOG.info("WGAN-GP on the ring of 8 Gaussians after {} iterations ({} s): {}", iterations,
                String.format("%.0f", (System.nanoTime() - t0) / 1e9), score);
        System.out.println("WGAN-GP ring after " + iterations + " iterations: " + score);
        assertTrue(score.modesCovered() == 8, score.toString());
        assertTrue(score.highQuality() > 0.8, score.toString());
    }
}
