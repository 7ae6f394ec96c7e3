package dev.genzoo.generative.vae;

import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.LikelihoodModel;
import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Convolutional VAE for [c, h, w] images (Kingma and Welling 2014 with the convolutional
 * encoder/decoder pattern of DCGAN-style models, Radford et al. https://arxiv.org/abs/1511.06434):
 * stride-2 convolutions down to 7x7 maps, a dense layer, the Gaussian posterior heads, and
 * transposed convolutions back up to per-pixel Bernoulli logits (or Gaussian means).
 */
public final class ConvVae extends GraphVae implements Encoding, AnomalyScoring, LikelihoodModel {
    /** Registry name. */
    public static final String NAME = "vae-conv";

    /**
     * @param input              image shape; height and width divisible by 4
     * @param channels           feature maps of the two convolutions (mirrored by the transposed ones)
     * @param hidden             size of the dense layer before the heads and after the code
     * @param latentSize         size of z
     * @param decoder            p(x|z)
     * @param beta               KL weight
     * @param klWarmUpIterations KL warm-up iterations, 0 for none
     * @param learningRate       Adam learning rate
     * @param seed               initialisation seed, also seeds evaluation noise
     * @param decaySteps         τ of the learning-rate schedule lr / (1 + t / τ) over iterations t; 0, the
     *                           default and what a card written before the field existed reads as: constant
     */
    public record Config(InputShape input, List<Integer> channels, int hidden, int latentSize,
            DecoderDistribution decoder, double beta, int klWarmUpIterations, double learningRate, long seed,
            int decaySteps) {
        public Config {
            ConfigChecks.notNull("input", input);
            if (input.height() % 4 != 0 || input.width() % 4 != 0) {
                throw new IllegalArgumentException("input height and width must be divisible by 4 (two stride-2"
                        + " stages), found " + input);
            }
            channels = ConfigChecks.sizes("channels", channels);
            if (channels.size() != 2) {
                throw new IllegalArgumentException("channels must list 2 sizes (one per convolution), found "
                        + channels);
            }
            ConfigChecks.positive("hidden", hidden);
            ConfigChecks.positive("latentSize", latentSize);
            ConfigChecks.notNull("decoder", decoder);
            ConfigChecks.nonNegative("beta", beta);
            ConfigChecks.nonNegative("klWarmUpIterations", klWarmUpIterations);
            ConfigChecks.learningRate(learningRate);
            ConfigChecks.nonNegative("decaySteps", decaySteps);
        }

        /** A constant learning rate ({@code decaySteps} 0): the constructor before the schedule existed. */
        public Config(InputShape input, List<Integer> channels, int hidden, int latentSize, DecoderDistribution decoder,
                double beta, int klWarmUpIterations, double learningRate, long seed) {
            this(input, channels, hidden, latentSize, decoder, beta, klWarmUpIterations, learningRate, seed, 0);
        }

        /** 1x28x28, 32 and 64 maps, dense 256, latent 16, Bernoulli decoder, Adam 1e-3. */
        public static Config defaults() {
            return new Config(InputShape.MNIST, List.of(32, 64), 256, 16, DecoderDistribution.BERNOULLI, 1.0, 0,
                    1e-3, 42, 0);
        }

        public Config withLatentSize(int d) {
            return new Config(input, channels, hidden, d, decoder, beta, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withDecoder(DecoderDistribution p) {
            return new Config(input, channels, hidden, latentSize, p, beta, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withBeta(double b) {
            return new Config(input, channels, hidden, latentSize, decoder, b, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withSeed(long s) {
            return new Config(input, channels, hidden, latentSize, decoder, beta, klWarmUpIterations, learningRate, s,
                    decaySteps);
        }

        VaeArchitecture architecture() {
            return new VaeArchitecture(new ConvBody(input, channels, hidden), latentSize, 0, decoder, beta,
                    klWarmUpIterations, learningRate, seed, WeightInit.XAVIER, decaySteps);
        }
    }

    private ConvVae(Config c, ComputationGraph restored) {
        super(NAME, c, c.input(), c.architecture(), restored);
    }

    /** A new, untrained model. */
    public static ConvVae create(Config c) {
        return new ConvVae(c, null);
    }

    /** One optimisation step on a batch {@code [n, c, h, w]}. */
    public void fit(INDArray x) {
        fitBatch(x, null);
    }

    /** Mean training loss per example (-log p(x|z) + beta KL) with z at the posterior mean. */
    public double score(INDArray x) {
        return lossAtMean(x, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, ConvVae> entry() {
        return ZooEntry.<Config, ConvVae>builder().setName(NAME).setFamily(Family.VAE)
                .setConfig(Config.class, Config.defaults())
                .setFactory(ConvVae::create)
                .setRestorer((c, nets) -> new ConvVae(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Convolutional VAE for 1x28x28 images (latent 16, Bernoulli decoder)")
                .optTags("conv", "vae", "images", "likelihood")
                .optReference("https://arxiv.org/abs/1312.6114")
                .optTraining(VaeTraining.INSTANCE).optEvaluation(VaeEvaluation.INSTANCE)
                .optHeadlineMetrics("neg_elbo_nats", "nll_is_k1000_nats", "fid", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/vae-conv/mnist/")
                .optComparison("mnist", "latent 32, 60 epochs with a decaying rate (latent 16: 87.1 after 40, 87.4 after 20 at a"
                        + " constant rate); importance-sampled NLL (k=1000, first 1,000 test images) against"
                        + " vae-mlp:mnist 86.8 after 150; Burda et al. 2016: 86.8")
                .optVariant("fashion-mnist", "classpath:genzoo/models/vae-conv/fashion-mnist/")
                .optComparison("fashion-mnist", "20 epochs (12 min through the engine); MLP VAE after 20 epochs: 240.0")
                .build();
    }
}
