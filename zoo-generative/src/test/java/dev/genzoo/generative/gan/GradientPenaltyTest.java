package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
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
