package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Convolutional graphs, with branches, through the engine against DL4J's {@code fit}: same scores
 * and same parameters step for step. Plain SGD makes every parameter's trajectory follow its
 * gradient directly (Adam would hide a gradient off by a constant factor); one Adam run checks the
 * updater state too.
 */
class ConvGraphParityTest {

    private static NeuralNetConfiguration.Builder base(long seed, IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater).weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT);
    }

    /** The zoo's conv-ae in small: Same-mode strided convolutions, a dense code, transposed convolutions. */
    static ComputationGraph convAutoencoder(long seed, IUpdater updater) {
        var g = new ComputationGraph(base(seed, updater).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(12, 12, 1))
                .addLayer("enc0", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("enc1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(6)
                        .activation(Activation.RELU).build(), "enc0")
                .addLayer("code", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "enc1")
                .addLayer("dec0", new DenseLayer.Builder().nOut(6 * 3 * 3).activation(Activation.RELU).build(), "code")
                .addLayer("dec1", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(4).activation(Activation.RELU).build(), "dec0")
                .inputPreProcessor("dec1", new org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor(3, 3, 6))
                .addLayer("dec2", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(1).activation(Activation.IDENTITY).build(), "dec1")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT)
                        .activation(Activation.SIGMOID).build(), "dec2")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** The zoo's classifier in small, with batch norm and both kinds of pooling. */
    static ComputationGraph classifier(long seed, IUpdater updater) {
        var g = new ComputationGraph(base(seed, updater).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(14, 14, 1))
                .addLayer("c0", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c0")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build(), "bn")
                .addLayer("p0", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "act")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(5)
                        .activation(Activation.RELU).build(), "p0")
                .addLayer("p1", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(2, 2)
                        .build(), "c1")
                .addLayer("features", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "p1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "features")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /**
     * Two inputs and branches: two convolutions of the image merged along channels, a residual sum
     * of same-shaped maps, upsampling, a 2-channel image loss (MSE) and a second, dense head that
     * also sees a conditioning vector.
     */
    static ComputationGraph branches(long seed, IUpdater updater) {
        var g = new ComputationGraph(base(seed, updater).graphBuilder().addInputs("img", "cond")
                .setInputTypes(InputType.convolutional(8, 8, 2), InputType.feedForward(3))
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(3).activation(Activation.TANH)
                        .build(), "img")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(2).activation(Activation.RELU)
                        .build(), "img")
                .addVertex("ab", new MergeVertex(), "a", "b")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(5)
                        .activation(Activation.IDENTITY).build(), "ab")
                .addLayer("d", new ConvolutionLayer.Builder(1, 1).nOut(5).activation(Activation.SIGMOID).build(), "ab")
                .addLayer("dpool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build(), "d")
                .addVertex("res", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c", "dpool")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "res")
                .addLayer("img_out", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(2)
                        .activation(Activation.IDENTITY).build(), "up")
                .addLayer("loss_img", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "img_out")
                .addLayer("flat", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "res")
                .addVertex("with_cond", new MergeVertex(), "flat", "cond")
                .addLayer("loss_vec", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "with_cond")
                .setOutputs("loss_img", "loss_vec").build());
        g.init();
        return g;
    }

    @Test
    void convolutionalAutoencoderFollowsFit() {
        IntFunction<MultiDataSet> batch = step -> {
            INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(100), 6, 1, 12, 12)
                    .castTo(DataType.FLOAT);
            return new MultiDataSet(x, x);
        };
        assertSameTrajectory(convAutoencoder(3, new Sgd(0.02)), convAutoencoder(3, new Sgd(0.02)), batch, 8);
        ComputationGraph slow = convAutoencoder(4, new Adam(3e-3));
        ComputationGraph fast = convAutoencoder(4, new Adam(3e-3));
        assertSameTrajectory(slow, fast, batch, 8);
        double updaterDiff = slow.getUpdater().getStateViewArray().sub(fast.getUpdater().getStateViewArray())
                .amax().getDouble(0);
        assertTrue(updaterDiff < 1e-4, "Adam state differs by " + updaterDiff);
    }

    @Test
    void classifierWithBatchNormAndPoolingFollowsFit() {
        IntFunction<MultiDataSet> batch = step -> labelled(200, 8); // one batch, learned by heart
        ComputationGraph slow = classifier(5, new Sgd(0.2));
        ComputationGraph fast = classifier(5, new Sgd(0.2));
        assertSameTrajectory(slow, fast, batch, 8);
        // batch norm's running statistics moved the same way (the updater applies them as DL4J does)
        INDArray slowMean = slow.getLayer("bn").getParam("mean");
        assertTrue(slowMean.amaxNumber().doubleValue() > 0, "running mean moved");
        assertTrue(slowMean.sub(fast.getLayer("bn").getParam("mean")).amaxNumber().doubleValue() < 1e-5);
    }

    @Test
    void branchesMergesResidualsAndTwoOutputsFollowFit() {
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(300);
            INDArray img = Nd4j.rand(rng, 4, 2, 8, 8).castTo(DataType.FLOAT);
            INDArray cond = Nd4j.rand(rng, 4, 3).castTo(DataType.FLOAT);
            INDArray target = Nd4j.rand(rng, 4, 2, 8, 8).castTo(DataType.FLOAT);
            INDArray vec = Nd4j.rand(rng, 4, 2).castTo(DataType.FLOAT);
            return new MultiDataSet(new INDArray[] {img, cond}, new INDArray[] {target, vec});
        };
        assertSameTrajectory(branches(6, new Sgd(1e-3)), branches(6, new Sgd(1e-3)), batch, 8);
    }

    @Test
    void denseBatchNormFollowsFit() {
        IntFunction<ComputationGraph> net = seed -> {
            var g = new ComputationGraph(base(seed, new Sgd(0.1)).graphBuilder().addInputs("in")
                    .setInputTypes(InputType.feedForward(6))
                    .addLayer("d", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "in")
                    .addLayer("bn", new BatchNormalization.Builder().build(), "d")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build(), "bn")
                    .setOutputs("out").build());
            g.init();
            return g;
        };
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(500);
            return new MultiDataSet(Nd4j.rand(rng, 7, 6).castTo(DataType.FLOAT),
                    Nd4j.rand(rng, 7, 2).castTo(DataType.FLOAT));
        };
        assertSameTrajectory(net.apply(2), net.apply(2), batch, 5);
    }

    /**
     * CycleGAN's pieces: reflection padding, instance normalisation and zero padding through the
     * engine's steps, against DL4J running the layers' plain implementations.
     */
    @Test
    void paddingFollowsFit() {
        IntFunction<ComputationGraph> net = seed -> {
            var g = new ComputationGraph(base(seed, new Sgd(2e-3)).graphBuilder().addInputs("in")
                    .setInputTypes(InputType.convolutional(6, 5, 2))
                    .addLayer("reflect", new dev.genzoo.engine.layers.ReflectionPadding2D.Builder().padding(2, 1, 3, 1)
                            .build(), "in")
                    .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build(),
                            "reflect")
                    .addLayer("in_norm", new dev.genzoo.engine.layers.InstanceNormalization.Builder().build(), "c")
                    .addLayer("act", new ActivationLayer.Builder().activation(Activation.TANH).build(), "in_norm")
                    .addLayer("zero", new org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer.Builder(1, 0, 2, 1)
                            .build(), "act")
                    .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.IDENTITY)
                            .build(), "zero")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY).build(), "c2")
                    .setOutputs("loss").build());
            g.init();
            return g;
        };
        ComputationGraph probe = net.apply(1);
        long[] outShape = probe.outputSingle(Nd4j.zeros(DataType.FLOAT, 1, 2, 6, 5)).shape();
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(800);
            return new MultiDataSet(Nd4j.rand(rng, 3, 2, 6, 5).castTo(DataType.FLOAT),
                    Nd4j.rand(rng, 3, outShape[1], outShape[2], outShape[3]).castTo(DataType.FLOAT));
        };
        assertSameTrajectory(net.apply(7), net.apply(7), batch, 6);
    }

    /**
     * StyleGAN's AdaIN: a style vector through dense layers to a per-channel scale and shift of
     * instance-normalised maps ({@code ChannelAffineVertex}), a dense "noise image" reshaped to NCHW
     * ({@code ReshapeVertex}) merged in as a channel, then upsampling.
     */
    @Test
    void adaptiveInstanceNormFollowsFit() {
        IntFunction<ComputationGraph> net = seed -> {
            var g = new ComputationGraph(base(seed, new Sgd(2e-3)).graphBuilder().addInputs("img", "style")
                    .setInputTypes(InputType.convolutional(6, 6, 2), InputType.feedForward(3))
                    .addLayer("c", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4)
                            .activation(Activation.IDENTITY).build(), "img")
                    .addLayer("norm", new dev.genzoo.engine.layers.InstanceNormalization.Builder().build(), "c")
                    .addLayer("scale", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "style")
                    .addLayer("shift", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "style")
                    .addVertex("styled", new dev.genzoo.engine.layers.ChannelAffineVertex(), "norm", "scale", "shift")
                    .addLayer("act", new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build(), "styled")
                    .addLayer("noise", new DenseLayer.Builder().nOut(36).activation(Activation.IDENTITY).build(), "style")
                    .addVertex("noise_map", new org.deeplearning4j.nn.conf.graph.ReshapeVertex(-1, 1, 6, 6), "noise")
                    .addVertex("with_noise", new MergeVertex(), "act", "noise_map")
                    .addLayer("up", new Upsampling2D.Builder(2).build(), "with_noise")
                    .addLayer("out", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(1)
                            .activation(Activation.IDENTITY).build(), "up")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY).build(), "out")
                    .setOutputs("loss").build());
            g.init();
            return g;
        };
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(900);
            return new MultiDataSet(new INDArray[] {Nd4j.rand(rng, 3, 2, 6, 6).castTo(DataType.FLOAT),
                Nd4j.rand(rng, 3, 3).castTo(DataType.FLOAT)},
                    new INDArray[] {Nd4j.rand(rng, 3, 1, 12, 12).castTo(DataType.FLOAT)});
        };
        assertSameTrajectory(net.apply(8), net.apply(8), batch, 6);
    }

    /**
     * The minibatch standard deviation of StyleGAN's discriminator (groups of 2 among 4 images: the
     * examples interact) runs on NCHW copies inside the engine and follows {@code fit}.
     */
    @Test
    void minibatchStandardDeviationFollowsFit() {
        IntFunction<ComputationGraph> net = seed -> {
            var g = new ComputationGraph(base(seed, new Sgd(5e-3)).graphBuilder().addInputs("img")
                    .setInputTypes(InputType.convolutional(6, 6, 2))
                    .addLayer("c", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(3)
                            .activation(Activation.LEAKYRELU).build(), "img")
                    .addVertex("mbstd", new dev.genzoo.engine.layers.MinibatchStdDevVertex(2), "c")
                    .addLayer("out", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(1)
                            .activation(Activation.IDENTITY).build(), "mbstd")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY).build(), "out")
                    .setOutputs("loss").build());
            g.init();
            return g;
        };
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(1000 + step);
            return new MultiDataSet(Nd4j.rand(rng, 4, 2, 6, 6).castTo(DataType.FLOAT),
                    Nd4j.rand(rng, 4, 1, 6, 6).castTo(DataType.FLOAT));
        };
        assertSameTrajectory(net.apply(9), net.apply(9), batch, 6);
    }

    /** A layer without a step of its own (global pooling) runs through DL4J's own layer code inside the engine. */
    @Test
    void aLayerWithoutAnEngineStepRunsThroughDl4jsOwnCode() {
        IntFunction<ComputationGraph> net = seed -> {
            var g = new ComputationGraph(base(seed, new Sgd(0.1)).graphBuilder().addInputs("in")
                    .setInputTypes(InputType.convolutional(6, 6, 2))
                    .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build(), "in")
                    .addLayer("gp", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build(), "gp")
                    .setOutputs("out").build());
            g.init();
            return g;
        };
        IntFunction<MultiDataSet> batch = step -> {
            var rng = Nd4j.getRandomFactory().getNewRandomInstance(600);
            return new MultiDataSet(Nd4j.rand(rng, 5, 2, 6, 6).castTo(DataType.FLOAT),
                    Nd4j.rand(rng, 5, 2).castTo(DataType.FLOAT));
        };
        assertSameTrajectory(net.apply(4), net.apply(4), batch, 5);
    }

    /** A sequence layer is named and refused; such a graph trains through DL4J's fit as before. */
    @Test
    void aGraphWithAnUnsupportedLayerIsNamedAndLeftToFit() {
        var g = new ComputationGraph(base(1, new Adam(1e-2)).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(3, 4))
                .addLayer("rnn", new org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn.Builder().nOut(4).build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(
                        LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "rnn")
                .setOutputs("out").build());
        g.init();
        String reason = FastGraphTrainer.unsupportedReason(g);
        assertNotNull(reason);
        assertTrue(reason.contains("rnn") && reason.contains("SimpleRnn"), reason);
        assertTrue(FastGraphTrainer.of(g).isEmpty());
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(700);
        MultiDataSet b = new MultiDataSet(Nd4j.rand(rng, 4, 3, 4).castTo(DataType.FLOAT),
                Nd4j.rand(rng, 4, 2, 4).castTo(DataType.FLOAT));
        double first = g.score(new org.nd4j.linalg.dataset.DataSet(b.getFeatures(0), b.getLabels(0)));
        for (int i = 0; i < 20; i++) {
            g.fit(b);
        }
        assertTrue(g.score() < first, "the fallback trains: " + first + " -> " + g.score());
        assertNull(FastGraphTrainer.unsupportedReason(convAutoencoder(1, new Sgd(0.1))));
        assertNull(FastGraphTrainer.unsupportedReason(classifier(1, new Sgd(0.1))));
        assertNull(FastGraphTrainer.unsupportedReason(branches(1, new Sgd(0.1))));
    }

    /**
     * Patch matrices not kept from forward to backward (unfolded again in backward) and passed one
     * image at a time (or two) through the shared scratch: the same trajectories as DL4J's, for
     * convolutions, strided and Same-mode ones, transposed ones, branches and two batch sizes, and an
     * inference pass equal to DL4J's output.
     */
    @ParameterizedTest(name = "{0} images a slice")
    @ValueSource(ints = {1, 2})
    void patchMatricesUnfoldedAgainASliceAtATimeFollowFit(int images) {
        long keep = Ops.ConvOp.keepPatchFloats;
        long chunk = Ops.ConvOp.chunkPatchFloats;
        try {
            Ops.ConvOp.keepPatchFloats = 0;
            // the largest patch matrix of one image among these graphs: 4·4·6 rows × 6·6 columns
            Ops.ConvOp.chunkPatchFloats = images * 864L;
            IntFunction<MultiDataSet> ae = step -> {
                INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(100), 5, 1, 12, 12)
                        .castTo(DataType.FLOAT);
                return new MultiDataSet(x, x);
            };
            assertSameTrajectory(convAutoencoder(3, new Sgd(0.02)), convAutoencoder(3, new Sgd(0.02)), ae, 6);
            IntFunction<MultiDataSet> branched = step -> {
                var rng = Nd4j.getRandomFactory().getNewRandomInstance(300);
                int n = step % 2 == 0 ? 4 : 3;
                INDArray img = Nd4j.rand(rng, n, 2, 8, 8).castTo(DataType.FLOAT);
                INDArray cond = Nd4j.rand(rng, n, 3).castTo(DataType.FLOAT);
                INDArray target = Nd4j.rand(rng, n, 2, 8, 8).castTo(DataType.FLOAT);
                INDArray vec = Nd4j.rand(rng, n, 2).castTo(DataType.FLOAT);
                return new MultiDataSet(new INDArray[] {img, cond}, new INDArray[] {target, vec});
            };
            assertSameTrajectory(branches(6, new Sgd(1e-3)), branches(6, new Sgd(1e-3)), branched, 7);
            ComputationGraph slow = classifier(5, new Sgd(0.2));
            ComputationGraph fast = classifier(5, new Sgd(0.2));
            IntFunction<MultiDataSet> labelled = step -> labelled(200, 7);
            assertSameTrajectory(slow, fast, labelled, 8);
            INDArray x = labelled.apply(0).getFeatures(0);
            FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow();
            double diff = slow.output(false, x)[0].sub(trainer.output(x)[0]).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, "inference pass against DL4J's output: " + diff);
        } finally {
            Ops.ConvOp.keepPatchFloats = keep;
            Ops.ConvOp.chunkPatchFloats = chunk;
        }
    }

    @Test
    void aBatchSizeChangeResizesTheBuffers() {
        ComputationGraph slow = classifier(9, new Sgd(0.2));
        ComputationGraph fast = classifier(9, new Sgd(0.2));
        IntFunction<MultiDataSet> batch = step -> labelled(400 + step, step % 2 == 0 ? 8 : 5);
        assertSameTrajectory(slow, fast, batch, 4);
    }

    /** n classifier images of 14x14 from seed {@code seed}, labelled i mod 3. */
    private static MultiDataSet labelled(long seed, int n) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray x = Nd4j.rand(rng, n, 1, 14, 14).castTo(DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return new MultiDataSet(x, y);
    }

    private static void assertSameTrajectory(ComputationGraph slow, ComputationGraph fast,
            IntFunction<MultiDataSet> batches, int steps) {
        assertEquals(0.0, slow.params().sub(fast.params()).amaxNumber().doubleValue(), 0.0, "same start");
        FastGraphTrainer trainer = FastGraphTrainer.of(fast).orElseThrow(
                () -> new AssertionError(FastGraphTrainer.unsupportedReason(fast)));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            MultiDataSet b = batches.apply(step);
            slow.fit(b);
            double s = trainer.fit(b);
            assertEquals(slow.score(), s, 1e-4 * Math.max(1, Math.abs(s)), "score at step " + step);
            double diff = slow.params().sub(fast.params()).amaxNumber().doubleValue();
            if (diff >= 1e-4) {
                for (var l : slow.getLayers()) {
                    for (var e : l.paramTable().entrySet()) {
                        double d = e.getValue().sub(fast.getLayer(l.conf().getLayer().getLayerName()).getParam(e.getKey()))
                                .amaxNumber().doubleValue();
                        if (d >= 1e-4) {
                            throw new AssertionError("after step " + step + " " + l.conf().getLayer().getLayerName()
                                    + "." + e.getKey() + " differs by " + d);
                        }
                    }
                }
            }
            assertTrue(diff < 1e-4, "parameters after step " + step + " differ by " + diff);
            first = step == 0 ? s : first;
            last = s;
        }
        assertTrue(last < first, "the loss fell: " + first + " -> " + last);
        assertEquals(slow.getIterationCount(), fast.getIterationCount());
    }
}
