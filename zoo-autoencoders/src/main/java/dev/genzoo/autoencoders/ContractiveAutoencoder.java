package dev.genzoo.autoencoders;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.ContractiveDenseLayer;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Contractive autoencoder: L = L_rec + λ‖∂h/∂x‖²_F makes the code insensitive to small input
 * changes — Rifai, Vincent, Muller, Glorot &amp; Bengio, "Contractive Auto-Encoders: Explicit
 * Invariance During Feature Extraction", ICML 2011. The encoder is one sigmoid (or tanh) layer,
 * for which the Frobenius norm has an exact closed form; the penalty and its gradient live in
 * {@link ContractiveDenseLayer}.
 */
public final class ContractiveAutoencoder extends GraphAutoencoder {
    /** Registry name. */
    public static final String NAME = "contractive-ae";

    /**
     * @param inputSize    values per example
     * @param codeSize     code size
     * @param lambda       weight of the contractive penalty, >= 0
     * @param activation   encoder activation: {@code sigmoid} or {@code tanh}
     * @param loss         reconstruction loss
     * @param penalty      weight penalty
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(int inputSize, int codeSize, double lambda, String activation, ReconstructionLoss loss,
            WeightPenalty penalty, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            ConfigChecks.positive("codeSize", codeSize);
            ConfigChecks.nonNegative("lambda", lambda);
            ConfigChecks.notNull("activation", activation);
            activation = activation.toLowerCase(Locale.ROOT);
            if (!activation.equals("sigmoid") && !activation.equals("tanh")) {
                throw new IllegalArgumentException("activation must be 'sigmoid' or 'tanh' (the closed-form Jacobian"
                        + " needs one of them), found '" + activation + "'");
            }
            ConfigChecks.notNull("loss", loss);
            ConfigChecks.notNull("penalty", penalty);
            ConfigChecks.learningRate(learningRate);
        }

        /** 784-(256 sigmoid)-784 with λ = 0.1 and BCE. */
        public static Config defaults() {
            return new Config(784, 256, 0.1, "sigmoid", ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42);
        }

        public Config withLambda(double l) {
            return new Config(inputSize, codeSize, l, activation, loss, penalty, learningRate, seed);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, codeSize, lambda, activation, loss, penalty, learningRate, s);
        }

        MlpArchitecture architecture() {
            Activation act = activation.equals("tanh") ? Activation.TANH : Activation.SIGMOID;
            return new MlpArchitecture(inputSize, List.of(), codeSize, act, act, loss, penalty, null, null,
                    (nIn, nOut, a, p) -> p.applyTo(new ContractiveDenseLayer.Builder().nIn(nIn).nOut(nOut)
                            .activation(a).lambda(lambda)).build(),
                    null, learningRate, seed, 0);
        }
    }

    private ContractiveAutoencoder(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.codeSize(), c.loss(),
                mlpParts(c.architecture(), restored));
    }

    /** A new, untrained model. */
    public static ContractiveAutoencoder create(Config c) {
        return new ContractiveAutoencoder(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, ContractiveAutoencoder> entry() {
        return ZooEntry.<Config, ContractiveAutoencoder>builder().setName(NAME).setFamily(Family.AUTOENCODER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(ContractiveAutoencoder::create)
                .setRestorer((c, nets) -> new ContractiveAutoencoder(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Contractive autoencoder: exact Jacobian penalty on a sigmoid encoder (lambda 0.1)")
                .optTags("mlp", "contractive", "regularized")
                .optReference("https://icml.cc/2011/papers/455_icmlpaper.pdf")
                .optTraining(AutoencoderTraining.INSTANCE).optEvaluation(ReconstructionEvaluation.INSTANCE)
                .optHeadlineMetrics("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db")
                .optVariant("mnist", "classpath:genzoo/models/contractive-ae/mnist/")
                .optComparison("mnist", "one sigmoid layer, code 256, Jacobian penalty 0.1 (Rifai et al. 2011)")
                .optVariant("fashion-mnist", "classpath:genzoo/models/contractive-ae/fashion-mnist/")
                .optComparison("fashion-mnist", "one sigmoid layer, code 256, Jacobian penalty 0.1 (Rifai et al. 2011)")
                .build();
    }
}
