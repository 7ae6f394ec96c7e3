package dev.genzoo.generative.gan;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DCGAN — Radford, Metz &amp; Chintala, "Unsupervised Representation Learning with Deep
 * Convolutional Generative Adversarial Networks", ICLR 2016 (https://arxiv.org/abs/1511.06434) —
 * exactly the {@code dcgan} workload of BENCHMARKS.md: G z(100) → dense 7·7·128 + BN + ReLU →
 * (128, 7, 7) → deconv 64 k4 s2 p1 + BN + ReLU → deconv 1 k4 s2 p1 + tanh (28×28); D conv 64 k4
 * s2 p1 + LeakyReLU 0.2 → conv 128 k4 s2 p1 + BN + LeakyReLU 0.2 → dense 1 (sigmoid with binary
 * cross-entropy, i.e. BCE on the logit). The paper's guidelines: strided convolutions instead of
 * pooling, fractional-strided convolutions in G, batch norm in both, no hidden dense layers
 * beyond the projection, weights drawn from N(0, 0.02). 790,977 parameters in G, 139,073 in D.
 */
public final class Dcgan extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "dcgan";
    private static final int BASE = 7;
    private static final int G_CHANNELS = 128;
    private static final int G_CHANNELS_2 = 64;
    private static final int D_CHANNELS = 64;
    private static final int D_CHANNELS_2 = 128;

    /**
     * @param latentSize                width of z (100 in the benchmark)
     * @param loss                      MINIMAX, NON_SATURATING, LEAST_SQUARES or HINGE (the benchmark: NON_SATURATING)
     * @param realLabel                 D's target for real images, in (0.5, 1]
     * @param generatorLearningRate     Adam learning rate of G (2e-4)
     * @param discriminatorLearningRate Adam learning rate of D (2e-4)
     * @param beta1                     Adam beta1 of both (0.5)
     * @param seed                      initialisation and training-noise seed
     */
    public record Config(int latentSize, GanLoss loss, double realLabel, double generatorLearningRate,
            double discriminatorLearningRate, double beta1, long seed) {
        public Config {
            ConfigChecks.positive("latentSize", latentSize);
            GanChecks.adversarialLoss(loss);
            ConfigChecks.learningRate("generatorLearningRate", generatorLearningRate);
            ConfigChecks.learningRate("discriminatorLearningRate", discriminatorLearningRate);
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
            }
            new GanTrainer.Settings(loss, 1, realLabel, 0, seed);
        }

        /** The benchmark: z 100, non-saturating, no smoothing, Adam 2e-4 beta1 0.5. */
        public static Config defaults() {
            return new Config(100, GanLoss.NON_SATURATING, 1.0, 2e-4, 2e-4, 0.5, 42);
        }

        GanTrainer.Settings trainingSettings() {
            return new GanTrainer.Settings(loss, 1, realLabel, 0, seed);
        }

        ComputationGraphConfiguration generator() {
            return Dcgan.generator(latentSize, new Adam(generatorLearningRate, beta1, 0.999, 1e-8), seed);
        }

        MultiLayerConfiguration discriminator() {
            return Dcgan.discriminator(loss, true, new Adam(discriminatorLearningRate, beta1, 0.999, 1e-8), seed + 1);
        }
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(new NormalDistribution(0, 0.02)).convolutionMode(ConvolutionMode.Truncate);
    }

    /** DCGAN's generator: z → dense 7·7·128 + BN + ReLU → deconv 64 + BN + ReLU → deconv 1 + tanh (28×28). */
    static ComputationGraphConfiguration generator(int latentSize, IUpdater updater, long seed) {
        return base(updater, seed)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs(Networks.Z).setInputTypes(InputType.feedForward(latentSize))
                .addLayer("project", new DenseLayer.Builder().nOut(BASE * BASE * G_CHANNELS)
                        .activation(new ActivationIdentity()).build(), Networks.Z)
                .addLayer("projectBn", new BatchNormalization.Builder().build(), "project")
                .addLayer("projectRelu", new ActivationLayer(new ActivationReLU()), "projectBn")
                .addLayer("deconv1", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                        .nOut(G_CHANNELS_2).activation(new ActivationIdentity()).build(), "projectRelu")
                .inputPreProcessor("deconv1", new FeedForwardToCnnPreProcessor(BASE, BASE, G_CHANNELS))
                .addLayer("deconv1Bn", new BatchNormalization.Builder().build(), "deconv1")
                .addLayer("deconv1Relu", new ActivationLayer(new ActivationReLU()), "deconv1Bn")
                .addLayer("x", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(1)
                        .activation(new ActivationTanH()).build(), "deconv1Relu")
                .setOutputs("x").build();
    }

    /**
     * DCGAN's discriminator: conv 64 k4 s2 + LeakyReLU 0.2 → conv 128 k4 s2 (+ BN when {@code batchNorm})
     * + LeakyReLU 0.2 → one output unit for {@code loss}. Without batch norm it is a critic a
     * gradient penalty can be put on ({@code wgan-gp-conv}).
     */
    static MultiLayerConfiguration discriminator(GanLoss loss, boolean batchNorm, IUpdater updater, long seed) {
        var list = base(updater, seed).list()
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(D_CHANNELS)
                        .activation(new ActivationLReLU(0.2)).build())
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(D_CHANNELS_2)
                        .activation(new ActivationIdentity()).build());
        if (batchNorm) {
            list.layer(new BatchNormalization.Builder().build());
        }
        return list.layer(new ActivationLayer(new ActivationLReLU(0.2)))
                .layer(Networks.output(BASE * BASE * D_CHANNELS_2, loss))
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    private Dcgan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.MNIST, c.latentSize(), 0, new Architecture(c.generator(), c.discriminator()),
                c.trainingSettings(), restored);
    }

    /** A new, untrained model. */
    public static Dcgan create(Config c) {
        return new Dcgan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, Dcgan> entry() {
        return ZooEntry.<Config, Dcgan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(Dcgan::create)
                .setRestorer(Dcgan::new)
                .optDescription("DCGAN for 1x28x28 images in [-1, 1] (the BENCHMARKS.md dcgan workload)")
                .optTags("conv", "gan", "mnist")
                .optReference("https://arxiv.org/abs/1511.06434")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage", "conditional_accuracy")
                .optVariant("fashion-mnist", "classpath:genzoo/models/dcgan/fashion-mnist/")
                .optComparison("fashion-mnist", "20 epochs: FID 89.4 against stylegan:fashion-mnist 183.2, wgan-gp 273.8, gan-mlp 372.4;"
                        + " precision 0.636, recall 0.792; with --truncation 0.8 precision 0.678, recall 0.776, FID 111.5")
                .optVariant("mnist", "classpath:genzoo/models/dcgan/mnist/")
                .optComparison("mnist", "25 epochs (the PyTorch DCGAN example's default); FID below wgan-gp:mnist"
                        + " (46.5) and gan-mlp:mnist (68.2), near stylegan:mnist (31.4); precision under 0.6"
                        + " (0.616, recall 0.704, FID 39.0 with --truncation 0.7)")
                .build();
    }
}
