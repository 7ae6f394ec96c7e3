package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.engine.FastLayerStack;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossWasserstein;

/**
 * The penalties' parameter gradients from two first-order passes, against the exact value: a linear
 * critic (closed form) and a one-hidden-layer critic in double precision (central differences of
 * the penalty itself over every parameter); the float32 error at the default step; a critic with
 * batch norm is refused.
 */
class GradientPenaltyTest {

    static MultiLayerNetwork critic(DataType type, int in, int hidden, long seed) {
        var b = new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list();
        if (hidden > 0) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.TANH).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.layer(new OutputLayer.Builder(new LossWasserstein())
                .nIn(hidden > 0 ? hidden : in).nOut(1).activation(Activation.IDENTITY).build()).build());
        net.init();
        return net;
    }

    /** Σᵢ φ(‖∇ₓ s(xᵢ)‖) at the critic's current parameters, in double precision. */
    static double penalty(MultiLayerNetwork c, INDArray x, GradientPenalty.Kind kind, double weight) {
        INDArray g = c.calculateGradients(x, Nd4j.ones(x.dataType(), x.size(0), 1), null, null).getSecond();
        double sum = 0;
        for (int i = 0; i < x.size(0); i++) {
            sum += kind.value(g.getRow(i).norm2Number().doubleValue(), weight);
        }
        return sum;
    }

    @Test
    void linearCriticMatchesTheClosedForm() {
        MultiLayerNetwork c = critic(DataType.DOUBLE, 5, 0, 3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 7, 5).subi(0.5);
        INDArray w = c.getLayer(0).getParam("W").dup();
        double norm = w.norm2Number().doubleValue();
        var r = new GradientPenalty(GradientPenalty.Kind.WGAN_GP, 10, GradientPenalty.DEFAULT_STEP).compute(c, x);
        assertEquals(7 * 10 * (norm - 1) * (norm - 1), r.sum(), 1e-9);
        assertEquals(norm, r.meanGradNorm(), 1e-12);
        // ∇w Σ λ(‖w‖ − 1)² = 7 · 2λ(‖w‖ − 1) w/‖w‖; the bias does not enter g
        INDArray expectedW = w.mul(7 * 2 * 10 * (norm - 1) / norm).reshape(1, -1);
        INDArray gotW = r.parameterGradient().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).reshape(1, -1);
        assertTrue(gotW.equalsWithEps(expectedW, 1e-8), gotW + " vs " + expectedW);
        assertEquals(0, r.parameterGradient().getDouble(5), 1e-9);
    }

    @Test
    void oneHiddenLayerCriticMatchesCentralDifferencesOfThePenaltyInDoublePrecision() {
        for (GradientPenalty.Kind kind : GradientPenalty.Kind.values()) {
            MultiLayerNetwork c = critic(DataType.DOUBLE, 3, 4, 5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).muli(2).subi(1);
            double weight = kind == GradientPenalty.Kind.WGAN_GP ? 10 : 5;
            INDArray got = new GradientPenalty(kind, weight, 1e-5).compute(c, x).parameterGradient();
            INDArray exact = exactGradient(c, x, kind, weight);
            double rel = got.sub(exact).norm2Number().doubleValue() / exact.norm2Number().doubleValue();
            assertTrue(rel < 1e-6, kind + ": relative error " + rel);
        }
    }

    @Test
    void float32AtTheDefaultStepIsCloseToTheExactGradient() {
        MultiLayerNetwork exactNet = critic(DataType.DOUBLE, 3, 4, 5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).muli(2).subi(1);
        INDArray exact = exactGradient(exactNet, x, GradientPenalty.Kind.WGAN_GP, 10);
        MultiLayerNetwork f32 = critic(DataType.FLOAT, 3, 4, 5);
        f32.setParams(exactNet.params().castTo(DataType.FLOAT));
        INDArray got = new GradientPenalty(GradientPenalty.Kind.WGAN_GP, 10, GradientPenalty.DEFAULT_STEP)
                .compute(f32, x.castTo(DataType.FLOAT)).parameterGradient().castTo(DataType.DOUBLE);
        double rel = got.sub(exact).norm2Number().doubleValue() / exact.norm2Number().doubleValue();
        System.out.printf("float32, step %.2g: relative error of the penalty gradient %.2e%n",
                GradientPenalty.DEFAULT_STEP, rel);
        assertTrue(rel < 1e-2, "float32 relative error " + rel);
    }

    /** R1 on a sigmoid discriminator is the penalty on its logit: the same numbers as an identity-output twin. */
    @Test
    void aSigmoidDiscriminatorIsPenalisedOnItsLogit() {
        var sigmoid = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.XENT).nIn(4)
                        .nOut(1).activation(Activation.SIGMOID).build()).build());
        sigmoid.init();
        MultiLayerNetwork logit = critic(DataType.DOUBLE, 3, 4, 9);
        logit.setParams(sigmoid.params().dup());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).muli(2).subi(1);
        var pen = new GradientPenalty(GradientPenalty.Kind.R1, 5, 1e-5);
        var r = pen.compute(sigmoid, x);
        INDArray exact = exactGradient(logit, x, GradientPenalty.Kind.R1, 5);
        double rel = r.parameterGradient().sub(exact).norm2Number().doubleValue() / exact.norm2Number().doubleValue();
        assertTrue(rel < 1e-6, "relative error " + rel);
        assertEquals(penalty(logit, x, GradientPenalty.Kind.R1, 5), r.sum(), 1e-9);
        // the twin shares the parameter array: the discriminator's own parameters are untouched
        assertTrue(sigmoid.params().equals(logit.params()));
    }

    /**
     * The engine's three passes give the penalty, the mean norm and the parameter gradient of DL4J's
     * layers to float rounding: a convolutional critic on images (input gradients come back
     * channel-major from the stack) for both kinds, also as a ComputationGraph through the engine's
     * custom-loop passes, and a sigmoid discriminator through its twin's stack.
     */
    @Test
    void theEnginePassesMatchDl4jsLayers() {
        var conv = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(4)
                        .activation(new ActivationLReLU(0.2)).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(6)
                        .activation(new ActivationLReLU(0.2)).build())
                .layer(new OutputLayer.Builder(new LossWasserstein()).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(12, 12, 2)).build());
        conv.init();
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 2, 12, 12).muli(2).subi(1);
        FastLayerStack stack = FastLayerStack.of(conv).orElseThrow();
        // the same critic as a ComputationGraph through the engine's custom-loop passes (StyleGAN's R1 route)
        var graph = dev.genzoo.engine.FastGraphTrainer.of(conv.toComputationGraph()).orElseThrow();
        for (GradientPenalty.Kind kind : GradientPenalty.Kind.values()) {
            var pen = new GradientPenalty(kind, 10, GradientPenalty.DEFAULT_STEP);
            assertSameResult(kind + " conv", pen.compute(conv, images), pen.compute(stack, images));
            assertSameResult(kind + " conv graph", pen.compute(conv, images), pen.compute(graph, images));
        }
        var sigmoid = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.XENT).nIn(4)
                        .nOut(1).activation(Activation.SIGMOID).build()).build());
        sigmoid.init();
        INDArray rows = Nd4j.rand(DataType.FLOAT, 6, 3).muli(2).subi(1);
        var twin = FastLayerStack.of(GradientPenalty.scoreNetwork(sigmoid)).orElseThrow();
        var r1 = new GradientPenalty(GradientPenalty.Kind.R1, 5, GradientPenalty.DEFAULT_STEP);
        assertSameResult("R1 sigmoid", r1.compute(sigmoid, rows), r1.compute(twin, rows));
    }

    private static void assertSameResult(String what, GradientPenalty.Result dl4j, GradientPenalty.Result engine) {
        assertEquals(dl4j.sum(), engine.sum(), 1e-4 * Math.max(1, Math.abs(dl4j.sum())), what + ": penalty");
        assertEquals(dl4j.meanGradNorm(), engine.meanGradNorm(), 1e-5 * Math.max(1, dl4j.meanGradNorm()),
                what + ": mean norm");
        double rel = engine.parameterGradient().sub(dl4j.parameterGradient()).norm2Number().doubleValue()
                / dl4j.parameterGradient().norm2Number().doubleValue();
        assertTrue(rel < 1e-3, what + ": relative difference of the parameter gradients " + rel);
    }

    @Test
    void aCriticWithBatchNormOrAnotherOutputIsRefused() {
        var bn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new BatchNormalization.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(new LossWasserstein()).nIn(4).nOut(1).activation(Activation.IDENTITY)
                        .build()).build());
        bn.init();
        var e = assertThrows(IllegalArgumentException.class, () -> GradientPenalty.check(bn));
        assertTrue(e.getMessage().contains("batch normalisation") && e.getMessage().contains("layer 1"),
                e.getMessage());
        var softmax = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(3)
                        .nOut(2).activation(Activation.SOFTMAX).build()).build());
        softmax.init();
        e = assertThrows(IllegalArgumentException.class, () -> GradientPenalty.check(softmax));
        assertTrue(e.getMessage().contains("one unit") && e.getMessage().contains("2 unit(s)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradientPenalty(GradientPenalty.Kind.R1, 0, 0.01));
    }

    /** Central differences of the penalty itself over every parameter (double precision). */
    private static INDArray exactGradient(MultiLayerNetwork c, INDArray x, GradientPenalty.Kind kind, double weight) {
        INDArray p = c.params();
        INDArray grad = Nd4j.create(DataType.DOUBLE, p.length());
        double h = 1e-6;
        for (int k = 0; k < p.length(); k++) {
            double v = p.getDouble(k);
            p.putScalar(k, v + h);
            double up = penalty(c, x, kind, weight);
            p.putScalar(k, v - h);
            double down = penalty(c, x, kind, weight);
            p.putScalar(k, v);
            grad.putScalar(k, (up - down) / (2 * h));
        }
        return grad;
    }
}
