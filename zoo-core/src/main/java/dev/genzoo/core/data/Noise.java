package dev.genzoo.core.data;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Input corruption for denoising: the iterator feeds the corrupted image as input and keeps the
 * clean one as target (Vincent et al., ICML 2008). Values are in the pipeline's scale
 * {@code [lo, hi]} ([0,1] or [-1,1]).
 */
public sealed interface Noise permits Noise.None, Noise.Gaussian, Noise.Masking, Noise.SaltPepper {

    /** Corrupts {@code x[off .. off+len)} in place. */
    void apply(float[] x, int off, int len, float lo, float hi, SplittableRandom rng);

    /** No corruption. */
    static Noise none() {
        return None.INSTANCE;
    }

    /** Additive isotropic Gaussian noise of standard deviation {@code sigma} (not clipped). */
    static Noise gaussian(double sigma) {
        return new Gaussian(sigma);
    }

    /** Masking noise: each value is set to {@code lo} (black) with probability {@code p}. */
    static Noise masking(double p) {
        return new Masking(p);
    }

    /** Salt-and-pepper: each value is set to {@code lo} or {@code hi}, equally likely, with probability {@code p}. */
    static Noise saltPepper(double p) {
        return new SaltPepper(p);
    }

    /** Parses {@code none}, {@code gaussian:0.3}, {@code masking:0.5}, {@code saltpepper:0.2}. */
    static Noise parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return none();
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("noise '" + spec + "': expected none, gaussian:SIGMA, masking:P or"
                    + " saltpepper:P");
        }
        String kind = s.substring(0, colon);
        double v;
        try {
            v = Double.parseDouble(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("noise '" + spec + "': the level after ':' must be a number", e);
        }
        return switch (kind) {
            case "gaussian" -> gaussian(v);
            case "masking", "mask" -> masking(v);
            case "saltpepper", "salt-pepper", "salt_and_pepper", "sp" -> saltPepper(v);
            default -> throw new IllegalArgumentException("noise '" + spec + "': unknown kind '" + kind
                    + "'; expected gaussian, masking or saltpepper");
        };
    }

    /** No corruption. */
    enum None implements Noise {
        INSTANCE;

        @Override
        public void apply(float[] x, int off, int len, float lo, float hi, SplittableRandom rng) {
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** Additive Gaussian noise. */
    record Gaussian(double sigma) implements Noise {
        public Gaussian {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("gaussian noise sigma must be > 0 and finite, found " + sigma);
            }
        }

        @Override
        public void apply(float[] x, int off, int len, float lo, float hi, SplittableRandom rng) {
            for (int i = off; i < off + len; i++) {
                x[i] += (float) (sigma * gaussian(rng));
            }
        }

        @Override
        public String toString() {
            return "gaussian:" + sigma;
        }
    }

    /** Masking noise. */
    record Masking(double p) implements Noise {
        public Masking {
            checkProbability("masking", p);
        }

        @Override
        public void apply(float[] x, int off, int len, float lo, float hi, SplittableRandom rng) {
            for (int i = off; i < off + len; i++) {
                if (rng.nextDouble() < p) {
                    x[i] = lo;
                }
            }
        }

        @Override
        public String toString() {
            return "masking:" + p;
        }
    }

    /** Salt-and-pepper noise. */
    record SaltPepper(double p) implements Noise {
        public SaltPepper {
            checkProbability("salt-and-pepper", p);
        }

        @Override
        public void apply(float[] x, int off, int len, float lo, float hi, SplittableRandom rng) {
            for (int i = off; i < off + len; i++) {
                double u = rng.nextDouble();
                if (u < p) {
                    x[i] = u < p / 2 ? lo : hi;
                }
            }
        }

        @Override
        public String toString() {
            return "saltpepper:" + p;
        }
    }

    private static void checkProbability(String kind, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(kind + " noise probability must be in [0, 1], found " + p);
        }
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
