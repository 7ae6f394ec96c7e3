package dev.genzoo.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void knownHalvesHaveTheirIeeeBits() {
        assertEquals(0x3c00, Float16.encode(1f) & 0xffff);
        assertEquals(0xc000, Float16.encode(-2f) & 0xffff);
        assertEquals(0x3555, Float16.encode(1f / 3) & 0xffff); // 0.333251953125, the nearest half
        assertEquals(0x7bff, Float16.encode(65504f) & 0xffff);
        assertEquals(0x0400, Float16.encode(0x1p-14f) & 0xffff); // smallest normal
        assertEquals(0x0001, Float16.encode(0x1p-24f) & 0xffff); // smallest subnormal
        assertEquals(0x8000, Float16.encode(-0f) & 0xffff);
        assertEquals(0.333251953125f, Float16.decode((short) 0x3555));
        assertEquals(0x1p-24f, Float16.decode((short) 0x0001));
    }

    @Test
    void everyFiniteHalfDecodesAndEncodesBackToItself() {
        for (int bits = 0; bits < 0x10000; bits++) {
            if ((bits & 0x7c00) == 0x7c00) {
                continue; // infinities and NaNs are never stored
            }
            assertEquals(bits, Float16.encode(Float16.decode((short) bits)) & 0xffff, Integer.toHexString(bits));
        }
    }

    @Test
    void tiesRoundToTheEvenHalf() {
        float ulp = 0x1p-10f; // spacing of halves in [1, 2)
        assertEquals(1f, Float16.round(1f + ulp / 2));              // tie between 1 (even) and 1+ulp
        assertEquals(1f + 2 * ulp, Float16.round(1f + 1.5f * ulp)); // tie between 1+ulp (odd) and 1+2ulp
        assertEquals(1f + ulp, Float16.round(Math.nextUp(1f + ulp / 2)));
        assertEquals(0f, Float16.round(0x1p-25f));                  // tie between 0 and the smallest subnormal
        assertEquals(0x1p-24f, Float16.round(Math.nextUp(0x1p-25f)));
        assertEquals(2f, Float16.round(2f - ulp / 4));              // a carry into the exponent
    }

    @Test
    void roundingErrorIsWithinHalfAnUlpOfHalfPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-4, 4)));
            float r = Float16.round(x);
            if (Math.abs(x) >= 0x1p-14f) {
                assertTrue(Math.abs(r - x) <= Math.abs(x) * 0x1p-11f, x + " -> " + r);
            } else {
                assertTrue(Math.abs(r - x) <= 0x1p-25f, x + " -> " + r);
            }
        }
    }

    @Test
    void valuesAHalfCannotHoldAreRefusedNotSaturated() {
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Float16.encode(70000f));
        assertTrue(big.getMessage().contains("70000") && big.getMessage().contains("65504"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Float16.encode(65520f)); // rounds up past the largest
        assertEquals(65504f, Float16.round(65519f));
        assertThrows(IllegalArgumentException.class, () -> Float16.encode(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Float16.encode(Float.NEGATIVE_INFINITY));
    }
}
