package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SeededNormalTest {
    @Test
    void aSeedGivesTheSameStandardNormalMatrix() {
        INDArray a = SeededNormal.matrix(7, 200, 50, DataType.FLOAT);
        INDArray b = SeededNormal.matrix(7, 200, 50, DataType.FLOAT);
        assertArrayEquals(new long[] {200, 50}, a.shape());
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(a.data().asFloat(), b.data().asFloat());
        assertFalse(Arrays.equals(a.data().asFloat(), SeededNormal.matrix(8, 200, 50, DataType.FLOAT).data().asFloat()));
        // 10,000 draws: mean within 4 standard errors of 0, standard deviation near 1
        assertEquals(0, a.meanNumber().doubleValue(), 0.04);
        assertEquals(1, a.stdNumber().doubleValue(), 0.03);
        // row-major: the first row of a larger matrix starts with the same draws
        INDArray wide = SeededNormal.matrix(7, 1, 100, DataType.DOUBLE);
        assertEquals(a.getDouble(0, 0), wide.getDouble(0, 0), 1e-6);
        assertEquals(a.getDouble(1, 0), wide.getDouble(0, 50), 1e-6);
    }

    @Test
    void badSizesAreRejectedWithTheSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> SeededNormal.matrix(1, 0, 5, DataType.FLOAT));
        assertTrue(e.getMessage().contains("0 x 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SeededNormal.matrix(1, 100_000, 100_000, DataType.FLOAT));
        assertTrue(e.getMessage().contains("100000 x 100000"), e.getMessage());
    }
}
