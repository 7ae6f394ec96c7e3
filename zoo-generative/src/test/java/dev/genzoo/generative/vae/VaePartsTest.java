package dev.genzoo.generative.vae;

import dev.genzoo.core.model.LatentPaths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.nn.KlDivergenceLoss;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The decoder likelihoods against closed forms, the data adapter, warm-up wiring and latent paths. */
class VaePartsTest {

    @Test
    void bernoulliLogProbabilityIsExactAndStableAtLargeLogits() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 1, 0}});
        INDArray eta = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 100, 100}});
        double expected = Math.log(sigmoid(0.3)) + Math.log(1 - sigmoid(-1.2)) + -Math.log1p(Math.exp(-100)) - 100;
        assertEquals(expected, DecoderDistribution.BERNOULLI.logProbability(x, eta).getDouble(0), 1e-12);
    }

    @Test
    void gaussianLogProbabilityIsTheNormalDensity() {
        double v = 0.3;
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1.0}});
        INDArray mu = Nd4j.createFromArray(new double[][] {{0.1, 0.2}});
        double expected = 0;
        for (double d : new double[] {0.4, -1.2}) {
            expected += -0.5 * d * d / v - 0.5 * Math.log(2 * Math.PI * v);
        }
        assertEquals(expected, DecoderDistribution.gaussian(v).logProbability(x, mu).getDouble(0), 1e-12);
    }

    @Test
    void lossGradientMatchesFiniteDifferences() {
        for (DecoderDistribution p : List.of(DecoderDistribution.BERNOULLI, DecoderDistribution.gaussian(0.7))) {
            DecoderNllLoss loss = new DecoderNllLoss(p);
            Nd4j.getRandom().setSeed(3);
            INDArray eta = Nd4j.randn(DataType.DOUBLE, 3, 5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 5).gt(0.5).castTo(DataType.DOUBLE);
            INDArray grad = loss.computeGradient(x, eta, new ActivationIdentity(), null);
            double h = 1e-6;
            for (int i = 0; i < eta.length(); i++) {
                INDArray plus = eta.dup();
                plus.putScalar(i, eta.getDouble(i) + h);
                INDArray minus = eta.dup();
                minus.putScalar(i, eta.getDouble(i) - h);
                double fd = (loss.computeScore(x, plus, new ActivationIdentity(), null, false)
                        - loss.computeScore(x, minus, new ActivationIdentity(), null, false)) / (2 * h);
                assertEquals(fd, grad.getDouble(i), 1e-6, p + " element " + i);
            }
            double score = loss.computeScore(x, eta, new ActivationIdentity(), null, false);
            assertEquals(-p.logProbability(x, eta).sumNumber().doubleValue(), score, 1e-10);
        }
    }

    @Test
    void conditionalTrainingTakesAnIteratorWithOneHotLabels() {
        ConditionalVae cvae = ConditionalVae.create(ConditionalVae.Config.defaults().withHidden(List.of(32)));
        INDArray before = cvae.graph().params().dup();
        cvae.fit(Datasets.bundled(DatasetId.MNIST).batch(100).limit(200).target(Target.LABELS).iterator(), 1);
        assertNotEquals(before, cvae.graph().params());
        var e = assertThrows(IllegalArgumentException.class, () -> cvae.fit(
                Datasets.bundled(DatasetId.MNIST).batch(100).limit(100).target(Target.INPUT).iterator(), 1));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        INDArray samples = cvae.sample(ConditionalVae.cyclicLabels(4, 10), 1L);
        assertEquals(4, samples.size(0));
    }

    @Test
    void klWarmUpReachesTheLossAndFollowsTheIterationCount() {
        MlpVae vae = MlpVae.create(MlpVae.Config.defaults().withHidden(List.of(16)).withLatentSize(2).withBeta(2)
                .withKlWarmUp(4));
        KlDivergenceLoss kl = (KlDivergenceLoss) ((LossLayer) vae.graph().getLayer("kl").conf().getLayer())
                .getLossFn();
        INDArray x = Datasets.bundled(DatasetId.MNIST).batch(8).iterator().next().getFeatures();
        vae.fit(x);
        assertEquals(0.0, kl.effectiveBeta());
        vae.fit(x);
        vae.fit(x);
        assertEquals(1.0, kl.effectiveBeta(), 1e-12);
    }

    @Test
    void latentPathsHitTheEndpointsAndSlerpKeepsTheNorm() {
        INDArray a = Nd4j.createFromArray(new double[][] {{3, 0}});
        INDArray b = Nd4j.createFromArray(new double[][] {{0, 3}});
        INDArray lin = LatentPaths.linear(a, b, 5);
        INDArray slerp = LatentPaths.spherical(a, b, 5);
        assertEquals(a.getRow(0), slerp.getRow(0));
        assertEquals(b.getRow(0), lin.getRow(4));
        assertEquals(3.0, slerp.getRow(2).norm2Number().doubleValue(), 1e-12);
        assertEquals(3.0 / Math.sqrt(2), lin.getRow(2).norm2Number().doubleValue(), 1e-12);
        INDArray t = LatentPaths.traversal(a, 1, -2, 2, 3);
        assertEquals(Nd4j.createFromArray(new double[][] {{3, -2}, {3, 0}, {3, 2}}), t);
        assertThrows(IllegalArgumentException.class, () -> LatentPaths.traversal(a, 2, -1, 1, 3));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
