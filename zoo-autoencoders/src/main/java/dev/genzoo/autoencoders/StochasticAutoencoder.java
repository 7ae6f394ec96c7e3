package dev.genzoo.autoencoders;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.CorruptionNoise;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Autoencoder with a stochastic encoder: during training the code is h + σε, a sample of
 * p_encoder(h|x) = N(f(x), σ²I), and the decoder learns p_decoder(x|h) from such samples
 * (Goodfellow et al., Deep Learning, 14.4). The noise makes the decoder robust to nearby codes;
 * at inference the encoder is deterministic (the mean). For a learned variance and a prior on the
 * code, see the variational autoencoder.
 */
public final class StochasticAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "stochastic-ae";

    /**
     * @param inputSize    values per example
     * @param hidden       encoder hidden sizes (decoder mirrors them)
     * @param codeSize     code size
     * @param codeNoise    σ of the Gaussian noise on the code during training, > 0
     * @param loss         reconstruction loss
     * @param penalty      weight penalty
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(int inputSize, List<Integer> hidden, int codeSize, double codeNoise, ReconstructionLoss loss,
            WeightPenalty penalty, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("codeSize", codeSize);
            if (!(codeNoise > 0) || Double.isInfinite(codeNoise)) {
                throw new IllegalArgumentException("codeNoise (sigma) must be finite and > 0, found " + codeNoise);
            }
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            ConfigChecks.learningRate(learningRate);
        }

        /** 784-500-(32 tanh code, σ 0.1)-500-784 with BCE. */
        public static Config defaults() {
            return new Config(784, List.of(500), 32, 0.1, ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, hidden, codeSize, codeNoise, loss, penalty, learningRate, s);
        }

        MlpArchitecture architecture() {
            return new MlpArchitecture(inputSize, hidden, codeSize, Activation.RELU, Activation.TANH, loss, penalty,
                    null, new CorruptionNoise("gaussian", codeNoise, -1, 1), null, null, learningRate, seed, 0);
        }
    }

    private StochasticAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
    }

    /** A new, untrained model. */
    public static StochasticAutoencoder create(Config c) {
        return new StochasticAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, StochasticAutoencoder> entry() {
        return ZooEntry.<Config, StochasticAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(StochasticAutoencoder::create)
                .setRestorer((c, nets) -> new StochasticAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Stochastic encoder/decoder: Gaussian noise on the code in training (sigma 0.1)")
                .optTags("mlp", "stochastic")
                .optReference("https://www.deeplearningbook.org/contents/autoencoders.html")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(ReconstructionEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .build();
    }
}
