package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Gan;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The truncation trick of {@link Gan#generate(int, long, double)}: psi 1 is the plain sampler, a
 * smaller psi generates from the same latents scaled by it, and values outside (0, 1] are refused.
 */
class TruncationTest {

    @Test
    void psiOneIsThePlainSamplerAndSmallerPsiScalesTheSameLatents() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults());
        INDArray plain = gan.generate(6, 11);
        assertEquals(plain, gan.generate(6, 11, 1.0));
        INDArray half = gan.generate(6, 11, 0.5);
        assertEquals(gan.generate(gan.noise(6, 11).mul(0.5)), half);
        assertNotEquals(plain, half, "a narrower prior gives other samples");
        // psi -> 0 approaches the image of the zero latent, so the samples' spread shrinks
        double spreadPlain = plain.std(0).meanNumber().doubleValue();
        double spreadNarrow = gan.generate(6, 11, 0.05).std(0).meanNumber().doubleValue();
        assertTrue(spreadNarrow < spreadPlain, spreadNarrow + " < " + spreadPlain);
    }

    @Test
    void conditionalGansScaleTheLatentsOfTheirLabelledSampler() {
        ConditionalMlpGan gan = ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults());
        INDArray labels = gan.oneHot(0, 3, 9);
        assertEquals(gan.generate(labels, 5), gan.generate(labels, 5, 1.0));
        assertEquals(gan.generate(gan.noise(3, 5).mul(0.7), labels), gan.generate(labels, 5, 0.7));
    }

    @Test
    void psiOutsideZeroToOneIsRefused() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults());
        for (double psi : List.of(0.0, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gan.generate(2, 1, psi));
            assertTrue(e.getMessage().contains("truncation must be in (0, 1]") && e.getMessage().contains("" + psi),
                    e.getMessage());
        }
    }
}
