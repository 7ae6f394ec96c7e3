package dev.genzoo.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused losses' per-chunk passes written with JDK 17's incubating Vector API, whose {@code EXP}
 * and {@code LOG} lanes call Intel's SVML: on a [128, 784] float array, log and sigmoid ran 6-11x
 * faster than ND4J's transforms, which call scalar libm per element (docs/benchmarks.md, Run K).
 * One pass per chunk then does what took an ND4J sigmoid, two ND4J logs and two Java passes.
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

    /**
     * Sigmoid + clipped binary cross-entropy over {@code z[0, n)}: writes dL/dz into {@code dz}
     * (DL4J's form, as {@code FusedKernels.bcePass}) and returns the sum of
     * {@code y log c + (1 - y) log(1 - c)}, {@code c = clip(sigmoid(z), lo, hi)}.
     */
    static double sigmoidBce(float[] z, float[] y, float[] dz, int n, float lo, float hi) {
        FloatVector one = FloatVector.broadcast(S, 1.0f);
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        int step = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        int k = 0;
        for (; i < bound; i += step) {
            FloatVector zv = FloatVector.fromArray(S, z, i);
            FloatVector yv = FloatVector.fromArray(S, y, i);
            FloatVector s = one.div(zv.neg().lanewise(VectorOperators.EXP).add(one));
            FloatVector c = s.max(lo).min(hi);
            FloatVector t = one.sub(c);
            FloatVector dLda = c.sub(yv).div(c.mul(t));
            dLda.mul(s).mul(one.sub(s)).intoArray(dz, i);
            FloatVector logC = c.lanewise(VectorOperators.LOG);
            FloatVector logT = t.lanewise(VectorOperators.LOG);
            acc = acc.add(yv.mul(logC.sub(logT)).add(logT));
            if (++k == FLUSH) {
                sum += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                k = 0;
            }
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float si = (float) (1.0 / (1.0 + Math.exp(-z[i])));
            float ci = Math.min(Math.max(si, lo), hi);
            float ti = 1.0f - ci;
            float dLdai = (ci - y[i]) / (ci * ti);
            dz[i] = dLdai * si * (1.0f - si);
            float logC = (float) Math.log(ci);
            float logT = (float) Math.log(ti);
            sum += y[i] * (logC - logT) + logT;
        }
        return sum;
    }

    /**
     * Bernoulli log-likelihood on logits over {@code eta[0, n)}: writes {@code sigmoid(eta) - x}
     * into {@code grad} and returns {@code sum max(eta, 0) - log(max(s, 1 - s)) - x eta}.
     */
    static double bernoulliLogits(float[] x, float[] eta, float[] grad, int n) {
        FloatVector one = FloatVector.broadcast(S, 1.0f);
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        int step = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        int k = 0;
        for (; i < bound; i += step) {
            FloatVector e = FloatVector.fromArray(S, eta, i);
            FloatVector xv = FloatVector.fromArray(S, x, i);
            FloatVector s = one.div(e.neg().lanewise(VectorOperators.EXP).add(one));
            s.sub(xv).intoArray(grad, i);
            FloatVector logMax = s.max(one.sub(s)).lanewise(VectorOperators.LOG);
            acc = acc.add(e.max(0.0f).sub(logMax).sub(xv.mul(e)));
            if (++k == FLUSH) {
                sum += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                k = 0;
            }
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = eta[i];
            float si = (float) (1.0 / (1.0 + Math.exp(-e)));
            grad[i] = si - x[i];
            sum += Math.max(e, 0.0f) - (float) Math.log(Math.max(si, 1.0f - si)) - x[i] * e;
        }
        return sum;
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
