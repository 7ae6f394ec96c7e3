package dev.genzoo.generative.vae;

import dev.genzoo.core.nn.SeededNormal;
import dev.genzoo.core.eval.Likelihood;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.Networks;
import dev.genzoo.engine.EngineOptions;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.engine.GraphInference;
import dev.genzoo.engine.RowPasses;
import java.util.Optional;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.LatentPaths;
import dev.genzoo.core.model.Vae;
import dev.genzoo.core.nn.KlWarmUpListener;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Common behaviour of the zoo's VAEs: one trained {@link ComputationGraph} (see
 * {@link VaeArchitecture}) plus an encoder-only and a decoder-only graph with the same layer names,
 * whose parameters are copied from the trained graph before use. Training goes through the family's
 * recipe ({@link VaeTraining}: the engine's {@code FastGraphTrainer} for the MLP VAEs, DL4J's
 * {@code fit} for the convolutional one); evaluation (ELBO, importance sampling) runs the encoder once and
 * the decoder on batches of posterior samples, with the probability arithmetic in double
 * precision.
 */
public abstract class GraphVae extends AbstractZooModel implements Vae {

    /** Rows per decoder call during sampling-based evaluation of a dense decoder (memory is rows x input size). */
    private static final int CHUNK_ROWS = 4096;
    /**
     * The same for a convolutional decoder, whose transposed convolutions hold a patch matrix per call:
     * for 4,096 rows the 14 -> 28 one alone was 1.6 GB, and the evaluation's process grew past 7 GB.
     */
    private static final int IMAGE_CHUNK_ROWS = 500;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final long EVAL_SALT = 0x9E3779B97F4A7C15L;

    private final VaeArchitecture arch;
    private final long seed;
    private final ComputationGraph graph;
    private final ComputationGraph encoder;
    private final ComputationGraph decoder;
    /** The engine's inference pass over {@link #decoder}, created on first use (null where it does not run it). */
    private final GraphInference decoderInference;

    /**
     * @param restored the trained graph restored from an artifact, or null for a fresh one
     */
    protected GraphVae(String name, Record config, InputShape inputShape, VaeArchitecture arch,
            ComputationGraph restored) {
        super(name, config, inputShape);
        this.arch = arch;
        this.seed = arch.seed();
        if (restored == null) {
            restored = new ComputationGraph(arch.trainingGraph());
            restored.init();
        }
        this.graph = restored;
        this.encoder = new ComputationGraph(arch.encoderGraph());
        this.encoder.init();
        this.decoder = new ComputationGraph(arch.decoderGraph());
        this.decoder.init();
        this.decoderInference = new GraphInference(decoder);
        long shared = countParams(arch.encoderLayers()) + countParams(arch.decoderLayers());
        if (shared != graph.numParams()) {
            throw new IllegalArgumentException(name() + ": the graph has " + graph.numParams()
                    + " parameters but its encoder and decoder layers hold " + shared
                    + "; the network does not match the configuration " + config);
        }
        graph.addListeners(new KlWarmUpListener());
    }

    @Override
    public int latentSize() {
        return arch.latentSize();
    }

    /** The decoder distribution p(x|z). */
    public DecoderDistribution decoderDistribution() {
        return arch.likelihood();
    }

    /** The trained DL4J graph: outputs {@code "recon"} (-log p(x|z)) and {@code "kl"} (beta KL). */
    public ComputationGraph graph() {
        return graph;
    }

    VaeArchitecture arch() {
        return arch;
    }

    @Override
    public Map<String, Model> networks() {
        return Networks.single(graph);
    }

    // ---------------------------------------------------------------- training

    /**
     * Trains for {@code epochs} passes over {@code data}. An unconditional VAE reconstructs the
     * features (labels ignored); a conditional one needs one-hot labels ({@code Target.LABELS}).
     */
    public void fit(DataSetIterator data, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        var trainer = fastTrainer();
        if (trainer.isPresent()) {
            trainer.get().fit(new VaeTrainingData(this, data), epochs);
        } else {
            graph.fit(new VaeTrainingData(this, data), epochs);
        }
    }

    private Optional<FastGraphTrainer> fast;
    private EngineOptions fastOptions;

    /** {@link #fastTrainer(EngineOptions)} with the engine's default switches. */
    public Optional<FastGraphTrainer> fastTrainer() {
        return fastTrainer(EngineOptions.defaults());
    }

    /**
     * The engine's trainer for the training graph ({@link FastGraphTrainer}: same maths as
     * {@code graph.fit}, fewer native calls; the convolutional VAE included), or empty for a graph
     * it does not run, which trains through {@code fit}.
     */
    public synchronized Optional<FastGraphTrainer> fastTrainer(EngineOptions options) {
        if (fast == null || !options.equals(fastOptions)) {
            fast = FastGraphTrainer.of(graph, options);
            fastOptions = options;
        }
        return fast;
    }

    /**
     * The training graph's data for a batch: features {@code x} (and {@code labels}), targets
     * {@code x} flattened and zeros for the KL output. For custom loops over {@link #graph()}.
     */
    public org.nd4j.linalg.dataset.MultiDataSet trainingData(INDArray x, INDArray labels) {
        checkInput(x);
        long n = x.size(0);
        checkLabels(labels, n);
        INDArray xs = toNetwork(x);
        INDArray target = xs.reshape('c', n, inputShape().size());
        INDArray[] features = labels == null ? new INDArray[] {xs} : new INDArray[] {xs, toNetwork(labels)};
        INDArray[] targets = {target, Nd4j.zeros(target.dataType(), n, 2L * latentSize())};
        return new org.nd4j.linalg.dataset.MultiDataSet(features, targets);
    }

    /**
     * Trains through the family's recipe ({@link VaeTraining}) and {@code TrainingLoop}: dynamically
     * binarized images, progress, metrics log, checkpoints and resume as the options say.
     */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return VaeTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link VaeEvaluation}): the negative ELBO on the whole of {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return VaeEvaluation.INSTANCE.evaluate(this, data);
    }

    /** One optimisation step on a batch. */
    protected void fitBatch(INDArray x, INDArray labels) {
        var trainer = fastTrainer();
        if (trainer.isPresent()) {
            trainer.get().fit(trainingData(x, labels));
        } else {
            graph.fit(trainingData(x, labels));
        }
    }

    /**
     * The training loss on a batch, mean per example: -log p(x|z) + beta_t KL with z at the
     * posterior mean (the graph at inference). With beta = 0 it is the reconstruction loss of an
     * autoencoder whose code is the posterior mean.
     */
    protected double lossAtMean(INDArray x, INDArray labels) {
        return graph.score(trainingData(x, labels), false);
    }

    // ---------------------------------------------------------------- inference

    /** The code of an unconditional VAE ({@code Encoding}): the posterior mean. */
    public INDArray encode(INDArray x) {
        return posteriorMean(x);
    }

    @Override
    public INDArray reconstruct(INDArray x) {
        return decode(posteriorMean(x));
    }

    @Override
    public INDArray anomalyScore(INDArray x) {
        return elbo(x).neg();
    }

    @Override
    public INDArray posteriorMean(INDArray x) {
        return posterior(x, null)[0];
    }

    @Override
    public INDArray posteriorLogVariance(INDArray x) {
        return posterior(x, null)[1];
    }

    @Override
    public INDArray decode(INDArray z) {
        return decodeWith(z, null);
    }

    @Override
    public INDArray sample(int n, long seed) {
        return sampleWith(n, null, seed);
    }

    @Override
    public INDArray elbo(INDArray x, int samples) {
        return elboWith(x, null, samples);
    }

    @Override
    public INDArray logLikelihood(INDArray x, int k) {
        return logLikelihoodWith(x, null, k);
    }

    @Override
    public INDArray interpolate(INDArray a, INDArray b, int steps, boolean spherical) {
        checkSingle("a", a);
        checkSingle("b", b);
        INDArray za = posteriorMean(a);
        INDArray zb = posteriorMean(b);
        return decode(spherical ? LatentPaths.spherical(za, zb, steps) : LatentPaths.linear(za, zb, steps));
    }

    @Override
    public INDArray traverse(INDArray x, int dimension, double from, double to, int steps) {
        checkSingle("x", x);
        return decode(LatentPaths.traversal(posteriorMean(x), dimension, from, to, steps));
    }

    /** Posterior mean and log-variance, each {@code [n, latentSize()]} in the network's data type. */
    protected INDArray[] posterior(INDArray x, INDArray labels) {
        checkInput(x);
        checkLabels(labels, x.size(0));
        copyParams(encoder, arch.encoderLayers());
        INDArray[] in = labels == null ? new INDArray[] {toNetwork(x)}
                : new INDArray[] {toNetwork(x), toNetwork(labels)};
        INDArray[] out = encoder.output(false, in);
        return new INDArray[] {out[0].detach(), out[1].detach()};
    }

    /** Mean of p(x|z[, y]) in input shape. */
    protected INDArray decodeWith(INDArray z, INDArray labels) {
        checkCodes(z);
        checkLabels(labels, z.size(0));
        copyParams(decoder, arch.decoderLayers());
        return toInputShape(arch.likelihood().mean(decoderOutput(toNetwork(z), labels == null ? null
                : toNetwork(labels))));
    }

    /** {@code n} prior codes drawn with {@code seed}, decoded under {@code labels} (or none). */
    protected INDArray sampleWith(int n, INDArray labels, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": the number of samples n must be >= 1, found " + n);
        }
        return decodeWith(toNetwork(SeededNormal.matrix(seed, n, latentSize(),
                DataType.DOUBLE)), labels);
    }

    /** Per-example ELBO: mean over samples of log p(x|z) minus the closed-form KL, in nats. */
    protected INDArray elboWith(INDArray x, INDArray labels, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, found " + samples);
        }
        Sampled s = drawAndScore(x, labels, samples);
        int n = s.logPxz.length;
        double[] elbo = new double[n];
        for (int i = 0; i < n; i++) {
            double rec = 0;
            for (double v : s.logPxz[i]) {
                rec += v;
            }
            double kl = 0;
            for (int j = 0; j < s.mean[i].length; j++) {
                double m = s.mean[i][j];
                double lv = s.logVar[i][j];
                kl += 0.5 * (Math.exp(lv) + m * m - 1 - lv);
            }
            elbo[i] = rec / samples - kl;
        }
        return Nd4j.createFromArray(elbo);
    }

    /** Per-example importance-sampled log p(x[|y]) with {@code k} samples, in nats. */
    protected INDArray logLikelihoodWith(INDArray x, INDArray labels, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, found " + k);
        }
        Sampled s = drawAndScore(x, labels, k);
        int n = s.logPxz.length;
        double[] ll = new double[n];
        for (int i = 0; i < n; i++) {
            double[] w = new double[k];
            for (int j = 0; j < k; j++) {
                w[j] = s.logPxz[i][j] + s.logPz[i][j] - s.logQz[i][j];
            }
            ll[i] = Likelihood.logMeanExp(w);
        }
        return Nd4j.createFromArray(ll);
    }

    /** Posterior parameters and, per example and sample, log p(x|z), log p(z) and log q(z|x). */
    private record Sampled(double[][] mean, double[][] logVar, double[][] logPxz, double[][] logPz,
            double[][] logQz) {
    }

    private Sampled drawAndScore(INDArray x, INDArray labels, int k) {
        INDArray[] post = posterior(x, labels);
        int n = (int) x.size(0);
        int d = latentSize();
        double[][] mean = post[0].castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] logVar = post[1].castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] logPxz = new double[n][k];
        double[][] logPz = new double[n][k];
        double[][] logQz = new double[n][k];
        INDArray xFlat = x.castTo(DataType.DOUBLE).reshape('c', n, inputShape().size());
        INDArray y = labels == null ? null : toNetwork(labels);
        copyParams(decoder, arch.decoderLayers());
        SplittableRandom rng = new SplittableRandom(seed ^ EVAL_SALT);
        int perChunk;
        if (imageLayout()) {
            // equal chunks (the engine keeps its buffers while the shape stays), the last one padded (RowPasses)
            int most = Math.max(1, Math.min(k, IMAGE_CHUNK_ROWS / n));
            int pieces = (k + most - 1) / most;
            perChunk = (k + pieces - 1) / pieces;
        } else {
            perChunk = Math.max(1, Math.min(k, CHUNK_ROWS / n)); // the draws (and dense cards' figures) as before
        }
        for (int s0 = 0; s0 < k; s0 += perChunk) {
            int kc = Math.min(perChunk, k - s0);
            double[][] z = new double[n * kc][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < kc; j++) {
                    double[] row = z[i * kc + j];
                    double pz = 0;
                    double qz = 0;
                    for (int c = 0; c < d; c++) {
                        double eps = rng.nextGaussian();
                        row[c] = mean[i][c] + Math.exp(0.5 * logVar[i][c]) * eps;
                        pz += row[c] * row[c] + LOG_2PI;
                        qz += eps * eps + logVar[i][c] + LOG_2PI;
                    }
                    logPz[i][s0 + j] = -0.5 * pz;
                    logQz[i][s0 + j] = -0.5 * qz;
                }
            }
            INDArray zs = toNetwork(Nd4j.create(z));
            INDArray ys = y == null ? null : y.repeat(0, kc);
            INDArray[] in = ys == null ? new INDArray[] {zs} : new INDArray[] {zs, ys};
            // image decoders: every pass of perChunk samples per image (the last zero-padded), one buffer shape
            INDArray eta = imageLayout()
                    ? RowPasses.inPassesOf((long) n * perChunk, in, this::decoderOutput)[0]
                    : decoderOutput(in)[0];
            double[] lp = arch.likelihood().logProbability(xFlat.repeat(0, kc), eta).toDoubleVector();
            for (int i = 0; i < n; i++) {
                System.arraycopy(lp, i * kc, logPxz[i], s0, kc);
            }
        }
        return new Sampled(mean, logVar, logPxz, logPz, logQz);
    }

    /**
     * The decoder's linear output {@code [m, D]}; parameters must have been copied. Through the
     * engine's inference pass (the importance-sampled likelihood decodes k samples per image: on a
     * convolutional decoder DL4J's pass costs seconds per image), or DL4J's where the engine does
     * not run the decoder.
     */
    private INDArray decoderOutput(INDArray z, INDArray labels) {
        return decoderOutput(labels == null ? new INDArray[] {z} : new INDArray[] {z, labels})[0];
    }

    private synchronized INDArray[] decoderOutput(INDArray[] zAndLabels) {
        return decoderInference.output(zAndLabels);
    }

    /** DL4J's own decoder pass over the copied parameters: the reference {@code VaeDecoderEngineTest} checks against. */
    INDArray decoderOutputByDl4j(INDArray z, INDArray labels) {
        copyParams(decoder, arch.decoderLayers());
        INDArray[] in = labels == null ? new INDArray[] {toNetwork(z)} : new INDArray[] {toNetwork(z), toNetwork(labels)};
        return decoder.output(false, in)[0].detach();
    }

    /** True once {@link #decoderOutput} has run the decoder through the engine (for the same test). */
    synchronized boolean decoderOnEngine() {
        return decoderInference.onEngine();
    }

    /** {@link #decoderOutput} after copying the parameters, for the same test. */
    INDArray decoderOutputByEngine(INDArray z, INDArray labels) {
        copyParams(decoder, arch.decoderLayers());
        return decoderOutput(toNetwork(z), labels == null ? null : toNetwork(labels));
    }

    private INDArray toInputShape(INDArray flat) {
        if (!imageLayout()) {
            return flat;
        }
        return flat.reshape('c', flat.size(0), inputShape().channels(), inputShape().height(), inputShape().width());
    }

    private INDArray toNetwork(INDArray a) {
        DataType t = graph.params().dataType();
        return a.dataType() == t ? a : a.castTo(t);
    }

    private void copyParams(ComputationGraph target, List<String> layers) {
        for (String layer : layers) {
            var src = graph.getLayer(layer);
            if (src.numParams() > 0) {
                target.getLayer(layer).setParams(src.params());
            }
        }
    }

    private long countParams(List<String> layers) {
        return layers.stream().mapToLong(l -> graph.getLayer(l).numParams()).sum();
    }

    // ---------------------------------------------------------------- checks

    private void checkCodes(INDArray z) {
        checkRows(z, latentSize(), "latent codes");
    }

    private void checkLabels(INDArray labels, long n) {
        if (!arch.conditional()) {
            if (labels != null) {
                throw new IllegalArgumentException(name() + " is not conditional; it takes no labels");
            }
            return;
        }
        if (labels == null) {
            throw new IllegalArgumentException(name() + " is conditional: pass one-hot labels of shape [n, "
                    + arch.numClasses() + "] (the Vae.Conditional methods that take labels)");
        }
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != arch.numClasses()) {
            throw new IllegalArgumentException(name() + ": labels must be one-hot of shape [" + n + ", "
                    + arch.numClasses() + "], found " + Arrays.toString(labels.shape())
                    + (labels.rank() == 2 && labels.size(1) == 1 ? " (class indices? one-hot encode them)" : ""));
        }
        checkFinite(labels, "labels");
    }

    private void checkSingle(String what, INDArray x) {
        if (x == null || x.size(0) != 1) {
            throw new IllegalArgumentException(name() + ": " + what + " must be a batch of one example, found "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
    }
}
