package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that maps an input to a reconstruction of it (an autoencoder, an unconditional VAE), in
 * the input's shape and the model's {@link #valueRange()}: what denoising and reconstruction
 * pictures use.
 */
public interface Reconstructing extends GenZooModel {

    /** The deterministic reconstruction of each example (no noise, no dropout). */
    INDArray reconstruct(INDArray x);
}
