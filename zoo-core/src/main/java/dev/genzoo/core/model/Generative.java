package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that draws new examples: a VAE (decoded prior samples), a GAN (generated), an RBM (after
 * Gibbs sampling). Samples are in the model's input shape and lie in its {@link #valueRange()}.
 */
public interface Generative extends GenZooModel {

    /** Draws {@code n} examples; the same seed gives the same samples. */
    INDArray sample(int n, long seed);
}
