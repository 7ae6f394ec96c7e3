package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The decoder pass that sampling and the importance-sampled likelihood use runs through the
 * engine's inference pass: it must equal DL4J's own decoder output to float rounding, for the
 * dense, convolutional and conditional VAEs.
 */
class VaeDecoderEngineTest {

    private static void assertSameDecoding(GraphVae vae, INDArray labels) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        int n = labels == null ? 37 : (int) labels.size(0);
        INDArray z = Nd4j.randn(rng, new long[] {n, vae.latentSize()}).castTo(DataType.FLOAT);
        INDArray expected = vae.decoderOutputByDl4j(z, labels);
        INDArray actual = vae.decoderOutputByEngine(z, labels);
        assertTrue(vae.decoderOnEngine(), vae.name() + ": the engine runs the decoder (else this compares DL4J with itself)");
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertTrue(diff <= 1e-5 * scale, vae.name() + ": largest difference from DL4J's decoder " + diff);
    }

    @Test
    void denseDecoder() {
        assertSameDecoding(MlpVae.create(MlpVae.Config.defaults()), null);
    }

    @Test
    void convolutionalDecoder() {
        assertSameDecoding(ConvVae.create(ConvVae.Config.defaults()), null);
    }

    @Test
    void conditionalDecoder() {
        ConditionalVae vae = ConditionalVae.create(ConditionalVae.Config.defaults());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 12, vae.numClasses());
        for (int i = 0; i < 12; i++) {
            labels.putScalar(i, i % vae.numClasses(), 1f);
        }
        assertSameDecoding(vae, labels);
    }
}
