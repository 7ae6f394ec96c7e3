package dev.genzoo.autoencoders;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.ActivityRegularizationLayer;
import dev.genzoo.core.nn.CorruptionNoise;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Overcomplete autoencoder: a code at least as large as the input. Unregularised, such a network
 * can learn the identity and nothing useful (Goodfellow et al., Deep Learning, 14.1–14.2), so
 * this configuration refuses to be built without a regulariser: an L1 penalty on the code
 * (sparsity), input corruption (denoising) or a weight penalty. The default uses the first two.
 */
public final class OvercompleteAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "overcomplete-ae";

    /**
     * @param inputSize    values per example
     * @param codeSize     code size, >= inputSize
     * @param codeL1       λ of the L1 penalty on code activations (0 for none)
     * @param noise        input corruption spec ({@code none} for none)
     * @param loss         reconstruction loss
     * @param penalty      weight penalty
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(int inputSize, int codeSize, double codeL1, String noise, ReconstructionLoss loss,
            WeightPenalty penalty, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            if (codeSize < inputSize) {
                throw new IllegalArgumentException("codeSize of an overcomplete autoencoder must be >= inputSize ("
                        + inputSize + "), found " + codeSize + "; use 'autoencoder' for smaller codes");
            }
            ConfigChecks.nonNegative("codeL1", codeL1);
            ConfigChecks.notNull("noise", noise);
            Noise parsed = Noise.parse(noise);
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            if (codeL1 == 0 && parsed instanceof Noise.None && penalty.l1() == 0 && penalty.l2() == 0) {
                throw new IllegalArgumentException("an overcomplete autoencoder needs a regulariser (codeL1 > 0, input"
                        + " noise or a weight penalty); without one it can learn the identity map");
            }
            ConfigChecks.learningRate(learningRate);
        }

        /** 784-(1024 ReLU code)-784, L1 on the code 1e-4 (summed over units), masking noise 0.2, BCE. */
        public static Config defaults() {
            return new Config(784, 1024, 1e-4, "masking:0.2", ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, codeSize, codeL1, noise, loss, penalty, learningRate, s);
        }

        MlpArchitecture architecture() {
            Noise n = Noise.parse(noise);
            return new MlpArchitecture(inputSize, List.of(), codeSize, Activation.RELU, Activation.RELU, loss, penalty,
                    n instanceof Noise.None ? null : CorruptionNoise.of(n, 0, 1), null, null,
                    codeL1 > 0 ? ActivityRegularizationLayer.l1(codeL1) : null, learningRate, seed, 0);
        }
    }

    private OvercompleteAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
    }

    /** A new, untrained model. */
    public static OvercompleteAutoencoder create(Config c) {
        return new OvercompleteAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, OvercompleteAutoencoder> entry() {
        return ZooEntry.<Config, OvercompleteAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(OvercompleteAutoencoder::create)
                .setRestorer((c, nets) -> new OvercompleteAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Overcomplete autoencoder (code 1024 > 784), regularised by code L1 and masking noise")
                .optTags("mlp", "overcomplete", "regularized")
                .optReference("https://www.deeplearningbook.org/contents/autoencoders.html")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(ReconstructionEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .build();
    }
}
