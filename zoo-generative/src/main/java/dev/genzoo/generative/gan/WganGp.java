package dev.genzoo.generative.gan;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.Adam;

/**
 * WGAN-GP — Gulrajani, Ahmed, Arjovsky, Dumoulin &amp; Courville, "Improved Training of Wasserstein
 * GANs", NeurIPS 2017 (https://arxiv.org/abs/1704.00028): the Wasserstein critic with its Lipschitz
 * constraint enforced by a gradient penalty λ(‖∇ₓD(x̂)‖ − 1)² on random interpolates x̂ between real
 * and generated examples instead of weight clipping; n_critic 5, Adam 1e-4 with β = (0.5, 0.9), no
 * batch norm in the critic. The penalty's parameter gradient comes from two first-order passes
 * ({@link GradientPenalty}). Dense generator and critic (the paper's toy and MNIST settings).
 */
public final class WganGp extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "wgan-gp";

    /**
     * @param dataSize        values per example
     * @param latentSize      width of z
     * @param generatorHidden G's hidden layer sizes
     * @param criticHidden    the critic's hidden layer sizes
     * @param criticSteps     n_critic, critic steps per generator step
     * @param penaltyWeight   λ of the gradient penalty, > 0
     * @param penaltyStep     h of its central differences, in input units
     * @param learningRate    Adam learning rate of both networks
     * @param beta1           Adam β₁ (the paper: 0.5 or 0)
     * @param beta2           Adam β₂ (the paper: 0.9)
     * @param seed            initialisation and training-noise seed
     * @param r1Weight        γ of an R1 penalty γ/2 ‖∇ₓD(x)‖² on real examples beside the gradient penalty, 0 for none
     * @param r1Every         R1 on every k-th critic step, its gradient scaled by k (lazy regularisation)
     */
    public record Config(int dataSize, int latentSize, List<Integer> generatorHidden, List<Integer> criticHidden,
            int criticSteps, double penaltyWeight, double penaltyStep, double learningRate, double beta1, double beta2,
            long seed, double r1Weight, int r1Every) {
        public Config {
            r1Every = GanChecks.r1Every(r1Weight, r1Every);
            ConfigChecks.positive("dataSize", dataSize);
            ConfigChecks.positive("latentSize", latentSize);
            generatorHidden = ConfigChecks.nonEmptySizes("generatorHidden", generatorHidden);
            criticHidden = ConfigChecks.nonEmptySizes("criticHidden", criticHidden);
            if (!(penaltyWeight > 0) || Double.isInfinite(penaltyWeight)) {
                throw new IllegalArgumentException("penaltyWeight must be finite and > 0, found " + penaltyWeight);
            }
            ConfigChecks.learningRate("learningRate", learningRate);
            GanChecks.adamBetas(beta1, beta2);
            new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, 0, seed, 0, penaltyWeight, penaltyStep,
                    r1Weight, r1Every);
        }

        /** Without R1. */
        public Config(int dataSize, int latentSize, List<Integer> generatorHidden, List<Integer> criticHidden,
                int criticSteps, double penaltyWeight, double penaltyStep, double learningRate, double beta1,
                double beta2, long seed) {
            this(dataSize, latentSize, generatorHidden, criticHidden, criticSteps, penaltyWeight, penaltyStep,
                    learningRate, beta1, beta2, seed, 0, 1);
        }

        /** The paper's settings (λ 10, n_critic 5, Adam 1e-4, β (0.5, 0.9)) on flat MNIST, the sizes of {@code wgan}. */
        public static Config defaults() {
            return new Config(784, 64, List.of(256, 512), List.of(512, 256), 5, 10, GradientPenalty.DEFAULT_STEP, 1e-4,
                    0.5, 0.9, 42);
        }

        /** The same with other sizes. */
        public Config withSizes(int data, int latent, List<Integer> gHidden, List<Integer> cHidden) {
            return new Config(data, latent, gHidden, cHidden, criticSteps, penaltyWeight, penaltyStep, learningRate,
                    beta1, beta2, seed, r1Weight, r1Every);
        }

        /** The same with other training settings. */
        public Config withTraining(int steps, double lambda, double lr) {
            return new Config(dataSize, latentSize, generatorHidden, criticHidden, steps, lambda, penaltyStep, lr, beta1,
                    beta2, seed, r1Weight, r1Every);
        }

        GanTrainer.Settings trainingSettings() {
            return new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, 0, seed, 0, penaltyWeight,
                    penaltyStep, r1Weight, r1Every);
        }

        Architecture architecture() {
            return new Architecture(
                    Networks.mlpGenerator(latentSize, 0, generatorHidden, dataSize, new Adam(learningRate, beta1, beta2,
                            1e-8), seed),
                    Networks.mlpDiscriminator(dataSize, criticHidden, GanLoss.WASSERSTEIN, new Adam(learningRate, beta1,
                            beta2, 1e-8), seed + 1));
        }
    }

    private WganGp(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.flat(c.dataSize()), c.latentSize(), 0, c.architecture(), c.trainingSettings(),
                restored);
    }

    /** A new, untrained model. */
    public static WganGp create(Config c) {
        return new WganGp(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, WganGp> entry() {
        return ZooEntry.<Config, WganGp>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(WganGp::create)
                .setRestorer(WganGp::new)
                .optDescription("WGAN-GP: dense linear-output critic, gradient penalty λ 10 on interpolates, n_critic 5,"
                        + " Adam 1e-4 (0.5, 0.9)")
                .optTags("mlp", "gan", "wasserstein", "gradient-penalty", "mnist")
                .optReference("https://arxiv.org/abs/1704.00028")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage")
                .optVariant("fashion-mnist", "classpath:genzoo/models/wgan-gp/fashion-mnist/")
                .optComparison("fashion-mnist", "75 epochs, 7,020 generator steps (33 min here); gan-mlp:fashion-mnist FID 372.4, wgan (clipped) 536.8")
                .optVariant("mnist", "classpath:genzoo/models/wgan-gp/mnist/")
                .optComparison("mnist", "120 epochs, 11,232 generator steps in three resumed legs (60 min here); gan-mlp:mnist FID 68.2, wgan (clipped) 164.9; 25 epochs: 121.7, 75: 71.8")
                .build();
    }
}
