package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A GAN learns the data distribution", made testable: G starts near N(0, ·) isotropic, the
 * target is a shifted, anisotropic 2-D Gaussian N((0.5, −0.5), diag(0.05², 0.2²)); after a few
 * seconds of training the generated mean and standard deviations are close to the target's.
 */
class ToyDistributionTest {
    private static final double[] MEAN = {0.5, -0.5};
    private static final double[] STD = {0.05, 0.2};
    private static final int BATCH = 128;
    private static final Logger LOG = LoggerFactory.getLogger(ToyDistributionTest.class);

    private static double[][] train(AbstractGan gan, int iterations) {
        Random r = new Random(1);
        IterationStats last = null;
        for (int it = 0; it < iterations; it++) {
            int k = gan.trainingSettings().discriminatorStepsAt(gan.trainer().iteration());
            DataSet[] batches = new DataSet[k];
            for (int j = 0; j < k; j++) {
                batches[j] = new DataSet(ToyDistributions.gaussian(r, BATCH, MEAN[0], MEAN[1], STD[0], STD[1]), null);
            }
            last = gan.trainer().step(batches);
            assertTrue(last.finite(), last.toString());
        }
        LOG.info("last iteration: {}", last);
        assertTrue(last.spreadRatio() > 0.5 && last.spreadRatio() < 2, "no collapse: " + last);
        INDArray g = gan.generate(4000, 7L);
        return new double[][] {g.mean(0).toDoubleVector(), g.std(0).toDoubleVector()};
    }

    private static void assertMatches(double[][] stats, double meanTolerance, double stdFactor) {
        String found = "mean " + java.util.Arrays.toString(stats[0]) + " std " + java.util.Arrays.toString(stats[1]);
        LOG.info("toy target mean {} std {}; generated {}", MEAN, STD, found);
        for (int i = 0; i < 2; i++) {
            assertEquals(MEAN[i], stats[0][i], meanTolerance, "mean[" + i + "]: " + found);
            double ratio = stats[1][i] / STD[i];
            assertTrue(ratio > 1 / stdFactor && ratio < stdFactor, "std[" + i + "]: " + found);
        }
        assertTrue(stats[1][1] > 1.5 * stats[1][0], "anisotropy learned: " + found);
    }

    @Test
    void mlpGanMatchesAShiftedGaussian() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults().withSizes(2, 8, List.of(128, 128), List.of(128, 128))
                .withTraining(GanLoss.NON_SATURATING, 1, 1.0, 1e-3, 1e-3));
        INDArray before = gan.generate(4000, 7L);
        LOG.info("untrained G: mean {} std {}", before.mean(0), before.std(0));
        assertTrue(Math.abs(before.mean(0).getDouble(0) - MEAN[0]) > 0.3, "starts away from the target");
        assertMatches(train(gan, 200), 0.1, 2.0);
    }

    @Test
    void wassersteinGanMatchesAShiftedGaussian() {
        WassersteinGan gan = WassersteinGan.create(WassersteinGan.Config.defaults()
                .withSizes(2, 8, List.of(128, 128), List.of(128, 128)).withTraining(3, 0.1, 5e-4, 5e-4)
                .withCriticBursts(0));
        assertMatches(train(gan, 120), 0.06, 1.5);
    }
}
