package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGAN trained through {@code FastLayerStack} follows DL4J's own trajectory (same noise, same
 * batches): losses, D's outputs and every parameter, step by step.
 */
class GanFastPathTest {
    /** Biases feeding batch norm: zero gradient in exact arithmetic, so Adam steps on rounding noise. */
    private static final Set<String> NOISE_DRIVEN = Set.of("project_b", "deconv1_b", "projectBn_mean",
            "deconv1Bn_mean", "1_b", "2_mean");

    @Test
    void dcganFastPathFollowsDl4jTrajectory() {
        Dcgan fast = Dcgan.create(Dcgan.Config.defaults());
        Dcgan slow = Dcgan.create(Dcgan.Config.defaults());
        assertTrue(fast.trainer().usesFastPath());
        assertFalse(slow.trainer().fastPath(false).usesFastPath());
        Nd4j.getRandom().setSeed(9);
        int steps = 4;
        for (int i = 0; i < steps; i++) {
            INDArray real = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28).muli(2).subi(1);
            DataSet batch = new DataSet(real, Nd4j.zeros(DataType.FLOAT, 8, 1));
            IterationStats a = fast.trainer().step(batch);
            IterationStats b = slow.trainer().step(batch);
            String at = " at iteration " + (i + 1);
            assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-4, "D loss" + at);
            assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-4, "G loss" + at);
            assertEquals(b.dReal(), a.dReal(), 1e-5, "D(real)" + at);
            assertEquals(b.dFake(), a.dFake(), 1e-5, "D(fake)" + at);
        }
        // parameters: exact-arithmetic equal, so only float rounding amplified by Adam separates them
        for (var pair : List.of(Map.entry(slow.generator().paramTable(), fast.generator().paramTable()),
                Map.entry(slow.discriminator().paramTable(), fast.discriminator().paramTable()))) {
            for (var e : pair.getKey().entrySet()) {
                if (NOISE_DRIVEN.contains(e.getKey())) {
                    continue; // Adam's steps on pure rounding noise carry no information
                }
                INDArray mine = pair.getValue().get(e.getKey());
                double diff = e.getValue().sub(mine).amaxNumber().doubleValue();
                // Adam moves a parameter by up to lr per step whatever the gradient's size, so rounding
                // in near-zero gradients shows up as a fraction of lr; a wrong gradient as whole steps
                double bound = 0.1 * steps * 2e-4;
                assertTrue(diff <= bound, e.getKey() + " differs by " + diff + " (bound " + bound + ")");
            }
        }
        assertEquals(slow.generator().getConfiguration().getIterationCount(),
                fast.generator().getConfiguration().getIterationCount());
        assertEquals(slow.discriminator().getIterationCount(), fast.discriminator().getIterationCount());
    }

    /**
     * Sampling and D's inference run through the engine (G's graph pass, D's stack with batch norm on
     * its running statistics) in equal chunks, the last zero-padded: the same images and D outputs as
     * DL4J's own {@code output(false)}, for a DCGAN whose batch-norm statistics have moved.
     */
    @Test
    void dcganInferenceThroughTheEngineEqualsDl4js() {
        Dcgan gan = Dcgan.create(Dcgan.Config.defaults());
        Nd4j.getRandom().setSeed(11);
        for (int i = 0; i < 3; i++) {
            INDArray real = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(2).subi(1);
            gan.trainer().step(new DataSet(real, Nd4j.zeros(DataType.FLOAT, 16, 1)));
        }
        int n = 523; // three chunks of 175, the last padded by two rows
        INDArray z = gan.noise(n, 5);
        INDArray mine = gan.generate(z);
        INDArray dl4j = gan.generator().outputSingle(false, z);
        assertEquals(List.of(n, 1, 28, 28), List.of((int) mine.size(0), (int) mine.size(1), (int) mine.size(2),
                (int) mine.size(3)));
        assertTrue(mine.sub(dl4j).amaxNumber().doubleValue() < 1e-4, "G(z) differs from DL4J's by "
                + mine.sub(dl4j).amaxNumber());
        INDArray dMine = gan.discriminate(dl4j);
        INDArray dRef = gan.discriminator().output(dl4j, false);
        assertTrue(dMine.sub(dRef).amaxNumber().doubleValue() < 1e-5, "D(x) differs from DL4J's by "
                + dMine.sub(dRef).amaxNumber());
        // a single short call (no chunking) and the same again after another training step
        INDArray few = gan.noise(7, 6);
        assertTrue(gan.generate(few).sub(gan.generator().outputSingle(false, few)).amaxNumber().doubleValue() < 1e-4);
        gan.trainer().step(new DataSet(Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(2).subi(1),
                Nd4j.zeros(DataType.FLOAT, 16, 1)));
        assertTrue(gan.generate(few).sub(gan.generator().outputSingle(false, few)).amaxNumber().doubleValue() < 1e-4,
                "inference follows the parameters and statistics after a further step");
    }

    /**
     * The conditional GAN: G (noise and label merged) through the engine's graph passes, D on
     * image and label as a stack; same losses and outputs as DL4J's route, step by step.
     */
    @Test
    void conditionalGanFastPathFollowsDl4jTrajectory() {
        ConditionalMlpGan fast = ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults());
        ConditionalMlpGan slow = ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults());
        assertTrue(fast.trainer().usesFastPath());
        assertFalse(slow.trainer().fastPath(false).usesFastPath());
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(10);
        for (int i = 0; i < 5; i++) {
            INDArray real = Nd4j.rand(rng, 16, 784).castTo(DataType.FLOAT).muli(2).subi(1);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
            for (int r = 0; r < 16; r++) {
                labels.putScalar(r, (r + i) % 10, 1f);
            }
            DataSet batch = new DataSet(real, labels);
            IterationStats a = fast.trainer().step(batch);
            IterationStats b = slow.trainer().step(batch);
            String at = " at iteration " + (i + 1);
            assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-4, "D loss" + at);
            assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-4, "G loss" + at);
            assertEquals(b.dReal(), a.dReal(), 1e-5, "D(real)" + at);
            assertEquals(b.dFake(), a.dFake(), 1e-5, "D(fake)" + at);
        }
        double diff = slow.generator().params().sub(fast.generator().params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "G's parameters differ by " + diff);
        assertEquals(slow.generator().getConfiguration().getIterationCount(),
                fast.generator().getConfiguration().getIterationCount());
    }

    /**
     * Critics and linear-output discriminators through the engine (the Wasserstein critic with
     * weight clipping and with the gradient penalty, the least-squares GAN): the same losses and
     * outputs as DL4J's route over the first iterations (the critic's burst of extra steps included).
     */
    @Test
    void criticsAndLeastSquaresFollowDl4jTrajectory() {
        sameTrajectory(WassersteinGan.create(WassersteinGan.Config.defaults()),
                WassersteinGan.create(WassersteinGan.Config.defaults()), 3);
        sameTrajectory(WganGp.create(WganGp.Config.defaults()), WganGp.create(WganGp.Config.defaults()), 3);
        sameTrajectory(Lsgan.create(Lsgan.defaults()), Lsgan.create(Lsgan.defaults()), 4);
    }

    /** R1 on real examples (lazy, every 2nd D step): the penalty's gradient joins the engine's real-batch update. */
    @Test
    void r1FollowsDl4jTrajectory() {
        MlpGan fastGan = MlpGan.create(MlpGan.Config.defaults());
        MlpGan slowGan = MlpGan.create(MlpGan.Config.defaults());
        GanTrainer fast = new GanTrainer(fastGan.generator(), fastGan.discriminator(), MlpGan.Config.defaults().latentSize(),
                0, fastGan.trainingSettings().withR1(5, 2));
        GanTrainer slow = new GanTrainer(slowGan.generator(), slowGan.discriminator(), MlpGan.Config.defaults().latentSize(),
                0, slowGan.trainingSettings().withR1(5, 2)).fastPath(false);
        assertTrue(fast.usesFastPath());
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(12);
        for (int i = 0; i < 4; i++) {
            INDArray real = Nd4j.rand(rng, 16, 784).castTo(DataType.FLOAT).muli(2).subi(1);
            DataSet batch = new DataSet(real, Nd4j.zeros(DataType.FLOAT, 16, 1));
            IterationStats a = fast.step(batch);
            IterationStats b = slow.step(batch);
            assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-4, "D loss at iteration " + (i + 1));
            assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-4, "G loss at iteration " + (i + 1));
            assertEquals(b.dReal(), a.dReal(), 1e-5, "D(real) at iteration " + (i + 1));
        }
        double diff = slowGan.discriminator().params().sub(fastGan.discriminator().params()).amaxNumber().doubleValue();
        assertTrue(diff < 0.1 * 4 * 2e-4 * 2, "D's parameters differ by " + diff);
    }

    private static void sameTrajectory(AbstractGan fast, AbstractGan slow, int iterations) {
        String name = fast.getClass().getSimpleName();
        assertTrue(fast.trainer().usesFastPath(), name + " through the engine");
        assertFalse(slow.trainer().fastPath(false).usesFastPath());
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(11);
        for (int i = 0; i < iterations; i++) {
            int k = fast.trainer().settings().discriminatorStepsAt(fast.trainer().iteration());
            DataSet[] batches = new DataSet[k];
            for (int b = 0; b < k; b++) {
                INDArray real = Nd4j.rand(rng, 16, 784).castTo(DataType.FLOAT).muli(2).subi(1);
                batches[b] = new DataSet(real, Nd4j.zeros(DataType.FLOAT, 16, 1));
            }
            IterationStats a = fast.trainer().step(batches);
            IterationStats b = slow.trainer().step(batches);
            String at = name + " at iteration " + (i + 1);
            assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-4 * Math.max(1, Math.abs(b.discriminatorLoss())),
                    "D loss " + at);
            assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-4 * Math.max(1, Math.abs(b.generatorLoss())),
                    "G loss " + at);
            assertEquals(b.dReal(), a.dReal(), 1e-4, "D(real) " + at);
            assertEquals(b.dFake(), a.dFake(), 1e-4, "D(fake) " + at);
        }
        // RMSProp and Adam move a parameter by up to about lr per step whatever the gradient's size, so
        // float rounding in near-zero gradients shows as a fraction of lr per step; a wrong gradient as
        // whole steps (learning rates here: 5e-5 to 2e-4)
        double diff = slow.discriminator().params().sub(fast.discriminator().params()).amaxNumber().doubleValue();
        double bound = 0.1 * slow.discriminator().getIterationCount() * 2e-4;
        assertTrue(diff < bound, name + ": D's parameters differ by " + diff + " (bound " + bound + ")");
        assertEquals(slow.discriminator().getIterationCount(), fast.discriminator().getIterationCount());
    }

    @Test
    void otherGansSayWhichPathTheyTake() {
        assertTrue(MlpGan.create(MlpGan.Config.defaults()).trainer().usesFastPath(), "dense GAN");
        assertTrue(WassersteinGan.create(WassersteinGan.Config.defaults()).trainer().usesFastPath(),
                "the critic: its Wasserstein loss through DL4J's own loss function inside the stack");
        assertTrue(ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults()).trainer().usesFastPath(),
                "conditional: G through the engine's graph passes, D (image and label) as a stack");
    }
}
