package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.Translator;
import dev.genzoo.core.model.ValueRange;
import dev.genzoo.core.nn.ConstantThenLinearDecay;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.engine.GraphInference;
import dev.genzoo.engine.layers.InstanceNormalization;
import dev.genzoo.engine.layers.ReflectionPadding2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * CycleGAN — Zhu, Park, Isola &amp; Efros, "Unpaired Image-to-Image Translation using
 * Cycle-Consistent Adversarial Networks", ICCV 2017 (https://arxiv.org/abs/1703.10593) — for 28x28
 * grayscale images in [-1, 1]: two generators G: A→B and F: B→A, two PatchGAN discriminators D_A
 * and D_B, trained on unpaired images of two {@link DomainPair domains} with a least-squares
 * adversarial loss per direction, the cycle-consistency loss λ(‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁) and
 * the identity loss 0.5λ(‖G(b) − b‖₁ + ‖F(a) − a‖₁); discriminators see a pool of 50 past fakes.
 *
 * <p>Generator, after the reference ResNet generator: reflection pad 3, 7x7 convolution to
 * {@code f} channels, instance norm, ReLU; two 3x3 stride-2 convolutions (2f, 4f channels; 28 → 14
 * → 7) with instance norm and ReLU; {@code residualBlocks} blocks of (reflection pad 1, 3x3
 * convolution, instance norm, ReLU, reflection pad 1, 3x3 convolution, instance norm) plus the
 * block's input; two transposed convolutions back up (2f, f channels; 7 → 14 → 28) with instance
 * norm and ReLU; reflection pad 3, 7x7 convolution to one channel, tanh. Discriminator, after the
 * reference PatchGAN: 4x4 stride-2 convolutions ({@code discriminatorFilters}; LeakyReLU 0.2;
 * instance norm from the second on), then a 3x3 convolution to one score per patch (7x7 patches
 * of about 18x18 pixels for two layers), no sigmoid. All weights from N(0, 0.02); Adam 2e-4, β1
 * 0.5, the rate constant then decayed linearly to zero.
 *
 * <p>Scaled down from the reference (256x256 RGB photos): {@link #SCALED_DOWN}.
 */
public final class CycleGan extends AbstractZooModel implements Translator {
    /** Registry name. */
    public static final String NAME = "cyclegan";
    /** Role of G: A→B. */
    public static final String G_AB = "generatorAB";
    /** Role of F: B→A. */
    public static final String G_BA = "generatorBA";
    /** Role of D_A (real A vs F(b)). */
    public static final String D_A = "discriminatorA";
    /** Role of D_B (real B vs G(a)). */
    public static final String D_B = "discriminatorB";
    /** Graph input and output names. */
    static final String IN = "x";
    static final String OUT = "y";

    /** What this model changes from the reference implementation, and why (written on the entry and its cards). */
    public static final String SCALED_DOWN = "scaled down from the reference for 28x28 grayscale on a CPU: 16 base"
            + " filters instead of 64, 3 residual blocks instead of 9, transposed convolutions 4x4 stride 2 padding 1"
            + " instead of 3x3 with output padding 1, a 2-layer PatchGAN (32, 64 filters; 7x7 patches of 18x18"
            + " pixels) instead of 3 layers with 64-512 filters (70x70 patches), instance norm with a learned"
            + " scale and shift, minibatches instead of one image, schedule in iterations instead of epochs";

    private final Config config;
    private final DomainPair pair;
    private final ComputationGraph gAB;
    private final ComputationGraph gBA;
    private final ComputationGraph dA;
    private final ComputationGraph dB;
    private CycleGanTrainer trainer;
    /**
     * Images per inference pass: `genzoo evaluate cyclegan:fashion-sneaker-boot --bundled` peaked at
     * 1.72 GB resident with 250, 1.18 GB with 64, in 11.3 and 9.9 s, with the same 14 figures. At 64
     * a generator's engine held 316 MB of buffers, half of it the patch matrix of the last 7x7
     * convolution (784 x 50,176 floats); at 16 a quarter of that (docs/benchmarks.md, Run I).
     */
    private static final int CHUNK = 16;
    private final GraphInference inferAB;
    private final GraphInference inferBA;

    /**
     * @param domains              the domain pair, e.g. {@code inverted} or {@code sneaker-boot} ({@link DomainPair})
     * @param generatorFilters     channels after the first 7x7 convolution (the reference: 64)
     * @param residualBlocks       residual blocks at the 7x7 bottleneck (the reference: 9 for 256x256)
     * @param discriminatorFilters channels of the PatchGAN's stride-2 convolutions (the reference: 64, 128, 256, then 512 at stride 1)
     * @param cycleWeight          λ of the cycle-consistency loss (10)
     * @param identityWeight       weight of the identity loss as a fraction of λ (0.5); 0 turns it off
     * @param poolSize             past fakes each discriminator samples from (50); 0 shows it the newest only
     * @param learningRate         Adam's rate during the constant phase (2e-4)
     * @param beta1                Adam β1 (0.5)
     * @param constantSteps        iterations at the full rate
     * @param decaySteps           iterations of the linear decay to zero that follow
     * @param seed                 initialisation seed
     */
    public record Config(String domains, int generatorFilters, int residualBlocks, List<Integer> discriminatorFilters,
            double cycleWeight, double identityWeight, int poolSize, double learningRate, double beta1,
            int constantSteps, int decaySteps, long seed) {
        public Config {
            ConfigChecks.notNull("domains", domains);
            DomainPair.of(domains);
            ConfigChecks.positive("generatorFilters", generatorFilters);
            ConfigChecks.nonNegative("residualBlocks", residualBlocks);
            discriminatorFilters = ConfigChecks.nonEmptySizes("discriminatorFilters", discriminatorFilters);
            if (discriminatorFilters.size() > 2) {
                throw new IllegalArgumentException("discriminatorFilters: a 28x28 image allows at most 2 stride-2"
                        + " layers (28 -> 14 -> 7), found " + discriminatorFilters.size() + ": " + discriminatorFilters);
            }
            ConfigChecks.nonNegative("cycleWeight", cycleWeight);
            ConfigChecks.nonNegative("identityWeight", identityWeight);
            ConfigChecks.nonNegative("poolSize", poolSize);
            if (poolSize > 10_000) {
                throw new IllegalArgumentException("poolSize must be at most 10000 (it is held in memory and in every"
                        + " checkpoint), found " + poolSize);
            }
            ConfigChecks.learningRate("learningRate", learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
            }
            ConfigChecks.nonNegative("constantSteps", constantSteps);
            ConfigChecks.positive("decaySteps", decaySteps);
        }

        /**
         * The defaults for {@code domains}: the reference's losses and optimiser at this model's scale.
         * The identity loss (0.5λ in the reference, meant to keep colours when nothing needs to change)
         * is off for the transform pairs: there G(b) = b is wrong (the negative of a negative is the
         * digit, an edge map's edge map is not itself), so it would pull against the mapping.
         */
        public static Config defaults(String domains) {
            double identity = DomainPair.of(domains).hasGroundTruth() ? 0.0 : 0.5;
            return new Config(domains, 16, 3, List.of(32, 64), 10.0, identity, 50, 2e-4, 0.5, 2000, 2000, 42);
        }

        /** {@link #defaults(String)} for {@code inverted}. */
        public static Config defaults() {
            return defaults(DomainPair.INVERTED.id());
        }

        /** The domain pair named by {@link #domains()}. */
        public DomainPair pair() {
            return DomainPair.of(domains);
        }

        private NeuralNetConfiguration.Builder base(long s) {
            return new NeuralNetConfiguration.Builder().seed(s)
                    .updater(Adam.builder().learningRate(learningRate)
                            .learningRateSchedule(new ConstantThenLinearDecay(learningRate, constantSteps, decaySteps))
                            .beta1(beta1).beta2(0.999).epsilon(1e-8).build())
                    .weightInit(new NormalDistribution(0, 0.02)).convolutionMode(ConvolutionMode.Truncate)
                    .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE);
        }

        /** A generator (G or F) of this configuration, input {@code x}, output {@code y}; {@code s} its seed. */
        public ComputationGraphConfiguration generator(long s) {
            int f = generatorFilters;
            var b = base(s).graphBuilder().addInputs(IN).setInputTypes(InputType.convolutional(28, 28, 1));
            String prev = IN;
            b.addLayer("pad0", ReflectionPadding2D.of(3), prev);
            prev = normRelu(b, "c0", conv(7, 1, 0, f), "pad0");
            prev = normRelu(b, "down1", conv(3, 2, 1, 2 * f), prev);
            prev = normRelu(b, "down2", conv(3, 2, 1, 4 * f), prev);
            for (int r = 1; r <= residualBlocks; r++) {
                String p = "res" + r;
                b.addLayer(p + "padA", ReflectionPadding2D.of(1), prev);
                String h = normRelu(b, p + "a", conv(3, 1, 0, 4 * f), p + "padA");
                b.addLayer(p + "padB", ReflectionPadding2D.of(1), h);
                b.addLayer(p + "b", conv(3, 1, 0, 4 * f), p + "padB");
                b.addLayer(p + "bNorm", new InstanceNormalization.Builder().build(), p + "b");
                b.addVertex(p, new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, p + "bNorm");
                prev = p;
            }
            prev = normRelu(b, "up1", deconv(2 * f), prev);
            prev = normRelu(b, "up2", deconv(f), prev);
            b.addLayer("padOut", ReflectionPadding2D.of(3), prev);
            b.addLayer(OUT, new ConvolutionLayer.Builder(7, 7).stride(1, 1).nOut(1).activation(new ActivationTanH())
                    .build(), "padOut");
            return b.setOutputs(OUT).build();
        }

        /** A PatchGAN discriminator of this configuration, input {@code x}, output {@code y}; {@code s} its seed. */
        public ComputationGraphConfiguration discriminator(long s) {
            var b = base(s).graphBuilder().addInputs(IN).setInputTypes(InputType.convolutional(28, 28, 1));
            String prev = IN;
            for (int i = 0; i < discriminatorFilters.size(); i++) {
                String name = "d" + (i + 1);
                if (i == 0) {
                    b.addLayer(name, conv(4, 2, 1, discriminatorFilters.get(i), new ActivationLReLU(0.2)), prev);
                    prev = name;
                } else {
                    b.addLayer(name, conv(4, 2, 1, discriminatorFilters.get(i)), prev);
                    b.addLayer(name + "Norm", new InstanceNormalization.Builder().build(), name);
                    b.addLayer(name + "Act", new ActivationLayer(new ActivationLReLU(0.2)), name + "Norm");
                    prev = name + "Act";
                }
            }
            b.addLayer(OUT, conv(3, 1, 1, 1), prev);
            return b.setOutputs(OUT).build();
        }

        private static String normRelu(ComputationGraphConfiguration.GraphBuilder b, String name,
                org.deeplearning4j.nn.conf.layers.Layer layer, String input) {
            b.addLayer(name, layer, input);
            b.addLayer(name + "Norm", new InstanceNormalization.Builder().build(), name);
            b.addLayer(name + "Relu", new ActivationLayer(new ActivationReLU()), name + "Norm");
            return name + "Relu";
        }

        private static ConvolutionLayer conv(int k, int stride, int pad, int out) {
            return conv(k, stride, pad, out, new ActivationIdentity());
        }

        private static ConvolutionLayer conv(int k, int stride, int pad, int out, IActivation act) {
            return new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nOut(out)
                    .activation(act).build();
        }

        private static Deconvolution2D deconv(int out) {
            return new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(out)
                    .activation(new ActivationIdentity()).build();
        }
    }

    private CycleGan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.MNIST);
        this.config = c;
        this.pair = c.pair();
        this.gAB = graph(c.generator(c.seed()), restored, G_AB);
        this.gBA = graph(c.generator(c.seed() + 1), restored, G_BA);
        this.inferAB = new GraphInference(gAB);
        this.inferBA = new GraphInference(gBA);
        this.dA = graph(c.discriminator(c.seed() + 2), restored, D_A);
        this.dB = graph(c.discriminator(c.seed() + 3), restored, D_B);
    }

    private ComputationGraph graph(ComputationGraphConfiguration conf, Map<String, Model> restored, String role) {
        return dev.genzoo.core.model.Networks.graph(NAME, config(), conf, restored, role);
    }

    /** A new, untrained model. */
    public static CycleGan create(Config c) {
        return new CycleGan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, CycleGan> entry() {
        var b = ZooEntry.<Config, CycleGan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(CycleGan::create)
                .setRestorer(CycleGan::new)
                .optDescription("CycleGAN: unpaired translation between two domains of 1x28x28 images in [-1, 1]"
                        + " (ResNet generators, PatchGAN discriminators, least-squares loss, cycle and identity"
                        + " losses, pools of past fakes); " + SCALED_DOWN)
                .optTags("conv", "gan", "translation", "unpaired", "mnist", "fashion-mnist")
                .optReference("https://arxiv.org/abs/1703.10593")
                .optTraining(CycleGanTraining.INSTANCE).optEvaluation(CycleGanEvaluation.INSTANCE)
                .optHeadlineMetrics("a2b_psnr", "b2a_psnr", "a2b_content_accuracy", "b2a_content_accuracy",
                        "a2b_target_share", "b2a_target_share", "a2b_fid", "b2a_fid", "cycle_psnr_a", "cycle_psnr_b");
        String[][] variants = {
            {"mnist-inverted", "2,400 iterations of 16 pairs (22 min here); identity map 0.34 dB; the paper trains"
                + " 200 epochs on photos"},
            {"fashion-sneaker-boot", "2,250 iterations of 16 pairs; no ground truth: judged by the Fashion"
                + " classifier and FID against real boots and sneakers"}};
        for (String[] v : variants) {
            b.optBundledVariant(CycleGan.class, v[0], v[1]);
        }
        return b.build();
    }

    /** The domain pair this model translates between. */
    public DomainPair domains() {
        return pair;
    }

    @Override
    public String domainA() {
        return pair.nameA();
    }

    @Override
    public String domainB() {
        return pair.nameB();
    }

    @Override
    public String dataset() {
        return pair.dataset().id();
    }

    @Override
    public INDArray sourceImages(ImageDataset data, Direction direction, int n) {
        return TranslationGrid.examples(pair, data, direction, n);
    }

    @Override
    public Family family() {
        return Family.GAN;
    }

    @Override
    public ValueRange valueRange() {
        return ValueRange.SYMMETRIC;
    }

    @Override
    public INDArray translate(INDArray x, Direction direction) {
        checkInput(x);
        if (direction == null) {
            throw new IllegalArgumentException(name() + ": direction must be a2b or b2a, found null");
        }
        return forward(generator(direction), x);
    }

    /**
     * The generator's output through the engine's inference pass (about ten times faster than DL4J's
     * convolution layers; {@code CycleGanTest} checks it against DL4J's inference), in equal passes of
     * at most {@value #CHUNK} images, the last zero-padded ({@code RowPasses}: instance norm treats
     * every image on its own). Through DL4J where the engine declines a network.
     */
    private synchronized INDArray forward(ComputationGraph g, INDArray x) {
        return (g == gAB ? inferAB : inferBA).outputInPasses(CHUNK, x)[0];
    }

    /** The generator's output through DL4J's own inference ({@code outputSingle}), for comparison. */
    INDArray translateThroughDl4j(INDArray x, Direction direction) {
        checkInput(x);
        return generator(direction).outputSingle(false, x);
    }

    /** The generator of {@code direction}: G for a2b, F for b2a. */
    public ComputationGraph generator(Direction direction) {
        return direction == Direction.A2B ? gAB : gBA;
    }

    /** The discriminator of the target domain of {@code direction}: D_B for a2b, D_A for b2a. */
    public ComputationGraph discriminator(Direction direction) {
        return direction == Direction.A2B ? dB : dA;
    }

    /** The discriminator's per-patch scores for {@code x} in the target domain of {@code direction}, {@code [n, 1, p, p]}. */
    public INDArray discriminate(INDArray x, Direction direction) {
        checkInput(x);
        return discriminator(direction).outputSingle(false, x);
    }

    /** Drops the training loop and its engine buffers; the next {@code fit} creates a new one. */
    @Override
    public synchronized void releaseTraining() {
        trainer = null;
    }

    /** The model's training loop, created on first use. */
    synchronized CycleGanTrainer trainer() {
        if (trainer == null) {
            trainer = new CycleGanTrainer(this);
        }
        return trainer;
    }

    @Override
    public Map<String, Model> networks() {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put(G_AB, gAB);
        m.put(G_BA, gBA);
        m.put(D_A, dA);
        m.put(D_B, dB);
        return m;
    }

    /** Trains through the family's recipe ({@link CycleGanTraining}). */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return CycleGanTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link CycleGanEvaluation}) on {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return CycleGanEvaluation.INSTANCE.evaluate(this, data);
    }
}
