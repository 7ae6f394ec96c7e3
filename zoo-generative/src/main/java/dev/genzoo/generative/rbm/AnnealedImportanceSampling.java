package dev.genzoo.generative.rbm;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Rbm.LogPartition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Annealed importance sampling of an RBM's log partition function, as in Salakhutdinov and
 * Murray, "On the Quantitative Analysis of Deep Belief Networks" (ICML 2008), section 4.
 *
 * <p>The base model A has visible biases b_A = logit(base marginals) and no weights, so
 * Z_A = 2^H prod_i (1 + exp(b_A,i)) and exact samples are independent Bernoulli draws. The
 * intermediate distributions, with the hidden units summed out, are
 * p_k(v) ∝ f_k(v) = exp((1 - β_k) b_A'v + β_k b'v) prod_j (1 + exp(β_k (c_j + v'W_j))),
 * for 0 = β_0 < β_1 < ... < β_K = 1, so f_0 ∝ p_A (the constant 2^H) and f_K = exp(-F(v)). A run
 * draws v_0 from p_A, multiplies its weight by f_k(v_{k-1}) / f_{k-1}(v_{k-1}) and moves v by one
 * Gibbs step that leaves p_k invariant (h ~ sigmoid(β_k (c + v'W)),
 * v ~ sigmoid((1 - β_k) b_A + β_k (b + Wh))). The mean weight is an unbiased estimate of
 * Z / Z_A; log Z = log Z_A + log mean(w), computed with the maximum log weight factored out.
 *
 * <p>The default spacing of the β_k follows the paper's 14,500 (steps 1e-3 up to 0.5, 1e-4 up to
 * 0.9, 1e-5 up to 1), scaled to the number asked for: 500/14500 of the steps on [0, 0.5],
 * 4000/14500 on [0.5, 0.9], the rest on [0.9, 1].
 */
final class AnnealedImportanceSampling {
    private static final double MIN_MARGINAL = 1e-6;

    private AnnealedImportanceSampling() {
    }

    /** The paper's inverse temperatures scaled to {@code k} steps: {@code k + 1} values from 0 to 1. */
    static double[] schedule(int k) {
        ConfigChecks.positive("intermediateDistributions", k);
        double[] betas = new double[k + 1];
        if (k < 3) {
            for (int i = 0; i <= k; i++) {
                betas[i] = (double) i / k;
            }
            return betas;
        }
        int n1 = Math.max(1, (int) Math.round(k * 500.0 / 14500));
        int n2 = Math.max(1, (int) Math.round(k * 4000.0 / 14500));
        int n3 = k - n1 - n2;
        fill(betas, 0, n1, 0.0, 0.5);
        fill(betas, n1, n2, 0.5, 0.9);
        fill(betas, n1 + n2, n3, 0.9, 1.0);
        betas[k] = 1.0;
        return betas;
    }

    private static void fill(double[] betas, int start, int steps, double from, double to) {
        for (int i = 1; i <= steps; i++) {
            betas[start + i] = from + (to - from) * i / steps;
        }
    }

    /**
     * @param model         parameters; the fields c + v'W and b + W h accumulate in float, the
     *                      probabilities and log weights are double (see {@link AisChains})
     * @param baseMarginals P(v_i = 1) of the base model, {@code [V]} or {@code [1, V]}, clipped to
     *                      [1e-6, 1 - 1e-6]
     */
    static LogPartition estimate(RbmWeights model, INDArray baseMarginals, int runs, int intermediate, long seed) {
        return estimate(model, baseMarginals, runs, intermediate, seed, defaultThreads(runs));
    }

    /** As {@link #estimate(RbmWeights, INDArray, int, int, long)} on {@code threads} threads (same result for any number). */
    static LogPartition estimate(RbmWeights model, INDArray baseMarginals, int runs, int intermediate, long seed,
            int threads) {
        ConfigChecks.atLeast("runs", runs, 2);
        ConfigChecks.positive("threads", threads);
        double[] p = baseMarginals.castTo(DataType.DOUBLE).reshape(model.visible()).toDoubleVector();
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(Math.max(p[i], MIN_MARGINAL), 1 - MIN_MARGINAL);
        }
        AisChains chains = new AisChains(floats(model.w()), model.b().castTo(DataType.DOUBLE).toDoubleVector(),
                floats(model.c()), p, schedule(intermediate));
        return summarise(chains.logZBase(), chains.logWeights(runs, seed, threads), intermediate);
    }

    /** One thread per core, at most one per {@link AisChains#BLOCK} / 2 runs. */
    static int defaultThreads(int runs) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), runs / (AisChains.BLOCK / 2)));
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** log Z_A + log mean(w) with its +/- 3 standard-error bounds, from the log weights. */
    static LogPartition summarise(double logZBase, double[] logW, int intermediate) {
        int n = logW.length;
        double max = Double.NEGATIVE_INFINITY;
        double meanLog = 0;
        for (double lw : logW) {
            max = Math.max(max, lw);
            meanLog += lw / n;
        }
        double sum = 0;
        double sumSq = 0;
        double varLog = 0;
        for (double lw : logW) {
            double w = Math.exp(lw - max);
            sum += w;
            sumSq += w * w;
            varLog += (lw - meanLog) * (lw - meanLog) / (n - 1);
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
        double se = sd / Math.sqrt(n);
        double base = logZBase + max;
        double lower = mean - 3 * se > 0 ? base + Math.log(mean - 3 * se) : Double.NEGATIVE_INFINITY;
        return new LogPartition(base + Math.log(mean), se / mean, lower, base + Math.log(mean + 3 * se), Math.sqrt(varLog), n,
                intermediate);
    }
}
