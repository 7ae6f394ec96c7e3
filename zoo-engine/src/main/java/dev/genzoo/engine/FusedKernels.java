package dev.genzoo.engine;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Pieces of DL4J's maths evaluated without DL4J's slow kernels, for {@link FastGraphTrainer}. A
 * profile of a {@code mlp-ae} step (perf, batch 128, one OpenMP thread) put DL4J's Adam kernel
 * ({@code adamUpdater_}, a per-element {@code std::function}) at about as much time as all twelve
 * matrix products, and {@code LossBinaryXENT} at another large share: it computes the sigmoid twice
 * (once for the score, once for the gradient), clips through a per-element lambda and allocates five
 * output-sized temporaries. Here ND4J evaluates the transcendental functions (vectorised there) and
 * the arithmetic runs in Java over cache-sized chunks copied from and back to the native arrays
 * (C2 vectorises those loops; ND4J's own {@code Sqrt} was 40x slower).
 *
 * <p>The results are DL4J's to float rounding, not an approximation: the BCE gradient keeps DL4J's
 * clipped form {@code s(1-s) (c-y) / (c(1-c))} with {@code c = clip(s, eps, 1-eps)} (not the
 * textbook {@code s - y}, which differs at saturated outputs), and Adam keeps DL4J's bias-corrected
 * step {@code lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps)} on the updater's own state array, so
 * a model trained here saves, restores and resumes with {@code fit} exactly as one trained by DL4J.
 */
final class FusedKernels {
    private FusedKernels() {}

    /** The clip epsilon when {@code conf} is an output layer with sigmoid + unweighted binary cross-entropy, else NaN. */
    static double sigmoidBceClip(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof BaseOutputLayer o && o.getLossFn() instanceof LossBinaryXENT x
                && x.getWeights() == null && o.getActivationFn() instanceof ActivationSigmoid) {
            return x.getClipEps();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer o && o.getLossFn() instanceof LossBinaryXENT x
                && x.getWeights() == null && o.getActivationFn() instanceof ActivationSigmoid) {
            return x.getClipEps();
        }
        return Double.NaN;
    }

    /**
     * The fused form of a layer's loss: DL4J's sigmoid + binary cross-entropy output layer (whose
     * loss class GenZoo cannot extend) or any loss implementing {@link FusedLoss}; null otherwise.
     */
    static FusedLoss fusedLossOf(org.deeplearning4j.nn.conf.layers.Layer conf,
            org.nd4j.linalg.lossfunctions.ILossFunction loss) {
        double clip = sigmoidBceClip(conf);
        if (!Double.isNaN(clip)) {
            return (labels, z, activation, dz) -> sigmoidBce(z, labels.castTo(z.dataType()), clip, dz);
        }
        return loss instanceof FusedLoss f ? f : null;
    }

    /**
     * Sigmoid + binary cross-entropy on pre-activations {@code z}: writes dL/dz into {@code dz} and
     * returns the loss summed over all elements (DL4J's {@code computeScore(..., average=false)}).
     * Scratch arrays come from the current workspace; z and y are not modified.
     */
    static double sigmoidBce(INDArray z, INDArray y, double clipEps, INDArray dz) {
        // one Vector API pass (VectorKernels) where this JVM has the module and the clip keeps the logs finite
        if (EngineOptions.vectorApi() && clipEps >= VectorKernels.MIN_CLIP && clipEps < 0.5 && javaPassable(z, y, dz)) {
            float lo = (float) clipEps;
            float hi = (float) (1.0 - clipEps);
            double sum = vectorPass(z, y, dz, (a, b, out, n) -> VectorKernels.sigmoidBce(a, b, out, n, lo, hi));
            return -sum;
        }
        return sigmoidBceNd4j(z, y, clipEps, dz);
    }

    /** {@link #sigmoidBce} with ND4J's transforms and Java passes, for JVMs without the Vector API. */
    static double sigmoidBceNd4j(INDArray z, INDArray y, double clipEps, INDArray dz) {
        INDArray s = z.ulike();
        INDArray t = z.ulike();
        if (z.dataType() != DataType.FLOAT || y.dataType() != DataType.FLOAT) {
            return sigmoidBceOps(z, y, clipEps, dz, s, z.ulike(), t);
        }
        // ND4J for the transcendental functions (vectorised there, not in Java 17), one Java pass
        // each side of them for the arithmetic (13 separate ND4J ops before, ~0.4 ms of a 7 ms step)
        long len = z.length();
        sigmoid(z, s);                                                 // s = sigmoid(z)
        FloatPointer sp = pointer(flat(s));
        FloatPointer yp = pointer(flat(y));
        FloatPointer dp = pointer(flat(dz));
        FloatPointer tp = pointer(flat(t));
        long s0 = sp.position();
        long y0 = yp.position();
        long d0 = dp.position();
        long t0 = tp.position();
        float[][] h = chunks();
        float lo = (float) Math.max(clipEps, 0);
        float hi = (float) (1.0 - Math.max(clipEps, 0));
        for (long off = 0; off < len; off += CHUNK) {
            int n = (int) Math.min(CHUNK, len - off);
            sp.position(s0 + off).get(h[0], 0, n);
            yp.position(y0 + off).get(h[1], 0, n);
            bcePass(h[0], h[1], h[2], h[3], n, lo, hi);                // s -> c, dz, t = 1 - c
            dp.position(d0 + off).put(h[2], 0, n);
            sp.position(s0 + off).put(h[0], 0, n);
            tp.position(t0 + off).put(h[3], 0, n);
        }
        SideThread.both(() -> Nd4j.exec(new Log(t, t)),               // log(1 - c), beside
                () -> Nd4j.exec(new Log(s, s)));                        // log c (c now lives in s)
        double score = 0;
        for (long off = 0; off < len; off += CHUNK) {
            int n = (int) Math.min(CHUNK, len - off);
            sp.position(s0 + off).get(h[0], 0, n);
            yp.position(y0 + off).get(h[1], 0, n);
            tp.position(t0 + off).get(h[3], 0, n);
            score += scorePass(h[0], h[1], h[3], n);
        }
        keepAlive(s, t, y, z, dz);
        return -score;
    }

    /**
     * Keeps arrays reachable up to this point. The kernels read and write through raw pointers
     * ({@link #pointer}), which do not hold the arrays; ND4J frees an array's native memory once the
     * array is collected, so an array whose last Java use comes before its pointer's last use (a
     * scratch array read back after an ND4J op) would otherwise be freed while being read, under a
     * garbage collection at the wrong moment: a corrupted score, seen as a d_loss of -5.6e25 in one
     * logged step of a 25-epoch DCGAN run (KernelLifetimeTest reproduces it).
     */
    private static void keepAlive(Object... arrays) {
        java.lang.ref.Reference.reachabilityFence(arrays);
    }

    /** Arrays at least this long have their ND4J transforms split in halves across both threads. */
    static final long SPLIT_LENGTH = 32768;

    /** {@code out = sigmoid(in)}, in two halves on both threads when long enough. */
    private static void sigmoid(INDArray in, INDArray out) {
        halves(in, out, (a, b) -> Nd4j.exec(new Sigmoid(a, b)));
    }

    /**
     * Applies {@code op(in, out)} to the first and second halves of the flattened arrays, one
     * half on {@link SideThread} (ND4J's transforms run on one OpenMP thread: two halves at once
     * use both cores); in one call for short arrays or without a side thread.
     */
    private static void halves(INDArray in, INDArray out, java.util.function.BiConsumer<INDArray, INDArray> op) {
        long len = in.length();
        if (!SideThread.enabled() || len < SPLIT_LENGTH || !javaPassable(in, out)) {
            op.accept(in, out);
            return;
        }
        INDArray fi = flat(in);
        INDArray fo = flat(out);
        long h = len / 2;
        var first = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h);
        var second = org.nd4j.linalg.indexing.NDArrayIndex.interval(h, len);
        INDArray i2 = fi.get(second);
        INDArray o2 = fo.get(second);
        SideThread.both(() -> op.accept(i2, o2), () -> op.accept(fi.get(first), fo.get(first)));
    }

    /** One chunk of a fused vector pass: reads {@code a} and {@code b}, writes {@code out}, returns a partial sum. */
    @FunctionalInterface
    private interface ChunkPass {
        double run(float[] a, float[] b, float[] out, int n);
    }

    /**
     * Runs {@code pass} over 'c'-contiguous float arrays of equal length in cache-sized chunks copied
     * from and back to native memory, in two halves on both threads when long enough; returns the
     * sum of the chunks' results (lower half first, so the figure does not depend on the threads).
     */
    private static double vectorPass(INDArray a, INDArray b, INDArray out, ChunkPass pass) {
        long len = a.length();
        FloatPointer ap = pointer(flat(a));
        FloatPointer bp = pointer(flat(b));
        FloatPointer op = pointer(flat(out));
        double[] part = new double[2];
        if (!SideThread.enabled() || len < SPLIT_LENGTH) {
            part[0] = vectorRange(ap, bp, op, 0, len, pass);
        } else {
            long h = len / 2 / 64 * 64;                                // whole vectors in each half
            FloatPointer ap2 = new FloatPointer(ap);
            FloatPointer bp2 = new FloatPointer(bp);
            FloatPointer op2 = new FloatPointer(op);
            SideThread.both(() -> part[1] = vectorRange(ap2, bp2, op2, h, len, pass),
                    () -> part[0] = vectorRange(ap, bp, op, 0, h, pass));
        }
        keepAlive(a, b, out);
        return part[0] + part[1];
    }

    private static double vectorRange(FloatPointer ap, FloatPointer bp, FloatPointer op, long from, long to,
            ChunkPass pass) {
        long a0 = ap.position();
        long b0 = bp.position();
        long o0 = op.position();
        float[][] h = chunks();
        double sum = 0;
        for (long off = from; off < to; off += CHUNK) {
            int n = (int) Math.min(CHUNK, to - off);
            ap.position(a0 + off).get(h[0], 0, n);
            bp.position(b0 + off).get(h[1], 0, n);
            sum += pass.run(h[0], h[1], h[2], n);
            op.position(o0 + off).put(h[2], 0, n);
        }
        return sum;
    }

    /** See {@link FusedLoss#bernoulliLogits}; float32, equal shapes. */
    static double bernoulliLogits(INDArray x, INDArray eta, INDArray gradOut) {
        if (EngineOptions.vectorApi() && javaPassable(x, eta, gradOut)) {
            return vectorPass(x, eta, gradOut, VectorKernels::bernoulliLogits);
        }
        return bernoulliLogitsNd4j(x, eta, gradOut);
    }

    /** {@link #bernoulliLogits} with ND4J's transforms and Java passes, for JVMs without the Vector API. */
    static double bernoulliLogitsNd4j(INDArray x, INDArray eta, INDArray gradOut) {
        long len = eta.length();
        INDArray s = eta.ulike();
        sigmoid(eta, s);                                               // s = sigmoid(eta)
        FloatPointer sp = pointer(flat(s));
        FloatPointer xp = pointer(flat(x));
        FloatPointer ep = pointer(flat(eta));
        FloatPointer gp = pointer(flat(gradOut));
        long s0 = sp.position();
        long x0 = xp.position();
        long e0 = ep.position();
        long g0 = gp.position();
        float[][] h = chunks();
        for (long off = 0; off < len; off += CHUNK) {
            int n = (int) Math.min(CHUNK, len - off);
            sp.position(s0 + off).get(h[0], 0, n);
            xp.position(x0 + off).get(h[1], 0, n);
            for (int i = 0; i < n; i++) {
                float si = h[0][i];
                h[2][i] = si - h[1][i];                                // dL/deta = s - x
                h[0][i] = Math.max(si, 1.0f - si);                     // sigmoid(|eta|)
            }
            gp.position(g0 + off).put(h[2], 0, n);
            sp.position(s0 + off).put(h[0], 0, n);
        }
        halves(s, s, (a, b) -> Nd4j.exec(new Log(a, b)));              // log sigmoid(|eta|) = -log1p(exp(-|eta|))
        double nll = 0;
        for (long off = 0; off < len; off += CHUNK) {
            int n = (int) Math.min(CHUNK, len - off);
            sp.position(s0 + off).get(h[0], 0, n);
            xp.position(x0 + off).get(h[1], 0, n);
            ep.position(e0 + off).get(h[2], 0, n);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float e = h[2][i];
                sum += Math.max(e, 0.0f) - h[0][i] - h[1][i] * e;
            }
            nll += sum;
        }
        keepAlive(s, x, eta, gradOut);
        return nll;
    }

    /** c = clip(s), t = 1 - c, dL/dz = s (1 - s) (c - y) / (c t); c is written over s. */
    private static void bcePass(float[] s, float[] y, float[] dz, float[] t, int n, float lo, float hi) {
        for (int i = 0; i < n; i++) {
            float si = s[i];
            float ci = Math.min(Math.max(si, lo), hi);
            float ti = 1.0f - ci;
            float dLda = (ci - y[i]) / (ci * ti);
            dz[i] = dLda * si * (1.0f - si);
            s[i] = ci;
            t[i] = ti;
        }
    }

    /** Sum of y log c + (1 - y) log(1 - c), given log c and log(1 - c). */
    private static double scorePass(float[] logC, float[] y, float[] log1mC, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += y[i] * (logC[i] - log1mC[i]) + log1mC[i];
        }
        return sum;
    }

    /** The same as {@link #sigmoidBce} with ND4J ops only (any data type). */
    static double sigmoidBceOps(INDArray z, INDArray y, double clipEps, INDArray dz, INDArray s, INDArray c,
            INDArray t) {
        Nd4j.exec(new Sigmoid(z, s));                         // s = sigmoid(z)
        if (clipEps > 0) {                                    // c = clip(s, eps, 1 - eps)
            Nd4j.exec(new ScalarMax(s, null, c, clipEps));
            Nd4j.exec(new ScalarMin(c, null, c, 1.0 - clipEps));
        } else {
            c.assign(s);
        }
        c.rsub(1.0, t);                                       // t = 1 - c
        c.sub(y, dz);                                         // dL/da = (c - y) / (c (1 - c))
        dz.divi(c.mul(t));
        dz.muli(s);                                           // dL/dz = s (1 - s) dL/da
        s.rsubi(1.0);
        dz.muli(s);
        // score: sum of y log c + (1 - y) log(1 - c) = sum y (log c - log(1 - c)) + sum log(1 - c)
        Nd4j.exec(new Log(c, c));
        Nd4j.exec(new Log(t, t));
        c.subi(t);
        double score = Nd4j.getBlasWrapper().dot(y.reshape(y.length()), c.reshape(c.length()))
                + t.sumNumber().doubleValue();
        return -score;
    }

    /** Elements per chunk of the Java passes: a few chunks (64 KB each) stay in a core's L2 cache. */
    static final int CHUNK = 16384;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][CHUNK]);

    private static float[][] chunks() {
        return SCRATCH.get();
    }

    /** A rank-1, stride-1 view of {@code a} (a copy when a is not 'c'-contiguous; only for reading then). */
    private static INDArray flat(INDArray a) {
        return a.reshape('c', new long[] {a.length()});
    }

    /** The native pointer at a contiguous float vector's first element. */
    static FloatPointer pointer(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.rank() != 1 || a.stride(0) != 1) {
            throw new IllegalStateException("needs a contiguous float32 vector, found " + a.dataType()
                    + " rank " + a.rank());
        }
        // a view's data buffer may itself start at an offset that addressPointer() has applied
        long from = a.offset() - a.data().offset();
        if (from < 0 || from + a.length() > a.data().length()) {
            throw new IllegalStateException("view [" + a.offset() + ", +" + a.length() + ") outside its buffer");
        }
        return new FloatPointer(a.data().addressPointer()).position(from);
    }

    /** True for DL4J's ReLU without threshold, slope or cap (max(0, x)). */
    static boolean isPlainRelu(org.nd4j.linalg.activations.IActivation a) {
        return a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null
                && r.getNegativeSlope() == null;
    }

    /**
     * ReLU's backward pass, {@code dL/dz = dL/da} where {@code z > 0} and 0 elsewhere, into a new
     * array of the current workspace; one branch-free Java pass over cache-sized chunks (DL4J's
     * {@code RectifiedLinearDerivative} is a per-element lambda; the earlier {@code Step} + multiply
     * were two ND4J passes). {@code z} and {@code dLda} are not modified.
     */
    static INDArray reluBackward(INDArray z, INDArray dLda) {
        INDArray out = dLda.ulike();
        if (!javaPassable(z, dLda, out)) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(z, out, 0.0));
            return out.muli(dLda);
        }
        FloatPointer zp = pointer(flat(z));
        FloatPointer gp = pointer(flat(dLda));
        FloatPointer op = pointer(flat(out));
        long z0 = zp.position();
        long g0 = gp.position();
        long o0 = op.position();
        float[][] h = chunks();
        long len = z.length();
        for (long off = 0; off < len; off += CHUNK) {
            int n = (int) Math.min(CHUNK, len - off);
            zp.position(z0 + off).get(h[0], 0, n);
            gp.position(g0 + off).get(h[1], 0, n);
            for (int i = 0; i < n; i++) {
                // 1 for z >= 1e-30, 0 for z <= 0, without a branch (random signs defeat prediction)
                h[1][i] *= Math.min(Math.max(h[0][i] * 1e30f, 0f), 1f);
            }
            op.position(o0 + off).put(h[1], 0, n);
        }
        keepAlive(z, dLda, out);
        return out;
    }

    /**
     * {@code z[r, :] += b} for every row of a row-major [n, f] float array, then, when
     * {@code reluOut} is not null, {@code reluOut = max(z, 0)}: one Java pass instead of ND4J's
     * broadcast add and an assign plus ReLU transform. False when the arrays do not suit (the
     * caller then uses ND4J).
     */
    static boolean addBiasRelu(INDArray z, INDArray b, INDArray reluOut) {
        if (!javaPassable(z, b, reluOut == null ? z : reluOut) || z.rank() != 2 || b.length() != z.size(1)
                || z.size(1) > CHUNK) {
            return false;
        }
        int f = (int) z.size(1);
        long rows = z.size(0);
        float[] bias = new float[f];
        FloatPointer bp = pointer(flat(b));
        bp.get(bias, 0, f);
        FloatPointer zp = pointer(flat(z));
        FloatPointer ap = reluOut == null ? null : pointer(flat(reluOut));
        long z0 = zp.position();
        long a0 = ap == null ? 0 : ap.position();
        float[][] h = chunks();
        for (long r = 0; r < rows; r++) {
            zp.position(z0 + r * f).get(h[0], 0, f);
            for (int j = 0; j < f; j++) {
                h[0][j] += bias[j];
            }
            zp.position(z0 + r * f).put(h[0], 0, f);
            if (ap != null) {
                for (int j = 0; j < f; j++) {
                    h[1][j] = Math.max(h[0][j], 0f);
                }
                ap.position(a0 + r * f).put(h[1], 0, f);
            }
        }
        keepAlive(z, b, reluOut);
        return true;
    }

    /**
     * Column sums of a row-major [n, f] float array into {@code out} (a contiguous [1, f] or [f]
     * view, e.g. a bias gradient), accumulated in float per column as BLAS would. False when the
     * arrays do not suit.
     */
    static boolean columnSums(INDArray dz, INDArray out) {
        if (!javaPassable(dz, dz, out) || dz.rank() != 2 || out.length() != dz.size(1) || dz.size(1) > CHUNK) {
            return false;
        }
        int f = (int) dz.size(1);
        long rows = dz.size(0);
        float[][] h = chunks();
        java.util.Arrays.fill(h[1], 0, f, 0f);
        FloatPointer dp = pointer(flat(dz));
        long d0 = dp.position();
        for (long r = 0; r < rows; r++) {
            dp.position(d0 + r * f).get(h[0], 0, f);
            for (int j = 0; j < f; j++) {
                h[1][j] += h[0][j];
            }
        }
        pointer(flat(out)).put(h[1], 0, f);
        keepAlive(dz, out);
        return true;
    }

    /** Float32, 'c'-ordered and contiguous (so {@link #flat} is a view, not a copy), all of them. */
    private static boolean javaPassable(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c'
                    || !org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * DL4J's Adam on a graph whose updater is a single Adam block over all parameters without
     * regularisation: divide the flattened gradient by the batch size, update the updater's m and v,
     * and leave the step in the gradient array (as DL4J does), ready for {@code params -= update}.
     */
    static final class Adam1 {
        private final ComputationGraph graph;
        private final UpdaterBlock block;
        private final Adam config;

        private Adam1(ComputationGraph graph, UpdaterBlock block, Adam config) {
            this.graph = graph;
            this.block = block;
            this.config = config;
        }

        /** The fused Adam for {@code graph}, or null when its updater is anything else. */
        static Adam1 of(ComputationGraph graph) {
            if (!graph.getConfiguration().getDefaultConfiguration().isMiniBatch()
                    || graph.params().dataType() != DataType.FLOAT) {
                return null;
            }
            ComputationGraphUpdater u = graph.getUpdater();
            List<UpdaterBlock> blocks = u.getUpdaterBlocks();
            if (blocks.size() != 1) {
                return null;
            }
            UpdaterBlock b = blocks.get(0);
            if (b.getParamOffsetStart() != 0 || b.getParamOffsetEnd() != graph.numParams()) {
                return null;
            }
            for (var p : b.getLayersAndVariablesInBlock()) {
                if (!p.getLayer().updaterDivideByMinibatch(p.getParamName())) {
                    return null;
                }
            }
            var conf = b.getLayersAndVariablesInBlock().get(0).getLayer().getConfig().getUpdaterByParam(
                    b.getLayersAndVariablesInBlock().get(0).getParamName());
            return conf instanceof Adam a && a.getClass() == Adam.class ? new Adam1(graph, b, a) : null;
        }

        /** True once DL4J has initialised the block's state (after its first update). */
        boolean ready() {
            return block.getGradientUpdater() != null;
        }

        /** One Adam step; temporaries go to the current workspace. */
        void update(int iteration, int epoch, int batchSize) {
            INDArray g = graph.getFlattenedGradients();
            update(iteration, epoch, batchSize, 0, g.length(), false);
        }

        /**
         * Adam on the parameters [from, to) of the flattened array only (one layer's range), and
         * when {@code applyToParams}, {@code params -= update} in the same pass. Ranges are
         * independent, so different layers may be updated at different times (after each layer's
         * gradient is done and its weights are no longer needed by the backward pass).
         */
        void update(int iteration, int epoch, int batchSize, long from, long to, boolean applyToParams) {
            INDArray g = graph.getFlattenedGradients();
            g = g.reshape(g.length());
            long n = g.length();
            INDArray params = graph.params();
            INDArray state = block.getUpdaterView();
            state = state.reshape(state.length());
            INDArray m = state.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
            INDArray v = state.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n));
            double b1 = config.getBeta1();
            double b2 = config.getBeta2();
            double lr = config.getLearningRate(iteration, epoch);
            double stepSize = lr * Math.sqrt(1.0 - Math.pow(b2, iteration + 1)) / (1.0 - Math.pow(b1, iteration + 1));
            if (Double.isNaN(stepSize) || Double.isInfinite(stepSize) || stepSize == 0.0) {
                stepSize = config.getEpsilon(); // as libnd4j's adamUpdater
            }
            float[][] h = chunks();
            float[] gh = h[0];
            float[] mh = h[1];
            float[] vh = h[2];
            // one pass in Java over heap copies of cache-sized chunks: C2 vectorises the loop (sqrt
            // included), where ND4J's Sqrt transform alone took 1.7 ms for 419k floats against 0.04 ms
            float[] ph = h[3];
            FloatPointer gp = pointer(g);
            FloatPointer mp = pointer(m);
            FloatPointer vp = pointer(v);
            FloatPointer pp = applyToParams ? pointer(flat(params)) : null;
            long g0 = gp.position();
            long m0 = mp.position();
            long v0 = vp.position();
            long p0 = pp == null ? 0 : pp.position();
            float scale = 1.0f / batchSize;
            for (long off = from; off < to; off += CHUNK) {
                int len = (int) Math.min(CHUNK, to - off);
                gp.position(g0 + off).get(gh, 0, len);
                mp.position(m0 + off).get(mh, 0, len);
                vp.position(v0 + off).get(vh, 0, len);
                adamPass(gh, mh, vh, len, scale, (float) b1, (float) b2, (float) stepSize, (float) config.getEpsilon());
                gp.position(g0 + off).put(gh, 0, len);
                mp.position(m0 + off).put(mh, 0, len);
                vp.position(v0 + off).put(vh, 0, len);
                if (pp != null) {
                    pp.position(p0 + off).get(ph, 0, len);
                    for (int i = 0; i < len; i++) {
                        ph[i] -= gh[i];
                    }
                    pp.position(p0 + off).put(ph, 0, len);
                }
            }
        }

        private static void adamPass(float[] g, float[] m, float[] v, int len, float scale, float b1, float b2, float step,
                float eps) {
            float c1 = 1.0f - b1;
            float c2 = 1.0f - b2;
            for (int i = 0; i < len; i++) {
                float gi = g[i] * scale;                                 // mean over the batch
                float mi = b1 * m[i] + gi * c1;
                float vi = b2 * v[i] + gi * gi * c2;
                m[i] = mi;
                v[i] = vi;
                g[i] = mi * step / ((float) Math.sqrt(vi) + eps);       // the update, left in the gradient
            }
        }

    }
}
