package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The passes a GAN loop needs, on a conditional convolutional generator (noise and label merged,
 * dense projection, batch norm, transposed convolution, tanh image, no loss layer): forward as
 * DL4J's training-mode feed-forward, parameter gradients from an outside output gradient as DL4J's
 * {@code backpropGradient}, input gradients against central differences, accumulation, update.
 */
class CustomLoopPassesTest {

    static ComputationGraph generator(long seed) {
        return generator(seed, true);
    }

    static ComputationGraph generator(long seed, boolean bn) {
        var b = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .trainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE)
                .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE)
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).graphBuilder().addInputs("z", "label")
                .setInputTypes(InputType.feedForward(4), InputType.feedForward(3))
                .addVertex("zl", new MergeVertex(), "z", "label")
                .addLayer("project", new DenseLayer.Builder().nOut(2 * 4 * 4).activation(Activation.IDENTITY).build(), "zl")
                .addLayer("bn", bn ? new BatchNormalization.Builder().build()
                        : new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "project")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("deconv", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(1).activation(Activation.TANH).build(), "relu")
                .inputPreProcessor("deconv", new FeedForwardToCnnPreProcessor(4, 4, 2))
                .setOutputs("deconv").build());
        b.init();
        return b;
    }

    private static INDArray[] inputs(long seed, int n) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray z = Nd4j.randn(rng, n, 4).castTo(DataType.FLOAT);
        INDArray label = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            label.putScalar(i, i % 3, 1f);
        }
        return new INDArray[] {z, label};
    }

    @Test
    void forwardAndBackwardFollowDl4j() {
        ComputationGraph slow = generator(3);
        ComputationGraph fast = generator(3);
        FastGraphTrainer engine = FastGraphTrainer.of(fast).orElseThrow();
        INDArray[] in = inputs(4, 6);
        INDArray mine = FastLayerStack.toNchw(engine.forward(in)[0]);
        INDArray theirs = slow.feedForward(in, true, false).get("deconv");
        assertEquals(0, theirs.sub(mine).amaxNumber().doubleValue(), 1e-5, "activations");
        INDArray dOut = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(5), 6, 1, 8, 8).castTo(DataType.FLOAT)
                .subi(0.5);
        Gradient g = slow.backpropGradient(dOut.dup());
        engine.backward(new INDArray[] {dOut.permute(1, 0, 2, 3).dup('c')}, false, false);
        for (var e : g.gradientForVariable().entrySet()) {
            if (e.getKey().endsWith("_mean") || e.getKey().endsWith("_var") || e.getKey().endsWith("_log10stdev")) {
                continue; // running statistics: DL4J writes their update, not a gradient, at update time
            }
            String layer = e.getKey().substring(0, e.getKey().lastIndexOf('_'));
            String param = e.getKey().substring(e.getKey().lastIndexOf('_') + 1);
            INDArray view = gradientView(fast, layer, param);
            double diff = e.getValue().sub(view).amaxNumber().doubleValue();
            assertTrue(diff < 1e-4 * Math.max(1, e.getValue().amaxNumber().doubleValue()),
                    e.getKey() + " differs by " + diff);
        }
    }

    /** The gradient of parameter {@code param} of {@code layer}: the view of the flattened gradient laid out as the parameter. */
    private static INDArray gradientView(ComputationGraph graph, String layer, String param) {
        INDArray p = graph.getLayer(layer).getParam(param);
        INDArray grad = graph.getFlattenedGradients();
        return Nd4j.create(grad.data(), p.shape(), p.stride(), grad.offset() + p.offset() - graph.params().offset(),
                p.ordering());
    }

    @Test
    void inputGradientsMatchCentralDifferencesWithoutBatchNorm() {
        inputGradientsMatchCentralDifferences(generator(7, false));
    }

    /**
     * Through batch norm in training mode on a dense net with continuous inputs (the generator above
     * is too kinked for central differences: one-hot labels give features of almost no variance in
     * a batch of 5, where batch norm turns a 0.01 step into a jump over ReLU's kinks).
     */
    @Test
    void inputGradientsThroughBatchNormMatchCentralDifferences() {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).graphBuilder().addInputs("z", "l")
                .setInputTypes(InputType.feedForward(4), InputType.feedForward(3))
                .addVertex("m", new MergeVertex(), "z", "l")
                .addLayer("p", new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build(), "m")
                .addLayer("bn", new BatchNormalization.Builder().build(), "p")
                .addLayer("r", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("t", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "r")
                .setOutputs("t").build());
        g.init();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        INDArray[] in = {Nd4j.randn(rng, 5, 4).castTo(DataType.FLOAT), Nd4j.rand(rng, 5, 3).castTo(DataType.FLOAT)};
        inputGradientsMatchCentralDifferences(g, in, Nd4j.rand(rng, 5, 3).castTo(DataType.FLOAT));
    }

    private static void inputGradientsMatchCentralDifferences(ComputationGraph g) {
        inputGradientsMatchCentralDifferences(g, inputs(8, 5),
                Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(9), 1, 5, 8, 8).castTo(DataType.FLOAT));
    }

    private static void inputGradientsMatchCentralDifferences(ComputationGraph g, INDArray[] in, INDArray w) {
        FastGraphTrainer engine = FastGraphTrainer.of(g).orElseThrow();
        engine.forward(in);
        engine.backward(new INDArray[] {w}, true, false);
        INDArray dz = engine.inputGradient(0);
        assertEquals(4, dz.size(1));
        assertEquals(in[1].size(1), engine.inputGradient(1).size(1), "the second input's gradient is there too");
        double h = 1e-2;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double z0 = in[0].getDouble(i, j);
                in[0].putScalar(i, j, z0 + h);
                double up = engine.forward(in)[0].mul(w).sumNumber().doubleValue();
                in[0].putScalar(i, j, z0 - h);
                double down = engine.forward(in)[0].mul(w).sumNumber().doubleValue();
                in[0].putScalar(i, j, z0);
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, dz.getDouble(i, j), 2e-3 * Math.max(1, Math.abs(numeric)),
                        "dL/dz[" + i + "," + j + "]");
            }
        }
    }

    /** An input-gradient-only pass: the same input gradients, the parameter gradient left as it was. */
    @Test
    void inputGradientOnlyPassLeavesParameterGradientsAlone() {
        ComputationGraph g = generator(13, false);
        FastGraphTrainer engine = FastGraphTrainer.of(g).orElseThrow();
        INDArray[] in = inputs(14, 4);
        INDArray w = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(15), 1, 4, 8, 8).castTo(DataType.FLOAT);
        engine.forward(in);
        engine.backward(new INDArray[] {w}, true, true, false);
        INDArray full = engine.inputGradient(0).dup();
        INDArray params = engine.gradient().dup();
        engine.forward(in);
        engine.backward(new INDArray[] {w.mul(3)}, false, true, false);
        assertEquals(0, engine.inputGradient(0).sub(full.mul(3)).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0, engine.gradient().sub(params).amaxNumber().doubleValue(), 0.0, "parameter gradient untouched");
        assertThrows(IllegalArgumentException.class, () -> engine.backward(new INDArray[] {w}, false, false, false));
    }

    @Test
    void accumulationAddsPassesAndUpdateSteps() {
        ComputationGraph g = generator(11);
        FastGraphTrainer engine = FastGraphTrainer.of(g).orElseThrow();
        INDArray[] in = inputs(12, 4);
        INDArray w = Nd4j.ones(DataType.FLOAT, 1, 4, 8, 8);
        engine.forward(in);
        engine.backward(new INDArray[] {w}, false, false);
        INDArray once = engine.gradient().dup();
        engine.forward(in);
        engine.backward(new INDArray[] {w}, false, true);
        INDArray twice = engine.gradient();
        assertEquals(0, twice.sub(once.mul(2)).amaxNumber().doubleValue(), 1e-4 * once.amaxNumber().doubleValue() + 1e-6);
        INDArray before = g.params().dup();
        engine.update(8);
        assertEquals(1, g.getIterationCount());
        assertTrue(g.params().sub(before).amaxNumber().doubleValue() > 0, "parameters moved");
        assertThrows(IllegalArgumentException.class, () -> engine.backward(new INDArray[] {Nd4j.ones(2, 2)}, false, false));
    }
}
