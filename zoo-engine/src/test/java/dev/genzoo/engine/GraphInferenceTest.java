package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link GraphInference}: the engine's pass where it runs the graph and DL4J's where it does not,
 * both equal to {@code graph.output(false, ...)}; after weights are copied into the graph (as a
 * restore does) the answer follows them.
 */
class GraphInferenceTest {

    private static INDArray images(int n, long seed) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(rng, n, 1, 12, 12).castTo(DataType.FLOAT).muli(3).addi(1);
    }

    /** A dense net the engine declines: a weight constraint on its hidden layer. */
    private static ComputationGraph constrained() {
        var g = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("hidden", new DenseLayer.Builder().nOut(5).activation(Activation.TANH)
                        .constrainWeights(new MaxNormConstraint(1.0, 1)).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(g);
        graph.init();
        return graph;
    }

    @Test
    void engineAnswersAsDl4jDoesForOutputsAndNamedActivations() {
        ComputationGraph graph = InferencePassTest.classifier(false);
        GraphInference inference = new GraphInference(graph);
        assertFalse(inference.onEngine());
        INDArray x = images(7, 1);
        INDArray expected = graph.outputSingle(false, x.dup());
        INDArray got = inference.outputSingle(x);
        assertTrue(inference.onEngine(), "a supported graph runs on the engine");
        assertNull(inference.declinedReason());
        assertTrue(expected.equalsWithEps(got, 1e-5), "engine output differs from DL4J's: " + expected + " vs " + got);

        INDArray features = graph.feedForward(new INDArray[] {x.dup()}, false, false).get("features");
        INDArray[] both = inference.activations(List.of("features", "out"), x);
        assertTrue(features.equalsWithEps(both[0], 1e-5));
        assertTrue(expected.equalsWithEps(both[1], 1e-5));
        var e = assertThrows(IllegalArgumentException.class, () -> inference.activations(List.of("nope"), x));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void followsParametersCopiedIntoTheGraph() {
        ComputationGraph graph = InferencePassTest.classifier(false);
        GraphInference inference = new GraphInference(graph);
        INDArray x = images(5, 2);
        INDArray before = inference.outputSingle(x);
        FastGraphTrainer first = inference.engine().orElseThrow();

        ComputationGraph trained = InferencePassTest.classifier(false);
        for (int i = 0; i < 5; i++) {
            trained.fit(InferencePassTest.batch(16, i));
        }
        INDArray other = trained.params().dup();
        graph.setParams(other); // as a restore or an exact resume copies weights and statistics in
        INDArray expected = graph.outputSingle(false, x.dup());
        INDArray after = inference.outputSingle(x);
        assertFalse(before.equalsWithEps(after, 1e-3), "the output must change with the weights");
        assertTrue(expected.equalsWithEps(after, 1e-5), "stale engine after the parameters were replaced");
        assertTrue(inference.engine().orElseThrow() == first, "the engine's layers view the graph's own parameters");
    }

    @Test
    void fallsBackToDl4jWhereTheEngineDeclinesAndSaysWhy() {
        ComputationGraph graph = constrained();
        GraphInference inference = new GraphInference(graph);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray expected = graph.outputSingle(false, x.dup());
        assertEquals(expected, inference.outputSingle(x));
        assertFalse(inference.onEngine());
        assertNotNull(inference.declinedReason());
        assertTrue(inference.declinedReason().contains("hidden"), inference.declinedReason());
        INDArray hidden = graph.feedForward(new INDArray[] {x.dup()}, false, false).get("hidden");
        assertEquals(hidden, inference.activations(List.of("hidden"), x)[0]);
        var e = assertThrows(IllegalStateException.class, () -> inference.requireEngine("the constrained net"));
        assertTrue(e.getMessage().contains("the constrained net") && e.getMessage().contains("constraints"),
                e.getMessage());
    }
}
