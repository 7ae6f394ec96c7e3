package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a variational autoencoder (Kingma and Welling, "Auto-Encoding Variational Bayes",
 * https://arxiv.org/abs/1312.6114): a Gaussian posterior q(z|x), a decoder p(x|z) and a standard
 * normal prior.
 *
 * <p>Inputs are batches of shape {@code [n, inputShape().size()]} or {@code [n, c, h, w]}, matching
 * the model's input shape. Likelihoods are in nats per example. Evaluation draws its noise from a
 * generator seeded by the model's configuration, so repeated calls on the same input agree.
 */
public interface Vae extends Generative {

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

    /**
     * Draws {@code n} codes from the prior and decodes them (the mean of p(x|z), in input shape);
     * the same seed gives the same samples.
     */
    @Override
    INDArray sample(int n, long seed);

    /** Decoder output (the mean of p(x|z), in input shape) for latent codes {@code z} of shape {@code [n, latentSize()]}. */
    INDArray decode(INDArray z);

    /** Decodes the posterior mean of each example. */
    default INDArray reconstruct(INDArray x) {
        return decode(posteriorMean(x));
    }

    /** Evidence lower bound per example in nats with one posterior sample, shape {@code [n]}. */
    default INDArray elbo(INDArray x) {
        return elbo(x, 1);
    }

    /**
     * Evidence lower bound per example in nats, shape {@code [n]}: E_q[log p(x|z)] estimated with
     * {@code samples} draws of z, minus the closed-form KL(q(z|x) || N(0, I)); beta = 1 whatever the
     * training weight.
     */
    INDArray elbo(INDArray x, int samples);

    /**
     * Importance-sampled estimate of log p(x) per example with {@code k} posterior samples
     * (Burda et al., https://arxiv.org/abs/1509.00519), shape {@code [n]}: the log-mean-exp over the
     * samples of log p(x|z) + log p(z) - log q(z|x). Its expectation rises with k toward log p(x).
     */
    INDArray logLikelihood(INDArray x, int k);

    /**
     * Decodes {@code steps} points between the posterior means of single examples {@code a} and
     * {@code b} (each a batch of one), endpoints included; linear or spherical (slerp) interpolation.
     */
    INDArray interpolate(INDArray a, INDArray b, int steps, boolean spherical);

    /**
     * Latent traversal: decodes the posterior mean of the single example {@code x} with latent
     * dimension {@code dimension} replaced by {@code steps} evenly spaced values from {@code from}
     * to {@code to}.
     */
    INDArray traverse(INDArray x, int dimension, double from, double to, int steps);

    /** Anomaly score per example, shape {@code [n]}; higher is more anomalous. The negative ELBO. */
    default INDArray anomalyScore(INDArray x) {
        return elbo(x).neg();
    }

    /**
     * A class-conditional VAE (Sohn et al., "Learning Structured Output Representation using Deep
     * Conditional Generative Models", NeurIPS 2015): encoder and decoder also take one-hot labels of
     * shape {@code [n, numClasses()]}. The label-free methods of {@link Vae} need labels and throw,
     * except {@link #sample(int, long)}, which cycles through the classes.
     */
    interface Conditional extends Vae, ClassConditional {

        /** Mean of q(z|x, y) per example. */
        INDArray posteriorMean(INDArray x, INDArray labels);

        /** Log-variance of q(z|x, y) per example. */
        INDArray posteriorLogVariance(INDArray x, INDArray labels);

        /** Mean of p(x|z, y) per row of {@code z} and {@code labels}. */
        INDArray decode(INDArray z, INDArray labels);

        /** One sample per row of {@code labels} from prior codes drawn with {@code seed}. */
        @Override
        INDArray sample(INDArray labels, long seed);

        /** Decodes the posterior mean of each example under its label. */
        default INDArray reconstruct(INDArray x, INDArray labels) {
            return decode(posteriorMean(x, labels), labels);
        }

        /** Conditional ELBO on log p(x|y) per example, in nats. */
        INDArray elbo(INDArray x, INDArray labels, int samples);

        /** Importance-sampled estimate of log p(x|y) per example with {@code k} samples. */
        INDArray logLikelihood(INDArray x, INDArray labels, int k);
    }
}
