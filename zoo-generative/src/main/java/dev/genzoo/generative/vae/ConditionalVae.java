package dev.genzoo.generative.vae;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.Vae;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conditional VAE (Sohn, Lee and Yan, "Learning Structured Output Representation using Deep
 * Conditional Generative Models", NeurIPS 2015; Kingma et al. 2014 M2 without the classifier):
 * one-hot labels are concatenated to the encoder's input and to the code, so q(z|x, y) and
 * p(x|z, y) and the graph has two inputs, {@code x} and {@code y}. Train with an iterator whose
 * labels are one-hot ({@code Target.LABELS}) or with {@link #fit(INDArray, INDArray)}.
 */
public final class ConditionalVae extends GraphVae implements Vae.Conditional {
    /** Registry name. */
    public static final String NAME = "cvae-mlp";

    /**
     * @param inputSize          values per example
     * @param numClasses         classes of the one-hot labels
     * @param hidden             encoder hidden sizes (the decoder mirrors them)
     * @param latentSize         size of z
     * @param decoder            p(x|z, y)
     * @param beta               KL weight
     * @param klWarmUpIterations KL warm-up iterations, 0 for none
     * @param learningRate       Adam learning rate
     * @param seed               initialisation seed, also seeds evaluation noise
     */
    public record Config(int inputSize, int numClasses, List<Integer> hidden, int latentSize,
            DecoderDistribution decoder, double beta, int klWarmUpIterations, double learningRate, long seed) {
        public Config {
            ConfigChecks.positive("inputSize", inputSize);
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
            }
            hidden = ConfigChecks.sizes("hidden", hidden);
            ConfigChecks.positive("latentSize", latentSize);
            ConfigChecks.notNull("decoder", decoder);
            ConfigChecks.nonNegative("beta", beta);
            ConfigChecks.nonNegative("klWarmUpIterations", klWarmUpIterations);
            ConfigChecks.learningRate(learningRate);
        }

        /** 784 (+10 labels)-512-20 with a Bernoulli decoder, Adam 1e-3. */
        public static Config defaults() {
            return new Config(784, 10, List.of(512), 20, DecoderDistribution.BERNOULLI, 1.0, 0, 1e-3, 42);
        }

        public Config withHidden(List<Integer> h) {
            return new Config(inputSize, numClasses, h, latentSize, decoder, beta, klWarmUpIterations, learningRate,
                    seed);
        }

        public Config withLatentSize(int d) {
            return new Config(inputSize, numClasses, hidden, d, decoder, beta, klWarmUpIterations, learningRate, seed);
        }

        public Config withBeta(double b) {
            return new Config(inputSize, numClasses, hidden, latentSize, decoder, b, klWarmUpIterations, learningRate,
                    seed);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, numClasses, hidden, latentSize, decoder, beta, klWarmUpIterations,
                    learningRate, s);
        }

        VaeArchitecture architecture() {
            return new VaeArchitecture(new MlpBody(inputSize, hidden), latentSize, numClasses, decoder, beta,
                    klWarmUpIterations, learningRate, seed, WeightInit.XAVIER, 0);
        }
    }

    private final int numClasses;

    private ConditionalVae(Config c, ComputationGraph restored) {
        super(NAME, c, InputShape.flat(c.inputSize()), c.architecture(), restored);
        this.numClasses = c.numClasses();
    }

    /** A new, untrained model. */
    public static ConditionalVae create(Config c) {
        return new ConditionalVae(c, null);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** One optimisation step on a batch and its one-hot labels. */
    public void fit(INDArray x, INDArray labels) {
        fitBatch(x, labels);
    }

    /** Mean training loss per example with z at the posterior mean. */
    public double score(INDArray x, INDArray labels) {
        return lossAtMean(x, labels);
    }

    @Override
    public INDArray posteriorMean(INDArray x, INDArray labels) {
        return posterior(x, labels)[0];
    }

    @Override
    public INDArray posteriorLogVariance(INDArray x, INDArray labels) {
        return posterior(x, labels)[1];
    }

    @Override
    public INDArray decode(INDArray z, INDArray labels) {
        return decodeWith(z, labels);
    }

    @Override
    public INDArray sample(INDArray labels, long seed) {
        if (labels == null) {
            throw new IllegalArgumentException(NAME + ": labels must be one-hot [n, " + numClasses + "], found null");
        }
        return sampleWith((int) labels.size(0), labels, seed);
    }

    /** {@code n} samples whose labels cycle through the classes: 0, 1, ..., numClasses - 1, 0, ... */
    @Override
    public INDArray sample(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": the number of samples n must be >= 1, found " + n);
        }
        return sample(cyclicLabels(n, numClasses), seed);
    }

    /** One-hot labels {@code [n, classes]} with row i of class {@code i % classes}. */
    public static INDArray cyclicLabels(int n, int classes) {
        INDArray labels = Nd4j.zeros(n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % classes, 1.0);
        }
        return labels;
    }

    @Override
    public INDArray elbo(INDArray x, INDArray labels, int samples) {
        return elboWith(x, labels, samples);
    }

    @Override
    public INDArray logLikelihood(INDArray x, INDArray labels, int k) {
        return logLikelihoodWith(x, labels, k);
    }

    /** The registry entry. */
    public static ZooEntry<Config, ConditionalVae> entry() {
        return ZooEntry.<Config, ConditionalVae>builder().setName(NAME).setFamily(Family.VAE)
                .setConfig(Config.class, Config.defaults())
                .setFactory(ConditionalVae::create)
                .setRestorer((c, nets) -> new ConditionalVae(c, Networks.singleGraph(NAME, nets)))
                .optDescription("Class-conditional dense VAE, 784+10 labels, latent 20 (Sohn et al. 2015)")
                .optTags("mlp", "vae", "conditional", "likelihood")
                .optReference("https://papers.nips.cc/paper/5775-learning-structured-output-representation-using-deep-conditional-generative-models")
                .optTraining(VaeTraining.INSTANCE).optEvaluation(VaeEvaluation.INSTANCE)
                .optHeadlineMetrics("neg_elbo_nats", "nll_is_k1000_nats", "fid", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/cvae-mlp/mnist/")
                .optComparison("mnist", "conditional ELBO (labels given); no published figure at this size")
                .optVariant("fashion-mnist", "classpath:genzoo/models/cvae-mlp/fashion-mnist/")
                .optComparison("fashion-mnist", "conditional ELBO (labels given), dynamically binarized; no published figure at this size")
                .build();
    }
}
