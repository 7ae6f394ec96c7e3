package dev.genzoo.core.testing;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny single-network test model: a ComputationGraph {@code in -> hidden(tanh) -> out(identity, MSE)},
 * 4 -> 3 -> 4 by default. Shared with other modules through zoo-core's test-jar.
 */
public final class TinyModel implements GenZooModel {

    /** Registry name. */
    public static final String NAME = "tiny-ae";

    /** The registered entry (no variants). */
    public static final ZooEntry<Config, TinyModel> ENTRY = entryBuilder().build();

    private final Config config;
    private final ComputationGraph graph;

    private TinyModel(Config config, ComputationGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    /**
     * Configuration.
     *
     * @param inputSize  input and output width, >= 1
     * @param hiddenSize hidden width, >= 1
     * @param seed       weight-initialisation seed
     */
    public record Config(int inputSize, int hiddenSize, long seed) {
        /** Checks the sizes. */
        public Config {
            if (inputSize < 1 || hiddenSize < 1) {
                throw new IllegalArgumentException("inputSize and hiddenSize must be >= 1, found inputSize="
                        + inputSize + " hiddenSize=" + hiddenSize);
            }
        }

        /** 4 -> 3 -> 4, seed 42. */
        public static Config defaults() {
            return new Config(4, 3, 42L);
        }
    }

    /** A builder for the entry, to which a test may add variants. */
    public static ZooEntry.Builder<Config, TinyModel> entryBuilder() {
        return ZooEntry.<Config, TinyModel>builder()
                .setName(NAME)
                .setFamily(Family.BASELINE)
                .setConfig(Config.class, Config.defaults())
                .setFactory(TinyModel::create)
                .setRestorer(TinyModel::restore)
                .optDescription("Tiny dense autoencoder for tests")
                .optTags("test", "dense")
                .optReference("https://example.org/tiny");
    }

    /** An untrained model. */
    public static TinyModel create(Config config) {
        ComputationGraph graph = new ComputationGraph(graphConfig(config));
        graph.init();
        return new TinyModel(config, graph);
    }

    /** A model around a restored graph. */
    public static TinyModel restore(Config config, Map<String, Model> networks) {
        Model graph = networks.get("graph");
        if (!(graph instanceof ComputationGraph cg)) {
            throw new IllegalArgumentException("network 'graph' must be a ComputationGraph, found " + graph);
        }
        return new TinyModel(config, cg);
    }

    private static ComputationGraphConfiguration graphConfig(Config c) {
        return new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(c.inputSize()).nOut(c.hiddenSize())
                        .activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(c.hiddenSize())
                        .nOut(c.inputSize()).activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("out")
                .build();
    }

    /** The graph's output for {@code x} at inference. */
    public INDArray output(INDArray x) {
        return graph.outputSingle(false, x);
    }

    /** The graph. */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Family family() {
        return Family.BASELINE;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public InputShape inputShape() {
        return InputShape.flat(config.inputSize());
    }

    @Override
    public Map<String, Model> networks() {
        return Map.of("graph", graph);
    }
}
