package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a restricted Boltzmann machine (Hinton, "A Practical Guide to Training Restricted
 * Boltzmann Machines", UTML TR 2010-003): binary visible and hidden units, sampled by block Gibbs
 * sampling.
 */
public interface Rbm extends GenZooModel {

    @Override
    default Family family() {
        return Family.RBM;
    }

    /** Number of visible units. */
    int visibleSize();

    /** Number of hidden units. */
    int hiddenSize();

    /** P(h = 1 | v) per example, shape {@code [n, hiddenSize()]}. */
    INDArray hiddenProbabilities(INDArray visible);

    /** Runs {@code steps} full Gibbs steps v -> h -> v from {@code visible}; returns the visible probabilities. */
    INDArray gibbs(INDArray visible, int steps, long seed);

    /** Free energy F(v) per example, shape {@code [n]}. */
    INDArray freeEnergy(INDArray visible);

    /** Draws {@code n} samples by running {@code steps} Gibbs steps from random visible states. */
    INDArray sample(int n, int steps, long seed);
}
