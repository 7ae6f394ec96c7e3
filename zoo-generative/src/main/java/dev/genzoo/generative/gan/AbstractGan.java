package dev.genzoo.generative.gan;

import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.InputShape;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
public abstract class AbstractGan implements Gan {
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
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), n, latentSize)
                .castTo(generator.params().dataType());
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
