package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReconstructionTest {
    final INDArray x = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}, {0.5, 0.5, 0.5, 0.5}});
    final INDArray r = Nd4j.createFromArray(new double[][] {{0.1, 0.8, 1, 0}, {0.5, 0.5, 0.5, 0.5}});

    @Test
    void sseAndMseByHand() {
        assertEquals(0.01 + 0.04, Reconstruction.sse(x, r).getDouble(0), 1e-12);
        assertEquals(0.0, Reconstruction.sse(x, r).getDouble(1), 0);
        assertEquals(0.05 / 4, Reconstruction.mse(x, r).getDouble(0), 1e-12);
    }

    @Test
    void bceByHand() {
        double row0 = -(Math.log(0.9) + Math.log(0.8) + Math.log(1 - 1e-7) + Math.log(1 - 1e-7));
        assertEquals(row0, Reconstruction.bce(x, r).getDouble(0), 1e-9);
        // x = r = 0.5 everywhere: 4 * ln 2, the entropy of a fair coin per value
        assertEquals(4 * Math.log(2), Reconstruction.bce(x, r).getDouble(1), 1e-9);
    }

    @Test
    void psnrByHand() {
        assertEquals(10 * Math.log10(1 / (0.05 / 4)), Reconstruction.psnr(x, r).getDouble(0), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, Reconstruction.psnr(x, r).getDouble(1));
    }

    @Test
    void imageShapedInputsAreFlattenedPerExample() {
        INDArray xi = x.reshape(2, 1, 2, 2);
        assertEquals(0.05, Reconstruction.sse(xi, r.reshape(2, 1, 2, 2)).getDouble(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Reconstruction.sse(x, Nd4j.zeros(2, 3)));
    }
}
