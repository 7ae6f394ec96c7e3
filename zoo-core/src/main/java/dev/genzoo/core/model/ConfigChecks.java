package dev.genzoo.core.model;

import java.util.List;

/**
 * Validation of configuration values for every family's {@code Config} record, with messages
 * that name the parameter, the value found and what is allowed (STYLE.md).
 */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    /** {@code v >= 1}. */
    public static void positive(String name, int v) {
        atLeast(name, v, 1);
    }

    /** {@code v >= min}. */
    public static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", found " + v);
        }
    }

    /** Finite and {@code > 0}. */
    public static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, found " + v);
        }
    }

    /** {@code v >= 0}. */
    public static void nonNegative(String name, int v) {
        atLeast(name, v, 0);
    }

    /** Finite and {@code >= 0}. */
    public static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, found " + v);
        }
    }

    /** In the open interval (0, 1). */
    public static void probability(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), found " + v);
        }
    }

    /** In [0, 1). */
    public static void fraction(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), found " + v);
        }
    }

    /** A learning rate named {@code learningRate}, in (0, 1]. */
    public static void learningRate(double v) {
        learningRate("learningRate", v);
    }

    /** A learning rate in (0, 1]. */
    public static void learningRate(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], found " + v);
        }
    }

    /** Not null. */
    public static void notNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must be set, found null");
        }
    }

    /** Layer sizes, each >= 1 (the list may be empty); returns an immutable copy. */
    public static List<Integer> sizes(String name, List<Integer> sizes) {
        if (sizes == null) {
            throw new IllegalArgumentException(name + " must be a list of layer sizes (possibly empty), found null");
        }
        for (Integer s : sizes) {
            if (s == null || s < 1) {
                throw new IllegalArgumentException(name + " sizes must be >= 1, found " + sizes);
            }
        }
        return List.copyOf(sizes);
    }

    /** At least one layer size, each >= 1; returns an immutable copy. */
    public static List<Integer> nonEmptySizes(String name, List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one hidden layer size, found " + sizes);
        }
        return sizes(name, sizes);
    }
}
