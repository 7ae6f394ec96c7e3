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
 * The variational autoencoder of Kingma and Welling, "Auto-Encoding Variational Bayes"
 * (https://arxiv.org/abs/1312.6114) with dense encoder and decoder: by default 784 → 512 ReLU →
 * (mean, log-variance) of a 20-dimensional Gaussian posterior, z = mu + exp(logvar/2) eps, and
 * 20 → 512 ReLU → 784 Bernoulli logits (the BENCHMARKS.md {@code mlp-vae}).
 */
public final class MlpVae extends GraphVae implements Encoding, AnomalyScoring, LikelihoodModel {
    /** Registry name. */
    public static final String NAME = "vae-mlp";

    /**
     * @param inputSize          values per example (784 for 28x28 images)
     * @param hidden             encoder hidden sizes, outermost first (the decoder mirrors them); may be empty
     * @param latentSize         size of z
     * @param decoder            p(x|z): Bernoulli (BCE) or Gaussian with fixed variance (squared error)
     * @param beta               KL weight (1: the VAE; &gt; 1: beta-VAE; 0: an autoencoder's loss)
     * @param klWarmUpIterations iterations over which the KL weight rises from 0 to beta; 0 for none
     * @param learningRate       Adam learning rate
     * @param seed               initialisation seed, also seeds evaluation noise
     * @param decaySteps         τ of the learning-rate schedule lr / (1 + t / τ) over iterations t, for
     *                           training to convergence; 0, the default and what a card written before the
     *                           field existed reads as, keeps the rate constant
     */
    public record Config(int inputSize, List<Integer> hidden, int latentSize, DecoderDistribution decoder,
            double beta, int klWarmUpIterations, double learningRate, long seed, int decaySteps) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("latentSize", latentSize);
            ConfigChecks.notNull("decoder", decoder);
            ConfigChecks.nonNegative("beta", beta);
            ConfigChecks.nonNegative("klWarmUpIterations", klWarmUpIterations);
            ConfigChecks.learningRate(learningRate);
            ConfigChecks.nonNegative("decaySteps", decaySteps);
        }

        /** A constant learning rate ({@code decaySteps} 0): the constructor before the schedule existed. */
        public Config(int inputSize, List<Integer> hidden, int latentSize, DecoderDistribution decoder, double beta,
                int klWarmUpIterations, double learningRate, long seed) {
            this(inputSize, hidden, latentSize, decoder, beta, klWarmUpIterations, learningRate, seed, 0);
        }

        /** 784-512-20 with a Bernoulli decoder, beta 1, no warm-up, Adam 1e-3. */
        public static Config defaults() {
            return new Config(784, List.of(512), 20, DecoderDistribution.BERNOULLI, 1.0, 0, 1e-3, 42, 0);
        }

        public Config withHidden(List<Integer> h) {
            return new Config(inputSize, h, latentSize, decoder, beta, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withLatentSize(int d) {
            return new Config(inputSize, hidden, d, decoder, beta, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withDecoder(DecoderDistribution p) {
            return new Config(inputSize, hidden, latentSize, p, beta, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withBeta(double b) {
            return new Config(inputSize, hidden, latentSize, decoder, b, klWarmUpIterations, learningRate, seed,
                    decaySteps);
        }

        public Config withKlWarmUp(int iterations) {
            return new Config(inputSize, hidden, latentSize, decoder, beta, iterations, learningRate, seed,
                    decaySteps);
        }

        public Config withLearningRate(double lr) {
            return new Config(inputSize, hidden, latentSize, decoder, beta, klWarmUpIterations, lr, seed, decaySteps);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, hidden, latentSize, decoder, beta, klWarmUpIterations, learningRate, s,
                    decaySteps);
        }

        VaeArchitecture architecture() {
            return new VaeArchitecture(new MlpBody(inputSize, hidden), latentSize, 0, decoder, beta,
                    klWarmUpIterations, learningRate, seed, WeightInit.XAVIER, decaySteps);
        }
    }

    private MlpVae(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.architecture(), restored);
    }

    /** A new, untrained model. */
    public static MlpVae create(Config c) {
        return new MlpVae(c, null);
    }

    /** One optimisation step on a batch {@code [n, inputSize]}. */
    public void fit(INDArray x) {
        fitBatch(x, null);
    }

    /** Mean training loss per example (-log p(x|z) + beta KL) with z at the posterior mean. */
    public double score(INDArray x) {
        return lossAtMean(x, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, MlpVae> entry() {
        return ZooEntry.<Config, MlpVae>builder().setName(NAME).setFamily(Family.VAE)
                .setConfig(Config.class, Config.defaults())
                .setFactory(MlpVae::create)
                .setRestorer((c, nets) -> new MlpVae(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Dense VAE, 784-512-20 with a Bernoulli decoder by default (Kingma & Welling 2014)")
                .optTags("mlp", "vae", "likelihood")
                .optReference("https://arxiv.org/abs/1312.6114")
                .optTraining(VaeTraining.INSTANCE).optEvaluation(VaeEvaluation.INSTANCE)
                .optHeadlineMetrics("neg_elbo_nats", "nll_is_k1000_nats", "fid", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/vae-mlp/mnist/")
                .optComparison("mnist", "784-512-512-32; NLL 86.8 nats (Burda et al. 2016, dynamic), 89.8 (static); target <= 87")
                .optVariant("fashion-mnist", "classpath:genzoo/models/vae-mlp/fashion-mnist/")
                .optComparison("fashion-mnist", "dynamically binarized Fashion-MNIST; no standard published figure")
                .build();
    }
}
