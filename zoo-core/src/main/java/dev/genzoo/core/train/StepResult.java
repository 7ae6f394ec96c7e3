package dev.genzoo.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The losses of one training step, by name, in the order given; the first is the step's primary
 * loss (shown on the progress line, averaged into the epoch loss). A GAN returns e.g.
 * {@code d_loss} then {@code g_loss}.
 *
 * @param losses name to value, at least one
 */
public record StepResult(Map<String, Double> losses) {
    public StepResult {
        if (losses == null || losses.isEmpty()) {
            throw new IllegalArgumentException("a step must report at least one loss, found " + losses);
        }
        losses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** A single loss named {@code loss}. */
    public static StepResult of(double loss) {
        return new StepResult(Map.of("loss", loss));
    }

    /** Two named losses, {@code first} primary. */
    public static StepResult of(String first, double a, String second, double b) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(first, a);
        m.put(second, b);
        return new StepResult(m);
    }

    /** Name of the primary loss. */
    public String primaryName() {
        return losses.keySet().iterator().next();
    }

    /** Value of the primary loss. */
    public double primary() {
        return losses.values().iterator().next();
    }

    /** The first loss that is NaN or infinite, or null when all are finite. */
    public String firstNonFinite() {
        for (Map.Entry<String, Double> e : losses.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }
}
