package dev.genzoo.core.eval;

/**
 * A metric estimated over repeated subsets or splits: the mean and the standard deviation
 * (population, 1/r) across the {@code repeats} values, as KID and the classifier score report them.
 */
public record Estimate(double mean, double std, int repeats) {
    /** Mean and standard deviation of {@code values}. */
    static Estimate of(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new Estimate(mean, Math.sqrt(var / values.length), values.length);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.6g ± %.2g (%d)", mean, std, repeats);
    }
}
