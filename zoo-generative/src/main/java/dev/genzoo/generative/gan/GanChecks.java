package dev.genzoo.generative.gan;

import java.util.List;

/** Validation of configuration values, with messages naming the parameter, the value and what is allowed. */
final class GanChecks {
    private GanChecks() {
    }

    static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + v);
        }
    }

    static void learningRate(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], found " + v);
        }
    }

    static void notNull(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must be set, found null");
        }
    }

    static List<Integer> sizes(String name, List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one hidden layer size, found " + sizes);
        }
        for (Integer s : sizes) {
            if (s == null || s < 1) {
                throw new IllegalArgumentException(name + " sizes must be >= 1, found " + sizes);
            }
        }
        return List.copyOf(sizes);
    }

    static void adversarialLoss(GanLoss loss) {
        if (loss == null || loss.isWasserstein()) {
            throw new IllegalArgumentException("loss must be MINIMAX or NON_SATURATING (use the 'wgan' model for "
                    + "WASSERSTEIN), found " + loss);
        }
    }
}
