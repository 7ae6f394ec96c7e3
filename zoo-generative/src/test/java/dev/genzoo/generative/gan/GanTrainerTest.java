package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.testing.ModelAssertions;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The training loop: isolation of the two players, G's gradient, the saturation argument, the loss forms. */
class GanTrainerTest {

    private static INDArray images(int n) {
        return Datasets.bundled(DatasetId.MNIST).batch(n).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).iterator()
                .next().getFeatures();
    }

    /** DCGAN: batch norm in both networks, Adam state non-zero after a first iteration. */
    @Test
    void eachStepLeavesTheOtherNetworkAndItsUpdaterBitIdentical() throws Exception {
        Dcgan gan = ModelZoo.create("dcgan");
        GanTrainer trainer = gan.trainer();
        INDArray x = images(8);
        trainer.step(new DataSet(x, null));

        MultiLayerNetwork d = gan.discriminator();
        ComputationGraph g = gan.generator();
        INDArray dParams = d.params().dup();
        INDArray dState = d.getUpdater().getStateViewArray().dup();
        INDArray gParams = g.params().dup();
        int dIter = d.getIterationCount();
        trainer.trainGenerator(8, null);
        ModelAssertions.assertIdentical(dParams, d.params());
        ModelAssertions.assertIdentical(dState, d.getUpdater().getStateViewArray());
        assertEquals(dIter, d.getIterationCount());
        assertNotEquals(gParams, g.params());

        INDArray gParams2 = g.params().dup();
        INDArray gState = g.getUpdater().getStateViewArray().dup();
        trainer.trainDiscriminator(x, null);
        ModelAssertions.assertIdentical(gParams2, g.params());
        ModelAssertions.assertIdentical(gState, g.getUpdater().getStateViewArray());
        assertNotEquals(dParams, d.params());
    }

    /** After {@code releaseTraining} the model gets a new loop, which trains from the networks' own state. */
    @Test
    void aReleasedLoopIsRebuiltAndTrainsOn() throws Exception {
        Dcgan gan = ModelZoo.create("dcgan");
        GanTrainer first = gan.trainer();
        INDArray x = images(8);
        first.step(new DataSet(x, null));
        INDArray g1 = gan.generator().params().dup();
        gan.releaseTraining();
        GanTrainer second = gan.trainer();
        assertNotSame(first, second, "a new loop after the release");
        assertEquals(0, second.iteration(), "its counters start afresh");
        second.step(new DataSet(x, null));
        assertNotEquals(g1, gan.generator().params(), "and it trains the same networks on");
    }

    /** G's gradient from the loop equals central differences of the mean generator loss, D in training mode. */
    @ParameterizedTest
    @EnumSource(GanLoss.class)
    void generatorGradientMatchesFiniteDifferences(GanLoss loss) {
        ComputationGraph g = TinyGan.generator();
        MultiLayerNetwork d = TinyGan.discriminator(loss);
        GanTrainer trainer = new GanTrainer(g, d, TinyGan.LATENT, 0, new GanTrainer.Settings(loss, 1, 1, 0, 1));
        INDArray z = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(5), 6, TinyGan.LATENT)
                .castTo(DataType.DOUBLE);
        INDArray dBefore = d.params().dup();
        INDArray analytic = trainer.generatorGradient(z, null);
        ModelAssertions.assertIdentical(dBefore, d.params());

        INDArray p = g.params();
        double h = 1e-6;
        double maxRel = 0;
        for (int i = 0; i < p.length(); i++) {
            double v = p.getDouble(i);
            p.putScalar(i, v + h);
            double up = generatorLoss(g, d, z, loss);
            p.putScalar(i, v - h);
            double down = generatorLoss(g, d, z, loss);
            p.putScalar(i, v);
            double numeric = (up - down) / (2 * h);
            double a = analytic.getDouble(i);
            double rel = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
            maxRel = Math.max(maxRel, rel);
        }
        assertTrue(maxRel < 1e-5, loss + ": max relative error " + maxRel);
    }

    private static double generatorLoss(ComputationGraph g, MultiLayerNetwork d, INDArray z, GanLoss loss) {
        INDArray fake = g.outputSingle(true, z);
        return loss.generatorLoss(d.output(fake, true));
    }

    /**
     * Goodfellow et al. 2014, section 3: when D confidently rejects fakes (D(G(z)) = σ(a) ≈ 0), the
     * minimax generator's gradient is σ(a)/(1 − σ(a)) times the non-saturating one.
     */
    @Test
    void minimaxSaturatesWhenTheDiscriminatorRejectsFakes() {
        double bias = -6;
        double[] norms = new double[2];
        GanLoss[] losses = {GanLoss.MINIMAX, GanLoss.NON_SATURATING};
        for (int i = 0; i < 2; i++) {
            ComputationGraph g = TinyGan.generator();
            MultiLayerNetwork d = TinyGan.discriminator(losses[i]);
            d.getOutputLayer().getParam("W").muli(1e-4);
            d.getOutputLayer().getParam("b").assign(bias);
            GanTrainer trainer = new GanTrainer(g, d, TinyGan.LATENT, 0, new GanTrainer.Settings(losses[i], 1, 1, 0, 1));
            INDArray z = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(5), 16, TinyGan.LATENT)
                    .castTo(DataType.DOUBLE);
            INDArray fakeScores = d.output(g.outputSingle(z), true);
            assertTrue(fakeScores.maxNumber().doubleValue() < 0.003, "D rejects fakes: " + fakeScores);
            norms[i] = trainer.generatorGradient(z, null).norm2Number().doubleValue();
        }
        double p = 1 / (1 + Math.exp(-bias));
        double ratio = norms[0] / norms[1];
        assertEquals(p / (1 - p), ratio, 0.01 * p, "minimax/non-saturating gradient norm ratio");
        assertTrue(norms[1] > 0);
    }

    /** Each loss form's value for known D outputs, by hand and through DL4J's own loss functions. */
    @Test
    void lossValuesForKnownOutputsMatchHandComputedValues() {
        INDArray real = Nd4j.createFromArray(0.8, 0.6).reshape(2, 1);
        INDArray fake = Nd4j.createFromArray(0.2, 0.5).reshape(2, 1);
        double smooth = 0.9;
        double dLoss = -(smooth * Math.log(0.8) + 0.1 * Math.log(0.2) + smooth * Math.log(0.6) + 0.1 * Math.log(0.4)) / 2
                - (Math.log(0.8) + Math.log(0.5)) / 2;
        assertEquals(dLoss, GanLoss.NON_SATURATING.discriminatorLoss(real, fake, smooth), 1e-12);
        assertEquals((Math.log(0.8) + Math.log(0.5)) / 2, GanLoss.MINIMAX.generatorLoss(fake), 1e-12);
        assertEquals(-(Math.log(0.2) + Math.log(0.5)) / 2, GanLoss.NON_SATURATING.generatorLoss(fake), 1e-12);
        INDArray critic = Nd4j.createFromArray(1.5, -0.5).reshape(2, 1);
        INDArray criticReal = Nd4j.createFromArray(2.0, 3.0).reshape(2, 1);
        assertEquals(-0.5, GanLoss.WASSERSTEIN.generatorLoss(critic), 1e-12);
        assertEquals(0.5 - 2.5, GanLoss.WASSERSTEIN.discriminatorLoss(criticReal, critic, 1), 1e-12);

        // DL4J's output-layer losses with the trainer's targets give the same values
        for (GanLoss loss : GanLoss.values()) {
            INDArray r = loss.isWasserstein() ? criticReal : real;
            INDArray f = loss.isWasserstein() ? critic : fake;
            double label = loss.isWasserstein() ? 1 : smooth;
            double viaDl4j = dl4jScore(loss, r, loss.realTarget(label)) + dl4jScore(loss, f, loss.fakeTarget());
            assertEquals(loss.discriminatorLoss(r, f, label), viaDl4j, 1e-5, loss + " D");
            double gViaDl4j = loss.generatorSign() * dl4jScore(loss, f, loss.generatorTarget());
            assertEquals(loss.generatorLoss(f), gViaDl4j, 1e-5, loss + " G");
        }
    }

    private static double dl4jScore(GanLoss loss, INDArray outputs, double target) {
        ILossFunction fn = loss.discriminatorLossFunction();
        INDArray out = outputs.castTo(DataType.DOUBLE);
        // pre-activations: the scores themselves, or logit(p) = log(p / (1 - p))
        INDArray pre = loss.isWasserstein() ? out : Transforms.log(out.div(out.rsub(1)));
        INDArray labels = Nd4j.valueArrayOf(out.shape(), target, DataType.DOUBLE);
        return fn.computeScore(labels, pre, loss.isWasserstein() ? new ActivationIdentity() : new ActivationSigmoid(),
                null, true);
    }

    @Test
    void stepNeedsExactlyKBatchesClipsTheCriticAndReportsEveryIteration() {
        MultiLayerNetwork critic = TinyGan.discriminator(GanLoss.WASSERSTEIN);
        assertTrue(critic.params().amaxNumber().doubleValue() > 0.05, "initial weights exceed the clip value");
        GanTrainer trainer = new GanTrainer(TinyGan.generator(), critic,
                TinyGan.LATENT, 0, new GanTrainer.Settings(GanLoss.WASSERSTEIN, 3, 1, 0.05, 1));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.step(new DataSet(x, null)));
        assertTrue(e.getMessage().contains("discriminatorSteps=3"), e.getMessage());
        List<IterationStats> seen = new ArrayList<>();
        trainer.addListener(seen::add);
        DataSet b = new DataSet(x, null);
        trainer.step(b, b, b);
        trainer.step(b, b, b);
        assertEquals(2, seen.size());
        assertTrue(critic.params().amaxNumber().doubleValue() <= 0.05, "critic weights clipped to [-0.05, 0.05]");
        assertEquals(2, seen.get(1).iteration());
        assertTrue(seen.get(1).finite());
    }

    @Test
    void criticBurstsFollowTheReferenceSchedule() {
        var s = new GanTrainer.Settings(GanLoss.WASSERSTEIN, 5, 1, 0.01, 1, 100);
        assertEquals(100, s.discriminatorStepsAt(0));
        assertEquals(100, s.discriminatorStepsAt(24));
        assertEquals(5, s.discriminatorStepsAt(25));
        assertEquals(5, s.discriminatorStepsAt(499));
        assertEquals(100, s.discriminatorStepsAt(500));
        assertEquals(5, s.discriminatorStepsAt(501));
        assertEquals(5, new GanTrainer.Settings(GanLoss.WASSERSTEIN, 5, 1, 0.01, 1).discriminatorStepsAt(0),
                "no bursts: a constant k");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new GanTrainer.Settings(GanLoss.WASSERSTEIN, 5, 1, 0.01, 1, -1));
        assertTrue(e.getMessage().contains("criticBurstSteps"), e.getMessage());
    }

    @Test
    void theTrainingStepRunsTheBurstsAndUpdatesTheCriticOncePerCriticStep() {
        WassersteinGan gan = WassersteinGan.create(WassersteinGan.Config.defaults()
                .withSizes(784, 8, List.of(16), List.of(16)).withTraining(2, 0.05, 1e-4, 1e-4).withCriticBursts(3));
        var step = GanTraining.INSTANCE.step(gan, dev.genzoo.core.train.TrainingOptions.epochs(1));
        DataSet batch = Datasets.bundled(DatasetId.MNIST).batch(8).scale(Scale.SYMMETRIC).layout(Layout.FLAT)
                .iterator().next();
        int criticBefore = gan.discriminator().getIterationCount();
        for (int i = 0; i < 75; i++) {
            step.run(batch);
        }
        assertEquals(25, gan.trainer().iteration(), "3 critic steps before each of the first 25 generator steps");
        for (int i = 0; i < 4; i++) {
            step.run(batch);
        }
        assertEquals(27, gan.trainer().iteration(), "then n_critic = 2");
        assertEquals(79, gan.discriminator().getIterationCount() - criticBefore,
                "one critic update per critic step (real and fake gradients summed)");
        assertTrue(gan.discriminator().params().amaxNumber().doubleValue() <= 0.05 + 1e-7, "clipped");
    }
}
