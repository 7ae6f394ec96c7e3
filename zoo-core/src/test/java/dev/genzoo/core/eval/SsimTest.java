package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SsimTest {

    private static INDArray random(long seed, long... shape) {
        Random r = new Random(seed);
        INDArray a = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble());
        }
        return a;
    }

    @Test
    void identicalImagesHaveSsimOne() {
        INDArray x = random(1, 3, 1, 28, 28);
        INDArray s = Ssim.ssim(x, x.dup());
        assertArrayEquals(new long[] {3}, s.shape());
        for (double v : s.toDoubleVector()) {
            assertEquals(1.0, v, 1e-12);
        }
    }

    @Test
    void constantImagesGiveTheLuminanceTermInClosedForm() {
        // No variance anywhere: SSIM = (2ab + C1) / (a² + b² + C1), times C2 / C2.
        double a = 0.2;
        double b = 0.6;
        double c1 = 1e-4;
        double expected = (2 * a * b + c1) / (a * a + b * b + c1);
        INDArray x = Nd4j.valueArrayOf(new long[] {1, 16, 20}, a, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray y = Nd4j.valueArrayOf(new long[] {1, 16, 20}, b, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        assertEquals(expected, Ssim.ssim(x, y).getDouble(0), 1e-12);
        // With range 255 the constants scale: C1 = (0.01·255)².
        double c1b = Math.pow(0.01 * 255, 2);
        assertEquals((2 * 51.0 * 153 + c1b) / (51.0 * 51 + 153 * 153 + c1b),
                Ssim.ssim(x.mul(255), y.mul(255), 255).getDouble(0), 1e-12);
    }

    @Test
    void noiseLowersSsimSymmetricallyAndChannelsAverage() {
        INDArray x = random(2, 1, 1, 28, 28);
        INDArray noisy = x.add(random(3, 1, 1, 28, 28).subi(0.5).muli(0.4));
        double s = Ssim.ssim(x, noisy).getDouble(0);
        assertTrue(s < 0.95 && s > 0, "SSIM " + s);
        assertEquals(s, Ssim.ssim(noisy, x).getDouble(0), 1e-12);
        INDArray two = Nd4j.concat(1, x, x);
        INDArray twoOther = Nd4j.concat(1, noisy, x);
        assertEquals((s + 1) / 2, Ssim.ssim(two, twoOther).getDouble(0), 1e-12);
    }

    @Test
    void windowIsNormalisedAndShapesAreChecked() {
        double sum = 0;
        for (double v : Ssim.gaussianWindow()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(Nd4j.zeros(2, 784), Nd4j.zeros(2, 784)));
        assertTrue(e.getMessage().contains("[n, c, h, w]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(Nd4j.zeros(1, 8, 8), Nd4j.zeros(1, 8, 8)));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
    }
}
