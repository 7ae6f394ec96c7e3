package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * R1 through the GAN trainer, with the non-saturating loss on a sigmoid discriminator: lazy (every
 * k-th discriminator step, reported only there), validated, and it keeps D's input gradient on real
 * data smaller than the same training without it.
 */
class R1PenaltyTest {

    static MlpGan small() {
        return MlpGan.create(MlpGan.Config.defaults().withSizes(2, 4, List.of(32), List.of(64, 64))
                .withTraining(GanLoss.NON_SATURATING, 1, 1.0, 1e-3, 1e-3));
    }

    static double realGradNorm(MlpGan gan, INDArray real) {
        return new GradientPenalty(GradientPenalty.Kind.R1, 1, GradientPenalty.DEFAULT_STEP)
                .compute(gan.discriminator(), real).meanGradNorm();
    }

    @Test
    void lazyR1KeepsTheDiscriminatorsGradientOnRealDataSmall() {
        MlpGan plain = small();
        MlpGan withR1 = small();
        GanTrainer a = new GanTrainer(plain.generator(), plain.discriminator(), 4, 0, plain.trainingSettings());
        GanTrainer b = new GanTrainer(withR1.generator(), withR1.discriminator(), 4, 0,
                withR1.trainingSettings().withR1(10, 2));
        assertTrue(b.usesFastPath(), "R1 with the engine: the penalty through DL4J's layers, the loss through the stack");
        Random ra = new Random(4);
        Random rb = new Random(4);
        for (int i = 0; i < 200; i++) {
            a.discriminatorStepStats(ToyDistributions.ring(ra, 128), null);
            GanTrainer.DStep d = b.discriminatorStepStats(ToyDistributions.ring(rb, 128), null);
            assertTrue(i % 2 == 0 ? Double.isFinite(d.penalty()) : Double.isNaN(d.penalty()), i + ": " + d);
        }
        INDArray real = ToyDistributions.ring(new Random(99), 256);
        double without = realGradNorm(plain, real);
        double with = realGradNorm(withR1, real);
        assertTrue(with < 0.5 * without, "D's input-gradient norm on real data: " + with + " with R1, " + without
                + " without");
    }

    @Test
    void settingsValidateR1() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> GanTrainer.Settings.defaults().withR1(-1, 1));
        assertTrue(e.getMessage().contains("r1Weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanTrainer.Settings.defaults().withR1(1, 0));
        assertTrue(e.getMessage().contains("r1Every"), e.getMessage());
    }
}
