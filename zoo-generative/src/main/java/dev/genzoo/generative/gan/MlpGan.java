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
 * The GAN of Goodfellow et al., "Generative Adversarial Nets", NIPS 2014
 * (https://arxiv.org/abs/1406.2661), with dense networks: G maps z ~ N(0, I) through ReLU
 * layers to a tanh output in [-1, 1] (train on data scaled to [-1, 1]); D uses LeakyReLU(0.2)
 * layers and a sigmoid output.
 */
public final class MlpGan extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "gan-mlp";

    /**
     * @param dataSize                  values per example (784 for flat MNIST)
     * @param latentSize                width of z
     * @param generatorHidden           G's hidden layer sizes
     * @param discriminatorHidden       D's hidden layer sizes
     * @param loss                      MINIMAX, NON_SATURATING, LEAST_SQUARES or HINGE
     * @param discriminatorSteps        k, D steps per G step
     * @param realLabel                 D's target for real examples, in (0.5, 1] (one-sided smoothing below 1)
     * @param generatorLearningRate     Adam learning rate of G (beta1 0.5)
     * @param discriminatorLearningRate Adam learning rate of D (beta1 0.5)
     * @param seed                      initialisation and training-noise seed
     * @param r1Weight                  γ of an R1 penalty γ/2 ‖∇ₓ logit D(x)‖² on real examples (Mescheder
     *                                  et al. 2018), 0 for none
     * @param r1Every                   R1 on every k-th D step, its gradient scaled by k (lazy
     *                                  regularisation, Karras et al. 2020); 1: every step
     */
    public record Config(int dataSize, int latentSize, List<Integer> generatorHidden,
            List<Integer> discriminatorHidden, GanLoss loss, int discriminatorSteps, double realLabel,
            double generatorLearningRate, double discriminatorLearningRate, long seed, double r1Weight,
            int r1Every) {
        public Config {
            r1Every = GanChecks.r1Every(r1Weight, r1Every);
            ConfigChecks.positive("dataSize", dataSize);
            ConfigChecks.positive("latentSize", latentSize);
            generatorHidden = ConfigChecks.nonEmptySizes("generatorHidden", generatorHidden);
            discriminatorHidden = ConfigChecks.nonEmptySizes("discriminatorHidden", discriminatorHidden);
            GanChecks.adversarialLoss(loss);
            ConfigChecks.learningRate("generatorLearningRate", generatorLearningRate);
            ConfigChecks.learningRate("discriminatorLearningRate", discriminatorLearningRate);
            settings(loss, discriminatorSteps, realLabel, seed, r1Weight, r1Every);
        }

        /** Without R1. */
        public Config(int dataSize, int latentSize, List<Integer> generatorHidden, List<Integer> discriminatorHidden,
                GanLoss loss, int discriminatorSteps, double realLabel, double generatorLearningRate,
                double discriminatorLearningRate, long seed) {
            this(dataSize, latentSize, generatorHidden, discriminatorHidden, loss, discriminatorSteps, realLabel,
                    generatorLearningRate, discriminatorLearningRate, seed, 0, 1);
        }

        /** MNIST: z 64, G 256-512, D 512-256, non-saturating, label 0.9, Adam 2e-4. */
        public static Config defaults() {
            return new Config(784, 64, List.of(256, 512), List.of(512, 256), GanLoss.NON_SATURATING, 1, 0.9, 2e-4,
                    2e-4, 42);
        }

        /** The same with another data size (e.g. 2 for a toy distribution). */
        public Config withSizes(int data, int latent, List<Integer> gHidden, List<Integer> dHidden) {
            return new Config(data, latent, gHidden, dHidden, loss, discriminatorSteps, realLabel,
                    generatorLearningRate, discriminatorLearningRate, seed, r1Weight, r1Every);
        }

        /** The same with other training settings. */
        public Config withTraining(GanLoss l, int k, double real, double gLr, double dLr) {
            return new Config(dataSize, latentSize, generatorHidden, discriminatorHidden, l, k, real, gLr, dLr, seed,
                    r1Weight, r1Every);
        }

        /** The same with another seed. */
        public Config withSeed(long s) {
            return new Config(dataSize, latentSize, generatorHidden, discriminatorHidden, loss, discriminatorSteps,
                    realLabel, generatorLearningRate, discriminatorLearningRate, s, r1Weight, r1Every);
        }

        /** The same with an R1 penalty of weight {@code gamma} on every {@code every}-th D step. */
        public Config withR1(double gamma, int every) {
            return new Config(dataSize, latentSize, generatorHidden, discriminatorHidden, loss, discriminatorSteps,
                    realLabel, generatorLearningRate, discriminatorLearningRate, seed, gamma, every);
        }

        GanTrainer.Settings trainingSettings() {
            return settings(loss, discriminatorSteps, realLabel, seed, r1Weight, r1Every);
        }

        private static GanTrainer.Settings settings(GanLoss loss, int k, double realLabel, long seed, double r1Weight,
                int r1Every) {
            return new GanTrainer.Settings(loss, k, realLabel, 0, seed).withR1(r1Weight, r1Every);
        }

        Architecture architecture() {
            return new Architecture(
                    Networks.mlpGenerator(latentSize, 0, generatorHidden, dataSize,
                            new Adam(generatorLearningRate, 0.5, 0.999, 1e-8), seed),
                    Networks.mlpDiscriminator(dataSize, discriminatorHidden, loss,
                            new Adam(discriminatorLearningRate, 0.5, 0.999, 1e-8), seed + 1));
        }
    }

    private MlpGan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.flat(c.dataSize()), c.latentSize(), 0, c.architecture(), c.trainingSettings(),
                restored);
    }

    /** A new, untrained model. */
    public static MlpGan create(Config c) {
        return new MlpGan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, MlpGan> entry() {
        return ZooEntry.<Config, MlpGan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(MlpGan::create)
                .setRestorer(MlpGan::new)
                .optDescription("GAN with dense generator and discriminator on flat 784 inputs in [-1, 1]")
                .optTags("mlp", "gan", "mnist")
                .optReference("https://arxiv.org/abs/1406.2661")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/gan-mlp/mnist/")
                .optComparison("mnist", "FID real test vs train: 0.72 with an earlier classifier")
                .optVariant("fashion-mnist", "classpath:genzoo/models/gan-mlp/fashion-mnist/")
                .optComparison("fashion-mnist", "dcgan:fashion-mnist (20 epochs): FID 89.4")
                .build();
    }
}
