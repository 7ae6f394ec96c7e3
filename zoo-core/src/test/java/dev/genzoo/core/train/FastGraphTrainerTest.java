package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.nn.KlDivergenceLoss;
import dev.genzoo.core.nn.ReparameterizationVertex;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
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

    /** Two inputs, a merge, a reparameterisation, L2, two outputs (a KL loss layer and an MSE output). */
    static ComputationGraph conditionalVaeLike(long seed) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2)).l2(1e-3)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x", "y")
                .setInputTypes(InputType.feedForward(20), InputType.feedForward(3))
                .addVertex("xy", new MergeVertex(), "x", "y")
                .addLayer("enc", new DenseLayer.Builder().nOut(16).activation(Activation.LEAKYRELU).build(), "xy")
                .addLayer("mean", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "enc")
                .addLayer("logvar", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "enc")
                .addVertex("z", new ReparameterizationVertex(), "mean", "logvar")
                .addVertex("zy", new MergeVertex(), "z", "y")
                .addLayer("dec", new DenseLayer.Builder().nOut(16).activation(Activation.SIGMOID).build(), "zy")
                .addLayer("recon", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(20)
                        .activation(Activation.IDENTITY).build(), "dec")
                .addVertex("ml", new MergeVertex(), "mean", "logvar")
                .addLayer("kl", new LossLayer.Builder().lossFunction(new KlDivergenceLoss()).activation(Activation.IDENTITY)
                        .build(), "ml")
                .setOutputs("recon", "kl").build());
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
    void mergeReparameterisationRegularisationAndTwoOutputsFollowFit() {
        ComputationGraph slow = conditionalVaeLike(11);
        ComputationGraph fast = conditionalVaeLike(11);
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        for (int step = 0; step < 20; step++) {
            INDArray x = Nd4j.randn(rng, 8, 20).castTo(DataType.FLOAT);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, (i + step) % 3, 1);
            }
            var mds = new MultiDataSet(new INDArray[] {x, y}, new INDArray[] {x, Nd4j.zeros(DataType.FLOAT, 8, 8)});
            Nd4j.getRandom().setSeed(100 + step); // the reparameterisation draws the same noise in both
            slow.fit(mds);
            Nd4j.getRandom().setSeed(100 + step);
            double s = trainer.fit(mds);
            assertEquals(slow.score(), s, 1e-4 * Math.abs(s), "score at step " + step);
        }
        double maxDiff = slow.params().sub(fast.params()).amax().getDouble(0);
        assertTrue(maxDiff < 1e-4, "parameters after 20 steps differ by " + maxDiff);
    }

    static ComputationGraph withDropout(long seed) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(12).nOut(10)
                        .dropOut(new dev.genzoo.core.nn.CorruptionNoise("masking", 0.0, 0, 1)).activation(Activation.RELU).build(),
                        "in")
                .addLayer("e", new DenseLayer.Builder().nIn(10).nOut(6)
                        .dropOut(new dev.genzoo.core.nn.CorruptionNoise("gaussian", 1e-6, 0, 1)).activation(Activation.ELU).build(),
                        "d")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "e").setOutputs("out").build());
        g.init();
        return g;
    }

    /**
     * Input noise goes through the layer's IDropout forwards and backwards. DL4J's own fit does not
     * repeat its noise draws for a reseeded generator (two identical graphs fitted after the same
     * setSeed differ), so the noise here is inert (masking 0, gaussian sigma 1e-6) and checks the
     * plumbing; {@link #realNoiseStillTrains} checks that real noise trains.
     */
    @Test
    void inputNoiseIsAppliedAndBackPropagatedAsTheLayerDoes() {
        ComputationGraph slow = withDropout(3);
        ComputationGraph fast = withDropout(3);
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(9);
        for (int step = 0; step < 15; step++) {
            INDArray x = Nd4j.randn(rng, 10, 12).castTo(DataType.FLOAT);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 10, 3);
            for (int i = 0; i < 10; i++) {
                y.putScalar(i, i % 3, 1);
            }
            Nd4j.getRandom().setSeed(step);
            slow.fit(new DataSet(x, y));
            Nd4j.getRandom().setSeed(step);
            double s = trainer.fit(new DataSet(x, y));
            assertEquals(slow.score(), s, 1e-4 * Math.abs(s), "score at step " + step);
        }
        double maxDiff = slow.params().sub(fast.params()).amax().getDouble(0);
        assertTrue(maxDiff < 1e-4, "parameters after 15 steps differ by " + maxDiff);
    }

    @Test
    void realNoiseStillTrains() {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(64).nOut(16).activation(Activation.RELU)
                        .dropOut(new dev.genzoo.core.nn.CorruptionNoise("masking", 0.3, 0, 1)).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(16).nOut(64)
                        .activation(Activation.SIGMOID).build(), "d").setOutputs("out").build());
        g.init();
        FastGraphTrainer t = FastGraphTrainer.of(g).orElseThrow();
        INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(2), 32, 64).gt(0.5).castTo(DataType.FLOAT);
        double first = t.fit(new DataSet(x, x));
        double last = first;
        for (int i = 0; i < 200; i++) {
            last = t.fit(new DataSet(x, x));
        }
        assertTrue(last < 0.8 * first, "denoising loss fell from " + first + " to " + last);
    }

    @Test
    void refusesWhatItDoesNotImplementAndNamesIt() {
        var noBias = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(4).nOut(4).hasBias(false).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).build(), "d").setOutputs("out").build());
        noBias.init();
        assertTrue(FastGraphTrainer.of(noBias).isEmpty());
        assertTrue(FastGraphTrainer.unsupportedReason(noBias).contains("layer d has layer norm or no bias"));
        var conv = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nOut(2).build(), "c").setOutputs("out").build());
        conv.init();
        String reason = FastGraphTrainer.unsupportedReason(conv);
        assertNotNull(reason);
        assertTrue(reason.contains("ConvolutionLayer"), reason);
        assertNull(FastGraphTrainer.unsupportedReason(mlpAutoencoder(1)));
    }

    @Test
    void wrongNumberOfArraysIsRefused() {
        FastGraphTrainer t = FastGraphTrainer.of(mlpAutoencoder(1)).orElseThrow();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 64);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(new INDArray[] {x, x}, new INDArray[] {x}));
        assertTrue(e.getMessage().contains("1 input(s)"), e.getMessage());
    }
}
