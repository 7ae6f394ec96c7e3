package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@link FastLayerStack} against DL4J's own layers: activations, losses, gradients and updates. */
class FastLayerStackTest {
    private static final int N = 5;

    /** A small DCGAN discriminator: conv LReLU, conv + BN + LReLU, dense sigmoid (BCE), on 12x12 images. */
    static MultiLayerNetwork discriminator(boolean varianceParam) {
        var net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .updater(new Adam(1e-2, 0.5, 0.999, 1e-8)).weightInit(new NormalDistribution(0, 0.3))
                .convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(6)
                        .activation(new ActivationLReLU(0.2)).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(8)
                        .activation(new ActivationIdentity()).build())
                .layer(new BatchNormalization.Builder().useLogStd(!varianceParam).build())
                .layer(new ActivationLayer(new ActivationLReLU(0.2)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(new ActivationSigmoid()).build())
                .setInputType(InputType.convolutional(12, 12, 2)).build());
        net.init();
        return net;
    }

    /** A small DCGAN generator: dense + BN + ReLU, (4, 3, 3), deconv + BN + ReLU, deconv tanh: 12x12. */
    static ComputationGraph generator() {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(11)
                .updater(new Adam(1e-2, 0.5, 0.999, 1e-8)).weightInit(new NormalDistribution(0, 0.3))
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("z").setInputTypes(InputType.feedForward(6))
                .addLayer("project", new DenseLayer.Builder().nOut(4 * 3 * 3).activation(new ActivationIdentity())
                        .build(), "z")
                .addLayer("bn", new BatchNormalization.Builder().build(), "project")
                .addLayer("relu", new ActivationLayer(new ActivationReLU()), "bn")
                .addLayer("up1", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(3)
                        .activation(new ActivationIdentity()).build(), "relu")
                .inputPreProcessor("up1", new FeedForwardToCnnPreProcessor(3, 3, 4))
                .addLayer("bn2", new BatchNormalization.Builder().build(), "up1")
                .addLayer("relu2", new ActivationLayer(new ActivationReLU()), "bn2")
                .addLayer("x", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(2)
                        .activation(new ActivationTanH()).build(), "relu2")
                .setOutputs("x").build());
        g.init();
        return g;
    }

    private static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-6);
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= rel * scale, what + ": max difference " + diff + " at scale " + scale);
    }

    private static INDArray nchw(INDArray channelMajor) {
        return channelMajor.permute(1, 0, 2, 3).dup('c');
    }

    @Test
    void discriminatorMatchesDl4jScoreGradientsAndInputGradient() {
        for (boolean varianceParam : new boolean[] {false, true}) {
            MultiLayerNetwork net = discriminator(varianceParam);
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.randn(DataType.FLOAT, N, 2, 12, 12);
            INDArray y = Nd4j.create(new float[] {1, 0, 1, 1, 0}, N, 1);
            FastLayerStack stack = FastLayerStack.of(net).orElseThrow();

            Pair<Gradient, INDArray> expected = net.calculateGradients(x, y, null, null);
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            double expectedScore = net.score();

            stack.forward(x);
            double score = stack.loss(y);
            stack.backward(null, true, true);
            assertEquals(expectedScore, score, 1e-5 * expectedScore, "mean BCE");
            assertClose(expected.getFirst().gradient(), stack.gradient(), 2e-4, "parameter gradient (" + varianceParam + ")");
            assertClose(expected.getSecond(), nchw(stack.inputGradient()), 2e-4, "input gradient");
            assertClose(net.output(x, true), stack.outputActivations(), 1e-5, "probabilities");
        }
    }

    @Test
    void generatorMatchesDl4jForwardAndBackward() {
        ComputationGraph g = generator();
        Nd4j.getRandom().setSeed(5);
        INDArray z = Nd4j.randn(DataType.FLOAT, N, 6);
        INDArray eps = Nd4j.randn(DataType.FLOAT, N, 2, 12, 12);
        FastLayerStack stack = FastLayerStack.of(g).orElseThrow();

        INDArray out = stack.forward(z);
        assertClose(g.output(true, z)[0], nchw(out), 1e-5, "generated images");
        stack.backward(eps.permute(1, 0, 2, 3).dup('c'), true, false);

        g.feedForward(new INDArray[] {z}, true, false);
        Gradient expected = g.backpropGradient(eps);
        assertClose(expected.gradient(), stack.gradient(), 2e-4, "parameter gradient");
    }

    /** A smaller batch after a larger one (an epoch's last partial batch) gets fresh buffers. */
    @Test
    void aChangedBatchSizeIsHandled() {
        MultiLayerNetwork net = discriminator(false);
        FastLayerStack stack = FastLayerStack.of(net).orElseThrow();
        Nd4j.getRandom().setSeed(8);
        stack.forward(Nd4j.randn(DataType.FLOAT, N, 2, 12, 12));
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 12, 12);
        INDArray y = Nd4j.create(new float[] {1, 0, 1}, 3, 1);
        Pair<Gradient, INDArray> expected = net.calculateGradients(x, y, null, null);
        stack.forward(x);
        stack.loss(y);
        stack.backward(null, true, true);
        assertClose(expected.getFirst().gradient(), stack.gradient(), 2e-4, "parameter gradient at batch 3");
        assertClose(expected.getSecond(), nchw(stack.inputGradient()), 2e-4, "input gradient at batch 3");
        // wrong input and label shapes are refused with what was expected
        var wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stack.forward(Nd4j.randn(DataType.FLOAT, 3, 1, 12, 12)));
        assertTrue(wrong.getMessage().contains("[2, N, H, W]"), wrong.getMessage());
        var labels = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stack.loss(Nd4j.zeros(DataType.FLOAT, 4, 1)));
        assertTrue(labels.getMessage().contains("labels must be [3, 1]"), labels.getMessage());
        ComputationGraph g = generator();
        FastLayerStack gs = FastLayerStack.of(g).orElseThrow();
        gs.forward(Nd4j.randn(DataType.FLOAT, N, 6));
        INDArray z = Nd4j.randn(DataType.FLOAT, 2, 6);
        assertClose(g.output(true, z)[0], nchw(gs.forward(z)), 1e-5, "generated images at batch 2");
    }

    @Test
    void updatesFollowFitForSeveralSteps() {
        MultiLayerNetwork viaFit = discriminator(false);
        MultiLayerNetwork viaStack = discriminator(false);
        assertEquals(viaFit.params(), viaStack.params());
        FastLayerStack stack = FastLayerStack.of(viaStack).orElseThrow();
        for (int step = 0; step < 6; step++) {
            Nd4j.getRandom().setSeed(100 + step);
            INDArray x = Nd4j.randn(DataType.FLOAT, N, 2, 12, 12);
            INDArray y = Nd4j.create(new float[] {1, 0, step % 2, 1, 0}, N, 1);
            viaFit.fit(x, y);
            double score = stack.fit(x, y);
            assertEquals(viaFit.score(), score, 1e-4 * Math.max(1, score), "score at step " + step);
        }
        assertEquals(viaFit.getIterationCount(), viaStack.getIterationCount());
        // The bias of the convolution feeding batch norm has a gradient of exactly zero in exact
        // arithmetic (BN removes the per-channel mean), so Adam turns rounding noise into steps of
        // up to lr there, and the running mean follows it. Everything else agrees to float rounding.
        for (var e : viaFit.paramTable().entrySet()) {
            INDArray mine = viaStack.paramTable().get(e.getKey());
            if (e.getKey().equals("1_b") || e.getKey().equals("2_mean")) {
                double diff = e.getValue().sub(mine).amaxNumber().doubleValue();
                assertTrue(diff <= 6 * 1e-2, e.getKey() + " moved apart by " + diff + ", more than 6 Adam steps");
            } else {
                assertClose(e.getValue(), mine, 1e-4, "parameter " + e.getKey() + " after 6 steps");
            }
        }
        assertClose(viaFit.getUpdater().getStateViewArray(), viaStack.getUpdater().getStateViewArray(), 1e-3,
                "Adam state");
    }

    @Test
    void reportsWhatItCannotRun() {
        var conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).dropOut(new Dropout(0.5)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(3).nOut(1)
                        .activation(new ActivationSigmoid()).build()).build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        Optional<String> why = FastLayerStack.unsupportedReason(net);
        assertTrue(why.isPresent() && why.get().contains("dropout"), String.valueOf(why));
        assertTrue(FastLayerStack.of(net).isEmpty());
        // a loss without a fused form runs through DL4J's own ILossFunction: same score as the network's
        var mse = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2)
                        .activation(new ActivationIdentity()).build()).build());
        mse.init();
        var x = Nd4j.rand(DataType.FLOAT, 5, 3);
        var y = Nd4j.rand(DataType.FLOAT, 5, 2);
        double expected = mse.score(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertEquals(expected, FastLayerStack.of(mse).orElseThrow().fit(x, y), 1e-6);
    }
}
