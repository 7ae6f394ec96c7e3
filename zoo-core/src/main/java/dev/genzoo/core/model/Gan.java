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

    /** Prior noise N(0, I) of shape {@code [n, latentSize()]}: the draws {@link #generate(int, long)} starts from. */
    INDArray noise(int n, long seed);

    /**
     * The truncation trick (Brock, Donahue and Simonyan 2019, https://arxiv.org/abs/1809.11096, in
     * its scaled form): {@code n} examples from the latents of {@link #generate(int, long)} scaled by
     * {@code truncation}, that is from the narrowed prior N(0, ψ²I). Below 1 it trades variety
     * (recall) for typical, cleaner samples (precision); 1 is {@link #generate(int, long)}.
     *
     * @param truncation ψ in (0, 1]
     */
    default INDArray generate(int n, long seed, double truncation) {
        return generate(noise(n, seed).muli(checkTruncation(truncation)));
    }

    /** Returns {@code psi} if it is a truncation in (0, 1]; otherwise throws, naming what is expected. */
    static double checkTruncation(double psi) {
        if (!(psi > 0 && psi <= 1)) {
            throw new IllegalArgumentException("truncation must be in (0, 1] (1 = none, 0.7 typical), found " + psi);
        }
        return psi;
    }

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

        /**
         * {@link #generate(INDArray, long)} with the truncation trick of
         * {@link Gan#generate(int, long, double)}: the same latents scaled by {@code truncation}.
         */
        default INDArray generate(INDArray labels, long seed, double truncation) {
            return generate(noise((int) labels.size(0), seed).muli(Gan.checkTruncation(truncation)), labels);
        }

        /** Discriminator output per example, conditioned on its label. */
        INDArray discriminate(INDArray x, INDArray labels);
    }

    /**
     * A style-based GAN (StyleGAN; Karras, Laine and Aila 2019, https://arxiv.org/abs/1812.04948): a
     * mapping network turns z into an intermediate latent w, and a synthesis network takes one w per
     * synthesis layer ({@link #styleLayers()}; coarse layers first) plus per-pixel noise. Samples come
     * from the smoothed (exponential moving average) copy of the generator.
     */
    interface StyleBased extends Gan {

        /** Per-pixel noise of the synthesis layers. */
        enum Noise {
            /** Fresh noise per image, drawn from the call's seed. */
            RANDOM,
            /** One noise map per layer, the same for every image and every call. */
            FIXED,
            /** No noise (zeros). */
            NONE
        }

        /** Number of synthesis layers, each taking its own w: styles 0 and 1 act at the coarsest resolution. */
        int styleLayers();

        /** Width of w (the mapping network's output). */
        int styleSize();

        /** The running mean of w seen in training, {@code [1, styleSize()]}: the centre of the truncation trick. */
        INDArray meanStyle();

        /** One latent z per seed, {@code [seeds.length, latentSize()]}: row i is the z that {@code sample(1, seeds[i], ...)} draws. */
        INDArray latentNoise(long[] seeds);

        /** The mapping network's w for each row of {@code z} ({@code [n, latentSize()]}; normalised to unit mean square first). */
        INDArray mapping(INDArray z);

        /**
         * Images from one style matrix per synthesis layer ({@code styleLayers()} arrays of shape
         * {@code [n, styleSize()]}), with {@code noise} drawn from {@code noiseSeed} where it is random.
         */
        INDArray synthesize(INDArray[] w, Noise noise, long noiseSeed);

        /**
         * The truncation trick on styles {@code w} ({@code [n, styleSize()]}): one style matrix per
         * synthesis layer, w' = w̄ + ψ (w − w̄) on the first {@code cutoff} layers and w itself on the
         * others, ready for {@link #synthesize}.
         */
        INDArray[] truncate(INDArray w, double truncation, int cutoff);

        /**
         * {@code n} images from prior noise drawn with {@code seed}, with the truncation trick
         * w' = w̄ + ψ (w − w̄) on the first {@code cutoff} layers (all with {@code cutoff >= styleLayers()});
         * ψ = 1 is plain sampling, ψ = 0 gives w̄ everywhere it applies.
         */
        INDArray sample(int n, long seed, double truncation, int cutoff, Noise noise);

        /**
         * The truncation trick of a style-based GAN, in w space (w̄ + ψ(w − w̄) on every synthesis
         * layer, random noise): {@code sample(n, seed, truncation, styleLayers(), Noise.RANDOM)}.
         */
        @Override
        default INDArray generate(int n, long seed, double truncation) {
            return sample(n, seed, Gan.checkTruncation(truncation), styleLayers(), Noise.RANDOM);
        }

        /**
         * The style-mixing grid: for every pair (a in {@code seedsA}, b in {@code seedsB}), row-major with
         * rows over A, the image whose layers below {@code fromLayer} take w of seed a and the others w of
         * seed b (coarse styles from A, fine from B); noise fixed.
         */
        INDArray mix(long[] seedsA, long[] seedsB, int fromLayer);
    }
}
