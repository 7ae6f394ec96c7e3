package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a restricted Boltzmann machine (Hinton, "A Practical Guide to Training Restricted
 * Boltzmann Machines", UTML TR 2010-003): binary visible units v and hidden units h with energy
 * E(v, h) = -b'v - c'h - v'Wh, sampled by block Gibbs sampling.
 *
 * <p>Visible batches have shape {@code [n, visibleSize()]} with values in [0, 1] (binary states,
 * or probabilities where a method says so); hidden batches {@code [n, hiddenSize()]}. Energies
 * and log-probabilities are in nats. Every random method takes its own seed: the same seed on the
 * same parameters gives the same result, independent of ND4J's global generator.
 */
public interface Rbm extends MarkovChainSampler {

    @Override
    default Family family() {
        return Family.RBM;
    }

    /** Number of visible units. */
    int visibleSize();

    /** Number of hidden units. */
    int hiddenSize();

    /** P(h_j = 1 | v) per example, shape {@code [n, hiddenSize()]}. */
    INDArray hiddenProbabilities(INDArray visible);

    /** P(v_i = 1 | h) per example, shape {@code [n, visibleSize()]}. */
    INDArray visibleProbabilities(INDArray hidden);

    /** Mean-field reconstruction P(v = 1 | h = P(h = 1 | v)), shape {@code [n, visibleSize()]}. */
    default INDArray reconstruct(INDArray visible) {
        return visibleProbabilities(hiddenProbabilities(visible));
    }

    /**
     * Runs {@code steps} block Gibbs steps v -> h -> v from {@code visible} (sampled binary states
     * throughout); returns P(v = 1 | h) of the last step, shape {@code [n, visibleSize()]}.
     */
    INDArray gibbs(INDArray visible, int steps, long seed);

    /** Free energy F(v) = -b'v - sum_j log(1 + exp(c_j + (v'W)_j)) per example, shape {@code [n]}. */
    INDArray freeEnergy(INDArray visible);

    /**
     * Draws {@code n} samples by running {@code steps} Gibbs steps from uniformly random binary
     * visible states; returns P(v = 1 | h) of the last step (the usual way to show samples).
     */
    @Override
    INDArray sample(int n, int steps, long seed);

    /** 1,000 Gibbs steps, what the gallery and the sample-quality metrics use. */
    @Override
    default int defaultSteps() {
        return 1000;
    }

    /**
     * Annealed importance sampling estimate of log Z (Salakhutdinov and Murray, "On the
     * Quantitative Analysis of Deep Belief Networks", ICML 2008).
     *
     * @param runs                      independent AIS runs (importance weights), >= 2
     * @param intermediateDistributions inverse temperatures between the base model and the RBM, >= 1
     * @param baseMarginals             P(v_i = 1) of the base-rate model, shape {@code [visibleSize()]}
     *                                  (e.g. pixel means of the data); null for sigmoid(b), the RBM
     *                                  with its weights and hidden biases set to zero
     * @param seed                      seed of the runs
     */
    LogPartition estimateLogPartition(int runs, int intermediateDistributions, INDArray baseMarginals, long seed);

    /** log p(v) = -F(v) - log Z per example in nats, shape {@code [n]}, for a given estimate of log Z. */
    default INDArray logLikelihood(INDArray visible, LogPartition logZ) {
        return freeEnergy(visible).neg().subi(logZ.logZ());
    }

    /**
     * An estimate of log Z with its spread.
     *
     * @param logZ                      the estimate: log Z_base + log(mean of the importance weights)
     * @param standardError             standard error of {@code logZ} in nats (delta method: standard
     *                                  error of the mean weight over the mean weight)
     * @param lower                     log(mean - 3 standard errors) of the weights (-infinity when that is <= 0)
     * @param upper                     log(mean + 3 standard errors) of the weights
     * @param logWeightStd              standard deviation of the log importance weights across runs
     * @param runs                      number of runs
     * @param intermediateDistributions number of inverse temperatures after the base model
     */
    record LogPartition(double logZ, double standardError, double lower, double upper, double logWeightStd, int runs,
            int intermediateDistributions) {

        /** How the estimate was made, for a metric protocol. */
        public String protocol() {
            return "AIS (Salakhutdinov & Murray 2008), " + runs + " runs, " + intermediateDistributions
                    + " intermediate distributions; standard error " + String.format(java.util.Locale.ROOT, "%.3f", standardError)
                    + " nats, log Z in [" + String.format(java.util.Locale.ROOT, "%.3f", lower) + ", "
                    + String.format(java.util.Locale.ROOT, "%.3f", upper) + "] (mean of the weights +/- 3 standard errors)";
        }
    }
}
