package dev.genzoo.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
