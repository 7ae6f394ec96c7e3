package dev.genzoo.generative.rbm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The AIS runs of {@link AnnealedImportanceSampling} in plain Java: each temperature of a block of
 * runs is two sparse products and one pass of element-wise arithmetic over float and double arrays.
 *
 * <p>Why not ND4J: per intermediate distribution the work is two {@code [runs, V] x [V, H]}-sized
 * products on binary states plus a few hundred thousand sigmoids, softpluses and uniform draws.
 * Done as a dozen ND4J operations per temperature (casts, softplus, sampling, row-vector adds) it
 * cost ~15 ms per temperature for 100 runs of a 784 x 500 model, almost all of it per-operation
 * overhead and ND4J's scalar transforms. Here the states are binary, so c + v'W is the sum of the
 * rows of W whose visible unit is on (and W h the sum of the rows of W' whose hidden unit is on);
 * the rows are added for all runs of a block at once, so each row of W is read once per
 * temperature while the block's fields stay in cache.
 *
 * <p>Randomness: run r draws from its own {@link SplittableRandom}, the r-th split of one seeded
 * by the caller's seed, in a fixed order (v_0, then per temperature the hidden units, then the
 * visible units). The log weights therefore depend on the seed only, not on the number of
 * threads or on how runs are grouped, and repeat across JVMs.
 *
 * <p>Precision: the fields c + v'W and b + W h accumulate in float (the zoo's graphs are float),
 * in the order of the units; sigmoids, softpluses and log weights are double.
 */
final class AisChains {
    /** Runs advanced together: their fields (64 x (500 + 784) floats for MNIST) stay in L2. */
    static final int BLOCK = 64;

    private final int nv;
    private final int nh;
    /** Rows of W and of W', one array each: C2 vectorises {@code out[j] += row[j]} only when both start at 0. */
    private final float[][] w;
    private final float[][] wt;
    private final float[] c;
    private final double[] b;
    private final double[] baseBias;
    private final double[] baseP;
    private final double[] biasGap;
    private final double[] betas;

    /**
     * @param w        W row-major {@code [V, H]}
     * @param b        visible bias, length V
     * @param c        hidden bias, length H
     * @param baseP    P(v_i = 1) under the base model, in (0, 1)
     * @param betas    inverse temperatures, 0 first, 1 last
     */
    AisChains(float[] w, double[] b, float[] c, double[] baseP, double[] betas) {
        this.nv = b.length;
        this.nh = c.length;
        if (w.length != (long) nv * nh || baseP.length != nv || betas.length < 2) {
            throw new IllegalArgumentException("AIS needs W of " + nv + " x " + nh + " values, " + nv
                    + " base marginals and at least two temperatures; found " + w.length + ", " + baseP.length
                    + " and " + betas.length);
        }
        this.w = rows(w, nv, nh);
        this.wt = rows(transpose(w, nv, nh), nh, nv);
        this.c = c;
        this.b = b;
        this.baseP = baseP;
        this.betas = betas;
        this.baseBias = new double[nv];
        this.biasGap = new double[nv];
        for (int i = 0; i < nv; i++) {
            baseBias[i] = Math.log(baseP[i] / (1 - baseP[i]));
            biasGap[i] = b[i] - baseBias[i];
        }
    }

    /** log Z_A = sum_i softplus(b_A,i) + H log 2. */
    double logZBase() {
        double s = nh * Math.log(2);
        for (double a : baseBias) {
            s += Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
        }
        return s;
    }

    /** The log importance weight of each of {@code runs} runs, on up to {@code threads} threads. */
    double[] logWeights(int runs, long seed, int threads) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] rngs = new SplittableRandom[runs];
        for (int r = 0; r < runs; r++) {
            rngs[r] = root.split();
        }
        double[] logW = new double[runs];
        int blocks = (runs + BLOCK - 1) / BLOCK;
        // equal blocks, so that two threads finish together (100 runs: 50 + 50, not 64 + 36)
        int perBlock = (runs + Math.max(blocks, threads) - 1) / Math.max(blocks, threads);
        int count = (runs + perBlock - 1) / perBlock;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < count && failure.get() == null; k = next.getAndIncrement()) {
                int from = k * perBlock;
                int to = Math.min(runs, from + perBlock);
                try {
                    new Block(from, to).run(rngs, logW);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, count); t++) {
            Thread th = new Thread(worker, "genzoo-ais-" + t);
            th.setDaemon(true);
            th.start();
            helpers.add(th);
        }
        worker.run();
        for (Thread th : helpers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the AIS threads", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return logW;
    }

    /** Runs {@code from .. to - 1} through all temperatures; their states, fields and lists of on units. */
    private final class Block {
        private final int from;
        private final int m;
        private final float[][] hField;
        private final float[][] vField;
        /** visOn[i][0 .. visCount[i]) are the runs (relative to from) whose visible unit i is on. */
        private final int[][] visOn;
        private final int[] visCount;
        private final int[][] hidOn;
        private final int[] hidCount;
        /** (b - b_A)'v of each run's current state. */
        private final double[] gap;

        Block(int from, int to) {
            this.from = from;
            this.m = to - from;
            hField = new float[m][nh];
            vField = new float[m][nv];
            visOn = new int[nv][m];
            visCount = new int[nv];
            hidOn = new int[nh][m];
            hidCount = new int[nh];
            gap = new double[m];
        }

        void run(SplittableRandom[] rngs, double[] logW) {
            double[] lw = new double[m];
            double[] shift = new double[nv];
            for (int r = 0; r < m; r++) {
                SplittableRandom rng = rngs[from + r];
                for (int i = 0; i < nv; i++) {
                    if (rng.nextDouble() < baseP[i]) {
                        visOn[i][visCount[i]++] = r;
                        gap[r] += biasGap[i];
                    }
                }
            }
            int last = betas.length - 1;
            for (int k = 1; k <= last; k++) {
                double bNow = betas[k];
                double bPrev = betas[k - 1];
                hiddenFields();
                boolean move = k < last;
                if (move) {
                    java.util.Arrays.fill(hidCount, 0);
                }
                for (int r = 0; r < m; r++) {
                    lw[r] += weightStep(r, bPrev, bNow, move ? rngs[from + r] : null);
                }
                if (move) {
                    visibleFields();
                    for (int i = 0; i < nv; i++) {
                        shift[i] = bNow * b[i] + (1 - bNow) * baseBias[i];
                    }
                    java.util.Arrays.fill(visCount, 0);
                    for (int r = 0; r < m; r++) {
                        sampleVisible(r, bNow, shift, rngs[from + r]);
                    }
                }
            }
            System.arraycopy(lw, 0, logW, from, m);
        }

        /** c + v'W for every run: c, plus the row of W of every visible unit that is on. */
        private void hiddenFields() {
            for (int r = 0; r < m; r++) {
                System.arraycopy(c, 0, hField[r], 0, nh);
            }
            for (int i = 0; i < nv; i++) {
                addRow(w[i], visOn[i], visCount[i], hField);
            }
        }

        /** W h for every run (the bias is added with the temperature). */
        private void visibleFields() {
            for (float[] row : vField) {
                java.util.Arrays.fill(row, 0f);
            }
            for (int j = 0; j < nh; j++) {
                addRow(wt[j], hidOn[j], hidCount[j], vField);
            }
        }

        /**
         * log f_k(v) - log f_{k-1}(v) of run r at its current state; with {@code rng}, also draws
         * h ~ sigmoid(β_k (c + v'W)) into the hidden lists. The softplus difference is
         * (max(a1, 0) - max(a0, 0)) + log((1 + e^-|a1|) / (1 + e^-|a0|)) with a = β x, and both
         * share e^-|a1| with the sigmoid.
         */
        private double weightStep(int r, double bPrev, double bNow, SplittableRandom rng) {
            double dBeta = bNow - bPrev;
            double sum = dBeta * gap[r];
            float[] field = hField[r];
            for (int j = 0; j < nh; j++) {
                double x = field[j];
                double e1 = Math.exp(-Math.abs(bNow * x));
                double e0 = Math.exp(-Math.abs(bPrev * x));
                sum += Math.max(dBeta * x, 0) + Math.log((1 + e1) / (1 + e0));
                if (rng != null) {
                    double p = x >= 0 ? 1 / (1 + e1) : e1 / (1 + e1);
                    if (rng.nextDouble() < p) {
                        hidOn[j][hidCount[j]++] = r;
                    }
                }
            }
            return sum;
        }

        /** v ~ sigmoid(β_k W h + β_k b + (1 - β_k) b_A) for run r, into the visible lists. */
        private void sampleVisible(int r, double bNow, double[] shift, SplittableRandom rng) {
            float[] field = vField[r];
            double g = 0;
            for (int i = 0; i < nv; i++) {
                double a = bNow * field[i] + shift[i];
                double e = Math.exp(-Math.abs(a));
                double p = a >= 0 ? 1 / (1 + e) : e / (1 + e);
                if (rng.nextDouble() < p) {
                    visOn[i][visCount[i]++] = r;
                    g += biasGap[i];
                }
            }
            gap[r] = g;
        }
    }

    /** {@code out[r] += row} for each of the {@code n} runs listed in {@code runs}. */
    private static void addRow(float[] row, int[] runs, int n, float[][] out) {
        for (int t = 0; t < n; t++) {
            float[] o = out[runs[t]];
            for (int j = 0; j < row.length; j++) {
                o[j] += row[j];
            }
        }
    }

    private static float[][] rows(float[] a, int rows, int cols) {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOfRange(a, i * cols, (i + 1) * cols);
        }
        return out;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }
}
