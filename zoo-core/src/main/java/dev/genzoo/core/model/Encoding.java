package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model with a code space: an encoder to latent codes and a decoder back to input space (an
 * autoencoder's code, a VAE's posterior mean). Interpolation between two examples runs in that
 * space.
 */
public interface Encoding extends Reconstructing {

    /** Size of the latent code. */
    int latentSize();

    /** Latent code per example, shape {@code [n, latentSize()]}. */
    INDArray encode(INDArray x);

    /** Decoded examples for codes of shape {@code [n, latentSize()]}, in input shape. */
    INDArray decode(INDArray z);

    /**
     * Decodes {@code steps} points between the codes of single examples {@code a} and {@code b}
     * (each a batch of one), endpoints included; linear or spherical (slerp) interpolation.
     */
    default INDArray interpolate(INDArray a, INDArray b, int steps, boolean spherical) {
        INDArray za = encode(a);
        INDArray zb = encode(b);
        return decode(spherical ? LatentPaths.spherical(za, zb, steps) : LatentPaths.linear(za, zb, steps));
    }
}
