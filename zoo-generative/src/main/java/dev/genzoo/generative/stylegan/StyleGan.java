package dev.genzoo.generative.stylegan;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.SeededNormal;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.engine.GraphInference;
import dev.genzoo.engine.RowPasses;
import dev.genzoo.engine.layers.ChannelAffineVertex;
import dev.genzoo.engine.layers.InstanceNormalization;
import dev.genzoo.engine.layers.MinibatchStdDevVertex;
import java.util.Arrays;
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
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * StyleGAN — Karras, Laine &amp; Aila, "A Style-Based Generator Architecture for Generative
 * Adversarial Networks", CVPR 2019 (https://arxiv.org/abs/1812.04948) — for 28x28 grayscale images
 * in [-1, 1], without progressive growing.
 *
 * <p><b>Mapping network</b> ({@link #MAPPING}): z, normalised to unit mean square (pixel norm,
 * applied before the graph since z needs no gradient), through {@code mappingLayers} dense layers of
 * {@code latentSize} units with LeakyReLU 0.2 at {@code mappingLearningRateMultiplier} times the
 * learning rate, gives w.
 *
 * <p><b>Synthesis network</b> ({@link #SYNTHESIS}), six layers, each taking its own w (inputs
 * {@code w0..w5}) and its own noise image (inputs {@code noise0..noise5}): a learned 7x7 constant
 * (the bias of a dense layer fed zeros, input {@code const}; initialised to 1); at 7x7 the constant
 * and one 3x3 convolution, at 14x14 and 28x28 a nearest-neighbour upsampling and two 3x3
 * convolutions. After every convolution (and after the constant): the noise image times a learned
 * per-channel strength, initialised to zero, plus a per-channel bias (one 1x1 convolution from the
 * one-channel noise: its weights are the strengths, its bias the layer's bias), LeakyReLU 0.2,
 * instance normalisation (no affine parameters of its own: its scale and shift are frozen at 1 and
 * 0), then AdaIN: {@code x (1 + y_s) + y_b} with the style (y_s, y_b) from w through a learned
 * affine map per layer (dense layers initialised so that y starts near 0). A 1x1 convolution with
 * tanh makes the image.
 *
 * <p><b>Discriminator</b> ({@link #DISCRIMINATOR}), DCGAN-style without batch norm (R1 needs
 * per-example gradients): 3x3 convolution at 28x28, two 4x4 stride-2 convolutions (to 14, to 7), all
 * LeakyReLU 0.2, the {@link MinibatchStdDevVertex minibatch standard deviation} as one more feature
 * map, a 3x3 convolution, and one linear output: the logit.
 *
 * <p><b>Training</b> ({@link StyleGanTrainer}): the non-saturating loss with R1 on real images,
 * applied lazily (every {@code r1Every} discriminator steps, weighted by that interval, as in
 * StyleGAN2); style mixing (with probability {@code styleMixing} a batch takes w from two latents,
 * switching at a random layer); Adam (β1 0, β2 0.99). <b>Equalised learning rate is emulated</b>:
 * the paper stores weights as N(0, 1) and multiplies them at run time by the He constant
 * c = gain/√fan-in; under Adam, whose steps do not depend on the scale of the gradient (up to its
 * ε), that is the same as storing the actual weights, drawn from N(0, c²), with a learning rate of
 * lr·c for that layer (and lr·c·multiplier for the mapping network, whose biases take lr·multiplier),
 * which is what these configurations do through DL4J's per-layer updaters. Gain √2 before LeakyReLU,
 * 1 for the style maps and the outputs. An exponential moving average of the generator's weights
 * (half-life {@code emaHalfLifeImages} images), {@link #MAPPING_EMA} and {@link #SYNTHESIS_EMA}, makes
 * every sample; the running mean of w (decay {@code meanStyleDecay} per step), {@link #MEAN_STYLE},
 * is the centre of the truncation trick.
 *
 * <p>Scaled down from the paper: {@link #SCALED_DOWN}.
 */
public final class StyleGan extends AbstractZooModel implements Gan.StyleBased {
    /** Registry name. */
    public static final String NAME = "stylegan";
    /** Role of the trained mapping network (input {@code z}, output {@code w}). */
    public static final String MAPPING = "mapping";
    /** Role of the trained synthesis network. */
    public static final String SYNTHESIS = "synthesis";
    /** Role of the discriminator (input {@code x}, output the logit {@code score}). */
    public static final String DISCRIMINATOR = "discriminator";
    /** Role of the moving average of the mapping network (samples). */
    public static final String MAPPING_EMA = "mappingEma";
    /** Role of the moving average of the synthesis network (samples). */
    public static final String SYNTHESIS_EMA = "synthesisEma";
    /** Role of the running mean of w: a dense layer without bias from the input 1, its weights w̄. */
    public static final String MEAN_STYLE = "meanStyle";
    /** Synthesis layers (styles): two at each of 7, 14 and 28 pixels. */
    public static final int LAYERS = 6;
    /** Side of each synthesis layer's feature maps. */
    static final int[] SIDES = {7, 7, 14, 14, 28, 28};
    static final String CONST = "const";
    static final String Z = "z";
    static final String W = "w";
    static final String X = "x";
    static final String SCORE = "score";
    static final String IMAGE = "image";
    private static final long FIXED_NOISE_SEED = 0x5717E_F1CEDL;
    /**
     * Rows per inference pass. The engine's buffers grow with it (every synthesis layer's maps and
     * patches): 250 rows made `genzoo evaluate stylegan:fashion-mnist --bundled --classifier ...` peak
     * at 3.4 GB resident, 64 at 1.7 GB, in the same time and with the same 29 figures. At 64 (50 rows
     * a pass for 200 samples) the synthesis network's engine held 361 MB of buffers, a quarter of it
     * the patch matrix of one 28x28 convolution; 16 holds a quarter of that (docs/benchmarks.md, Run I).
     */
    private static final int CHUNK = 16;

    /** What this model changes from the paper, and why (written on the entry and its cards). */
    public static final String SCALED_DOWN = "scaled down from the paper for 28x28 grayscale on a CPU: z and w of"
            + " 128 instead of 512, 4 mapping layers instead of 8, 128/64/32 channels at 7/14/28 pixels instead of"
            + " 512 and fewer, a 7x7 constant instead of 4x4, no progressive growing (as the paper's own small"
            + " configurations), no blur after upsampling, output through tanh, a DCGAN-style discriminator with the"
            + " minibatch standard deviation, R1 gamma 1 and learning rate 0.004 for a training of a few thousand"
            + " steps";

    private final Config config;
    private final ComputationGraph mapping;
    private final ComputationGraph synthesis;
    private final ComputationGraph discriminator;
    private final ComputationGraph mappingEma;
    private final ComputationGraph synthesisEma;
    private final ComputationGraph meanStyle;
    private final Map<ComputationGraph, GraphInference> inference = new java.util.IdentityHashMap<>();
    private StyleGanTrainer trainer;

    /**
     * @param latentSize                    width of z and w (the paper: 512)
     * @param mappingLayers                 dense layers of the mapping network (the paper: 8)
     * @param mappingLearningRateMultiplier the mapping network's share of the learning rate (the paper: 0.01)
     * @param synthesisChannels             feature maps at 7, 14 and 28 pixels
     * @param discriminatorFilters          the discriminator's feature maps at 28, 14 and 7 pixels
     * @param minibatchStdGroup             group size of the minibatch standard deviation (4); the batch size must be a multiple
     * @param styleMixing                   probability that a batch mixes two latents (0.9)
     * @param r1Gamma                       γ of R1 = γ/2 E‖∇D(x)‖² on real images; 0 turns it off
     * @param r1Every                       lazy regularisation: R1 every this many discriminator steps, weighted by it (16)
     * @param emaHalfLifeImages             half-life of the generator's moving average, in images (the paper: 10,000)
     * @param meanStyleDecay                per-step decay of the running mean of w (0.995)
     * @param learningRate                  Adam's rate before the equalised-learning-rate scaling (0.002)
     * @param beta1                         Adam β1 (0)
     * @param beta2                         Adam β2 (0.99)
     * @param seed                          initialisation and training seed
     */
    public record Config(int latentSize, int mappingLayers, double mappingLearningRateMultiplier,
            List<Integer> synthesisChannels, List<Integer> discriminatorFilters, int minibatchStdGroup,
            double styleMixing, double r1Gamma, int r1Every, double emaHalfLifeImages, double meanStyleDecay,
            double learningRate, double beta1, double beta2, long seed) {
        public Config {
            ConfigChecks.positive("latentSize", latentSize);
            ConfigChecks.positive("mappingLayers", mappingLayers);
            if (!(mappingLearningRateMultiplier > 0 && mappingLearningRateMultiplier <= 1)) {
                throw new IllegalArgumentException("mappingLearningRateMultiplier must be in (0, 1], found "
                        + mappingLearningRateMultiplier);
            }
            synthesisChannels = ConfigChecks.nonEmptySizes("synthesisChannels", synthesisChannels);
            if (synthesisChannels.size() != 3) {
                throw new IllegalArgumentException("synthesisChannels needs one count per resolution (7, 14, 28 pixels),"
                        + " found " + synthesisChannels.size() + ": " + synthesisChannels);
            }
            discriminatorFilters = ConfigChecks.nonEmptySizes("discriminatorFilters", discriminatorFilters);
            if (discriminatorFilters.size() != 3) {
                throw new IllegalArgumentException("discriminatorFilters needs one count per resolution (28, 14, 7"
                        + " pixels), found " + discriminatorFilters.size() + ": " + discriminatorFilters);
            }
            ConfigChecks.atLeast("minibatchStdGroup", minibatchStdGroup, 2);
            ConfigChecks.probability("styleMixing", styleMixing);
            ConfigChecks.nonNegative("r1Gamma", r1Gamma);
            ConfigChecks.positive("r1Every", r1Every);
            ConfigChecks.positive("emaHalfLifeImages", emaHalfLifeImages);
            if (!(meanStyleDecay >= 0 && meanStyleDecay < 1)) {
                throw new IllegalArgumentException("meanStyleDecay must be in [0, 1), found " + meanStyleDecay);
            }
            ConfigChecks.learningRate("learningRate", learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
            }
            if (!(beta2 > 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in (0, 1), found " + beta2);
            }
        }

        /**
         * The defaults: {@link #SCALED_DOWN} with the paper's mixing, R1 laziness, moving average and Adam
         * betas; R1 γ = 1 and a learning rate of 0.004. With StyleGAN2-ADA's γ = 0.01 for 32x32 images
         * and the paper's rate 0.002, two epochs of MNIST (batch 32) collapsed to a few shapes (FID 220,
         * recall 0.000 in the bundled classifier's features; docs/stylegan.md).
         */
        public static Config defaults() {
            return new Config(128, 4, 0.01, List.of(128, 64, 32), List.of(32, 64, 128), 4, 0.9, 1.0, 16, 10_000,
                    0.995, 0.004, 0.0, 0.99, 42);
        }

        private NeuralNetConfiguration.Builder base(long s) {
            return new NeuralNetConfiguration.Builder().seed(s).dataType(DataType.FLOAT)
                    .updater(new NoOp()).convolutionMode(ConvolutionMode.Truncate)
                    .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE);
        }

        private IUpdater adam(double rate, boolean trainable) {
            return trainable ? new Adam(rate, beta1, beta2, 1e-8) : new NoOp();
        }

        /** He's constant gain/√fanIn: the initial standard deviation and the learning-rate factor of a layer. */
        private static double he(double gain, long fanIn) {
            return gain / Math.sqrt(fanIn);
        }

        /** The mapping network, input {@code z} (already normalised), output {@code w}; NoOp updaters when not trainable. */
        public ComputationGraphConfiguration mapping(boolean trainable) {
            var b = base(seed).graphBuilder().addInputs(Z).setInputTypes(InputType.feedForward(latentSize));
            String prev = Z;
            double c = he(Math.sqrt(2), latentSize);
            for (int i = 0; i < mappingLayers; i++) {
                String name = i == mappingLayers - 1 ? W : "fc" + i;
                b.addLayer(name, new DenseLayer.Builder().nIn(latentSize).nOut(latentSize)
                        .activation(new ActivationLReLU(0.2)).weightInit(new NormalDistribution(0, c)).biasInit(0)
                        .updater(adam(learningRate * c * mappingLearningRateMultiplier, trainable))
                        .biasUpdater(adam(learningRate * mappingLearningRateMultiplier, trainable)).build(), prev);
                prev = name;
            }
            return b.setOutputs(W).build();
        }

        /** The synthesis network: inputs {@code const} (zeros [n, 1]), {@code w0..w5}, {@code noise0..noise5}; output {@code image}. */
        public ComputationGraphConfiguration synthesis(boolean trainable) {
            List<String> in = new java.util.ArrayList<>();
            List<InputType> types = new java.util.ArrayList<>();
            in.add(CONST);
            types.add(InputType.feedForward(1));
            for (int l = 0; l < LAYERS; l++) {
                in.add(W + l);
                types.add(InputType.feedForward(latentSize));
            }
            for (int l = 0; l < LAYERS; l++) {
                in.add("noise" + l);
                types.add(InputType.convolutional(SIDES[l], SIDES[l], 1));
            }
            var b = base(seed + 1).graphBuilder().addInputs(in.toArray(String[]::new))
                    .setInputTypes(types.toArray(InputType[]::new));
            int c0 = synthesisChannels.get(0);
            b.addLayer("constant", new DenseLayer.Builder().nIn(1).nOut(7 * 7 * c0).activation(new ActivationIdentity())
                    .weightInit(WeightInit.ZERO).biasInit(1.0).updater(adam(learningRate, trainable)).build(), CONST);
            b.addVertex("constantMap", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(7, 7, c0)), "constant");
            String prev = epilogue(b, 0, "constantMap", c0, trainable);
            int channels = c0;
            for (int l = 1; l < LAYERS; l++) {
                int out = synthesisChannels.get(l / 2);
                if (l % 2 == 0) {
                    b.addLayer("up" + l, new Upsampling2D.Builder(2).build(), prev);
                    prev = "up" + l;
                }
                double c = he(Math.sqrt(2), channels * 9L);
                b.addLayer("conv" + l, new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same)
                        .nIn(channels).nOut(out).hasBias(false).activation(new ActivationIdentity())
                        .weightInit(new NormalDistribution(0, c)).updater(adam(learningRate * c, trainable)).build(), prev);
                prev = epilogue(b, l, "conv" + l, out, trainable);
                channels = out;
            }
            double c = he(1, channels);
            b.addLayer(IMAGE, new ConvolutionLayer.Builder(1, 1).nIn(channels).nOut(1).activation(new ActivationTanH())
                    .weightInit(new NormalDistribution(0, c)).biasInit(0).updater(adam(learningRate * c, trainable))
                    .biasUpdater(adam(learningRate, trainable)).build(), prev);
            return b.setOutputs(IMAGE).build();
        }

        /** Noise and bias, LeakyReLU, instance norm and AdaIN of synthesis layer {@code l}; returns the styled maps' name. */
        private String epilogue(ComputationGraphConfiguration.GraphBuilder b, int l, String input, int channels,
                boolean trainable) {
            String p = "s" + l;
            b.addLayer(p + "Noise", new ConvolutionLayer.Builder(1, 1).nIn(1).nOut(channels)
                    .activation(new ActivationIdentity()).weightInit(WeightInit.ZERO).biasInit(0)
                    .updater(adam(learningRate, trainable)).build(), "noise" + l);
            b.addVertex(p + "Add", new ElementWiseVertex(ElementWiseVertex.Op.Add), input, p + "Noise");
            b.addLayer(p + "Act", new ActivationLayer(new ActivationLReLU(0.2)), p + "Add");
            b.addLayer(p + "Norm", new InstanceNormalization.Builder().nIn(channels).nOut(channels)
                    .updater(new NoOp()).build(), p + "Act");
            double c = he(1, latentSize);
            for (String part : new String[] {"Scale", "Shift"}) {
                b.addLayer(p + part, new DenseLayer.Builder().nIn(latentSize).nOut(channels)
                        .activation(new ActivationIdentity()).weightInit(new NormalDistribution(0, c)).biasInit(0)
                        .updater(adam(learningRate * c, trainable)).biasUpdater(adam(learningRate, trainable)).build(),
                        W + l);
            }
            b.addVertex(p, new ChannelAffineVertex(1.0), p + "Norm", p + "Scale", p + "Shift");
            return p;
        }

        /** The discriminator, input {@code x} [n, 1, 28, 28], output the logit {@code score} [n, 1]. */
        public ComputationGraphConfiguration discriminator() {
            int f0 = discriminatorFilters.get(0);
            int f1 = discriminatorFilters.get(1);
            int f2 = discriminatorFilters.get(2);
            IActivation lrelu = new ActivationLReLU(0.2);
            var b = base(seed + 2).graphBuilder().addInputs(X).setInputTypes(InputType.convolutional(28, 28, 1));
            b.addLayer("d0", dConv(3, 1, 1, f0, lrelu, 1), X);
            b.addLayer("d1", dConv(4, 2, 1, f1, lrelu, f0), "d0");
            b.addLayer("d2", dConv(4, 2, 1, f2, lrelu, f1), "d1");
            b.addVertex("mbstd", new MinibatchStdDevVertex(minibatchStdGroup), "d2");
            b.addLayer("d3", dConv(3, 1, 1, f2, lrelu, f2 + 1), "mbstd");
            double c = he(1, 7L * 7 * f2);
            b.addLayer(SCORE, new DenseLayer.Builder().nOut(1).activation(new ActivationIdentity())
                    .weightInit(new NormalDistribution(0, c)).biasInit(0).updater(adam(learningRate * c, true))
                    .biasUpdater(adam(learningRate, true)).build(), "d3");
            return b.setOutputs(SCORE).build();
        }

        private ConvolutionLayer dConv(int k, int stride, int pad, int out, IActivation act, int in) {
            double c = he(Math.sqrt(2), (long) in * k * k);
            return new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nIn(in).nOut(out)
                    .activation(act).weightInit(new NormalDistribution(0, c)).biasInit(0)
                    .updater(adam(learningRate * c, true)).biasUpdater(adam(learningRate, true)).build();
        }

        /** The running mean of w: input {@code one} [n, 1], a dense layer without bias whose weights are w̄. */
        public ComputationGraphConfiguration meanStyle() {
            return base(seed + 3).graphBuilder().addInputs("one").setInputTypes(InputType.feedForward(1))
                    .addLayer(W, new DenseLayer.Builder().nIn(1).nOut(latentSize).hasBias(false)
                            .activation(new ActivationIdentity()).weightInit(WeightInit.ZERO).build(), "one")
                    .setOutputs(W).build();
        }
    }

    private StyleGan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.MNIST);
        this.config = c;
        // a bundled artifact may leave out the live generator (sampling uses the average): it then
        // starts from the average, as a fine-tuning run would
        boolean live = restored == null || restored.containsKey(MAPPING) || restored.containsKey(SYNTHESIS);
        this.mapping = graph(c.mapping(true), live ? restored : null, MAPPING);
        this.synthesis = graph(c.synthesis(true), live ? restored : null, SYNTHESIS);
        this.discriminator = graph(c.discriminator(), restored, DISCRIMINATOR);
        this.mappingEma = graph(c.mapping(false), restored, MAPPING_EMA);
        this.synthesisEma = graph(c.synthesis(false), restored, SYNTHESIS_EMA);
        this.meanStyle = graph(c.meanStyle(), restored, MEAN_STYLE);
        if (restored == null) {
            mappingEma.params().assign(mapping.params());
            synthesisEma.params().assign(synthesis.params());
        } else if (!live) {
            mapping.params().assign(mappingEma.params());
            synthesis.params().assign(synthesisEma.params());
        }
    }

    private ComputationGraph graph(ComputationGraphConfiguration conf, Map<String, Model> restored, String role) {
        return dev.genzoo.core.model.Networks.graph(NAME, config(), conf, restored, role);
    }

    /** A new, untrained model. */
    public static StyleGan create(Config c) {
        return new StyleGan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, StyleGan> entry() {
        var b = ZooEntry.<Config, StyleGan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(StyleGan::create)
                .setRestorer(StyleGan::new)
                .optDescription("StyleGAN for 1x28x28 images in [-1, 1]: mapping network, learned constant, AdaIN"
                        + " styles and noise per layer, style mixing, R1, moving-average generator, truncation; "
                        + SCALED_DOWN)
                .optTags("conv", "gan", "style", "mnist", "fashion-mnist")
                .optReference("https://arxiv.org/abs/1812.04948")
                .optTraining(StyleGanTraining.INSTANCE).optEvaluation(StyleGanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage",
                        "mixing_consistency");
        String[][] variants = {
            {"mnist", "2 epochs (34 min here; the paper trains 25M images); dcgan:mnist (25 epochs): FID 32.8,"
                + " wgan-gp:mnist (60 min): FID 46.5"},
            {"fashion-mnist", "dcgan:fashion-mnist (20 epochs): FID 89.4"}};
        for (String[] v : variants) {
            b.optBundledVariant(StyleGan.class, v[0], v[1]);
        }
        return b.build();
    }

    // ------------------------------------------------------------------------------------------
    // the style-based handle

    @Override
    public int latentSize() {
        return config.latentSize();
    }

    @Override
    public int styleSize() {
        return config.latentSize();
    }

    @Override
    public int styleLayers() {
        return LAYERS;
    }

    @Override
    public synchronized INDArray meanStyle() {
        return meanStyle.getLayer(W).getParam("W").dup().reshape(1, config.latentSize());
    }

    /** z scaled to unit mean square per row (the paper's pixel norm on the mapping network's input). */
    static INDArray normalize(INDArray z) {
        INDArray ms = z.mul(z).mean(true, 1).addi(1e-8);
        return z.div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(ms, false));
    }

    @Override
    public INDArray mapping(INDArray z) {
        checkRows(z, config.latentSize(), "latent codes");
        return forward(mappingEma, normalize(z.castTo(DataType.FLOAT)));
    }

    @Override
    public INDArray synthesize(INDArray[] w, Noise noise, long noiseSeed) {
        if (w == null || w.length != LAYERS) {
            throw new IllegalArgumentException(name() + ": synthesize needs one style matrix per synthesis layer ("
                    + LAYERS + "), found " + (w == null ? "null" : w.length));
        }
        if (noise == null) {
            throw new IllegalArgumentException(name() + ": noise must be RANDOM, FIXED or NONE, found null");
        }
        for (int l = 0; l < LAYERS; l++) {
            checkRows(w[l], config.latentSize(), "styles of layer " + l);
            if (w[l].size(0) != w[0].size(0)) {
                throw new IllegalArgumentException(name() + ": every layer's styles need the same number of rows, found "
                        + w[0].size(0) + " for layer 0 and " + w[l].size(0) + " for layer " + l);
            }
        }
        int n = (int) w[0].size(0);
        INDArray[] in = new INDArray[1 + 2 * LAYERS];
        in[0] = Nd4j.zeros(DataType.FLOAT, n, 1);
        for (int l = 0; l < LAYERS; l++) {
            in[1 + l] = w[l].castTo(DataType.FLOAT);
        }
        INDArray[] maps = noise(n, noise, noiseSeed);
        System.arraycopy(maps, 0, in, 1 + LAYERS, LAYERS);
        return forward(synthesisEma, in);
    }

    /** The noise images of every layer ({@code [n, 1, side, side]} each) for {@code mode}. */
    static INDArray[] noise(int n, Noise mode, long seed) {
        INDArray[] maps = new INDArray[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            int side = SIDES[l];
            maps[l] = switch (mode) {
                case NONE -> Nd4j.zeros(DataType.FLOAT, n, 1, side, side);
                case RANDOM -> SeededNormal.matrix(seed * 31 + l, n, side * side, DataType.FLOAT)
                        .reshape('c', n, 1, side, side);
                case FIXED -> SeededNormal.matrix(FIXED_NOISE_SEED + l, 1, side * side, DataType.FLOAT)
                        .reshape('c', 1, 1, side, side).repeat(0, n);
            };
        }
        return maps;
    }

    @Override
    public INDArray sample(int n, long seed, double truncation, int cutoff, Noise noise) {
        INDArray w = mapping(noise(n, seed));
        return synthesize(truncate(w, truncation, cutoff), noise, seed);
    }

    @Override
    public INDArray[] truncate(INDArray w, double psi, int cutoff) {
        checkRows(w, config.latentSize(), "styles");
        if (!Double.isFinite(psi)) {
            throw new IllegalArgumentException(name() + ": truncation psi must be finite, found " + psi);
        }
        if (cutoff < 0) {
            throw new IllegalArgumentException(name() + ": the truncation cutoff must be >= 0 layers, found " + cutoff);
        }
        INDArray[] ws = new INDArray[LAYERS];
        INDArray center = meanStyle();
        INDArray pulled = psi == 1.0 ? w : w.subRowVector(center).muli(psi).addiRowVector(center);
        for (int l = 0; l < LAYERS; l++) {
            ws[l] = l < cutoff ? pulled : w;
        }
        return ws;
    }

    @Override
    public INDArray mix(long[] seedsA, long[] seedsB, int fromLayer) {
        if (seedsA == null || seedsB == null || seedsA.length == 0 || seedsB.length == 0) {
            throw new IllegalArgumentException(name() + ": mix needs at least one seed for A and one for B");
        }
        if (fromLayer < 0 || fromLayer > LAYERS) {
            throw new IllegalArgumentException(name() + ": the crossover layer must be in 0.." + LAYERS + ", found "
                    + fromLayer);
        }
        INDArray wa = mapping(latentNoise(seedsA));
        INDArray wb = mapping(latentNoise(seedsB));
        int rows = seedsA.length;
        int cols = seedsB.length;
        INDArray a = Nd4j.create(DataType.FLOAT, (long) rows * cols, config.latentSize());
        INDArray b = Nd4j.create(DataType.FLOAT, (long) rows * cols, config.latentSize());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                a.putRow((long) r * cols + c, wa.getRow(r));
                b.putRow((long) r * cols + c, wb.getRow(c));
            }
        }
        INDArray[] ws = new INDArray[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            ws[l] = l < fromLayer ? a : b;
        }
        return synthesize(ws, Noise.FIXED, 0);
    }

    @Override
    public INDArray latentNoise(long[] seeds) {
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException(name() + ": latentNoise needs at least one seed");
        }
        INDArray z = Nd4j.create(DataType.FLOAT, seeds.length, config.latentSize());
        for (int i = 0; i < seeds.length; i++) {
            z.putRow(i, noise(1, seeds[i]).getRow(0));
        }
        return z;
    }

    /** Prior noise N(0, I) of shape [n, latentSize], reproducible from {@code seed}. */
    @Override
    public INDArray noise(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": n must be >= 1, found " + n);
        }
        return SeededNormal.matrix(seed, n, config.latentSize(), DataType.FLOAT);
    }

    @Override
    public INDArray generate(int n, long seed) {
        return sample(n, seed, 1.0, LAYERS, Noise.RANDOM);
    }

    /** Images for the rows of {@code z}, every layer taking the same w, random noise drawn from seed 0. */
    @Override
    public INDArray generate(INDArray z) {
        INDArray w = mapping(z);
        return synthesize(truncate(w, 1.0, 0), Noise.RANDOM, 0);
    }

    @Override
    public INDArray discriminate(INDArray x) {
        checkInput(x);
        return forward(discriminator, x.castTo(DataType.FLOAT));
    }

    /**
     * A network's output through the engine's inference pass (what DL4J's inference computes, its
     * temporaries in a reused workspace), in equal passes of at most {@value #CHUNK} rows, the last
     * zero-padded ({@code RowPasses}); the discriminator's in passes of whole minibatch groups.
     */
    private synchronized INDArray forward(ComputationGraph g, INDArray... in) {
        GraphInference gi = inference.computeIfAbsent(g, GraphInference::new);
        gi.requireEngine("this StyleGAN network");
        if (g == discriminator) {
            // its minibatch standard deviation couples groups of consecutive rows: passes of whole groups,
            // none padded, so that every group is the one a single pass over all rows would form
            int group = config.minibatchStdGroup();
            return RowPasses.unpadded(Math.max(1, CHUNK / group) * group, in, gi::output)[0];
        }
        return gi.outputInPasses(CHUNK, in)[0];
    }

    /** The output of {@code g} through DL4J's own inference, for comparison with {@link #forward}. */
    static INDArray throughDl4j(ComputationGraph g, INDArray... in) {
        return g.output(false, in)[0];
    }

    // ------------------------------------------------------------------------------------------
    // networks, training, evaluation

    /** The trained mapping network. */
    public ComputationGraph mappingNetwork() {
        return mapping;
    }

    /** The trained synthesis network. */
    public ComputationGraph synthesisNetwork() {
        return synthesis;
    }

    /** The moving-average mapping network (samples). */
    public ComputationGraph mappingAverage() {
        return mappingEma;
    }

    /** The moving-average synthesis network (samples). */
    public ComputationGraph synthesisAverage() {
        return synthesisEma;
    }

    /** The discriminator. */
    public ComputationGraph discriminator() {
        return discriminator;
    }

    /** The network holding the running mean of w. */
    ComputationGraph meanStyleNetwork() {
        return meanStyle;
    }

    /** The configuration. */
    public Config styleConfig() {
        return config;
    }

    /** Drops the training loop and its engine buffers; the next {@code fit} creates a new one. */
    @Override
    public synchronized void releaseTraining() {
        trainer = null;
    }

    synchronized StyleGanTrainer trainer() {
        if (trainer == null) {
            trainer = new StyleGanTrainer(this);
        }
        return trainer;
    }

    @Override
    public Map<String, Model> networks() {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put(MAPPING, mapping);
        m.put(SYNTHESIS, synthesis);
        m.put(DISCRIMINATOR, discriminator);
        m.put(MAPPING_EMA, mappingEma);
        m.put(SYNTHESIS_EMA, synthesisEma);
        m.put(MEAN_STYLE, meanStyle);
        return m;
    }

    /** Trains through the family's recipe ({@link StyleGanTraining}). */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return StyleGanTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link StyleGanEvaluation}) on {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return StyleGanEvaluation.INSTANCE.evaluate(this, data);
    }

    @Override
    public String toString() {
        return NAME + Arrays.toString(new long[] {mapping.numParams(), synthesis.numParams(), discriminator.numParams()});
    }
}
