package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hinge GAN: D learns the margins (D(real) ≥ 1, D(fake) ≤ −1, where its loss is zero), G's steps
 * raise D(G(z)) without saturating, and the loss's score and gradient are the three terms its
 * labels select.
 */
class HingeGanTest {

    static MlpGan small() {
        return small(GanLoss.HINGE);
    }

    static MlpGan small(GanLoss loss) {
        return MlpGan.create(MlpGan.Config.defaults().withSizes(4, 3, List.of(16), List.of(16)).withTraining(
                loss, 1, 1.0, 5e-3, 5e-3));
    }

    @Test
    void scoreAndGradientAreTheTermsTheLabelsSelect() {
        HingeGanLoss loss = new HingeGanLoss();
        INDArray d = Nd4j.createFromArray(0.5, 2.0, -0.5, -2.0, 3.0, -4.0).reshape(6, 1);
        INDArray y = Nd4j.createFromArray(1.0, 1.0, -1.0, -1.0, 0.0, 0.0).reshape(6, 1);
        INDArray score = loss.computeScoreArray(y, d, new ActivationIdentity(), null);
        // real: max(0, 1 - d); fake, D's step: max(0, 1 + d); fake, G's step: -d
        double[] expected = {0.5, 0, 0.5, 0, -3.0, 4.0};
        double[] grad = {-1, 0, 1, 0, -1, -1};
        INDArray g = loss.computeGradient(y, d, new ActivationIdentity(), null);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], score.getDouble(i, 0), 1e-12, "score " + i);
            assertEquals(grad[i], g.getDouble(i, 0), 1e-12, "gradient " + i);
            // central differences of the score (away from the hinge's kink)
            double h = 1e-4;
            INDArray up = d.dup();
            up.putScalar(i, 0, d.getDouble(i, 0) + h);
            INDArray down = d.dup();
            down.putScalar(i, 0, d.getDouble(i, 0) - h);
            double numeric = (loss.computeScoreArray(y, up, new ActivationIdentity(), null).getDouble(i, 0)
                    - loss.computeScoreArray(y, down, new ActivationIdentity(), null).getDouble(i, 0)) / (2 * h);
            assertEquals(numeric, g.getDouble(i, 0), 1e-6, "central difference " + i);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> loss.computeScoreArray(Nd4j.ones(6, 1).muli(0.5), d, new ActivationIdentity(), null));
        assertTrue(e.getMessage().contains("+1 (real), -1"), e.getMessage());
        assertEquals(1.5 + 0.5, GanLoss.HINGE.discriminatorLoss(Nd4j.createFromArray(-0.5), Nd4j.createFromArray(-0.5),
                1.0), 1e-12);
        assertEquals(-0.25, GanLoss.HINGE.generatorLoss(Nd4j.createFromArray(0.25)), 1e-12);
    }

    @Test
    void theDiscriminatorLearnsTheMarginsAndItsConfigurationSurvivesJson() {
        MlpGan gan = small();
        MultiLayerConfiguration conf = gan.discriminator().getLayerWiseConfigurations();
        var out = (org.deeplearning4j.nn.conf.layers.OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
        assertTrue(out.getActivationFn() instanceof ActivationIdentity && out.getLossFn() instanceof HingeGanLoss);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        INDArray real = Nd4j.ones(DataType.FLOAT, 64, 4).muli(0.8);
        GanTrainer t = gan.trainer();
        for (int i = 0; i < 300; i++) {
            t.trainDiscriminator(real, null);
        }
        double dReal = gan.discriminate(real).meanNumber().doubleValue();
        double dFake = gan.discriminate(gan.generate(256, 3)).meanNumber().doubleValue();
        assertTrue(dReal > 0.8, "D(real) at the margin +1: " + dReal);
        assertTrue(dFake < -0.8, "D(fake) at the margin -1: " + dFake);
    }

    @Test
    void generatorStepsRaiseTheCriticsScoreOnFakes() {
        MlpGan gan = small();
        INDArray real = Nd4j.ones(DataType.FLOAT, 64, 4).muli(0.8);
        GanTrainer t = gan.trainer();
        for (int i = 0; i < 200; i++) {
            t.trainDiscriminator(real, null);
        }
        double before = gan.discriminate(gan.generate(256, 5)).meanNumber().doubleValue();
        for (int i = 0; i < 50; i++) {
            t.trainGenerator(64, null);
        }
        double after = gan.discriminate(gan.generate(256, 5)).meanNumber().doubleValue();
        assertTrue(after > before + 0.5, "D(G(z)) " + before + " -> " + after + " (G minimizes -D(G(z)))");
    }

    @Test
    void r1WorksOnLinearCriticsOtherThanWasserstein() {
        for (GanLoss loss : new GanLoss[] {GanLoss.HINGE, GanLoss.LEAST_SQUARES}) {
            MlpGan gan = small(loss);
            GradientPenalty.check(gan.discriminator());
            var p = new GradientPenalty(GradientPenalty.Kind.R1, 1.0, 0.01).compute(gan.discriminator(), Nd4j.rand(DataType.FLOAT, 8, 4));
            assertTrue(Double.isFinite(p.sum()) && p.sum() > 0, loss + " R1 value " + p.sum());
        }
    }
}
