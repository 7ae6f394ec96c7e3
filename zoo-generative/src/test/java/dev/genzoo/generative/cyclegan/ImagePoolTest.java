package dev.genzoo.generative.cyclegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.train.ArrayState;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImagePoolTest {
    @Test
    void fillsThenMixesStoredAndNewFakes() {
        Nd4j.getRandom().setSeed(1);
        ImagePool pool = new ImagePool(4, 1, 2, 2);
        INDArray first = Nd4j.rand(4, 1, 2, 2);
        assertEquals(first, pool.query(first), "until full every fake is stored and shown");
        assertEquals(4, pool.size());
        int fromPool = 0;
        for (int round = 0; round < 20; round++) {
            INDArray fresh = Nd4j.rand(4, 1, 2, 2).addi(10 + round); // values no stored image has
            INDArray shown = pool.query(fresh);
            for (int i = 0; i < 4; i++) {
                fromPool += shown.getDouble(i, 0, 0, 0) < 10 + round ? 1 : 0;
            }
        }
        assertTrue(fromPool > 15 && fromPool < 65, "about half of 80 shown images come from the pool: " + fromPool);
        assertEquals(4, pool.size(), "capacity is kept");
    }

    @Test
    void contentsSurviveACheckpointAndHostileStateIsRefused() {
        Nd4j.getRandom().setSeed(2);
        ImagePool pool = new ImagePool(3, 1, 2, 2);
        pool.query(Nd4j.rand(2, 1, 2, 2));
        String text = pool.encode();
        ImagePool restored = new ImagePool(3, 1, 2, 2);
        restored.restore(text, "poolA");
        assertEquals(text, restored.encode());
        // a checkpoint claiming more images than the capacity, or another image size, is refused
        String tooMany = ArrayState.encode(Nd4j.rand(5, 1, 2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> restored.restore(tooMany, "poolA"));
        assertTrue(e.getMessage().contains("poolA"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> restored.restore(ArrayState.encode(Nd4j.rand(2, 1, 3, 3)),
                "poolA"));
        restored.restore("", "poolA");
        assertEquals(0, restored.size());
        assertNotEquals(text, restored.encode());
    }
}
