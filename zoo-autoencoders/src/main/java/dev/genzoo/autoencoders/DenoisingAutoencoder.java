package dev.genzoo.autoencoders;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.weights.ModelCard;
import java.util.Map;
import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.CorruptionNoise;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Denoising autoencoder: trained to map a corrupted input x̃ ~ C(x̃|x) back to the clean x —
 * Vincent, Larochelle, Bengio &amp; Manzagol, "Extracting and Composing Robust Features with
 * Denoising Autoencoders", ICML 2008. The corruption is part of the graph (a
 * {@link CorruptionNoise} on the first layer, active only in training), so fitting on clean
 * data with the clean input as target is all it takes; at inference the input passes unchanged.
 */
public final class DenoisingAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "denoising-ae";

    /**
     * @param inputSize    values per example
     * @param hidden       encoder hidden sizes (decoder mirrors them)
     * @param codeSize     code size
     * @param noise        corruption, e.g. {@code gaussian:0.3}, {@code masking:0.5}, {@code saltpepper:0.2}
     * @param loss         reconstruction loss
     * @param penalty      weight penalty
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(int inputSize, List<Integer> hidden, int codeSize, String noise, ReconstructionLoss loss,
            WeightPenalty penalty, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("codeSize", codeSize);
            ConfigChecks.notNull("noise", noise);
            if (Noise.parse(noise) instanceof Noise.None) {
                throw new IllegalArgumentException("noise of a denoising autoencoder must corrupt the input, found '"
                        + noise + "'; expected gaussian:SIGMA, masking:P or saltpepper:P");
            }
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            ConfigChecks.learningRate(learningRate);
        }

        /** 784-500-64 with masking noise 0.3 and BCE. */
        public static Config defaults() {
            return new Config(784, List.of(500), 64, "masking:0.3", ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3,
                    42);
        }

        public Config withNoise(Noise n) {
            return new Config(inputSize, hidden, codeSize, n.toString(), loss, penalty, learningRate, seed);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, hidden, codeSize, noise, loss, penalty, learningRate, s);
        }

        MlpArchitecture architecture() {
            return new MlpArchitecture(inputSize, hidden, codeSize, Activation.RELU, Activation.RELU, loss, penalty,
                    CorruptionNoise.of(Noise.parse(noise), 0, 1), null, null, null, learningRate, seed, 0);
        }
    }

    private final Config denoisingConfig;

    private DenoisingAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
        this.denoisingConfig = c;
    }

    /** The family's metrics plus the denoising ones ({@link DenoisingEvaluation}). */
    @Override
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return DenoisingEvaluation.INSTANCE.evaluate(this, data);
    }

    /** The corruption the model was trained with, as written in its config (e.g. {@code gaussian:0.3}). */
    String noiseSpec() {
        return denoisingConfig.noise();
    }

    /** A new, untrained model. */
    public static DenoisingAutoencoder create(Config c) {
        return new DenoisingAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, DenoisingAutoencoder> entry() {
        return ZooEntry.<Config, DenoisingAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(DenoisingAutoencoder::create)
                .setRestorer((c, nets) -> new DenoisingAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Denoising autoencoder: corrupted input, clean target (masking 0.3 by default)")
                .optTags("mlp", "denoising", "regularized")
                .optReference("https://doi.org/10.1145/1390156.1390294")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(DenoisingEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .optVariant("mnist", "classpath:genzoo/models/denoising-ae/mnist/")
                .optComparison("mnist", "target: >= 9 dB above the noisy input (Gaussian sigma 0.3)")
                .optVariant("fashion-mnist", "classpath:genzoo/models/denoising-ae/fashion-mnist/")
                .optComparison("fashion-mnist", "target: >= 9 dB above the noisy input (Gaussian sigma 0.3)")
                .build();
    }
}
