package dev.genzoo.autoencoders;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.ActivityRegularizationLayer;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Sparse autoencoder: a penalty on the code activations, L = L_rec + λ Ω(h), keeps most code
 * units near zero (Goodfellow et al., Deep Learning, 14.2.1). Two forms: {@code l1},
 * Ω(h) = Σ|h_j|; and {@code kl}, the target-sparsity penalty Σ_j KL(ρ ‖ ρ̂_j) on each unit's mean
 * activation ρ̂_j over the batch (Ng, "Sparse autoencoder", CS294A notes, 2011). The code is a
 * sigmoid layer, so activations lie in (0, 1) as the KL form needs.
 */
public final class SparseAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "sparse-ae";

    /**
     * @param inputSize    values per example
     * @param hidden       encoder hidden sizes (decoder mirrors them)
     * @param codeSize     code size (may exceed the input: sparsity is the regulariser)
     * @param sparsity     {@code kl} or {@code l1}
     * @param lambda       weight of the sparsity penalty, > 0
     * @param targetActivation ρ for the KL form, in (0, 1)
     * @param loss         reconstruction loss
     * @param penalty      weight penalty
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(int inputSize, List<Integer> hidden, int codeSize, String sparsity, double lambda,
            double targetActivation, ReconstructionLoss loss, WeightPenalty penalty, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("codeSize", codeSize);
            ConfigChecks.notNull("sparsity", sparsity);
            sparsity = sparsity.toLowerCase(Locale.ROOT);
            if (!sparsity.equals("kl") && !sparsity.equals("l1")) {
                throw new IllegalArgumentException("sparsity must be 'kl' or 'l1', found '" + sparsity + "'");
            }
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda (sparsity weight) must be finite and > 0, found " + lambda);
            }
            ConfigChecks.probability("targetActivation", targetActivation);
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            ConfigChecks.learningRate(learningRate);
        }

        /** 784-256-(200 sigmoid code) with KL sparsity ρ = 0.05, λ = 0.1 (per example, summed over units), BCE. */
        public static Config defaults() {
            return new Config(784, List.of(256), 200, "kl", 0.1, 0.05, ReconstructionLoss.BCE, WeightPenalty.NONE,
                    1e-3, 42);
        }

        public Config withSparsity(String kind, double l, double rho) {
            return new Config(inputSize, hidden, codeSize, kind, l, rho, loss, penalty, learningRate, seed);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, hidden, codeSize, sparsity, lambda, targetActivation, loss, penalty,
                    learningRate, s);
        }

        MlpArchitecture architecture() {
            ActivityRegularizationLayer reg = sparsity.equals("kl")
                    ? ActivityRegularizationLayer.klSparsity(targetActivation, lambda)
                    : ActivityRegularizationLayer.l1(lambda);
            return new MlpArchitecture(inputSize, hidden, codeSize, Activation.RELU, Activation.SIGMOID, loss, penalty,
                    null, null, null, reg, learningRate, seed, 0);
        }
    }

    private SparseAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
    }

    /** A new, untrained model. */
    public static SparseAutoencoder create(Config c) {
        return new SparseAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, SparseAutoencoder> entry() {
        return ZooEntry.<Config, SparseAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(SparseAutoencoder::create)
                .setRestorer((c, nets) -> new SparseAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Sparse autoencoder: KL target sparsity (rho 0.05) or L1 on the code")
                .optTags("mlp", "sparse", "regularized")
                .optReference("https://web.stanford.edu/class/cs294a/sparseAutoencoder.pdf")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(ReconstructionEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .optVariant("mnist", "classpath:genzoo/models/sparse-ae/mnist/")
                .optComparison("mnist", "code 200 (wider than the 30-d AE), KL sparsity rho 0.05")
                .optVariant("fashion-mnist", "classpath:genzoo/models/sparse-ae/fashion-mnist/")
                .optComparison("fashion-mnist", "code 200, KL sparsity rho 0.05; PCA 30-d: 12.24 SSE")
                .build();
    }
}
