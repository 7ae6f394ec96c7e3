package dev.genzoo.generative.classifier;

import dev.genzoo.engine.GraphInference;
import dev.genzoo.engine.RowPasses;
import dev.genzoo.core.model.Networks;
import dev.genzoo.core.nn.DecayingAdam;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small convolutional classifier: two stages, each a valid 5x5 convolution (LeNet, LeCun et al.
 * 1998, https://doi.org/10.1109/5.726791; 28 -> 24 -> 12 -> 8 -> 4) or two padded 3x3 convolutions
 * (VGG's block; 28 -> 14 -> 7) and a 2x2 max pool ({@link Stage}), a dense ReLU
 * layer whose activations are the <em>features</em> that FID, KID and precision/recall compare,
 * dropout, and a softmax output. The zoo ships one per data set ({@value #MNIST},
 * {@value #FASHION_MNIST}) so that generated images are judged by a network trained on the same
 * data, in the spirit of the Inception features of Heusel et al. 2017 but matched to 28x28 grey
 * images. Inputs are images in [0, 1], {@code [n, c, h, w]} or flat {@code [n, c*h*w]}.
 */
public final class CnnClassifier extends AbstractZooModel implements Classifier {
    /** Registry name of the MNIST classifier. */
    public static final String MNIST = "classifier-mnist";
    /** Registry name of the Fashion-MNIST classifier. */
    public static final String FASHION_MNIST = "classifier-fashion-mnist";

    /**
     * The zoo's pretrained classifier of {@code data} ({@value #MNIST}:mnist or
     * {@value #FASHION_MNIST}:fashion-mnist), the judge of the generative families' evaluations.
     * This jar ships both, so a failure to load one is a broken installation, reported as such.
     */
    public static CnnClassifier bundled(dev.genzoo.core.data.DatasetId data) {
        String name = data == dev.genzoo.core.data.DatasetId.MNIST ? MNIST : FASHION_MNIST;
        try {
            return dev.genzoo.core.registry.ModelZoo.load(name, data.id());
        } catch (Exception e) {
            throw new IllegalStateException("the evaluation needs the bundled classifier " + name + ":" + data.id()
                    + ", which could not be loaded: " + e.getMessage(), e);
        }
    }

    private static final String INPUT = "image";
    private static final String FEATURES = "features";
    /** Inference over {@link #graph}: the engine's pass where it runs the graph, DL4J's otherwise. */
    private final GraphInference inference;
    private static final int INFERENCE_BATCH = 64;

    /**
     * @param input        image shape; height and width divisible by 4, at least 16
     * @param numClasses   classes, >= 2
     * @param channels     feature maps of the two convolutions
     * @param featureSize  units of the dense feature layer
     * @param dropout      probability of dropping a feature unit during training, in [0, 1)
     * @param batchNorm    batch normalisation after each convolution, before its ReLU (Ioffe &amp; Szegedy
     *                     2015; running statistics at inference); false, the default, is the plain LeNet
     *                     stage, which is also what a card written before this field existed reads as
     * @param augmentation random changes to the training images ({@link Augmentation}); null reads as
     *                     none (a card written before the field existed)
     * @param stage        what each of the two stages convolves before its pool ({@link Stage}); null reads
     *                     as {@link Stage#LENET} (a card written before the field existed)
     * @param learningRate Adam learning rate
     * @param decaySteps   τ of Adam's rate lr / (1 + t / τ) over steps t ({@link DecayingAdam}); 0, the
     *                     default and what an older card reads as, keeps the rate constant
     * @param seed         initialisation seed
     */
    public record Config(InputShape input, int numClasses, List<Integer> channels, int featureSize, double dropout,
            boolean batchNorm, Augmentation augmentation, Stage stage, double learningRate, int decaySteps,
            long seed) {
        public Config {
            if (augmentation == null) {
                augmentation = Augmentation.NONE;
            }
            if (stage == null) {
                stage = Stage.LENET;
            }
            if (decaySteps < 0) {
                throw new IllegalArgumentException("decaySteps must be >= 0 (0: constant rate), found " + decaySteps);
            }
            if (input == null) {
                throw new IllegalArgumentException("input must be set, found null");
            }
            if (input.height() % 4 != 0 || input.width() % 4 != 0 || input.height() < 16 || input.width() < 16) {
                throw new IllegalArgumentException("input height and width must be divisible by 4 and at least 16"
                        + " (two convolution stages, each followed by a 2x2 pool), found " + input);
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
            }
            if (channels == null || channels.size() != 2 || channels.stream().anyMatch(c -> c == null || c < 1)) {
                throw new IllegalArgumentException("channels must list 2 positive sizes (one per convolution), found "
                        + channels);
            }
            channels = List.copyOf(channels);
            if (featureSize < 1) {
                throw new IllegalArgumentException("featureSize must be >= 1, found " + featureSize);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate must be in (0, 1), found " + learningRate);
            }
        }

        /** The config before {@code stage} and {@code decaySteps} existed: LeNet stages, constant rate. */
        public Config(InputShape input, int numClasses, List<Integer> channels, int featureSize, double dropout,
                boolean batchNorm, Augmentation augmentation, double learningRate, long seed) {
            this(input, numClasses, channels, featureSize, dropout, batchNorm, augmentation, Stage.LENET, learningRate,
                    0, seed);
        }

        /**
         * 1x28x28, 10 classes, 20 and 50 maps (LeNet-5's sizes as in DL4J's LeNet example), 128
         * features, dropout 0.5, Adam 1e-3, seed 42.
         */
        public static Config defaults() {
            return new Config(InputShape.MNIST, 10, List.of(20, 50), 128, 0.5, false, Augmentation.NONE, 1e-3, 42);
        }

        public Config withSeed(long s) {
            return new Config(input, numClasses, channels, featureSize, dropout, batchNorm, augmentation, stage,
                    learningRate, decaySteps, s);
        }

        public Config withFeatureSize(int f) {
            return new Config(input, numClasses, channels, f, dropout, batchNorm, augmentation, stage,
                    learningRate, decaySteps, seed);
        }

        public Config withBatchNorm(boolean b) {
            return new Config(input, numClasses, channels, featureSize, dropout, b, augmentation, stage,
                    learningRate, decaySteps, seed);
        }

        public Config withAugmentation(Augmentation a) {
            return new Config(input, numClasses, channels, featureSize, dropout, batchNorm, a, stage,
                    learningRate, decaySteps, seed);
        }

        public Config withStage(Stage st) {
            return new Config(input, numClasses, channels, featureSize, dropout, batchNorm, augmentation, st,
                    learningRate, decaySteps, seed);
        }

        public Config withDecaySteps(int tau) {
            return new Config(input, numClasses, channels, featureSize, dropout, batchNorm, augmentation, stage,
                    learningRate, tau, seed);
        }

        public Config withChannels(List<Integer> c) {
            return new Config(input, numClasses, c, featureSize, dropout, batchNorm, augmentation, stage,
                    learningRate, decaySteps, seed);
        }

        /**
         * The DL4J graph: image -> (stage: conv [-> batch norm] -> ReLU, once or twice -> pool) x2 -> dense
         * features -> dropout -> softmax.
         */
        ComputationGraphConfiguration graph() {
            GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                    .updater(DecayingAdam.of(learningRate, decaySteps))
                    .weightInit(WeightInit.RELU).dataType(DataType.FLOAT).graphBuilder()
                    .addInputs(INPUT)
                    .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels()));
            String x = INPUT;
            for (int i = 0; i < channels.size(); i++) {
                x = convPool(g, "stage" + (i + 1), x, channels.get(i), batchNorm, stage);
            }
            g.addLayer(FEATURES, new DenseLayer.Builder().nOut(featureSize).activation(Activation.RELU).build(), x);
            OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                    .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
            if (dropout > 0) {
                out.dropOut(1 - dropout); // DL4J takes the retain probability, applied to this layer's input
            }
            String output = "probabilities";
            g.addLayer(output, out.build(), FEATURES);
            return g.setOutputs(output).build();
        }

        private static String convPool(GraphBuilder g, String name, String in, int maps, boolean batchNorm,
                Stage stage) {
            String x = in;
            if (stage == Stage.LENET) {
                // the names of the plain LeNet stage are those of every card written before stages had kinds
                x = convolution(g, name + "-conv", x, maps, batchNorm, 5, ConvolutionMode.Truncate);
            } else {
                x = convolution(g, name + "-conv1", x, maps, batchNorm, 3, ConvolutionMode.Same);
                x = convolution(g, name + "-conv2", x, maps, batchNorm, 3, ConvolutionMode.Same);
            }
            String pool = name + "-pool";
            g.addLayer(pool, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), x);
            return pool;
        }

        private static String convolution(GraphBuilder g, String conv, String in, int maps, boolean batchNorm,
                int kernel, ConvolutionMode mode) {
            g.addLayer(conv, new ConvolutionLayer.Builder(kernel, kernel).nOut(maps).convolutionMode(mode)
                    .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build(), in);
            if (!batchNorm) {
                return conv;
            }
            String base = conv.endsWith("-conv") ? conv.substring(0, conv.length() - "-conv".length()) : conv;
            g.addLayer(base + "-bn", new BatchNormalization.Builder().build(), conv);
            g.addLayer(base + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), base + "-bn");
            return base + "-relu";
        }
    }

    /**
     * What a stage of the classifier convolves before its 2x2 max pool (28 -> 14 -> 7 with padding,
     * 28 -> 24 -> 12 -> 8 -> 4 without).
     */
    public enum Stage {
        /** One valid 5x5 convolution (LeNet-5): a third of the cost of {@link #DOUBLE_3X3} on a CPU. */
        LENET,
        /**
         * Two padded 3x3 convolutions (the VGG block, Simonyan &amp; Zisserman 2015,
         * https://arxiv.org/abs/1409.1556): the same receptive field as one 5x5 with two nonlinearities and
         * full-size maps; the stronger Fashion-MNIST judge.
         */
        DOUBLE_3X3;

        /** The name in configs: {@code lenet}, {@code double-3x3}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Reads {@link #id()} (or the constant's name). */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Stage of(String s) {
            for (Stage st : values()) {
                if (st.id().equals(s) || st.name().equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("stage must be one of lenet, double-3x3, found '" + s + "'");
        }
    }

    private final Config config;
    private final ComputationGraph graph;

    private CnnClassifier(String name, Config config, ComputationGraph restored) {
        super(name, config, config.input());
        this.config = config;
        if (restored == null) {
            restored = new ComputationGraph(config.graph());
            restored.init();
        } else if (restored.getNumInputArrays() != 1 || restored.getLayer(FEATURES) == null) {
            throw new IllegalArgumentException(name() + ": the restored graph has no '" + FEATURES + "' layer; it is not"
                    + " a " + CnnClassifier.class.getSimpleName());
        }
        this.graph = restored;
        this.inference = new GraphInference(restored);
    }

    /** An untrained MNIST classifier with {@code config}. */
    public static CnnClassifier create(Config config) {
        return new CnnClassifier(MNIST, config, null);
    }

    /** The registry entry {@value #MNIST}. */
    public static ZooEntry<Config, CnnClassifier> mnistEntry() {
        return entry(MNIST, "MNIST digits", "mnist", "LeNet-5: 99.05%");
    }

    /** The registry entry {@value #FASHION_MNIST}. */
    public static ZooEntry<Config, CnnClassifier> fashionMnistEntry() {
        return entry(FASHION_MNIST, "Fashion-MNIST clothing", "fashion-mnist", "Fashion-MNIST benchmark CNNs: ~91-93%");
    }

    private static ZooEntry<Config, CnnClassifier> entry(String name, String data, String tag, String comparison) {
        var builder = ZooEntry.<Config, CnnClassifier>builder().setName(name);
        String weights = "genzoo/models/" + name + "/" + tag + "/";
        if (CnnClassifier.class.getClassLoader().getResource(weights + "model-card.json") != null) {
            builder.optVariant(tag, "classpath:" + weights); // the pretrained weights bundled in this jar
            builder.optComparison(tag, comparison);
        }
        return builder.setFamily(Family.CLASSIFIER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(c -> new CnnClassifier(name, c, null))
                .setRestorer((c, nets) -> new CnnClassifier(name, c, Networks.singleGraph(name, nets)))
                .optDescription("CNN classifier (two LeNet or double-3x3 stages) of " + data + "; its penultimate features (128 by"
                        + " default) feed FID, KID and precision/recall")
                .optTags("conv", "classifier", "images", tag, "evaluation")
                .optReference("https://doi.org/10.1109/5.726791")
                .optTraining(ClassifierTraining.INSTANCE).optEvaluation(ClassifierEvaluation.INSTANCE)
                .optHeadlineMetrics("test_accuracy")
                .build();
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Map<String, Model> networks() {
        return Networks.single(graph);
    }

    /** The DL4J graph (output: class probabilities). */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    @Override
    public int featureSize() {
        return config.featureSize();
    }

    @Override
    public INDArray predict(INDArray x) {
        return infer(x, false, true)[0];
    }

    @Override
    public INDArray features(INDArray x) {
        return infer(x, true, false)[0];
    }

    /** Both from one inference pass per batch of rows. */
    @Override
    public INDArray[] featuresAndPredictions(INDArray x) {
        return infer(x, true, true);
    }

    /**
     * The {@value #FEATURES} layer's activations and/or the class probabilities of {@code x}, in
     * passes of exactly {@value #INFERENCE_BATCH} (the last zero-padded), in inference mode: through the engine's inference pass
     * (several times faster than DL4J's on the convolutions, equal to float rounding:
     * {@code InferencePassTest}, {@code ClassifierInferenceTest}), or DL4J's where the engine does
     * not run the graph.
     */
    private INDArray[] infer(INDArray x, boolean features, boolean probabilities) {
        INDArray images = toImages(x);
        List<String> names = new ArrayList<>();
        if (features) {
            names.add(FEATURES);
        }
        if (probabilities) {
            names.add(graph.getConfiguration().getNetworkOutputs().get(0));
        }
        // one pass size for every call, so the engine keeps the buffers it sized on the first (with
        // passes of 256 and a short last one, the Fashion judge re-sized its 3x3 convolutions' patch
        // matrices, 231 MB for 256 images at 28x28, three times per call: 1,000 images took 4.4 s, now
        // 1.0-1.2 s after the first call, 64 or 256 a pass alike, and 64 needs a quarter of the memory)
        return RowPasses.inPassesOf(INFERENCE_BATCH, new INDArray[] {images}, in -> inference.activations(names, in));
    }

    /** Most probable class per example. */
    public int[] classify(INDArray x) {
        return predict(x).argMax(1).toIntVector();
    }

    /** One optimisation step on images and one-hot labels. */
    public void fit(INDArray x, INDArray oneHotLabels) {
        graph.fit(new DataSet(toImages(x), oneHotLabels.castTo(DataType.FLOAT)));
    }

    /**
     * Trains with cross-entropy through the family's recipe ({@link ClassifierTraining}) and
     * {@code TrainingLoop}: progress, metrics log, checkpoints and exact resume.
     */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return ClassifierTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link ClassifierEvaluation}): accuracy and cross-entropy on {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return ClassifierEvaluation.INSTANCE.evaluate(this, data);
    }

    void checkData(ImageDataset data) {
        InputShape s = config.input();
        if (s.channels() != 1 || data.height() != s.height() || data.width() != s.width()
                || data.numClasses() != config.numClasses()) {
            throw new IllegalArgumentException(name() + " takes " + s + " images of " + config.numClasses()
                    + " classes, found " + data);
        }
    }

    /** {@code x} as a float image batch {@code [n, c, h, w]}, checked for shape and finiteness. */
    private INDArray toImages(INDArray x) {
        InputShape s = config.input();
        if (x == null || (x.rank() != 2 && x.rank() != 4) || x.length() != x.size(0) * s.size()
                || (x.rank() == 4 && (x.size(1) != s.channels() || x.size(2) != s.height()))) {
            throw new IllegalArgumentException(name() + ": input must have shape [n, " + s.channels() + ", " + s.height()
                    + ", " + s.width() + "] or [n, " + s.size() + "], found "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        checkNotEmpty(x, "input");
        checkFinite(x, "input");
        INDArray f = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
        return f.reshape('c', x.size(0), s.channels(), s.height(), s.width());
    }
}
