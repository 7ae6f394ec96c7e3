package dev.genzoo.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused losses' per-chunk passes written with JDK 17's incubating Vector API: one pass per chunk
 * does what took an ND4J sigmoid, two ND4J logs and two Java passes (ND4J computes those
 * transcendentals with scalar libm calls, 215-450 us each over a [128, 784] array on one core,
 * docs/benchmarks.md, Run K). Its exponentials and logarithms are polynomials over exactly specified
 * lane operations ({@link #exp}, {@link #log}), so a result does not depend on whether the JIT has
 * compiled the kernel yet.
 *
 * <p>This class links against {@code jdk.incubator.vector}, which a JVM resolves only when started
 * with {@code --add-modules jdk.incubator.vector} (GenZoo's launcher, tests and bench do; a Jupyter
 * kernel or a user's own JVM may not). Nothing outside {@link Available} may touch it before
 * {@link Available#YES} has said it links; the callers fall back to the ND4J route otherwise.
 */
final class VectorKernels {
    private VectorKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Set by {@link EngineOptions#allowVectorApi}; read at every fused loss. */
    static volatile boolean allowed = true;

    /** Vector steps summed in float per lane before the lanes are added into the double total. */
    private static final int FLUSH = 16;

    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

    /**
     * The first {@code count} lanes' sum, added one by one in lane order into a double. Not
     * {@code reduceLanes(ADD)}, whose order is the implementation's.
     */
    private static double lanesInOrder(FloatVector v, int count) {
        float[] lanes = LANES.get();
        v.intoArray(lanes, 0);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += lanes[i];
        }
        return sum;
    }

    // exp and log from exactly specified lane operations (Cephes' single-precision expf and logf:
    // a range reduction and a polynomial, about 1 ulp). Not VectorOperators.EXP / LOG: C2's SVML
    // intrinsics and the interpreter's Java fallback for them gave different last bits (a sigmoid
    // at 0.418 moved by 2 ulp once the kernel was compiled), so a loss changed with the JIT's timing
    // and a training run was not reproducible; +, -, *, /, fused multiply-add (Math.fma's single
    // rounding), min, max and bit operations are exact in both, so these give the same bits compiled
    // or not.
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it to a float of magnitude below 2^22 rounds that float to an integer. */
    private static final float ROUND = 12582912f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    /**
     * e^x for every lane: about 1 ulp on [-87, 88]; +inf above 88.7228 (overflow) and 0 below
     * -103.98 (underflow); between those bounds and [-87, 88] (denormal or near-overflow results)
     * the value at the nearer end of [-87, 88], which a sigmoid's {@code 1 / (1 + e^-z)} rounds to
     * the same 0 or 1 either way; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-87.0f).min(88.0f);
        FloatVector t = xc.mul(LOG2E).add(ROUND);                       // round(x log2 e) in t's low bits
        FloatVector n = t.sub(ROUND);
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));      // x - n ln 2, |r| <= ln 2 / 2
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f)
                .fma(r, FloatVector.broadcast(S, 1.3981999507e-3f))
                .fma(r, FloatVector.broadcast(S, 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(S, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(S, 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(S, 5.0000001201e-1f))
                .fma(r.mul(r), r).add(1.0f);
        // 2^n from t's bits (0x4B400000 + n), without a float-to-int conversion (slow in JDK 17)
        FloatVector scale = t.reinterpretAsInts().add(127 - 0x4B400000).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(scale)
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72284f))
                .blend(0.0f, x.compare(VectorOperators.LT, -103.97208f));
    }

    /**
     * ln x for every lane: about 1 ulp for normal positive x (from {@link Float#MIN_NORMAL}); NaN
     * stays NaN. Zero, denormals, negatives and infinities are outside its domain (the callers
     * keep their arguments in [1e-7, 1]).
     */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        // the biased exponent as a float via 2^23 + k (no int-to-float conversion, slow in JDK 17)
        FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).or(0x4B000000).reinterpretAsFloats()
                .sub(8388608.0f + 126.0f);
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();   // x = m 2^e, m in [0.5, 1)
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.blend(e.sub(1.0f), small);
        FloatVector f = m.blend(m.add(m), small).sub(1.0f);              // in [sqrt(1/2) - 1, sqrt(2) - 1)
        FloatVector z = f.mul(f);
        FloatVector y = FloatVector.broadcast(S, 7.0376836292e-2f)
                .fma(f, FloatVector.broadcast(S, -1.1514610310e-1f))
                .fma(f, FloatVector.broadcast(S, 1.1676998740e-1f))
                .fma(f, FloatVector.broadcast(S, -1.2420140846e-1f))
                .fma(f, FloatVector.broadcast(S, 1.4249322787e-1f))
                .fma(f, FloatVector.broadcast(S, -1.6668057665e-1f))
                .fma(f, FloatVector.broadcast(S, 2.0000714765e-1f))
                .fma(f, FloatVector.broadcast(S, -2.4999993993e-1f))
                .fma(f, FloatVector.broadcast(S, 3.3333331174e-1f))
                .mul(f).mul(z);
        y = y.add(e.mul(LN2_LO)).sub(z.mul(0.5f));
        return f.add(y).add(e.mul(LN2_HI)).add(x.sub(x));                // + (x - x): NaN in, NaN out
    }

    /** {@link #exp} over {@code in[0, n)} into {@code out} (for tests). */
    static void exp(float[] in, float[] out, int n) {
        lanes(in, out, n, VectorKernels::exp);
    }

    /** {@link #log} over {@code in[0, n)} into {@code out} (for tests). */
    static void log(float[] in, float[] out, int n) {
        lanes(in, out, n, VectorKernels::log);
    }

    private static void lanes(float[] in, float[] out, int n, java.util.function.UnaryOperator<FloatVector> f) {
        int step = S.length();
        float[] pad = new float[step];
        for (int i = 0; i < n; i += step) {
            int m = Math.min(step, n - i);
            if (m == step) {
                f.apply(FloatVector.fromArray(S, in, i)).intoArray(out, i);
            } else {
                java.util.Arrays.fill(pad, 1.0f);
                System.arraycopy(in, i, pad, 0, m);
                f.apply(FloatVector.fromArray(S, pad, 0)).intoArray(pad, 0);
                System.arraycopy(pad, 0, out, i, m);
            }
        }
    }

    // Each kernel runs as three loops over the chunk (the exponential and the arithmetic, the
    // logarithms in place, the sum), each in a method of its own that passes only arrays: C2 inlines
    // a loop's lane helpers into it, but stopped inlining once one compilation held an exp and two
    // logs (NodeCountInliningCutoff), and a helper left as a call boxes every vector it takes or
    // returns (3.8 ns an element instead of well under 1).

    /** Per-thread scratch of at least {@code size} floats. */
    private static float[] scratch(int size) {
        float[] a = SCRATCH.get();
        if (a.length < size) {
            a = new float[size];
            SCRATCH.set(a);
        }
        return a;
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** {@code a[0, m) = log(a[0, m))}, m a multiple of the lane count. */
    private static void logInPlace(float[] a, int m) {
        for (int i = 0; i < m; i += S.length()) {
            log(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
    }

    /** {@code a[from, n)} zero-padded to one vector. */
    private static float[] tail(float[] a, int from, int n) {
        float[] pad = new float[S.length()];
        System.arraycopy(a, from, pad, 0, n - from);
        return pad;
    }

    /**
     * Sigmoid + clipped binary cross-entropy over {@code z[0, n)}: writes dL/dz into {@code dz}
     * (DL4J's form, as {@code FusedKernels.bcePass}) and returns the sum of
     * {@code y log c + (1 - y) log(1 - c)}, {@code c = clip(sigmoid(z), lo, hi)}; {@code lo} at
     * least {@link #MIN_CLIP} (the logarithms' domain). The last {@code n mod lanes} elements go
     * through a padded copy, so every element sees the same lane arithmetic.
     */
    static double sigmoidBce(float[] z, float[] y, float[] dz, int n, float lo, float hi) {
        int step = S.length();
        int bound = S.loopBound(n);
        int m = bound < n ? bound + step : bound;
        float[] ct = scratch(2 * m);                                   // c in [0, m), 1 - c in [m, 2m)
        bceGradients(z, y, 0, dz, 0, ct, m, bound, lo, hi);
        float[] yTail = null;
        if (bound < n) {
            float[] out = new float[step];
            yTail = tail(y, bound, n);
            bceGradients(tail(z, bound, n), yTail, bound, out, -bound, ct, m, step, lo, hi);
            System.arraycopy(out, 0, dz, bound, n - bound);
        }
        logInPlace(ct, 2 * m);
        double sum = bceSum(y, ct, m, bound);
        if (yTail != null) {
            sum += bceTailSum(yTail, ct, bound, m, n - bound);
        }
        return sum;
    }

    /**
     * Reads z and y at [0, count); writes dL/dz at {@code at + dzShift} onwards and c, 1 - c into ct
     * at {@code at} and {@code m + at} onwards ({@code at} 0 for the chunk, the tail's offset for
     * its padded copy).
     */
    private static void bceGradients(float[] z, float[] y, int at, float[] dz, int dzShift, float[] ct, int m,
            int count, float lo, float hi) {
        FloatVector one = FloatVector.broadcast(S, 1.0f);
        FloatVector low = FloatVector.broadcast(S, lo);
        FloatVector high = FloatVector.broadcast(S, hi);
        for (int i = 0; i < count; i += S.length()) {
            int j = at + i;
            FloatVector s = one.div(exp(FloatVector.fromArray(S, z, i).neg()).add(one));
            FloatVector c = s.max(low).min(high);
            FloatVector t = one.sub(c);
            FloatVector dLda = c.sub(FloatVector.fromArray(S, y, i)).div(c.mul(t));
            dLda.mul(s).mul(one.sub(s)).intoArray(dz, j + dzShift);
            c.intoArray(ct, j);
            t.intoArray(ct, m + j);
        }
    }

    /** The sum of y log c + (1 - y) log(1 - c) over [0, count), given the logs in ct at j and m + j. */
    private static double bceSum(float[] y, float[] ct, int m, int count) {
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        int k = 0;
        for (int i = 0; i < count; i += S.length()) {
            FloatVector logC = FloatVector.fromArray(S, ct, i);
            FloatVector logT = FloatVector.fromArray(S, ct, m + i);
            acc = acc.add(FloatVector.fromArray(S, y, i).mul(logC.sub(logT)).add(logT));
            if (++k == FLUSH) {
                sum += lanesInOrder(acc, S.length());
                acc = FloatVector.zero(S);
                k = 0;
            }
        }
        return sum + lanesInOrder(acc, S.length());
    }

    /** {@link #bceSum}'s term for the padded tail at {@code at}, summed over its first {@code lanes}. */
    private static double bceTailSum(float[] yTail, float[] ct, int at, int m, int lanes) {
        FloatVector logC = FloatVector.fromArray(S, ct, at);
        FloatVector logT = FloatVector.fromArray(S, ct, m + at);
        return lanesInOrder(FloatVector.fromArray(S, yTail, 0).mul(logC.sub(logT)).add(logT), lanes);
    }

    /**
     * The smallest clip epsilon {@link #sigmoidBce} takes: its logarithms need normal arguments, so
     * {@code 1 - (1 - eps)} must not round to 0 in float (DL4J's default is 1e-5).
     */
    static final float MIN_CLIP = 1e-7f;

    /**
     * Bernoulli log-likelihood on logits over {@code eta[0, n)}: writes {@code sigmoid(eta) - x}
     * into {@code grad} and returns {@code sum max(eta, 0) - log(max(s, 1 - s)) - x eta}.
     */
    static double bernoulliLogits(float[] x, float[] eta, float[] grad, int n) {
        int step = S.length();
        int bound = S.loopBound(n);
        int m = bound < n ? bound + step : bound;
        float[] big = scratch(m);                                      // max(s, 1 - s), then its log
        bernoulliGradients(x, eta, 0, grad, 0, big, bound);
        float[] xTail = null;
        float[] etaTail = null;
        if (bound < n) {
            float[] out = new float[step];
            xTail = tail(x, bound, n);
            etaTail = tail(eta, bound, n);
            bernoulliGradients(xTail, etaTail, bound, out, -bound, big, step);
            System.arraycopy(out, 0, grad, bound, n - bound);
        }
        logInPlace(big, m);
        double sum = bernoulliSum(x, eta, big, bound);
        if (xTail != null) {
            sum += bernoulliTailSum(xTail, etaTail, big, bound, n - bound);
        }
        return sum;
    }

    /** Reads x and eta at [0, count); writes s - x into grad at {@code at + gradShift} onwards, max(s, 1 - s) into big at {@code at} onwards. */
    private static void bernoulliGradients(float[] x, float[] eta, int at, float[] grad, int gradShift, float[] big,
            int count) {
        FloatVector one = FloatVector.broadcast(S, 1.0f);
        for (int i = 0; i < count; i += S.length()) {
            int j = at + i;
            FloatVector s = one.div(exp(FloatVector.fromArray(S, eta, i).neg()).add(one));
            s.sub(FloatVector.fromArray(S, x, i)).intoArray(grad, j + gradShift);
            s.max(one.sub(s)).intoArray(big, j);
        }
    }

    /** The sum of max(eta, 0) - log(max(s, 1 - s)) - x eta over [0, count), given the logs in big. */
    private static double bernoulliSum(float[] x, float[] eta, float[] big, int count) {
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        int k = 0;
        for (int i = 0; i < count; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, eta, i);
            acc = acc.add(e.max(0.0f).sub(FloatVector.fromArray(S, big, i)).sub(FloatVector.fromArray(S, x, i).mul(e)));
            if (++k == FLUSH) {
                sum += lanesInOrder(acc, S.length());
                acc = FloatVector.zero(S);
                k = 0;
            }
        }
        return sum + lanesInOrder(acc, S.length());
    }

    /** {@link #bernoulliSum}'s term for the padded tail at {@code at}, over its first {@code lanes}. */
    private static double bernoulliTailSum(float[] xTail, float[] etaTail, float[] big, int at, int lanes) {
        FloatVector e = FloatVector.fromArray(S, etaTail, 0);
        return lanesInOrder(e.max(0.0f).sub(FloatVector.fromArray(S, big, at))
                .sub(FloatVector.fromArray(S, xTail, 0).mul(e)), lanes);
    }

    /**
     * Whether this JVM can run these kernels: {@code jdk.incubator.vector} is in the boot layer,
     * the class links, and a check against {@link Math} agrees.
     */
    static final class Available {
        private Available() {}

        static final boolean YES = detect();

        private static boolean detect() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return false;
            }
            try {
                return selfCheck();
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }

        /** Runs both kernels on a few values and compares them with scalar Java to a few ulp. */
        private static boolean selfCheck() {
            int n = 2 * S.length() + 3;
            float[] z = new float[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] = -6.0f + 12.0f * i / n;
                y[i] = (i % 3) / 2.0f;
            }
            float[] g = new float[n];
            double got = sigmoidBce(z, y, g, n, 1e-5f, 1 - 1e-5f);
            double want = 0;
            for (int i = 0; i < n; i++) {
                double s = 1.0 / (1.0 + Math.exp(-z[i]));
                want += y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s);
                if (Math.abs(g[i] - (s - y[i])) > 1e-5) {
                    return false;
                }
            }
            return Math.abs(got - want) <= 1e-5 * Math.abs(want);
        }
    }
}
