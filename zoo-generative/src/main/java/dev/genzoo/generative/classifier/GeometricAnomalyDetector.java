package dev.genzoo.generative.classifier;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.Networks;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.engine.GraphInference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One-class anomaly detection by geometric transformations — Golan &amp; El-Yaniv 2018, "Deep
 * Anomaly Detection Using Geometric Transformations" (https://arxiv.org/abs/1805.10917): a
 * classifier learns, on images of the normal class only, which of K transformations
 * ({@link GeometricTransforms}: rotations, flips, shifts) was applied to an image. On normal images
 * it becomes confident; on images unlike them it cannot tell the transformations apart as well. The
 * anomaly score is the mean over the K transformations of {@code -log p(t | T_t(x))}, the simple
 * score of Hendrycks et al. 2019 (https://arxiv.org/abs/1906.12340), which those authors found on
 * par with the paper's Dirichlet score.
 *
 * <p>The classifier is the zoo's LeNet-style CNN ({@link CnnClassifier.Config#graph()}) with K
 * outputs. Train it with {@code genzoo train geometric-ad --only-class K}; {@code genzoo anomaly}
 * then reports the one-class AUROC, and {@code dev/one-class-auroc.sh} the ten-class benchmark.
 */
public final class GeometricAnomalyDetector extends AbstractZooModel implements AnomalyScoring, Classifier {
    /** Registry name. */
    public static final String NAME = "geometric-ad";
    /** The classifier's dense layer (as {@code CnnClassifier} names it). */
    private static final String FEATURES = "features";
    /** Smallest probability a log is taken of (a score stays finite when the classifier is certain and wrong). */
    static final double MIN_PROBABILITY = 1e-12;
    /** Images per inference chunk (each taken under every transformation). */
    private static final int IMAGES_PER_CHUNK = 32;
    /**
     * Rows (transformed images) per inference pass: a chunk's 32 x 72 = 2,304 rows in one pass held
     * patch matrices of half a gigabyte, and a training run that scores the test split peaked at 5 GB.
     */
    static final int PASS_ROWS = 256;

    /**
     * @param input        image shape (square for rotations); as {@link CnnClassifier.Config}
     * @param transforms   the transformations told apart; their count is the classifier's classes
     * @param channels     feature maps of the two convolutions
     * @param featureSize  units of the dense layer
     * @param dropout      dropout before the output layer, in [0, 1)
     * @param batchNorm    batch normalisation after each convolution
     * @param learningRate Adam learning rate
     * @param seed         initialisation seed
     */
    public record Config(InputShape input, GeometricTransforms transforms, List<Integer> channels, int featureSize,
            double dropout, boolean batchNorm, double learningRate, long seed) {
        public Config {
            if (transforms == null) {
                throw new IllegalArgumentException("transforms must be set, found null");
            }
            channels = channels == null ? null : List.copyOf(channels);
            classifier(input, transforms, channels, featureSize, dropout, batchNorm, learningRate, seed);
        }

        /** 1x28x28, the paper's 72 transformations, maps 32 and 64, 128 features, no dropout, no batch norm, Adam 1e-3. */
        public static Config defaults() {
            return new Config(InputShape.MNIST, GeometricTransforms.paper28(), List.of(32, 64), 128, 0.0, false, 1e-3,
                    42);
        }

        /** The classifier's config (validating the shared fields). */
        CnnClassifier.Config classifier() {
            return classifier(input, transforms, channels, featureSize, dropout, batchNorm, learningRate, seed);
        }

        private static CnnClassifier.Config classifier(InputShape input, GeometricTransforms transforms,
                List<Integer> channels, int featureSize, double dropout, boolean batchNorm, double learningRate,
                long seed) {
            return new CnnClassifier.Config(input, transforms.count(), channels, featureSize, dropout, batchNorm,
                    Augmentation.NONE, learningRate, seed);
        }
    }

    private final Config config;
    private final ComputationGraph graph;
    /** The engine's inference pass for scoring (see {@link #forward}). */
    private final GraphInference inference;

    private GeometricAnomalyDetector(Config config, ComputationGraph restored) {
        super(NAME, config, config.input());
        this.config = config;
        if (restored == null) {
            restored = new ComputationGraph(config.classifier().graph());
            restored.init();
        } else if (restored.getNumInputArrays() != 1 || restored.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException(NAME + ": the restored graph must have one input and one output");
        }
        this.graph = restored;
        this.inference = new GraphInference(restored);
    }

    /** An untrained detector. */
    public static GeometricAnomalyDetector create(Config config) {
        return new GeometricAnomalyDetector(config, null);
    }

    /** The registry entry. */
    public static ZooEntry<Config, GeometricAnomalyDetector> entry() {
        return ZooEntry.<Config, GeometricAnomalyDetector>builder().setName(NAME).setFamily(Family.CLASSIFIER)
                .setConfig(Config.class, Config.defaults())
                .setFactory(GeometricAnomalyDetector::create)
                .setRestorer((c, nets) -> new GeometricAnomalyDetector(c, Networks.singleGraph(NAME, nets)))
                .optDescription("One-class anomaly detector: a CNN told which of 72 rotations, flips and shifts was"
                        + " applied to a normal image; anomaly score -mean log p(t | T_t(x))")
                .optTags("conv", "anomaly", "one-class", "images")
                .optReference("https://arxiv.org/abs/1805.10917")
                .optTraining(GeometricTraining.INSTANCE).optEvaluation(GeometricEvaluation.INSTANCE)
                .optHeadlineMetrics("transform_accuracy", "mean_anomaly_score")
                .build();
    }

    /** A classifier (of transformations), used for its anomaly score. */
    @Override
    public Family family() {
        return Family.CLASSIFIER;
    }

    /** The transformations told apart. */
    @Override
    public int numClasses() {
        return config.transforms().count();
    }

    /** For each image as given, the probability of each transformation having been applied to it: {@code [n, K]}. */
    @Override
    public INDArray predict(INDArray x) {
        return forward(toImages(x).dup('c')); // in passes of PASS_ROWS images
    }

    @Override
    public int featureSize() {
        return config.featureSize();
    }

    /** The dense layer's activations on each image as given. */
    @Override
    public INDArray features(INDArray x) {
        INDArray images = toImages(x);
        return graph.feedForward(new INDArray[] {images}, false, false).get(FEATURES).detach();
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Map<String, Model> networks() {
        return Networks.single(graph);
    }

    /** The DL4J graph: transformed image to transformation probabilities. */
    public ComputationGraph graph() {
        return graph;
    }

    /**
     * {@code [n, K]}: for each image and transformation t, the probability the classifier gives to t
     * on the image under t.
     */
    public INDArray transformProbabilities(INDArray x) {
        INDArray images = toImages(x);
        int k = config.transforms().count();
        long n = images.size(0);
        float[] result = new float[(int) n * k];
        for (long from = 0; from < n; from += IMAGES_PER_CHUNK) {
            long to = Math.min(n, from + IMAGES_PER_CHUNK);
            INDArray chunk = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            // rows (image i, transformation t), image-major; column t of row (i, t) is p(t | T_t(x_i))
            float[] p = forward(config.transforms().applyAll(chunk)).castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < to - from; i++) {
                for (int t = 0; t < k; t++) {
                    result[(int) (from + i) * k + t] = p[(i * k + t) * k + t];
                }
            }
        }
        return Nd4j.create(result, new long[] {n, k}, 'c');
    }

    /**
     * Class probabilities of transformed images, through the engine's inference pass (several
     * times faster than DL4J's {@code output} on convolutions, equal to it to float rounding:
     * {@code InferencePassTest}), or DL4J's where the engine does not run the graph; in equal passes
     * of {@value #PASS_ROWS} rows, so that the pass's buffers stay small and keep their shape.
     */
    INDArray forward(INDArray images) {
        return inference.outputInPasses(PASS_ROWS, images)[0];
    }

    /** Mean over the transformations of {@code -log p(t | T_t(x))}, per image; higher is more anomalous. */
    @Override
    public INDArray anomalyScore(INDArray x) {
        INDArray p = transformProbabilities(x).castTo(DataType.DOUBLE);
        INDArray logs = org.nd4j.linalg.ops.transforms.Transforms.log(
                org.nd4j.linalg.ops.transforms.Transforms.max(p, MIN_PROBABILITY, false), false);
        return logs.mean(1).negi();
    }

    /** {@code x} as a float image batch {@code [n, c, h, w]}, checked. */
    INDArray toImages(INDArray x) {
        InputShape s = config.input();
        if (x == null || (x.rank() != 2 && x.rank() != 4) || x.length() != x.size(0) * s.size()
                || (x.rank() == 4 && (x.size(1) != s.channels() || x.size(2) != s.height()))) {
            throw new IllegalArgumentException(NAME + ": input must have shape [n, " + s.channels() + ", " + s.height()
                    + ", " + s.width() + "] or [n, " + s.size() + "], found "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        checkNotEmpty(x, "input");
        checkFinite(x, "input");
        INDArray f = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
        return f.reshape('c', x.size(0), s.channels(), s.height(), s.width());
    }

    void checkData(ImageDataset data) {
        InputShape s = config.input();
        if (s.channels() != 1 || data.height() != s.height() || data.width() != s.width()) {
            throw new IllegalArgumentException(NAME + " takes " + s + " images, found " + data);
        }
    }
}
