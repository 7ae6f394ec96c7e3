package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * WGAN-GP with DCGAN's networks and a batch-norm-free convolutional critic: configuration checks,
 * every pass (the penalty's included) through the engine and equal to DL4J's layers over a full
 * iteration, and on real digits the penalty holds the critic's input-gradient norm near 1 while
 * the critic learns to score digits above G's samples.
 */
class ConvWganGpTest {

    @Test
    void configurationIsChecked() {
        ConvWganGp.Config d = ConvWganGp.Config.defaults();
        assertEquals(5, d.criticSteps());
        var e = assertThrows(IllegalArgumentException.class, () -> new ConvWganGp.Config(100, 5, 0, 0.01, 1e-4, 0.5,
                0.9, 0, 1, 1));
        assertTrue(e.getMessage().contains("penaltyWeight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvWganGp.Config(100, 5, 10, 0.01, 1e-4, 0.5,
                1.0, 0, 1, 1));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvWganGp.Config(100, 5, 10, 0.01, 1e-4, 0.5,
                0.9, 1, 0, 1));
        assertTrue(e.getMessage().contains("r1Every"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvWganGp.Config(100, 0, 10, 0.01, 1e-4, 0.5,
                0.9, 0, 1, 1));
        assertTrue(e.getMessage().contains("discriminatorSteps"), e.getMessage());
    }

    @Test
    void theCriticHasNoBatchNormAndEveryPassRunsThroughTheEngine() {
        ConvWganGp gan = ConvWganGp.create(ConvWganGp.Config.defaults());
        for (var l : gan.discriminator().getLayers()) {
            assertFalse(l.conf().getLayer() instanceof BatchNormalization, "layer " + l.getIndex());
        }
        GradientPenalty.check(gan.discriminator());
        assertTrue(gan.trainer().usesFastPath());
        assertEquals(1, gan.discriminator().getOutputLayer().getParam("W").columns());
    }

    /** One generator iteration (5 critic steps with R1 every 2nd) through the engine and through DL4J's layers. */
    @Test
    void theEngineFollowsDl4jOverAnIteration() {
        ConvWganGp.Config c = new ConvWganGp.Config(16, 5, 10, 0.01, 1e-4, 0.5, 0.9, 2, 2, 7);
        ConvWganGp fast = ConvWganGp.create(c);
        ConvWganGp slow = ConvWganGp.create(c);
        INDArray start = fast.discriminator().params().dup();
        assertFalse(slow.trainer().fastPath(false).usesFastPath());
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        DataSet[] batches = new DataSet[5];
        for (int b = 0; b < 5; b++) {
            INDArray real = Nd4j.rand(rng, 8, 1, 28, 28).castTo(DataType.FLOAT).muli(2).subi(1);
            batches[b] = new DataSet(real, Nd4j.zeros(DataType.FLOAT, 8, 1));
        }
        IterationStats a = fast.trainer().step(batches);
        IterationStats b = slow.trainer().step(batches);
        assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-3 * Math.max(1, Math.abs(b.discriminatorLoss())));
        assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-3 * Math.max(1, Math.abs(b.generatorLoss())));
        assertEquals(b.dReal(), a.dReal(), 1e-4);
        assertEquals(b.dFake(), a.dFake(), 1e-4);
        // Adam moves a parameter whose gradient is float noise by up to lr per step either way, so the
        // comparison is of the whole update: a wrong gradient term would change it by its own size
        INDArray slowMove = slow.discriminator().params().sub(start);
        double rel = fast.discriminator().params().sub(start).subi(slowMove).norm2Number().doubleValue()
                / slowMove.norm2Number().doubleValue();
        assertTrue(rel < 0.05, "the critics' five updates differ by " + rel + " of their size");
        assertEquals(5, fast.discriminator().getIterationCount());
    }

    /**
     * From N(0, 0.02) weights the critic's input gradients start near 0.05; the penalty lifts them to
     * about 1 and holds them there while the Wasserstein estimate keeps growing. At the optimum the
     * norm exceeds 1 by about (the estimate's gain per unit of norm) / 2λ: λ = 100 keeps that small on
     * a fixed batch whose real and fake images stay far apart (with λ = 10 it settles near 2).
     */
    @Test
    void onDigitsThePenaltyHoldsTheNormNearOneWhileTheCriticLearns() {
        INDArray digits = Datasets.bundled(DatasetId.MNIST).batch(32).scale(Scale.SYMMETRIC)
                .layout(Layout.IMAGE).iterator().next().getFeatures();
        ConvWganGp gan = ConvWganGp.create(new ConvWganGp.Config(32, 5, 100, 0.01, 1e-3, 0.5, 0.9, 0, 1, 3));
        GanTrainer t = gan.trainer();
        GanTrainer.DStep first = t.discriminatorStepStats(digits, null);
        GanTrainer.DStep last = first;
        double normSum = 0;
        for (int i = 0; i < 30; i++) {
            last = t.discriminatorStepStats(digits, null);
            if (i >= 20) {
                normSum += last.criticGradNorm();
            }
        }
        double norm = normSum / 10;
        assertTrue(first.criticGradNorm() < 0.2, "N(0, 0.02) weights: " + first);
        assertTrue(norm > 0.8 && norm < 1.3, "critic input-gradient norm " + norm + " (first " + first + ")");
        assertTrue(last.dReal() - last.dFake() > first.dReal() - first.dFake() + 5,
                "the critic's Wasserstein estimate grows: first " + first + ", last " + last);
    }
}
