package dev.genzoo.core.model;

import java.util.Locale;

/**
 * The range of values in a model's data space: what its inputs are scaled to and what its outputs
 * (reconstructions, samples) lie in. Written on every model card, so tools show and compare a
 * model's outputs without knowing its family.
 *
 * @param min lower end
 * @param max upper end, greater than {@code min}
 */
public record ValueRange(double min, double max) {
    /** Pixels scaled to [0, 1]: autoencoders, VAEs, RBMs, classifiers. */
    public static final ValueRange UNIT = new ValueRange(0, 1);
    /** Pixels scaled to [-1, 1]: generators ending in tanh. */
    public static final ValueRange SYMMETRIC = new ValueRange(-1, 1);

    /** Checks that the range is finite and not empty. */
    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("valueRange must have finite min < max, found min=" + min + " max=" + max);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%s, %s]", min, max);
    }
}
