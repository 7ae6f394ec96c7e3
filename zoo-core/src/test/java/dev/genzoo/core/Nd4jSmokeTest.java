package dev.genzoo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jSmokeTest {
    @Test
    void matrixProductRunsOnTheNativeBackend() {
        var a = Nd4j.ones(2, 3);
        var b = Nd4j.ones(3, 4);
        assertEquals(3.0, a.mmul(b).getDouble(1, 2), 1e-9);
    }
}
