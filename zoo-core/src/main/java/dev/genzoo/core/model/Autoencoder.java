package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a deterministic autoencoder (plain, denoising, sparse, contractive, convolutional):
 * an encoder to a latent code and a decoder back to input space. Inputs are batches of shape
 * {@code [n, inputShape().size()]} or {@code [n, c, h, w]}, matching the model's input shape.
 */
public interface Autoencoder extends Encoding, AnomalyScoring {

    @Override
    default Family family() {
        return Family.AUTOENCODER;
    }

    /** {@code decode(encode(x))} at inference (no noise, no dropout). */
    @Override
    default INDArray reconstruct(INDArray x) {
        return decode(encode(x));
    }

    /** Reconstruction error per example under the model's training loss, shape {@code [n]}. */
    INDArray reconstructionError(INDArray x);

    /**
     * Anomaly score per example, shape {@code [n]}; higher means more anomalous. Defaults to the
     * reconstruction error.
     */
    @Override
    default INDArray anomalyScore(INDArray x) {
        return reconstructionError(x);
    }
}
