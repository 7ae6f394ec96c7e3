package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The engine's inference pass ({@link FastGraphTrainer#output}) against DL4J's
 * {@code output(false, ...)}: batch norm on its running statistics (kept as variance or as
 * log10 of the standard deviation), dropout off, image outputs back in NCHW; after training steps,
 * so that the running statistics are not their initial values. It moves nothing.
 */
class InferencePassTest {

    /** A classifier like the zoo's: conv, batch norm, ReLU, pool, twice; dense; dropout; softmax. */
    static ComputationGraph classifier(boolean logStd) {
        var g = new NeuralNetConfiguration.Builder().seed(4).updater(new Adam(1e-2)).weightInit(WeightInit.RELU)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(12, 12, 1));
        String x = "in";
        for (int i = 0; i < 2; i++) {
            g.addLayer("conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(4 + 2 * i)
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), x);
            g.addLayer("bn" + i, new BatchNormalization.Builder().useLogStd(logStd).build(), "conv" + i);
            g.addLayer("relu" + i, new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn" + i);
            g.addLayer("pool" + i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                    "relu" + i);
            x = "pool" + i;
        }
        g.addLayer("features", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), x);
        g.addLayer("dense-bn", new BatchNormalization.Builder().useLogStd(logStd).build(), "features");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).dropOut(0.5)
                .activation(Activation.SOFTMAX).build(), "dense-bn");
        ComputationGraph graph = new ComputationGraph(g.setOutputs("out").build());
        graph.init();
        return graph;
    }

    static DataSet batch(int n, long seed) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray x = Nd4j.rand(rng, n, 1, 12, 12).castTo(DataType.FLOAT).muli(3).addi(1); // far from N(0, 1)
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest(name = "log std {0}")
    @ValueSource(booleans = {true, false})
    void inferenceEqualsDl4jsOutputAfterTrainingAndMovesNothing(boolean logStd) {
        ComputationGraph graph = classifier(logStd);
        FastGraphTrainer trainer = FastGraphTrainer.of(graph).orElseThrow();
        for (int i = 0; i < 4; i++) {
            trainer.fit(batch(16, i));
        }
        INDArray x = batch(10, 99).getFeatures();
        INDArray params = graph.params().dup();
        INDArray expected = graph.output(false, x)[0];
        INDArray actual = trainer.output(x)[0];
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "largest difference from DL4J's output: " + diff);
        assertEquals(params, graph.params(), "an inference pass moves no parameter or running statistic");
        // a batch of another size, and the training pass still works after
        assertTrue(trainer.output(batch(3, 7).getFeatures())[0].sub(graph.output(false, batch(3, 7).getFeatures())[0])
                .amaxNumber().doubleValue() < 1e-5);
        double score = trainer.fit(batch(16, 5));
        assertTrue(Double.isFinite(score));
    }

    @Test
    void namedActivationsEqualDl4jsFeedForwardAndUnknownNamesAreRefused() {
        ComputationGraph graph = classifier(false);
        FastGraphTrainer trainer = FastGraphTrainer.of(graph).orElseThrow();
        for (int i = 0; i < 3; i++) {
            trainer.fit(batch(16, i));
        }
        INDArray x = batch(7, 42).getFeatures();
        var dl4j = graph.feedForward(new INDArray[] {x}, false, false);
        List<String> names = List.of("features", "pool0", "out", "conv1", "dense-bn");
        INDArray[] ours = trainer.activations(names, x);
        for (int i = 0; i < names.size(); i++) {
            INDArray expected = dl4j.get(names.get(i));
            assertArrayEquals(expected.shape(), ours[i].shape(), "NCHW, as DL4J gives it");
            double diff = expected.sub(ours[i]).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, names.get(i) + ": largest difference from DL4J's activations: " + diff);
        }
        // a batch norm's own output, though a ReLU layer reads it next: DL4J's feedForward map holds it
        // after that ReLU ran on it in place (no negative value left), so the reference is computed here
        // from DL4J's convolution output and the layer's running statistics (variance kept, eps 1e-5)
        INDArray bn = trainer.activations(List.of("bn0"), x)[0];
        INDArray conv = dl4j.get("conv0");
        var p = graph.getLayer("bn0").paramTable();
        INDArray mean = p.get("mean").reshape(1, -1, 1, 1);
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.sqrt(p.get("var").add(1e-5)).reshape(1, -1, 1, 1);
        INDArray reference = conv.sub(mean.broadcast(conv.shape())).divi(std.broadcast(conv.shape()))
                .muli(p.get("gamma").reshape(1, -1, 1, 1).broadcast(conv.shape()))
                .addi(p.get("beta").reshape(1, -1, 1, 1).broadcast(conv.shape()));
        assertTrue(bn.minNumber().doubleValue() < 0, "a batch-normalised map has negative values");
        double bnDiff = reference.sub(bn).amaxNumber().doubleValue();
        assertTrue(bnDiff < 1e-4, "bn0: largest difference from the batch-norm formula: " + bnDiff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.activations(List.of("nope"), x));
        assertTrue(e.getMessage().contains("no layer or vertex 'nope'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer.activations(List.of("in"), x));
    }

    @Test
    void imageOutputsComeBackInNchwAndBackwardNeedsAFreshForwardPass() {
        var g = new NeuralNetConfiguration.Builder().seed(2).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("z")
                .setInputTypes(InputType.convolutional(4, 4, 3))
                .addLayer("up", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(2)
                        .activation(Activation.IDENTITY).build(), "z")
                .addLayer("bn", new BatchNormalization.Builder().build(), "up")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.TANH).build(), "bn")
                .setOutputs("act");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        FastGraphTrainer trainer = FastGraphTrainer.of(graph).orElseThrow();
        INDArray z = Nd4j.rand(DataType.FLOAT, 5, 3, 4, 4);
        trainer.forward(z);
        trainer.output(z);
        assertThrows(IllegalStateException.class, () -> trainer.backward(new INDArray[] {Nd4j.zeros(2, 5, 8, 8)}, true,
                false));
        INDArray expected = graph.output(false, z)[0];
        INDArray actual = trainer.output(z)[0];
        assertArrayEquals(new long[] {5, 2, 8, 8}, actual.shape());
        assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-5);
    }
}
