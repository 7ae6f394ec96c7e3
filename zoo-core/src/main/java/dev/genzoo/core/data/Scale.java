package dev.genzoo.core.data;

/** Pixel value range fed to a model. */
public enum Scale {
    /** {@code pixel / 255}, in [0, 1]: for sigmoid outputs and binary cross-entropy. */
    UNIT(0f, 1f),
    /** {@code pixel / 127.5 - 1}, in [-1, 1]: for tanh outputs (DCGAN). */
    SYMMETRIC(-1f, 1f);

    private final float lo;
    private final float hi;

    Scale(float lo, float hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public float lo() {
        return lo;
    }

    public float hi() {
        return hi;
    }

    /** Maps a value in [0, 1] into this range. */
    public float fromUnit(float u) {
        return lo + (hi - lo) * u;
    }
}
