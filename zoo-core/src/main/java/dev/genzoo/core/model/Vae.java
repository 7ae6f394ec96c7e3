package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a variational autoencoder (Kingma and Welling, "Auto-Encoding Variational Bayes",
 * https://arxiv.org/abs/1312.6114): a Gaussian posterior q(z|x), a decoder p(x|z) and a standard
 * normal prior.
 */
public interface Vae extends GenZooModel {

    @Override
    default Family family() {
        return Family.VAE;
    }

    /** Size of the latent code. */
    int latentSize();

    /** Mean of q(z|x) per example, shape {@code [n, latentSize()]}. */
    INDArray posteriorMean(INDArray x);

    /** Log-variance of q(z|x) per example, shape {@code [n, latentSize()]}. */
    INDArray posteriorLogVariance(INDArray x);

    /** Draws {@code n} samples from the prior and decodes them; the same seed gives the same samples. */
    INDArray sample(int n, long seed);

    /** Decoder output (the mean of p(x|z)) for latent codes {@code z}. */
    INDArray decode(INDArray z);

    /** Decodes the posterior mean of each example. */
    default INDArray reconstruct(INDArray x) {
        return decode(posteriorMean(x));
    }

    /** Evidence lower bound per example in nats, shape {@code [n]}. */
    INDArray elbo(INDArray x);

    /**
     * Importance-sampled estimate of log p(x) per example with {@code k} posterior samples
     * (Burda et al., https://arxiv.org/abs/1509.00519), shape {@code [n]}.
     */
    INDArray logLikelihood(INDArray x, int k);

    /**
     * Decodes {@code steps} points between the posterior means of single examples {@code a} and
     * {@code b}, endpoints included; linear or spherical (slerp) interpolation.
     */
    INDArray interpolate(INDArray a, INDArray b, int steps, boolean spherical);
}
