package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The fast trainer follows graph.fit's trajectory: same scores, same parameters, same counters. */
class FastGraphTrainerTest {

    static ComputationGraph mlpAutoencoder(long seed) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("h1", new DenseLayer.Builder().nIn(64).nOut(32).activation(Activation.RELU).build(), "in")
                .addLayer("code", new DenseLayer.Builder().nIn(32).nOut(8).activation(Activation.IDENTITY).build(), "h1")
                .addLayer("h2", new DenseLayer.Builder().nIn(8).nOut(32).activation(Activation.TANH).build(), "code")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(32).nOut(64)
                        .activation(Activation.SIGMOID).build(), "h2")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    static final class Counter extends BaseTrainingListener {
        final List<Integer> iterations = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations.add(iteration);
            scores.add(model.score());
        }
    }

    @Test
    void autoencoderFollowsFitStepForStep() {
        ComputationGraph slow = mlpAutoencoder(7);
        ComputationGraph fast = mlpAutoencoder(7);
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
        Counter slowSeen = new Counter();
        Counter fastSeen = new Counter();
        slow.addListeners(slowSeen);
        fast.addListeners(fastSeen);
        fitBoth(slow, fast, trainer, 3, 30);
        assertEquals(slowSeen.iterations, fastSeen.iterations);
        assertEquals(30, fast.getIterationCount());
        assertTrue(slowSeen.scores.get(29) < slowSeen.scores.get(0), "the loss fell");
        assertSameParametersAndAdamState(slow, fast, "after 30 Adam steps");
    }

    /**
     * Without listeners each layer's Adam step runs on the gradient thread as soon as the layer is
     * done (after the first step, which initialises DL4J's state); the trajectory is still fit's.
     */
    @Test
    void layerwiseAdamWithoutListenersFollowsFit() {
        ComputationGraph slow = mlpAutoencoder(8);
        ComputationGraph fast = mlpAutoencoder(8);
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
        fitBoth(slow, fast, trainer, 4, 30);
        assertEquals(30, fast.getIterationCount());
        assertSameParametersAndAdamState(slow, fast, "after 30 Adam steps");
        // and the gradient view holds the last update, as after DL4J's updater
        double updDiff = slow.getFlattenedGradients().sub(fast.getFlattenedGradients()).amax().getDouble(0);
        assertTrue(updDiff < 1e-5, "last update differs by " + updDiff);
    }

    /** Fits {@code slow} with DL4J and {@code fast} with the trainer on the same random batches; scores equal. */
    private static void fitBoth(ComputationGraph slow, ComputationGraph fast, FastGraphTrainer trainer, long seed,
            int steps) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        for (int step = 0; step < steps; step++) {
            INDArray x = Nd4j.rand(rng, 16, 64).castTo(DataType.FLOAT);
            DataSet ds = new DataSet(x, x);
            slow.fit(ds);
            double s = trainer.fit(ds);
            assertEquals(slow.score(), s, 1e-4 * Math.abs(s), "score at step " + step);
            assertEquals(s, fast.score(), 0.0);
        }
    }

    private static void assertSameParametersAndAdamState(ComputationGraph slow, ComputationGraph fast, String when) {
        double maxDiff = slow.params().sub(fast.params()).amax().getDouble(0);
        assertTrue(maxDiff < 1e-4, "parameters " + when + " differ by " + maxDiff);
        double updaterDiff = slow.getUpdater().getStateViewArray().sub(fast.getUpdater().getStateViewArray())
                .amax().getDouble(0);
        assertTrue(updaterDiff < 1e-4, "Adam state " + when + " differs by " + updaterDiff);
    }

    @Test
    void refusesWhatItDoesNotImplementAndNamesIt() {
        var noBias = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(4).nOut(4).hasBias(false).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).build(), "d").setOutputs("out").build());
        noBias.init();
        assertTrue(FastGraphTrainer.of(noBias).isEmpty());
        assertTrue(FastGraphTrainer.unsupportedReason(noBias).contains("layer d has layer norm or no bias"));
        // convolutional graphs are supported now (ConvGraphParityTest); a layer the engine lacks is named
        var lstm = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(3))
                .addLayer("rnn", new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(2).build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nOut(2).build(), "rnn")
                .setOutputs("out").build());
        lstm.init();
        String reason = FastGraphTrainer.unsupportedReason(lstm);
        assertNotNull(reason);
        assertTrue(reason.contains("rnn") && reason.contains("LSTM"), reason);
        assertNull(FastGraphTrainer.unsupportedReason(mlpAutoencoder(1)));
    }

    /**
     * Per-example loss weights: 0/1 weights are DL4J's label masks (same scores and parameters as
     * {@code fit} with the mask); other weights scale each example's loss and gradient (DL4J's mask
     * also multiplies the output layer's pre-activations, which only 0/1 masks survive), so a weight
     * of 2 counts an example twice: under SGD the step equals that of the batch with the example
     * duplicated, times the ratio of the batch sizes.
     */
    @Test
    void perExampleWeights() {
        ComputationGraph slow = mlpAutoencoder(12);
        ComputationGraph fast = mlpAutoencoder(12);
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(13);
        for (int step = 0; step < 5; step++) {
            INDArray x = Nd4j.rand(rng, 8, 64).castTo(DataType.FLOAT);
            INDArray w = Nd4j.createFromArray(new float[] {1, 0, 1, 1, 0, 0, 1, 1}).reshape(8, 1);
            var batch = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {x}, null,
                    new INDArray[] {w});
            slow.fit(batch);
            double s = trainer.fit(batch);
            assertEquals(slow.score(), s, 1e-4 * Math.abs(s), "masked score at step " + step);
        }
        assertSameParametersAndAdamState(slow, fast, "after 5 masked steps");

        ComputationGraph weighted = sgdNet();
        ComputationGraph duplicated = sgdNet();
        INDArray a = Nd4j.rand(rng, 1, 64).castTo(DataType.FLOAT);
        INDArray b = Nd4j.rand(rng, 1, 64).castTo(DataType.FLOAT);
        INDArray before = weighted.params().dup();
        INDArray ab = Nd4j.vstack(a, b);
        double sw = FastGraphTrainer.of(weighted).orElseThrow().fit(new INDArray[] {ab}, new INDArray[] {ab},
                new INDArray[] {Nd4j.createFromArray(new float[] {2, 1}).reshape(2, 1)});
        INDArray aab = Nd4j.vstack(a, a, b);
        double sd = FastGraphTrainer.of(duplicated).orElseThrow().fit(new INDArray[] {aab}, new INDArray[] {aab});
        assertEquals(sd * 3 / 2, sw, 1e-4 * sw, "weighted score = duplicated batch's, rescaled to N = 2");
        INDArray stepWeighted = weighted.params().sub(before);
        INDArray stepDuplicated = duplicated.params().sub(before).muli(1.5);
        double diff = stepWeighted.sub(stepDuplicated).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5 * Math.max(1e-3, stepWeighted.amaxNumber().doubleValue()) + 1e-7,
                "weight 2 counts an example twice: steps differ by " + diff);

        INDArray x = Nd4j.rand(rng, 4, 64).castTo(DataType.FLOAT);
        double zero = trainer.fit(new INDArray[] {x}, new INDArray[] {x}, new INDArray[] {Nd4j.zeros(DataType.FLOAT, 4, 1)});
        assertEquals(0.0, zero, 1e-6, "all weights 0: no loss");
        var bad = assertThrows(IllegalArgumentException.class, () -> trainer.fit(new INDArray[] {x},
                new INDArray[] {x}, new INDArray[] {Nd4j.ones(DataType.FLOAT, 3, 1)}));
        assertTrue(bad.getMessage().contains("[N, 1]"), bad.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> trainer.fit(new INDArray[] {x},
                new INDArray[] {x}, new INDArray[] {Nd4j.ones(DataType.FLOAT, 4, 1).negi()}));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
    }

    private static ComputationGraph sgdNet() {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(21)
                .updater(new org.nd4j.linalg.learning.config.Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(64).nOut(16).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(64)
                        .activation(Activation.IDENTITY).build(), "h")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void wrongNumberOfArraysIsRefused() {
        FastGraphTrainer t = FastGraphTrainer.of(mlpAutoencoder(1)).orElseThrow();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 64);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(new INDArray[] {x, x}, new INDArray[] {x}));
        assertTrue(e.getMessage().contains("1 input(s)"), e.getMessage());
    }

    @Test
    void sideThreadOffGivesTheSameTrajectory() {
        ComputationGraph on = mlpAutoencoder(5);
        ComputationGraph off = mlpAutoencoder(5);
        FastGraphTrainer withSide = FastGraphTrainer.of(on, EngineOptions.defaults()).orElseThrow();
        FastGraphTrainer inline = FastGraphTrainer.of(off, EngineOptions.defaults().withSideThread(false)).orElseThrow();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(6);
        for (int step = 0; step < 10; step++) {
            INDArray x = Nd4j.rand(rng, 16, 64).castTo(DataType.FLOAT);
            assertEquals(withSide.fit(new DataSet(x, x)), inline.fit(new DataSet(x, x)), 1e-6, "score at step " + step);
        }
        double maxDiff = on.params().sub(off.params()).amax().getDouble(0);
        assertTrue(maxDiff < 1e-5, "parameters differ by " + maxDiff);
    }
}
