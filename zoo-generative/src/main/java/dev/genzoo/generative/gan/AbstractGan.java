package dev.genzoo.generative.gan;

import dev.genzoo.core.nn.SeededNormal;
import dev.genzoo.engine.FastLayerStack;
import dev.genzoo.engine.GraphInference;
import dev.genzoo.engine.RowPasses;
import dev.genzoo.core.train.TrainingLoop;
import org.nd4j.linalg.factory.Nd4j;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.InputShape;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Common behaviour of the zoo's GANs: a generator {@link ComputationGraph} (role
 * {@code "generator"}) and a discriminator {@link MultiLayerNetwork} (role
 * {@code "discriminator"}; a MultiLayerNetwork because M2.1 gives the input gradient the
 * generator step needs only there, see the package notes), the training settings of the model,
 * and input checks (shape, NaN).
 */
public abstract class AbstractGan extends AbstractZooModel implements Gan {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractGan.class);
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
        super(name, config, inputShape);
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
     * Trains through the family's recipe ({@link GanTraining}): the minimax loop on images scaled to
     * [-1, 1] through {@code TrainingLoop} (progress, metrics log, checkpoints of both networks and
     * both updaters, exact resume, NaN guard).
     */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return GanTraining.INSTANCE.train(this, data, options);
    }

    /** The family's metrics ({@link GanEvaluation}) on {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return GanEvaluation.INSTANCE.evaluate(this, data);
    }

    /** Number of classes of a conditional GAN, 0 for an unconditional one. */
    int classCount() {
        return numClasses;
    }

    /** Samples of a conditional GAN for noise {@code z}: row r of the 8x8 grid asks for class r mod numClasses. */
    INDArray generateConditional(INDArray z) {
        INDArray labels = Nd4j.zeros(z.dataType(), z.size(0), numClasses);
        for (int i = 0; i < z.size(0); i++) {
            labels.putScalar(i, (i / 8) % numClasses, 1);
        }
        return ((Gan.Conditional) this).generate(z, labels);
    }

    private <T extends Model> T restoredAs(Map<String, Model> networks, String role, Class<T> type, long params) {
        Model m = networks.get(role);
        if (!type.isInstance(m)) {
            throw new IllegalArgumentException(name() + ": expected a " + type.getSimpleName() + " under role '" + role
                    + "', found " + (m == null ? "none among " + networks.keySet() : m.getClass().getSimpleName()));
        }
        if (m.numParams() != params) {
            throw new IllegalArgumentException(name() + ": the " + role + " has " + m.numParams()
                    + " parameters but the configuration " + config() + " builds " + params);
        }
        return type.cast(m);
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

    /** Drops the training loop and its engine buffers; the next {@code fit} creates a new one. */
    @Override
    public synchronized void releaseTraining() {
        trainer = null;
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
        return RowPasses.map(INFERENCE_ROWS, new INDArray[] {z}, in -> new INDArray[] {generatorOutput(in[0])})[0];
    }

    @Override
    public INDArray discriminate(INDArray x) {
        checkInput(x);
        return RowPasses.map(INFERENCE_ROWS, new INDArray[] {x}, in -> new INDArray[] {discriminatorOutput(in[0])})[0];
    }

    /** Inference over the generator through the engine's pass ({@code GraphInference}: DL4J's where the engine declines). */
    private GraphInference generatorInference;
    /** The discriminator's inference stack, or null where the engine does not run it. */
    private FastLayerStack discriminatorInference;
    private boolean discriminatorDeclined;

    /** G(z) as {@code generator.outputSingle(false, z)} computes it (fresh array). */
    private synchronized INDArray generatorOutput(INDArray z) {
        if (generatorInference == null) {
            generatorInference = new GraphInference(generator);
        }
        return generatorInference.outputSingle(z);
    }

    /** D(x) as {@code discriminator.output(x, false)} computes it (fresh array). */
    private synchronized INDArray discriminatorOutput(INDArray x) {
        if (!discriminatorDeclined && (discriminatorInference == null || !discriminatorInference.isFor(discriminator))) {
            discriminatorInference = FastLayerStack.of(discriminator).orElse(null);
            discriminatorDeclined = discriminatorInference == null;
        }
        return discriminatorInference == null ? discriminator.output(x, false) : discriminatorInference.output(x);
    }

    /**
     * Rows per inference pass ({@link RowPasses}: equal passes, the last zero-padded): bounds the
     * engine's buffers (a DCGAN's 250 samples: about 50 MB of patches).
     */
    static final int INFERENCE_ROWS = 250;

    /** Prior noise N(0, I) of shape [n, latentSize], reproducible from {@code seed}. */
    @Override
    public INDArray noise(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": n must be >= 1, found " + n);
        }
        // drawn in Java: ND4J's seeded draws did not repeat across JVMs in M2.1
        return SeededNormal.matrix(seed, n, latentSize, generator.params().dataType());
    }

    /** Throws unless {@code z} has shape [n, latentSize] and finite values. */
    protected void checkLatent(INDArray z) {
        checkRows(z, latentSize, "latent codes");
    }
}
