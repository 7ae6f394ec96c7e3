package dev.genzoo.generative.rbm;

/** Validation of configuration values, with messages naming the parameter, the value and what is allowed. */
final class Checks {
    private Checks() {
    }

    static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + v);
        }
    }

    static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", found " + v);
        }
    }

    static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, found " + v);
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, found " + v);
        }
    }

    static void fraction(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), found " + v);
        }
    }

    static void notNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must be set, found null");
        }
    }
}
