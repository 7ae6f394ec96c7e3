package dev.genzoo.core.data;

import java.util.Arrays;

/**
 * The contents of one IDX file of unsigned bytes: its dimensions (e.g. {@code [60000, 28, 28]})
 * and the values in row-major order.
 */
public record IdxArray(int[] dims, byte[] data) {

    public IdxArray {
        if (dims.length < 1 || dims.length > 255) {
            throw new IllegalArgumentException("IDX needs 1..255 dimensions, found " + dims.length);
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("IDX dimension must be >= 0, found " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(dims) + " need " + n
                    + " values, found " + data.length);
        }
        dims = dims.clone();
    }

    /** The dimensions (a copy). */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of items along the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Number of values in one item (product of all dimensions but the first). */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** The value at flat index {@code i} as an unsigned int 0..255. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /** A new array holding the first {@code n} items. */
    public IdxArray head(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("head(n): n must be in 0.." + count() + ", found " + n);
        }
        int[] d = dims.clone();
        d[0] = n;
        return new IdxArray(d, Arrays.copyOf(data, n * itemSize()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims);
    }
}
