package dev.genzoo.generative.rbm;

import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.Rbm;
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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bernoulli-Bernoulli restricted Boltzmann machine (Smolensky 1986; Hinton, "Training Products
 * of Experts by Minimizing Contrastive Divergence", 2002), trained by CD-k or persistent CD and
 * evaluated by annealed importance sampling (Salakhutdinov and Murray, ICML 2008). By default
 * 784 visible and 500 hidden units, the model of Salakhutdinov and Murray's MNIST table.
 *
 * <p>W, b and c are parameters of a DL4J {@link ComputationGraph} (see {@link RbmGraph}) so the
 * model saves and loads through the zoo's weight store; all RBM arithmetic runs on ND4J views of
 * those parameters. Sampling and training use the graph's float parameters; free energies, exact
 * and AIS partition functions use double-precision copies.
 */
public final class RestrictedBoltzmannMachine extends AbstractZooModel implements Rbm {
    /** Registry name. */
    public static final String NAME = "rbm";
    private static final Logger LOG = LoggerFactory.getLogger(RestrictedBoltzmannMachine.class);
    private static final long SAMPLE_SALT = 0x2545F4914F6CDD1DL;

    /** How the negative phase of the gradient is estimated. */
    public enum Training {
        /** Contrastive divergence CD-k: k Gibbs steps started at the data. */
        CD,
        /** Persistent contrastive divergence: k Gibbs steps continuing chains kept across updates. */
        PCD
    }

    /**
     * @param visibleSize      number of visible units (784 for 28x28 images)
     * @param hiddenSize       number of hidden units
     * @param training         CD or PCD
     * @param gibbsSteps       k, Gibbs steps of the negative phase per update
     * @param learningRate     ε, step size on the minibatch-mean gradient
     * @param momentum         μ in [0, 1)
     * @param weightDecay      λ, L2 decay on W (not on biases)
     * @param initStd          standard deviation of the initial weights N(0, initStd^2)
     * @param aisRuns          AIS runs used by {@link #evaluate}
     * @param aisDistributions intermediate distributions used by {@link #evaluate}
     * @param seed             seed of the initial weights, of {@link #fit(INDArray)} and of evaluation
     * @param decaySteps       τ of the learning-rate schedule ε_t = ε / (1 + t / τ) over updates t, the
     *                         decreasing step sizes that persistent CD's stochastic approximation needs
     *                         to settle (Younes 1989; Tieleman 2008 decays it too); 0, the default and
     *                         what a card written before the field existed reads as, keeps ε constant
     */
    public record Config(int visibleSize, int hiddenSize, Training training, int gibbsSteps, double learningRate,
            double momentum, double weightDecay, double initStd, int aisRuns, int aisDistributions, long seed,
            int decaySteps) {
        public Config {
            ConfigChecks.positive("visibleSize", visibleSize);
            ConfigChecks.positive("hiddenSize", hiddenSize);
            ConfigChecks.notNull("training", training);
            ConfigChecks.positive("gibbsSteps", gibbsSteps);
            ConfigChecks.positive("learningRate", learningRate);
            ConfigChecks.fraction("momentum", momentum);
            ConfigChecks.nonNegative("weightDecay", weightDecay);
            ConfigChecks.positive("initStd", initStd);
            ConfigChecks.atLeast("aisRuns", aisRuns, 2);
            ConfigChecks.positive("aisDistributions", aisDistributions);
            ConfigChecks.nonNegative("decaySteps", decaySteps);
        }

        /**
         * 784-500, CD-1, learning rate 0.05, momentum 0.5, weight decay 2e-4, initial weights
         * N(0, 0.01^2) (Hinton's guide); evaluation by AIS with 100 runs and 10,000 intermediate
         * distributions.
         */
        public static Config defaults() {
            return new Config(784, 500, Training.CD, 1, 0.05, 0.5, 2e-4, 0.01, 100, 10_000, 42, 0);
        }

        public Config withSizes(int visible, int hidden) {
            return new Config(visible, hidden, training, gibbsSteps, learningRate, momentum, weightDecay, initStd,
                    aisRuns, aisDistributions, seed, decaySteps);
        }

        /** CD-k or PCD-k. */
        public Config withTraining(Training t, int k) {
            return new Config(visibleSize, hiddenSize, t, k, learningRate, momentum, weightDecay, initStd, aisRuns,
                    aisDistributions, seed, decaySteps);
        }

        public Config withLearningRate(double lr) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, lr, momentum, weightDecay, initStd,
                    aisRuns, aisDistributions, seed, decaySteps);
        }

        public Config withMomentum(double m) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, m, weightDecay, initStd,
                    aisRuns, aisDistributions, seed, decaySteps);
        }

        public Config withWeightDecay(double d) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, momentum, d, initStd,
                    aisRuns, aisDistributions, seed, decaySteps);
        }

        public Config withInitStd(double s) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, momentum, weightDecay, s,
                    aisRuns, aisDistributions, seed, decaySteps);
        }

        public Config withAis(int runs, int distributions) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, momentum, weightDecay,
                    initStd, runs, distributions, seed, decaySteps);
        }

        /** The learning-rate schedule ε / (1 + t / τ); 0 keeps it constant. */
        public Config withDecaySteps(int tau) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, momentum, weightDecay,
                    initStd, aisRuns, aisDistributions, seed, tau);
        }

        public Config withSeed(long s) {
            return new Config(visibleSize, hiddenSize, training, gibbsSteps, learningRate, momentum, weightDecay,
                    initStd, aisRuns, aisDistributions, s, decaySteps);
        }
    }

    private final Config config;
    private final ComputationGraph graph;
    private final RbmWeights weights;
    private ContrastiveDivergence trainer;

    private RestrictedBoltzmannMachine(Config config, ComputationGraph graph) {
        super(NAME, config, InputShape.flat(config.visibleSize()));
        this.config = config;
        this.graph = graph;
        RbmGraph.check(graph, config.visibleSize(), config.hiddenSize());
        this.weights = RbmGraph.views(graph);
    }

    /** A new, untrained model: W ~ N(0, initStd^2), zero biases. */
    public static RestrictedBoltzmannMachine create(Config c) {
        return new RestrictedBoltzmannMachine(c,
                RbmGraph.create(c.visibleSize(), c.hiddenSize(), c.initStd(), c.seed()));
    }

    /** The model of {@code c} around a restored graph (role {@code "graph"}). */
    static RestrictedBoltzmannMachine restore(Config c, Map<String, Model> networks) {
        if (networks.size() != 1) {
            throw new IllegalArgumentException(NAME + ": expected one network (role 'graph'), found " + networks.keySet());
        }
        return new RestrictedBoltzmannMachine(c, Networks.singleGraph(NAME, networks));
    }

    /** The registry entry. */
    public static ZooEntry<Config, RestrictedBoltzmannMachine> entry() {
        return ZooEntry.<Config, RestrictedBoltzmannMachine>builder().setName(NAME).setFamily(Family.RBM)
                .setConfig(Config.class, Config.defaults())
                .setFactory(RestrictedBoltzmannMachine::create)
                .setRestorer(RestrictedBoltzmannMachine::restore)
                .optDescription("Bernoulli-Bernoulli RBM, 784-500, CD-k / PCD training, AIS log-likelihood"
                        + " (Salakhutdinov & Murray 2008)")
                .optTags("rbm", "energy-based", "likelihood")
                .optReference("https://www.cs.toronto.edu/~rsalakhu/papers/dbn_ais.pdf")
                .optTraining(RbmTraining.INSTANCE).optEvaluation(RbmEvaluation.INSTANCE)
                .optHeadlineMetrics("ais_log_likelihood_nats", "reconstruction_sse")
                .optVariant("mnist", "classpath:genzoo/models/rbm/mnist/")
                .optComparison("mnist", "AIS -86.3 nats (CD-25), about -125 (CD-1), Salakhutdinov & Murray 2008; target >= -95; PCD-1 for 400"
                        + " epochs with a decaying rate; 150 gave -99.6, 800 -97.1 (no gain), 30 at a constant rate -113.8,"
                        + " CD-1 for 10 -168.3")
                .optVariant("fashion-mnist", "classpath:genzoo/models/rbm/fashion-mnist/")
                .optComparison("fashion-mnist", "statically binarized Fashion-MNIST; no standard published AIS figure; Gibbs samples mix poorly (mostly bag shapes)")
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

    /** The DL4J graph holding the parameters; its outputs are p(h|v) and p(v|h) (see the package notes). */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public int visibleSize() {
        return config.visibleSize();
    }

    @Override
    public int hiddenSize() {
        return config.hiddenSize();
    }

    /** A copy of W, {@code [visibleSize, hiddenSize]}. */
    public INDArray weights() {
        return weights.w().dup();
    }

    /** A copy of the visible bias b, {@code [visibleSize]}. */
    public INDArray visibleBias() {
        return weights.b().dup().reshape(visibleSize());
    }

    /** A copy of the hidden bias c, {@code [hiddenSize]}. */
    public INDArray hiddenBias() {
        return weights.c().dup().reshape(hiddenSize());
    }

    /** The live parameter views (package-private: tests set parameters through them). */
    RbmWeights parameters() {
        return weights;
    }

    // ---------------------------------------------------------------- inference

    @Override
    public INDArray hiddenProbabilities(INDArray visible) {
        return weights.hiddenProbabilities(toNetwork(checkVisible(visible)));
    }

    @Override
    public INDArray visibleProbabilities(INDArray hidden) {
        return weights.visibleProbabilities(toNetwork(checkHidden(hidden)));
    }

    @Override
    public INDArray freeEnergy(INDArray visible) {
        return weights.toDouble().freeEnergy(checkVisible(visible).castTo(DataType.DOUBLE));
    }

    @Override
    public INDArray gibbs(INDArray visible, int steps, long seed) {
        checkVisible(visible);
        ConfigChecks.positive("steps", steps);
        Random rng = newRandom(seed);
        try {
            INDArray v = toNetwork(visible);
            for (int s = 1; s < steps; s++) {
                v = weights.gibbsStep(v, rng);
            }
            return weights.visibleProbabilities(RbmWeights.bernoulli(weights.hiddenProbabilities(v), rng));
        } finally {
            RbmWeights.close(rng);
        }
    }

    @Override
    public INDArray sample(int n, int steps, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": the number of samples n must be >= 1, found " + n);
        }
        return gibbs(sampleStates(n, 0, seed ^ SAMPLE_SALT), steps, seed);
    }

    /**
     * Binary visible states after {@code steps} Gibbs steps (0 allowed) from uniformly random
     * states, {@code [n, visibleSize()]}: draws from the model's distribution as steps grow.
     */
    public INDArray sampleStates(int n, int steps, long seed) {
        ConfigChecks.positive("n", n);
        ConfigChecks.atLeast("steps", steps, 0);
        Random rng = newRandom(seed);
        try {
            INDArray v = RbmWeights.bernoulli(Nd4j.valueArrayOf(new long[] {n, visibleSize()}, 0.5,
                    weights.dataType()), rng);
            for (int s = 0; s < steps; s++) {
                v = weights.gibbsStep(v, rng);
            }
            return v;
        } finally {
            RbmWeights.close(rng);
        }
    }

    @Override
    public LogPartition estimateLogPartition(int runs, int intermediateDistributions, INDArray baseMarginals,
            long seed) {
        INDArray base;
        if (baseMarginals == null) {
            base = Transforms.sigmoid(weights.b().castTo(DataType.DOUBLE), true);
        } else {
            if (baseMarginals.length() != visibleSize()) {
                throw new IllegalArgumentException(NAME + ": baseMarginals must hold " + visibleSize()
                        + " probabilities, found shape " + Arrays.toString(baseMarginals.shape()));
            }
            checkUnitInterval(baseMarginals, "baseMarginals");
            base = baseMarginals;
        }
        return AnnealedImportanceSampling.estimate(weights, base, runs, intermediateDistributions, seed);
    }

    /**
     * Exact log Z by enumerating the smaller layer.
     *
     * @throws IllegalStateException when both layers have more than 20 units
     */
    public double exactLogPartition() {
        return ExactPartition.logPartition(weights.toDouble());
    }

    /**
     * Exact log p(v) of all 2^V visible states, {@code [2^visibleSize()]}; index = sum_i v_i 2^i.
     *
     * @throws IllegalStateException when there are more than 20 visible units
     */
    public INDArray exactLogProbabilities() {
        return ExactPartition.logProbabilities(weights.toDouble());
    }

    // ---------------------------------------------------------------- training

    /** One CD/PCD update on a minibatch {@code [n, visibleSize()]} with the model's own generator (seeded by the config). */
    public void fit(INDArray batch) {
        INDArray x = toNetwork(checkVisible(batch));
        if (trainer == null) {
            trainer = new ContrastiveDivergence(weights, config, config.seed());
        }
        trainer.step(x);
    }

    /**
     * {@code epochs} passes over the rows of {@code data} in minibatches, reshuffled each epoch from
     * {@code seed} (which also seeds the Gibbs chains). Momentum and persistent chains start afresh.
     *
     * @return per epoch, the mean squared error of the mean-field reconstructions per example
     */
    public TrainingReport fit(INDArray data, int epochs, int batchSize, long seed) {
        INDArray x = toNetwork(checkVisible(data));
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("batchSize", batchSize);
        int n = (int) x.size(0);
        restartTrainer(seed);
        List<Double> losses = new ArrayList<>();
        long steps = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            int[] order = permutation(n, new java.util.Random(seed * 31 + e));
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                sum += trainer.step(x.getRows(rows));
                steps++;
            }
            losses.add(sum / n);
        }
        return new TrainingReport(losses, (System.nanoTime() - t0) / 1e9, steps, n);
    }

    /**
     * Trains through the family's recipe ({@link RbmTraining}) and {@code TrainingLoop}: dynamically
     * binarized images, CD-k or PCD steps, progress, metrics log, checkpoints (with the momentum and
     * persistent chains) and exact resume.
     */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return RbmTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link RbmEvaluation}): the AIS log-likelihood on {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return RbmEvaluation.INSTANCE.evaluate(this, data);
    }

    /** The parameters as views into the graph. */
    RbmWeights parameterViews() {
        return weights;
    }

    /** A new CD/PCD trainer on this model's parameters, its chains seeded with {@code seed}. */
    ContrastiveDivergence newTrainer(long seed) {
        return new ContrastiveDivergence(weights, config, seed);
    }

    /** Sets the visible biases to logit(p) of pixel marginals {@code p} ({@code [visibleSize()]}), clipped to [0.001, 0.999]. */
    public void initVisibleBias(INDArray marginals) {
        if (marginals.length() != visibleSize()) {
            throw new IllegalArgumentException(NAME + ": marginals must hold " + visibleSize() + " values, found "
                    + marginals.length());
        }
        checkUnitInterval(marginals, "marginals");
        INDArray p = Transforms.min(Transforms.max(marginals.castTo(DataType.DOUBLE), 1e-3, true), 1 - 1e-3, false);
        weights.b().assign(Transforms.log(p.div(p.rsub(1.0)), false).reshape(weights.b().shape()));
    }

    static INDArray pixelMeans(ImageDataset data, int count) {
        double[] sum = new double[data.pixelCount()];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < sum.length; p++) {
                sum[p] += data.pixel(i, p);
            }
        }
        for (int p = 0; p < sum.length; p++) {
            sum[p] /= 255.0 * count;
        }
        return Nd4j.createFromArray(sum);
    }

    private void restartTrainer(long seed) {
        if (trainer != null) {
            trainer.close();
        }
        trainer = new ContrastiveDivergence(weights, config, seed);
    }

    private static int[] permutation(int n, java.util.Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ---------------------------------------------------------------- checks

    private static Random newRandom(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    INDArray toNetwork(INDArray a) {
        return a.dataType() == weights.dataType() ? a : a.castTo(weights.dataType());
    }

    INDArray checkVisible(INDArray v) {
        checkBatch(v, visibleSize(), "visible");
        checkUnitInterval(v, "visible");
        return v;
    }

    private INDArray checkHidden(INDArray h) {
        checkBatch(h, hiddenSize(), "hidden");
        checkUnitInterval(h, "hidden");
        return h;
    }

    private void checkBatch(INDArray a, int size, String what) {
        checkRows(a, size, what + " input");
    }

    private static void checkUnitInterval(INDArray a, String what) {
        double min = a.minNumber().doubleValue();
        double max = a.maxNumber().doubleValue();
        if (min < 0 || max > 1) {
            throw new IllegalArgumentException(NAME + ": " + what + " values must lie in [0, 1] (binary states or"
                    + " probabilities), found range [" + min + ", " + max + "]");
        }
    }
}
