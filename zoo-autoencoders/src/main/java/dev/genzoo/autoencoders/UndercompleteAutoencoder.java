package dev.genzoo.autoencoders;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Undercomplete autoencoder: a code smaller than the input forces the network to keep only the
 * most salient structure of the data (Goodfellow et al., Deep Learning, 14.1). With a linear code
 * and squared error it spans the same subspace as PCA; with non-linear layers it can do better —
 * Hinton &amp; Salakhutdinov, "Reducing the Dimensionality of Data with Neural Networks",
 * Science 313 (2006). Weight penalties (L1 / L2) are available through {@link WeightPenalty}.
 */
public final class UndercompleteAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "autoencoder";

    /**
     * @param inputSize    values per example (784 for 28x28 images)
     * @param hidden       encoder hidden sizes, outermost first (decoder mirrors them)
     * @param codeSize     code size, smaller than inputSize
     * @param loss         reconstruction loss (BCE for [0,1] data, MSE for real values)
     * @param penalty      weight penalty λR(w)
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     * @param decaySteps   τ of the learning-rate schedule lr / (1 + t / τ) over training iterations t,
     *                     for training to convergence (Adam's steps at a constant rate keep the
     *                     weights moving around the minimum); 0, the default and what a card written
     *                     before the field existed reads as, keeps the rate constant
     */
    public record Config(int inputSize, List<Integer> hidden, int codeSize, ReconstructionLoss loss,
            WeightPenalty penalty, double learningRate, long seed, int decaySteps) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("codeSize", codeSize);
            if (codeSize >= inputSize) {
                throw new IllegalArgumentException("codeSize must be smaller than inputSize (" + inputSize
                        + ") for an undercomplete autoencoder, found " + codeSize
                        + "; use overcomplete-ae for larger codes");
            }
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            ConfigChecks.learningRate(learningRate);
            ConfigChecks.nonNegative("decaySteps", decaySteps);
        }

        /** A constant learning rate ({@code decaySteps} 0): the constructor before the schedule existed. */
        public Config(int inputSize, List<Integer> hidden, int codeSize, ReconstructionLoss loss, WeightPenalty penalty,
                double learningRate, long seed) {
            this(inputSize, hidden, codeSize, loss, penalty, learningRate, seed, 0);
        }

        /** 784-500-250-30 with BCE for MNIST-like [0,1] images. */
        public static Config defaults() {
            return new Config(784, List.of(500, 250), 30, ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42, 0);
        }

        public Config withCodeSize(int c) {
            return new Config(inputSize, hidden, c, loss, penalty, learningRate, seed, decaySteps);
        }

        public Config withHidden(List<Integer> h) {
            return new Config(inputSize, h, codeSize, loss, penalty, learningRate, seed, decaySteps);
        }

        public Config withLoss(ReconstructionLoss l) {
            return new Config(inputSize, hidden, codeSize, l, penalty, learningRate, seed, decaySteps);
        }

        public Config withPenalty(WeightPenalty p) {
            return new Config(inputSize, hidden, codeSize, loss, p, learningRate, seed, decaySteps);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, hidden, codeSize, loss, penalty, learningRate, s, decaySteps);
        }

        MlpArchitecture architecture() {
            return new MlpArchitecture(inputSize, hidden, codeSize, Activation.RELU, Activation.IDENTITY, loss,
                    penalty, null, null, null, null, learningRate, seed, decaySteps);
        }
    }

    private UndercompleteAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
    }

    /** A new, untrained model. */
    public static UndercompleteAutoencoder create(Config c) {
        return new UndercompleteAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, UndercompleteAutoencoder> entry() {
        return ZooEntry.<Config, UndercompleteAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(UndercompleteAutoencoder::create)
                .setRestorer((c, nets) -> new UndercompleteAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Undercomplete dense autoencoder (784-500-250-30 by default)")
                .optTags("mlp", "undercomplete", "dimensionality-reduction")
                .optReference("https://doi.org/10.1126/science.1127647")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(ReconstructionEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .optVariant("mnist", "classpath:genzoo/models/autoencoder/mnist/")
                .optComparison("mnist", "784-1000-500-250-30, L2 1e-3, 200 epochs with a decaying rate (784-500-250-30:"
                        + " 3.17 after 300); PCA 30-d: 13.87 SSE; Hinton & Salakhutdinov 2006 deep AE: 3.00")
                .optVariant("fashion-mnist", "classpath:genzoo/models/autoencoder/fashion-mnist/")
                .optComparison("fashion-mnist", "PCA 30-d: 12.24 SSE; target <= 6.12")
                .build();
    }
}
