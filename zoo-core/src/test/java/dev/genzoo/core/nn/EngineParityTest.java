package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.engine.FastGraphTrainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The zoo's own layers, vertices and losses (reparameterisation, KL loss, input corruption) train
 * through the engine ({@code zoo-engine}) on graph.fit's trajectory. They live here because the
 * engine knows DL4J only; GenZoo's layers plug into it.
 */
class EngineParityTest {

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

}
