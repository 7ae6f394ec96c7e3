package dev.genzoo.generative.gan;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.train.ConsoleProgress;
import dev.genzoo.core.train.ProgressListener;
import dev.genzoo.core.train.StepResult;
import java.util.List;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingStep;
import org.nd4j.linalg.factory.Nd4j;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.train.Trainable;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.InputShape;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Common behaviour of the zoo's GANs: a generator {@link ComputationGraph} (role
 * {@code "generator"}) and a discriminator {@link MultiLayerNetwork} (role
 * {@code "discriminator"}; a MultiLayerNetwork because M2.1 gives the input gradient the
 * generator step needs only there, see the package notes), the training settings of the model,
 * and input checks (shape, NaN).
 */
public abstract class AbstractGan implements Gan, Trainable {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractGan.class);
    private final String name;
    private final Record config;
    private final InputShape inputShape;
    private final boolean imageData;
    private final int latentSize;
    private final int numClasses;
    private final ComputationGraph generator;
    private final MultiLayerNetwork discriminator;
    private final GanTrainer.Settings settings;
    private GanTrainer trainer;

    /** The two configurations a model's Config builds. */
    protected record Architecture(ComputationGraphConfiguration generator, MultiLayerConfiguration discriminator) {
    }

    /**
     * @param restored networks to wrap (role → network), or null for fresh ones
     */
    protected AbstractGan(String name, Record config, InputShape inputShape, int latentSize, int numClasses,
            Architecture architecture, GanTrainer.Settings settings, Map<String, Model> restored) {
        this.name = name;
        this.config = config;
        this.inputShape = inputShape;
        this.imageData = inputShape.height() > 1;
        this.latentSize = latentSize;
        this.numClasses = numClasses;
        this.settings = settings;
        ComputationGraph g = new ComputationGraph(architecture.generator());
        g.init();
        MultiLayerNetwork d = new MultiLayerNetwork(architecture.discriminator());
        d.init();
        if (restored != null) {
            g = restoredAs(restored, "generator", ComputationGraph.class, g.numParams());
            d = restoredAs(restored, "discriminator", MultiLayerNetwork.class, d.numParams());
        }
        this.generator = g;
        this.discriminator = d;
    }

    /**
     * Trains with the minimax loop on images scaled to [-1, 1], reshuffled every epoch, last
     * partial batch dropped, through the zoo's {@link TrainingLoop} (progress, metrics log,
     * checkpoints of both networks and both updaters, exact resume, NaN guard). Every batch is one
     * discriminator step; every k-th also runs a generator step, so an epoch holds
     * floor(batches / k) minimax iterations. The epoch loss is the mean discriminator loss.
     */
    @Override
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        DataPipeline pipeline = data.batch(options.batchSize()).shuffle(options.seed()).scale(Scale.SYMMETRIC)
                .layout(imageData ? Layout.IMAGE : Layout.FLAT).target(Target.LABELS).dropLast(true);
        if (options.limit() > 0) {
            pipeline = pipeline.limit(options.limit());
        }
        if (pipeline.size() < options.batchSize()) {
            throw new IllegalArgumentException(name + ": " + pipeline.size() + " images make no full batch of "
                    + options.batchSize() + "; lower the batch size");
        }
        ProgressListener console = options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
        ProgressListener progress = options.checkpointDir() == null ? console
                : new SampleGrids(console, options.checkpointDir().resolve("samples"), options.seed());
        return TrainingLoop.builder().setModel(this).setData(pipeline.iterator()).setStep(trainingStep())
                .setOptions(options).optProgress(progress).build().run();
    }

    /**
     * Writes {@code samples/epoch-NNN.png} at every epoch end: 8x8 images generated from the same 64
     * noise vectors (and, for a conditional GAN, classes 0..9 by row) every time, so the grids
     * show how one set of samples evolves; passes every event on to the console progress.
     */
    private final class SampleGrids implements ProgressListener {
        private final ProgressListener inner;
        private final java.nio.file.Path folder;
        private final INDArray z;

        SampleGrids(ProgressListener inner, java.nio.file.Path folder, long seed) {
            this.inner = inner;
            this.folder = folder;
            this.z = noise(64, seed ^ 0x5EEDL);
        }

        @Override
        public void onStep(Progress p) {
            inner.onStep(p);
        }

        @Override
        public void onEpochEnd(Progress p, double epochLoss) {
            inner.onEpochEnd(p, epochLoss);
            long size = inputShape().size();
            int height = imageData ? (int) inputShape().height() : (int) Math.round(Math.sqrt(size));
            if ((long) height * height != size && !imageData) {
                return; // not an image (a toy 2-D distribution, say)
            }
            try {
                java.nio.file.Files.createDirectories(folder);
                INDArray images = numClasses > 0 ? generateConditional(z) : generate(z);
                List<INDArray> rows = new java.util.ArrayList<>();
                for (int r = 0; r < 8; r++) {
                    rows.add(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r * 8, r * 8 + 8)));
                }
                var img = dev.genzoo.core.viz.ImageGrid.render(rows, height, -1, 1, 2);
                dev.genzoo.core.viz.ImageGrid.writePng(img, folder.resolve(String.format("epoch-%03d.png", p.epoch())));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("could not write the sample grid of epoch {}: {}", p.epoch(), e.toString());
            }
        }

        @Override
        public void onCheckpoint(long step, java.nio.file.Path checkpoint, double millis) {
            inner.onCheckpoint(step, checkpoint, millis);
        }

        @Override
        public void onEnd() {
            inner.onEnd();
        }
    }

    /** Samples of a conditional GAN for noise {@code z}: row r of the 8x8 grid asks for class r mod numClasses. */
    private INDArray generateConditional(INDArray z) {
        INDArray labels = Nd4j.zeros(z.dataType(), z.size(0), numClasses);
        for (int i = 0; i < z.size(0); i++) {
            labels.putScalar(i, (i / 8) % numClasses, 1);
        }
        return ((Gan.Conditional) this).generate(z, labels);
    }

    /**
     * One batch of the minimax loop: a discriminator step on it, and after every k-th (or the
     * burst size, when the settings' critic schedule says so) a generator step on as many fresh
     * noise vectors. G's noise generator is reseeded from ND4J's (which the
     * loop reseeds per step); the trainer's counters travel in the checkpoint.
     */
    public TrainingStep trainingStep() {
        GanTrainer t = trainer();
        return new TrainingStep() {
            private long dSteps;
            private long sinceGenerator;
            private double lastG = Double.NaN;

            private double lastGradNorm = Double.NaN;

            @Override
            public StepResult run(org.nd4j.linalg.dataset.api.DataSet batch) {
                t.reseed(Nd4j.getRandom().nextLong());
                INDArray labels = numClasses > 0 ? batch.getLabels() : null;
                GanTrainer.DStep d = t.discriminatorStepStats(batch.getFeatures(), labels);
                dSteps++;
                sinceGenerator++;
                if (sinceGenerator >= settings.discriminatorStepsAt(t.iteration())) {
                    sinceGenerator = 0;
                    GanTrainer.GStep g = t.generatorStepStats(batch.getFeatures().size(0), labels);
                    lastG = g.loss();
                    lastGradNorm = g.gradNorm();
                    t.iteration(t.iteration() + 1);
                }
                // per-step diagnostics for the metrics log: losses, D's mean outputs, G's gradient
                // norm, and the sample-spread ratio (the mode-collapse signal)
                Map<String, Double> m = new java.util.LinkedHashMap<>();
                m.put("d_loss", d.loss());
                if (!Double.isNaN(lastG)) {
                    m.put("g_loss", lastG);
                }
                if (!Double.isNaN(lastGradNorm)) {
                    m.put("g_grad_norm", lastGradNorm);
                }
                m.put("d_real", d.dReal());
                m.put("d_fake", d.dFake());
                if (Double.isFinite(d.spread())) {
                    m.put("sample_spread", d.spread());
                }
                return new StepResult(m);
            }

            @Override
            public Map<String, String> checkpointState() {
                return Map.of("discriminatorSteps", Long.toString(dSteps), "sinceGeneratorStep",
                        Long.toString(sinceGenerator), "iteration", Long.toString(t.iteration()),
                        "lastGeneratorLoss", Double.toString(lastG), "lastGeneratorGradNorm",
                        Double.toString(lastGradNorm));
            }

            @Override
            public void restoreCheckpointState(Map<String, String> state) {
                dSteps = Long.parseLong(state.getOrDefault("discriminatorSteps", "0"));
                // checkpoints written before the critic schedule existed had a constant k
                sinceGenerator = Long.parseLong(state.getOrDefault("sinceGeneratorStep",
                        Long.toString(dSteps % settings.discriminatorSteps())));
                t.iteration(Long.parseLong(state.getOrDefault("iteration", "0")));
                lastG = Double.parseDouble(state.getOrDefault("lastGeneratorLoss", "NaN"));
                lastGradNorm = Double.parseDouble(state.getOrDefault("lastGeneratorGradNorm", "NaN"));
            }
        };
    }

    /**
     * Until the classifier-based metrics (FID, KID, IS) exist: the discriminator's mean output on
     * the real images of {@code data} and on as many generated ones, and the mean absolute
     * difference between the mean generated image and the mean real image (a crude check that the
     * generator covers the data's average, not a quality score).
     */
    @Override
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        var it = data.batch(500).scale(Scale.SYMMETRIC).layout(imageData ? Layout.IMAGE : Layout.FLAT)
                .target(Target.LABELS).iterator();
        double dReal = 0;
        double dFake = 0;
        INDArray realSum = null;
        INDArray fakeSum = null;
        long n = 0;
        long seed = 0;
        while (it.hasNext()) {
            var ds = it.next();
            INDArray x = ds.getFeatures();
            INDArray fake = numClasses > 0 ? ((Gan.Conditional) this).generate(ds.getLabels(), seed++)
                    : generate((int) x.size(0), seed++);
            INDArray dr = numClasses > 0 ? ((Gan.Conditional) this).discriminate(x, ds.getLabels()) : discriminate(x);
            INDArray df = numClasses > 0 ? ((Gan.Conditional) this).discriminate(fake, ds.getLabels())
                    : discriminate(fake);
            dReal += dr.sumNumber().doubleValue();
            dFake += df.sumNumber().doubleValue();
            INDArray rs = x.reshape(x.size(0), inputShape.size()).sum(0);
            INDArray fs = fake.reshape(fake.size(0), inputShape.size()).sum(0);
            realSum = realSum == null ? rs : realSum.addi(rs);
            fakeSum = fakeSum == null ? fs : fakeSum.addi(fs);
            n += x.size(0);
        }
        String protocol = n + " real images of " + data.name() + " in [-1,1] and " + n + " generated (seeds 0..)";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("d_real_mean", new ModelCard.Metric(dReal / n, "mean discriminator output on the real images; " + protocol));
        m.put("d_fake_mean", new ModelCard.Metric(dFake / n, "mean discriminator output on the generated images; "
                + protocol));
        m.put("mean_image_abs_diff", new ModelCard.Metric(realSum.sub(fakeSum).divi(n).norm1Number().doubleValue()
                / inputShape.size(), "mean |mean real image - mean generated image| per pixel in [-1,1] units; "
                + protocol));
        return m;
    }

    private <T extends Model> T restoredAs(Map<String, Model> networks, String role, Class<T> type, long params) {
        Model m = networks.get(role);
        if (!type.isInstance(m)) {
            throw new IllegalArgumentException(name + ": expected a " + type.getSimpleName() + " under role '" + role
                    + "', found " + (m == null ? "none among " + networks.keySet() : m.getClass().getSimpleName()));
        }
        if (m.numParams() != params) {
            throw new IllegalArgumentException(name + ": the " + role + " has " + m.numParams()
                    + " parameters but the configuration " + config + " builds " + params);
        }
        return type.cast(m);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Record config() {
        return config;
    }

    @Override
    public InputShape inputShape() {
        return inputShape;
    }

    @Override
    public int latentSize() {
        return latentSize;
    }

    /** The generator, inputs {@code z} (and {@code label} for a conditional GAN). */
    public ComputationGraph generator() {
        return generator;
    }

    /** The discriminator (or critic). */
    public MultiLayerNetwork discriminator() {
        return discriminator;
    }

    /** The training settings of this model (loss, k, label smoothing, clipping). */
    public GanTrainer.Settings trainingSettings() {
        return settings;
    }

    /** The model's training loop, created on first use with {@link #trainingSettings()}. */
    public synchronized GanTrainer trainer() {
        if (trainer == null) {
            trainer = new GanTrainer(generator, discriminator, latentSize, numClasses, settings);
        }
        return trainer;
    }

    @Override
    public Map<String, Model> networks() {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put("generator", generator);
        m.put("discriminator", discriminator);
        return m;
    }

    @Override
    public INDArray generate(int n, long seed) {
        return generate(noise(n, seed));
    }

    @Override
    public INDArray generate(INDArray z) {
        checkLatent(z);
        return generator.outputSingle(false, z);
    }

    @Override
    public INDArray discriminate(INDArray x) {
        checkInput(x);
        return discriminator.output(x, false);
    }

    /** Prior noise N(0, I) of shape [n, latentSize], reproducible from {@code seed}. */
    public INDArray noise(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name + ": n must be >= 1, found " + n);
        }
        // drawn in Java: ND4J's seeded draws did not repeat across JVMs in M2.1
        return dev.genzoo.core.nn.SeededNormal.matrix(seed, n, latentSize, generator.params().dataType());
    }

    /** Throws unless {@code z} has shape [n, latentSize] and finite values. */
    protected void checkLatent(INDArray z) {
        if (z.rank() != 2 || z.size(1) != latentSize) {
            throw new IllegalArgumentException(name + ": latent codes must have shape [n, " + latentSize
                    + "], found " + Arrays.toString(z.shape()));
        }
        checkFinite(z, "latent code");
    }

    /** Throws unless {@code x} has this model's example shape and finite values. */
    protected void checkInput(INDArray x) {
        long[] s = x.shape();
        boolean ok = imageData
                ? s.length == 4 && s[1] == inputShape.channels() && s[2] == inputShape.height()
                        && s[3] == inputShape.width()
                : s.length == 2 && s[1] == inputShape.size();
        if (!ok) {
            String expected = imageData ? "[n, " + inputShape.channels() + ", " + inputShape.height() + ", "
                    + inputShape.width() + "]" : "[n, " + inputShape.size() + "]";
            throw new IllegalArgumentException(name + ": input must have shape " + expected + ", found "
                    + Arrays.toString(s));
        }
        checkFinite(x, "input");
    }

    /** Throws naming {@code what} when {@code x} holds NaN or infinity. */
    protected void checkFinite(INDArray x, String what) {
        if (!Double.isFinite(x.sumNumber().doubleValue())) {
            throw new IllegalArgumentException(name + ": " + what + " contains NaN or infinite values");
        }
    }

    @Override
    public String toString() {
        return name + " " + config;
    }
}
