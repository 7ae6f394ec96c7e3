package dev.genzoo.generative.gan;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * Wasserstein GAN — Arjovsky, Chintala &amp; Bottou, "Wasserstein GAN", ICML 2017
 * (https://arxiv.org/abs/1701.07875): a dense critic without batch norm and with a linear
 * output, n_critic critic steps per generator step, the Lipschitz constraint enforced by clipping
 * the critic's weights to [−c, c], RMSProp. The gradient-penalty variant is {@link WganGp}
 * ({@code wgan-gp}).
 */
public final class WassersteinGan extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "wgan";

    /**
     * @param dataSize           values per example
     * @param latentSize         width of z
     * @param generatorHidden    G's hidden layer sizes
     * @param criticHidden       the critic's hidden layer sizes
     * @param criticSteps        n_critic, critic steps per generator step
     * @param clipValue          c, critic weights clipped to [−c, c]
     * @param generatorLearningRate RMSProp learning rate of G
     * @param criticLearningRate RMSProp learning rate of the critic
     * @param seed               initialisation and training-noise seed
     * @param criticBurstSteps   critic steps before each of the first 25 generator steps and
     *                           every 500th (the authors' reference schedule; 100 there), 0 for a
     *                           constant n_critic
     */
    public record Config(int dataSize, int latentSize, List<Integer> generatorHidden, List<Integer> criticHidden,
            int criticSteps, double clipValue, double generatorLearningRate, double criticLearningRate, long seed,
            int criticBurstSteps) {
        public Config {
            ConfigChecks.positive("dataSize", dataSize);
            ConfigChecks.positive("latentSize", latentSize);
            generatorHidden = ConfigChecks.nonEmptySizes("generatorHidden", generatorHidden);
            criticHidden = ConfigChecks.nonEmptySizes("criticHidden", criticHidden);
            if (!(clipValue > 0) || Double.isInfinite(clipValue)) {
                throw new IllegalArgumentException("clipValue must be finite and > 0, found " + clipValue);
            }
            ConfigChecks.learningRate("generatorLearningRate", generatorLearningRate);
            ConfigChecks.learningRate("criticLearningRate", criticLearningRate);
            new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, clipValue, seed, criticBurstSteps);
        }

        /**
         * The paper's settings on flat MNIST: n_critic 5 (100 in bursts), c 0.01, RMSProp 5e-5.
         */
        public static Config defaults() {
            return new Config(784, 64, List.of(256, 512), List.of(512, 256), 5, 0.01, 5e-5, 5e-5, 42, 100);
        }

        /** The same with other sizes. */
        public Config withSizes(int data, int latent, List<Integer> gHidden, List<Integer> cHidden) {
            return new Config(data, latent, gHidden, cHidden, criticSteps, clipValue, generatorLearningRate,
                    criticLearningRate, seed, criticBurstSteps);
        }

        /** The same with other training settings. */
        public Config withTraining(int steps, double clip, double gLr, double cLr) {
            return new Config(dataSize, latentSize, generatorHidden, criticHidden, steps, clip, gLr, cLr, seed,
                    criticBurstSteps);
        }

        /** The same with another burst size (0: a constant n_critic). */
        public Config withCriticBursts(int burst) {
            return new Config(dataSize, latentSize, generatorHidden, criticHidden, criticSteps, clipValue,
                    generatorLearningRate, criticLearningRate, seed, burst);
        }

        GanTrainer.Settings trainingSettings() {
            return new GanTrainer.Settings(GanLoss.WASSERSTEIN, criticSteps, 1.0, clipValue, seed, criticBurstSteps);
        }

        Architecture architecture() {
            return new Architecture(
                    Networks.mlpGenerator(latentSize, 0, generatorHidden, dataSize, new RmsProp(generatorLearningRate),
                            seed),
                    Networks.mlpDiscriminator(dataSize, criticHidden, GanLoss.WASSERSTEIN,
                            new RmsProp(criticLearningRate), seed + 1));
        }
    }

    private WassersteinGan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.flat(c.dataSize()), c.latentSize(), 0, c.architecture(), c.trainingSettings(),
                restored);
    }

    /** A new, untrained model. */
    public static WassersteinGan create(Config c) {
        return new WassersteinGan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, WassersteinGan> entry() {
        return ZooEntry.<Config, WassersteinGan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(WassersteinGan::create)
                .setRestorer(WassersteinGan::new)
                .optDescription("Wasserstein GAN: dense linear-output critic, weight clipping, n_critic 5")
                .optTags("mlp", "gan", "wasserstein", "mnist")
                .optReference("https://arxiv.org/abs/1701.07875")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/wgan/mnist/")
                .optComparison("mnist", "~4,100 generator steps (the paper trains 10^5); without critic bursts: collapsed,"
                        + " FID 402; kept as the weight-clipping baseline that wgan-gp:mnist (FID 46.5) supersedes")
                .optVariant("fashion-mnist", "classpath:genzoo/models/wgan/fashion-mnist/")
                .optComparison("fashion-mnist", "~4,100 generator steps (the paper trains 10^5); gan-mlp:fashion-mnist: FID"
                        + " 372.4; kept as the weight-clipping baseline that wgan-gp:fashion-mnist (FID 273.8) supersedes")
                .build();
    }
}
