package dev.genzoo.generative.vae;

import java.util.List;

/** Validation of configuration values, with messages naming the parameter, the value and what is allowed. */
final class Checks {
    private Checks() {
    }

    static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + v);
        }
    }

    static void nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, found " + v);
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, found " + v);
        }
    }

    static void learningRate(double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], found " + v);
        }
    }

    static void notNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must be set, found null");
        }
    }

    static List<Integer> sizes(String name, List<Integer> sizes) {
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
}
