package dev.genzoo.generative.gan;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.Adam;

/**
 * WGAN-GP with convolutional networks (Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028, whose
 * MNIST experiment uses a DCGAN-shaped generator and a strided-convolution critic): DCGAN's
 * generator (z → 7·7·128 → deconv 64 → deconv 1, batch norm and ReLU, tanh output) and DCGAN's
 * discriminator without batch norm as the critic (conv 64 k4 s2 → conv 128 k4 s2, LeakyReLU 0.2,
 * one linear output), since batch statistics would couple the examples the penalty is defined
 * on. λ(‖∇ₓD(x̂)‖ − 1)² on random interpolates, n_critic 5, Adam 1e-4 with β = (0.5, 0.9). All
 * passes, the penalty's three included, run through the engine's stacks ({@link GradientPenalty}).
 * An R1 penalty on real images can be added ({@code r1Weight}, lazily every {@code r1Every} critic steps).
 */
public final class ConvWganGp extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "wgan-gp-conv";

    /**
     * @param latentSize    width of z
     * @param criticSteps   n_critic, critic steps per generator step
     * @param penaltyWeight λ of the gradient penalty, > 0
     * @param penaltyStep   h of the penalties' central differences, in input units
     * @param learningRate  Adam learning rate of both networks
     * @param beta1         Adam β₁ (the paper: 0.5 or 0)
     * @param beta2         Adam β₂ (the paper: 0.9)
     * @param r1Weight      γ of an R1 penalty γ/2 ‖∇ₓD(x)‖² on real images, 0 for none
     * @param r1Every       R1 on every k-th critic step, its gradient scaled by k (lazy regularisation)
     * @param seed          initialisation and training-noise seed
     */
    public record Config(int latentSize, int criticSteps, double penaltyWeight, double penaltyStep,
            double learningRate, double beta1, double beta2, double r1Weight, int r1Every, long seed) {
        public Config {
            r1Every = GanChecks.r1Every(r1Weight, r1Every);
            ConfigChecks.positive("latentSize", latentSize);
            if (!(penaltyWeight > 0) || Double.isInfinite(penaltyWeight)) {
                throw new IllegalArgumentException("penaltyWeight must be finite and > 0, found " + penaltyWeight);
            }
            ConfigChecks.learningRate("learningRate", learningRate);
            GanChecks.adamBetas(beta1, beta2);
            new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, 0, seed, 0, penaltyWeight, penaltyStep,
                    r1Weight, r1Every);
        }

        /** The paper's settings (λ 10, n_critic 5, Adam 1e-4, β (0.5, 0.9)) with DCGAN's z of 100, no R1. */
        public static Config defaults() {
            return new Config(100, 5, 10, GradientPenalty.DEFAULT_STEP, 1e-4, 0.5, 0.9, 0, 1, 42);
        }

        GanTrainer.Settings trainingSettings() {
            return new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, 0, seed, 0, penaltyWeight,
                    penaltyStep, r1Weight, r1Every);
        }

        Architecture architecture() {
            return new Architecture(Dcgan.generator(latentSize, new Adam(learningRate, beta1, beta2, 1e-8), seed),
                    Dcgan.discriminator(GanLoss.WASSERSTEIN, false, new Adam(learningRate, beta1, beta2, 1e-8),
                            seed + 1));
        }
    }

    private ConvWganGp(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.MNIST, c.latentSize(), 0, c.architecture(), c.trainingSettings(), restored);
    }

    /** A new, untrained model. */
    public static ConvWganGp create(Config c) {
        return new ConvWganGp(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, ConvWganGp> entry() {
        return ZooEntry.<Config, ConvWganGp>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(ConvWganGp::create)
                .setRestorer(ConvWganGp::new)
                .optDescription("WGAN-GP with DCGAN's generator and a batch-norm-free strided-convolution critic"
                        + " for 1x28x28 images in [-1, 1]; λ 10, n_critic 5, Adam 1e-4 (0.5, 0.9)")
                .optTags("conv", "gan", "wasserstein", "gradient-penalty", "mnist")
                .optReference("https://arxiv.org/abs/1704.00028")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage")
                .build();
    }
}
