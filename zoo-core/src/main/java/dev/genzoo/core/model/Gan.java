package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a generative adversarial network (Goodfellow et al.,
 * https://arxiv.org/abs/1406.2661): a generator from latent noise to input space and a
 * discriminator (or critic) scoring inputs. Networks: {@code "generator"} and
 * {@code "discriminator"}.
 */
public interface Gan extends Generative {

    @Override
    default Family family() {
        return Family.GAN;
    }

    /** Size of the generator's latent input. */
    int latentSize();

    /** Generates {@code n} examples from prior noise; the same seed gives the same examples. */
    INDArray generate(int n, long seed);

    /** {@link #generate(int, long)}: a GAN's samples are its generated examples. */
    @Override
    default INDArray sample(int n, long seed) {
        return generate(n, seed);
    }

    /** Generators end in tanh: [-1, 1]. */
    @Override
    default ValueRange valueRange() {
        return ValueRange.SYMMETRIC;
    }

    /** Generates one example per row of {@code z}, shape {@code [n, latentSize()]}. */
    INDArray generate(INDArray z);

    /** Discriminator output per example: a probability, or a critic score for a Wasserstein GAN. */
    INDArray discriminate(INDArray x);

    /**
     * A class-conditional GAN (Mirza and Osindero, https://arxiv.org/abs/1411.1784): generator and
     * discriminator also take one-hot labels of shape {@code [n, numClasses()]}.
     */
    interface Conditional extends Gan, ClassConditional {

        /** Generates one example per row of {@code labels} from prior noise drawn with {@code seed}. */
        INDArray generate(INDArray labels, long seed);

        /** {@link #generate(INDArray, long)}. */
        @Override
        default INDArray sample(INDArray labels, long seed) {
            return generate(labels, seed);
        }

        /** Generates one example per row of {@code z}, conditioned on the matching row of {@code labels}. */
        INDArray generate(INDArray z, INDArray labels);

        /** Discriminator output per example, conditioned on its label. */
        INDArray discriminate(INDArray x, INDArray labels);
    }
}
