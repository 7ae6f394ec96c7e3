package dev.genzoo.core.testing;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.nn.CorruptionNoise;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingStep;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small denoising autoencoder for training-loop tests: {@code in(784) -> hidden(sigmoid) -> out},
 * with masking corruption drawn from ND4J's global generator on the hidden layer's input, so an
 * exact resume needs that generator's state handled.
 */
public final class NoisyTinyModel implements GenZooModel {

    /** Configuration: hidden width, learning rate (huge to make training diverge), init seed. */
    public record Config(int hidden, double learningRate, long seed) {
    }

    private final Config config;
    private final ComputationGraph graph;

    private NoisyTinyModel(Config config) {
        this.config = config;
        this.graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .updater(new Adam(config.learningRate()))
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(config.hidden())
                        .activation(Activation.SIGMOID).dropOut(new CorruptionNoise("masking", 0.3, 0, 1)).build(),
                        "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(config.hidden())
                        .nOut(784).activation(Activation.SIGMOID).build(), "hidden")
                .setOutputs("out")
                .build());
        graph.init();
    }

    /** A fresh, untrained model. */
    public static NoisyTinyModel create(Config c) {
        return new NoisyTinyModel(c);
    }

    /** 16 hidden units, Adam 1e-2, seed 7. */
    public static NoisyTinyModel create() {
        return new NoisyTinyModel(new Config(16, 1e-2, 7));
    }

    /** {@code graph.fit(batch)}, its score as the loss. */
    public TrainingStep step() {
        return batch -> {
            graph.fit(batch);
            return StepResult.of(graph.score());
        };
    }

    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public String name() {
        return "noisy-tiny-ae";
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
        return InputShape.flat(784);
    }

    @Override
    public Map<String, Model> networks() {
        return Map.of("graph", graph);
    }
}
