package dev.genzoo.core.weights;

/**
 * IEEE 754 binary16 ("half precision") encoding of float32 values, for compact bundled weights.
 * Java 17 has no {@code Float.floatToFloat16}; this is the same conversion: rounding to the
 * nearest half, ties to even, with subnormals. Decoding is exact: every half is a float.
 *
 * <p>Half precision keeps 11 significant bits (a relative error of at most 2^-11, about 0.05%)
 * over magnitudes from 6.1e-5 (normal) or 6.0e-8 (subnormal) to 65504. Network weights sit well
 * inside that range; a value outside it is refused by {@link #encode} rather than saturated, so a
 * network that cannot be stored faithfully is never stored.
 */
public final class Float16 {

    /** Largest finite half: 65504. */
    public static final float MAX_VALUE = 65504f;

    private Float16() {
    }

    /**
     * The half nearest to {@code value} (ties to even) as its 16 bits.
     *
     * @throws IllegalArgumentException for NaN, infinities and magnitudes that round past {@link #MAX_VALUE}
     */
    public static short encode(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("cannot store " + value + " as float16: only finite values can be stored");
        }
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        int halfExponent = exponent - 127 + 15;
        int half;
        if (halfExponent >= 0x1f) {
            throw overflow(value);
        } else if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to (signed) zero
            }
            int full = mantissa | 0x800000; // the implicit leading one
            int shift = 14 - halfExponent;  // 24-bit significand down to the subnormal's 10 bits
            half = roundShift(full, shift);
        } else {
            half = (halfExponent << 10) + roundShift(mantissa, 13);
            // a mantissa carry is absorbed into the exponent by the addition above
            if (half >= 0x7c00) {
                throw overflow(value);
            }
        }
        return (short) (sign | half);
    }

    /** The float value of a half's 16 bits (exact). */
    public static float decode(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float magnitude = mantissa * 0x1p-24f; // exact: a subnormal half is mantissa * 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value} rounded to half precision and back: what a network stored as float16 computes with. */
    public static float round(float value) {
        return decode(encode(value));
    }

    /** {@code value >> shift}, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }

    private static IllegalArgumentException overflow(float value) {
        return new IllegalArgumentException("cannot store " + value + " as float16: its magnitude is above the largest"
                + " half, " + MAX_VALUE);
    }
}
