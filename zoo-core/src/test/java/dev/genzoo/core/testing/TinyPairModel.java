package dev.genzoo.core.testing;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny two-network test model shaped like a GAN: a MultiLayerNetwork {@code "generator"}
 * (latent -> data) and a ComputationGraph {@code "discriminator"} (data -> 1).
 */
public final class TinyPairModel implements GenZooModel {

    /** Registry name. */
    public static final String NAME = "tiny-pair";

    /** The registered entry. */
    public static final ZooEntry<Config, TinyPairModel> ENTRY = ZooEntry.<Config, TinyPairModel>builder()
            .setName(NAME)
            .setFamily(Family.GAN)
            .setConfig(Config.class, new Config(2, 4, 7L))
            .setFactory(TinyPairModel::create)
            .setRestorer(TinyPairModel::restore)
            .optDescription("Tiny generator/discriminator pair for tests")
            .optTags("test")
            .build();

    private final Config config;
    private final MultiLayerNetwork generator;
    private final ComputationGraph discriminator;

    private TinyPairModel(Config config, MultiLayerNetwork generator, ComputationGraph discriminator) {
        this.config = config;
        this.generator = generator;
        this.discriminator = discriminator;
    }

    /**
     * Configuration.
     *
     * @param latentSize generator input width, >= 1
     * @param dataSize   generator output and discriminator input width, >= 1
     * @param seed       weight-initialisation seed
     */
    public record Config(int latentSize, int dataSize, long seed) {
        /** Checks the sizes. */
        public Config {
            if (latentSize < 1 || dataSize < 1) {
                throw new IllegalArgumentException("latentSize and dataSize must be >= 1, found latentSize="
                        + latentSize + " dataSize=" + dataSize);
            }
        }
    }

    /** An untrained model. */
    public static TinyPairModel create(Config c) {
        MultiLayerNetwork g = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(c.seed()).list()
                .layer(new DenseLayer.Builder().nIn(c.latentSize()).nOut(c.dataSize()).activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(c.dataSize()).nOut(c.dataSize())
                        .activation(Activation.SIGMOID).build())
                .build());
        g.init();
        ComputationGraph d = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(c.seed() + 1)
                .graphBuilder().addInputs("x")
                .addLayer("score", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(c.dataSize()).nOut(1)
                        .activation(Activation.SIGMOID).build(), "x")
                .setOutputs("score").build());
        d.init();
        return new TinyPairModel(c, g, d);
    }

    /** A model around restored networks. */
    public static TinyPairModel restore(Config c, Map<String, Model> networks) {
        if (!(networks.get("generator") instanceof MultiLayerNetwork g)
                || !(networks.get("discriminator") instanceof ComputationGraph d)) {
            throw new IllegalArgumentException("networks must be generator: MultiLayerNetwork and discriminator:"
                    + " ComputationGraph, found " + networks);
        }
        return new TinyPairModel(c, g, d);
    }

    /** The generator. */
    public MultiLayerNetwork generator() {
        return generator;
    }

    /** The discriminator. */
    public ComputationGraph discriminator() {
        return discriminator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Family family() {
        return Family.GAN;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public InputShape inputShape() {
        return InputShape.flat(config.dataSize());
    }

    @Override
    public Map<String, Model> networks() {
        Map<String, Model> networks = new LinkedHashMap<>();
        networks.put("generator", generator);
        networks.put("discriminator", discriminator);
        return networks;
    }
}
