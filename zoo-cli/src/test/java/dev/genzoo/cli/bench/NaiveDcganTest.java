package dev.genzoo.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The naive three-network loop copies what it must and its frozen D part does not move. */
class NaiveDcganTest {
    @Test
    void copiesKeepTheThreeNetworksConsistentAndDStaysFrozenInsideGan() {
        NaiveDcgan n = new NaiveDcgan(1);
        INDArray real = Nd4j.rand(8, 1, 28, 28).muli(2).subi(1);
        INDArray gBefore = n.g.params().dup();
        n.step(real);
        assertNotEquals(gBefore, n.g.params(), "G trained through GAN");
        // G equals GAN's G part, D equals GAN's D part, after one iteration
        for (int i = 0; i < n.gLayers; i++) {
            assertEquals(n.g.getLayer(i).params(), n.gan.getLayer(i).params(), "G layer " + i);
        }
        INDArray dInGan = n.gan.getLayer(n.gLayers).params().dup();
        assertEquals(n.d.getLayer(0).params(), dInGan);
        // GAN's fit does not move its D part (Sgd(0)): fit GAN alone and compare D's first conv
        n.gan.fit(Nd4j.randn(8, 100), Nd4j.ones(8, 1));
        assertEquals(dInGan, n.gan.getLayer(n.gLayers).params());
    }

    /**
     * The benchmark's two variants are the same maths: from the same seed, on the same batches,
     * DL4J's three-network loop and GenZoo's trainer (through FastLayerStack) report the same D loss
     * and end with the same generator, to float rounding amplified by Adam.
     */
    @Test
    void naiveAndZooLoopsFollowTheSameTrajectory() {
        NaiveDcgan naive = new NaiveDcgan(42);
        dev.genzoo.generative.gan.Dcgan zoo = dev.genzoo.generative.gan.Dcgan.create(
                dev.genzoo.generative.gan.Dcgan.Config.defaults());
        assertTrue(zoo.trainer().usesFastPath());
        assertEquals(naive.g.params(), zoo.generator().params(), "same initial generator");
        assertEquals(naive.d.params(), zoo.discriminator().params(), "same initial discriminator");
        Nd4j.getRandom().setSeed(5);
        for (int i = 0; i < 4; i++) {
            INDArray real = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 1, 28, 28).muli(2).subi(1);
            naive.step(real);
            double zooLoss = zoo.trainer().step(new org.nd4j.linalg.dataset.DataSet(real,
                    Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 1))).discriminatorLoss();
            assertEquals(naive.lastDLoss, zooLoss, 1e-4, "D loss at iteration " + (i + 1));
        }
        double gDiff = naive.g.params().sub(zoo.generator().params()).amaxNumber().doubleValue();
        assertTrue(gDiff < 4 * 2e-4, "generators after 4 iterations differ by " + gDiff + ", more than 4 Adam steps");
    }
}
