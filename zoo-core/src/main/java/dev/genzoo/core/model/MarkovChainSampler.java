package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A generative model that samples by running a Markov chain (an RBM's block Gibbs sampling) for a chosen number of steps. */
public interface MarkovChainSampler extends Generative {

    /** Steps {@link #sample(int, long)} runs. */
    int defaultSteps();

    /** Draws {@code n} examples after {@code steps} steps of the chain from random states. */
    INDArray sample(int n, int steps, long seed);

    @Override
    default INDArray sample(int n, long seed) {
        return sample(n, defaultSteps(), seed);
    }
}
