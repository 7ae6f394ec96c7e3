package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ContractiveDenseLayerTest {

    private static final Logger log = LoggerFactory.getLogger(ContractiveDenseLayerTest.class);
    private static final int IN = 5;
    private static final int CODE = 4;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    enum Act { SIGMOID, TANH }

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** x -> pre (tanh dense) -> code (contractive) -> out (MSE): "pre" checks the input gradient. */
    private static ComputationGraph graph(Activation activation, double lambda, IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(updater)
                .graphBuilder()
                .addInputs("x")
                .addLayer("pre", new DenseLayer.Builder().nIn(IN).nOut(IN).activation(Activation.TANH).build(), "x")
                .addLayer("code", new ContractiveDenseLayer.Builder().nIn(IN).nOut(CODE)
                        .activation(activation).lambda(lambda).build(), "pre")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(CODE).nOut(IN)
                        .activation(Activation.IDENTITY).build(), "code")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        // Larger weights than the default init so that the penalty's terms are not tiny.
        graph.getLayer("code").getParam("W").muli(3.0);
        return graph;
    }

    private static INDArray input(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, IN);
    }

    private static Activation dl4j(Act a) {
        return a == Act.SIGMOID ? Activation.SIGMOID : Activation.TANH;
    }

    /** ||dh/dx||_F^2 of one example by central differences of the layer's own forward pass. */
    private static double jacobianNormSquared(Layer layer, INDArray x) {
        double sum = 0;
        double step = 1e-6;
        for (int i = 0; i < x.size(1); i++) {
            INDArray plus = x.dup();
            plus.putScalar(0, i, x.getDouble(0, i) + step);
            INDArray minus = x.dup();
            minus.putScalar(0, i, x.getDouble(0, i) - step);
            INDArray column = layer.activate(plus, false, NO_WS).dup()
                    .subi(layer.activate(minus, false, NO_WS).dup()).divi(2 * step);
            sum += column.mul(column).sumNumber().doubleValue();
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(Act.class)
    void penaltyEqualsSquaredJacobianNormByFiniteDifferences(Act act) {
        double lambda = 0.3;
        Layer code = graph(dl4j(act), lambda, new NoOp()).getLayer("code");
        INDArray x = input(4, 1);
        double expected = 0;
        for (int n = 0; n < x.size(0); n++) {
            expected += jacobianNormSquared(code, x.get(NDArrayIndex.interval(n, n + 1), NDArrayIndex.all()));
        }
        expected = lambda * expected / x.size(0);
        code.activate(x, true, NO_WS);
        double actual = code.calcRegularizationScore(true);
        log.info("{}: contractive penalty closed form {}, finite-difference Jacobian {}", act, actual, expected);
        assertEquals(expected, actual, 1e-7 * Math.abs(expected));
    }

    /** lambda * batch-mean penalty at the given input, via the layer's forward pass. */
    private static double penaltyScore(Layer layer, INDArray x) {
        layer.activate(x, true, NO_WS);
        return layer.calcRegularizationScore(true);
    }

    @ParameterizedTest
    @EnumSource(Act.class)
    void penaltyGradientsMatchFiniteDifferences(Act act) {
        ComputationGraph graph = graph(dl4j(act), 0.7, new NoOp());
        graph.initGradientsView();
        Layer code = graph.getLayer("code");
        INDArray x = input(3, 2);
        int n = (int) x.size(0);
        code.activate(x, true, NO_WS);
        // Zero upstream gradient: what comes back is the penalty's gradient alone (summed over examples).
        Pair<Gradient, INDArray> back = code.backpropGradient(Nd4j.zeros(DataType.DOUBLE, n, CODE), NO_WS);
        INDArray gradW = back.getFirst().getGradientFor("W").dup();
        INDArray gradB = back.getFirst().getGradientFor("b").dup();
        INDArray gradX = back.getSecond().dup();

        INDArray numW = FiniteDifferences.gradient(w -> penaltyScore(code, x), code.getParam("W")).muli(n);
        INDArray numB = FiniteDifferences.gradient(b -> penaltyScore(code, x), code.getParam("b")).muli(n);
        INDArray numX = FiniteDifferences.gradient(in -> penaltyScore(code, in), x.dup()).muli(n);
        double errW = FiniteDifferences.maxRelativeError(gradW, numW);
        double errB = FiniteDifferences.maxRelativeError(gradB, numB);
        double errX = FiniteDifferences.maxRelativeError(gradX, numX);
        log.info("{}: contractive penalty gradient max relative error W {}, b {}, x {}", act, errW, errB, errX);
        assertTrue(errW < 1e-5, "W: " + errW);
        assertTrue(errB < 1e-5, "b: " + errB);
        assertTrue(errX < 1e-5, "x: " + errX);
    }

    @ParameterizedTest
    @EnumSource(Act.class)
    void wholeGraphPassesDl4jGradientCheck(Act act) {
        ComputationGraph graph = graph(dl4j(act), 0.5, new NoOp());
        INDArray x = input(4, 3);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(graph).inputs(new INDArray[] {x}).labels(new INDArray[] {x})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertTrue(ok, "GradientCheckUtil failed (see log)");
    }

    @Test
    void graphScoreIsReconstructionPlusLambdaPenalty() {
        double lambda = 0.4;
        ComputationGraph withPenalty = graph(Activation.SIGMOID, lambda, new NoOp());
        ComputationGraph without = graph(Activation.SIGMOID, 0.0, new NoOp());
        without.setParams(withPenalty.params());
        INDArray x = input(6, 4);
        double penalty = closedFormPenalty(withPenalty, x);
        for (ComputationGraph g : new ComputationGraph[] {withPenalty, without}) {
            g.setInputs(x);
            g.setLabels(x);
            g.computeGradientAndScore();
        }
        assertEquals(without.score() + lambda * penalty, withPenalty.score(), 1e-10);
        assertEquals(without.score(x == null ? null : new org.nd4j.linalg.dataset.DataSet(x, x)) + lambda * penalty,
                withPenalty.score(new org.nd4j.linalg.dataset.DataSet(x, x)), 1e-10);
    }

    /** sum_j (h_j(1-h_j))^2 sum_i W_ij^2, batch mean, from the parameters by hand. */
    private static double closedFormPenalty(ComputationGraph graph, INDArray x) {
        INDArray pre = graph.feedForward(x, false).get("pre");
        Layer code = graph.getLayer("code");
        INDArray w = code.getParam("W");
        INDArray h = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(pre.mmul(w).addRowVector(code.getParam("b")));
        INDArray g = h.mul(h.rsub(1.0));
        INDArray colNorms = w.mul(w).sum(0);
        return g.mul(g).mulRowVector(colNorms).sumNumber().doubleValue() / x.size(0);
    }

    @Test
    void trainingLowersTheLossAndThePenaltyContracts() {
        INDArray x = input(32, 5);
        ComputationGraph plain = graph(Activation.SIGMOID, 0.0, new Adam(1e-2));
        ComputationGraph contractive = graph(Activation.SIGMOID, 1.0, new Adam(1e-2));
        contractive.setParams(plain.params());
        double before = contractive.score(new org.nd4j.linalg.dataset.DataSet(x, x));
        for (int i = 0; i < 100; i++) {
            plain.fit(new INDArray[] {x}, new INDArray[] {x});
            contractive.fit(new INDArray[] {x}, new INDArray[] {x});
        }
        double after = contractive.score(new org.nd4j.linalg.dataset.DataSet(x, x));
        double penaltyPlain = closedFormPenalty(plain, x);
        double penaltyContractive = closedFormPenalty(contractive, x);
        log.info("contractive AE loss {} -> {}; final penalty with lambda=1: {}, with lambda=0: {}",
                before, after, penaltyContractive, penaltyPlain);
        assertTrue(after < before, before + " -> " + after);
        assertTrue(penaltyContractive < 0.5 * penaltyPlain, penaltyContractive + " vs " + penaltyPlain);
    }

    @Test
    void configurationRoundTripsThroughJsonAndModelSerializerAndIsValidated() {
        ComputationGraphConfiguration conf = graph(Activation.TANH, 0.25, new NoOp()).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        ComputationGraph trained = graph(Activation.TANH, 0.25, new Adam(1e-2));
        INDArray x = input(8, 9);
        trained.fit(new INDArray[] {x}, new INDArray[] {x});
        RoundTrip.viaModelSerializer(trained, x);
        var relu = assertThrows(IllegalArgumentException.class, () -> new ContractiveDenseLayer.Builder()
                .nIn(2).nOut(2).activation(Activation.RELU).build());
        assertTrue(relu.getMessage().contains("SIGMOID or TANH") && relu.getMessage().contains("relu"),
                relu.getMessage());
        var lambda = assertThrows(IllegalArgumentException.class,
                () -> new ContractiveDenseLayer.Builder().lambda(-0.5));
        assertTrue(lambda.getMessage().contains("lambda") && lambda.getMessage().contains("-0.5"));
    }
}
