package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * LSGAN's objective is wired as the paper's 0-1 coding: a linear-output discriminator with squared
 * error learns D(real) → 1 and D(fake) → 0, and generator steps pull D(G(z)) towards 1.
 */
class LsganTest {

    static Lsgan small() {
        return Lsgan.create(Lsgan.defaults().withSizes(4, 3, List.of(16), List.of(16)).withTraining(
                GanLoss.LEAST_SQUARES, 1, 1.0, 5e-3, 5e-3));
    }

    @Test
    void theDiscriminatorIsLinearWithSquaredErrorAndLearnsTheTargets() {
        Lsgan gan = small();
        var out = (org.deeplearning4j.nn.conf.layers.OutputLayer) gan.discriminator().getOutputLayer().conf().getLayer();
        assertTrue(out.getActivationFn() instanceof ActivationIdentity && out.getLossFn() instanceof LossMSE);
        INDArray real = Nd4j.ones(DataType.FLOAT, 64, 4).muli(0.8);
        GanTrainer t = gan.trainer();
        for (int i = 0; i < 300; i++) {
            t.trainDiscriminator(real, null);
        }
        double dReal = gan.discriminate(real).meanNumber().doubleValue();
        double dFake = gan.discriminate(gan.generate(256, 3)).meanNumber().doubleValue();
        assertEquals(1, dReal, 0.1, "D(real)");
        assertEquals(0, dFake, 0.15, "D(fake)");
    }

    @Test
    void generatorStepsPullTheDiscriminatorsOutputOnFakesTowardsOne() {
        Lsgan gan = small();
        INDArray real = Nd4j.ones(DataType.FLOAT, 64, 4).muli(0.8);
        GanTrainer t = gan.trainer();
        for (int i = 0; i < 200; i++) {
            t.trainDiscriminator(real, null);
        }
        double before = gan.discriminate(gan.generate(256, 5)).meanNumber().doubleValue();
        double lossBefore = GanLoss.LEAST_SQUARES.generatorLoss(gan.discriminate(gan.generate(256, 5)));
        for (int i = 0; i < 50; i++) {
            t.trainGenerator(64, null);
        }
        double after = gan.discriminate(gan.generate(256, 5)).meanNumber().doubleValue();
        double lossAfter = GanLoss.LEAST_SQUARES.generatorLoss(gan.discriminate(gan.generate(256, 5)));
        assertTrue(after > before + 0.2, "D(G(z)) " + before + " -> " + after);
        assertTrue(lossAfter < lossBefore, "(D(G(z)) - 1)^2 " + lossBefore + " -> " + lossAfter);
    }

    @Test
    void theEntryRefusesAnotherLoss() {
        var e = assertThrows(IllegalArgumentException.class, () -> Lsgan.create(Lsgan.defaults().withTraining(
                GanLoss.NON_SATURATING, 1, 1.0, 2e-4, 2e-4)));
        assertTrue(e.getMessage().contains("LEAST_SQUARES"), e.getMessage());
        assertEquals(0.25 + 0.09, GanLoss.LEAST_SQUARES.discriminatorLoss(Nd4j.createFromArray(0.5),
                Nd4j.createFromArray(0.3), 1.0), 1e-12);
    }
}
