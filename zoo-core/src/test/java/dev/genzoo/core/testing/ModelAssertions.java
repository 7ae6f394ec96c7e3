package dev.genzoo.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genzoo.core.model.GenZooModel;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Assertions on zoo models shared by tests of every module. */
public final class ModelAssertions {

    private ModelAssertions() {
    }

    /** Same config, same network roles in the same order, same classes and bit-identical parameters. */
    public static void assertSameModel(GenZooModel expected, GenZooModel actual) {
        assertEquals(expected.name(), actual.name(), "name");
        assertEquals(expected.config(), actual.config(), "config");
        assertEquals(List.copyOf(expected.networks().keySet()), List.copyOf(actual.networks().keySet()), "roles");
        for (String role : expected.networks().keySet()) {
            Model e = expected.networks().get(role);
            Model a = actual.networks().get(role);
            assertEquals(e.getClass(), a.getClass(), "class of " + role);
            assertArrayEquals(e.params().ravel().toDoubleVector(), a.params().ravel().toDoubleVector(), 0.0, "params of " + role);
        }
    }

    /** Bit-identical arrays of the same shape. */
    public static void assertIdentical(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertArrayEquals(expected.ravel().toDoubleVector(), actual.ravel().toDoubleVector(), 0.0);
    }
}
