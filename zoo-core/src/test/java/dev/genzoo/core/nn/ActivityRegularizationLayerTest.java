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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ActivityRegularizationLayerTest {

    private static final Logger log = LoggerFactory.getLogger(ActivityRegularizationLayerTest.class);
    private static final int IN = 6;
    private static final int CODE = 4;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** x -> code (sigmoid dense) -> reg (activity penalty) -> out (MSE). */
    private static ComputationGraph sparseAe(ActivityRegularizationLayer reg, IUpdater updater, int code) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(updater)
                .graphBuilder()
                .addInputs("x")
                .addLayer("code", new DenseLayer.Builder().nIn(IN).nOut(code).activation(Activation.SIGMOID).build(), "x")
                .addLayer("reg", reg, "code")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(code).nOut(IN)
                        .activation(Activation.IDENTITY).build(), "reg")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray sigmoidCodes(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return org.nd4j.linalg.ops.transforms.Transforms.sigmoid(Nd4j.randn(DataType.DOUBLE, n, CODE).muli(1.5));
    }

    private static double penaltyScore(Layer layer, INDArray h) {
        layer.activate(h, true, NO_WS);
        return layer.calcRegularizationScore(true);
    }

    private static void checkLayerGradient(ActivityRegularizationLayer reg, String label) {
        Layer layer = sparseAe(reg, new NoOp(), CODE).getLayer("reg");
        INDArray h = sigmoidCodes(5, 3);
        int n = (int) h.size(0);
        INDArray upstream = Nd4j.randn(DataType.DOUBLE, n, CODE);
        layer.activate(h, true, NO_WS);
        INDArray back = layer.backpropGradient(upstream, NO_WS).getSecond().sub(upstream);
        INDArray numeric = FiniteDifferences.gradient(x -> penaltyScore(layer, x), h.dup()).muli(n);
        double err = FiniteDifferences.maxRelativeError(back, numeric);
        log.info("{} activity penalty: input gradient max relative error {}", label, err);
        assertTrue(err < 1e-5, label + ": " + err);
    }

    @Test
    void l1GradientMatchesFiniteDifferences() {
        checkLayerGradient(ActivityRegularizationLayer.l1(0.3), "L1");
    }

    @Test
    void klSparsityGradientMatchesFiniteDifferences() {
        checkLayerGradient(ActivityRegularizationLayer.klSparsity(0.1, 0.8), "KL");
    }

    @Test
    void penaltyValuesMatchTheirDefinitions() {
        INDArray h = sigmoidCodes(5, 4);
        Layer l1 = sparseAe(ActivityRegularizationLayer.l1(0.5), new NoOp(), CODE).getLayer("reg");
        assertEquals(0.5 * Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.ASum(h))
                .getDouble(0) / 5, penaltyScore(l1, h), 1e-12);

        Layer kl = sparseAe(ActivityRegularizationLayer.klSparsity(0.2, 2.0), new NoOp(), CODE).getLayer("reg");
        double expected = 0;
        for (int j = 0; j < CODE; j++) {
            double rhoHat = h.getColumn(j).meanNumber().doubleValue();
            expected += 0.2 * Math.log(0.2 / rhoHat) + 0.8 * Math.log(0.8 / (1 - rhoHat));
        }
        assertEquals(2.0 * expected, penaltyScore(kl, h), 1e-12);
        assertEquals(h, kl.activate(h, false, NO_WS), "identity forward pass");
    }

    @Test
    void wholeGraphPassesDl4jGradientCheck() {
        for (ActivityRegularizationLayer reg : new ActivityRegularizationLayer[] {
                ActivityRegularizationLayer.l1(0.3), ActivityRegularizationLayer.klSparsity(0.1, 0.8)}) {
            ComputationGraph graph = sparseAe(reg, new NoOp(), CODE);
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, IN);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph).inputs(new INDArray[] {x}).labels(new INDArray[] {x})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
            assertTrue(ok, reg + " failed GradientCheckUtil (see log)");
        }
    }

    @Test
    void graphScoreIsReconstructionPlusLambdaPenalty() {
        ComputationGraph with = sparseAe(ActivityRegularizationLayer.klSparsity(0.1, 0.5), new NoOp(), CODE);
        ComputationGraph without = sparseAe(ActivityRegularizationLayer.klSparsity(0.1, 0.0), new NoOp(), CODE);
        without.setParams(with.params());
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, IN);
        double penalty = penaltyScore(with.getLayer("reg"), with.feedForward(x, false).get("code"));
        for (ComputationGraph g : new ComputationGraph[] {with, without}) {
            g.setInputs(x);
            g.setLabels(x);
            g.computeGradientAndScore();
        }
        assertEquals(without.score() + penalty, with.score(), 1e-10);
        assertEquals(without.score(new DataSet(x, x)) + penalty, with.score(new DataSet(x, x)), 1e-10);
    }

    @Test
    void klSparsityPushesMeanCodeActivationToTarget() {
        double rho = 0.05;
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 64, IN);
        ComputationGraph sparse = sparseAe(ActivityRegularizationLayer.klSparsity(rho, 3.0), new Adam(2e-2), 8);
        ComputationGraph plain = sparseAe(ActivityRegularizationLayer.klSparsity(rho, 0.0), new Adam(2e-2), 8);
        plain.setParams(sparse.params());
        double start = sparse.feedForward(x, false).get("code").meanNumber().doubleValue();
        for (int i = 0; i < 200; i++) {
            sparse.fit(new INDArray[] {x}, new INDArray[] {x});
            plain.fit(new INDArray[] {x}, new INDArray[] {x});
        }
        INDArray perUnit = sparse.feedForward(x, false).get("code").mean(0);
        double meanSparse = perUnit.meanNumber().doubleValue();
        double meanPlain = plain.feedForward(x, false).get("code").meanNumber().doubleValue();
        log.info("mean code activation: start {}, after 200 steps with KL(rho={}) {} (max unit {}), without {}",
                start, rho, meanSparse, perUnit.maxNumber(), meanPlain);
        assertEquals(rho, meanSparse, 0.02);
        assertTrue(perUnit.maxNumber().doubleValue() < 0.15, "every unit near rho: " + perUnit);
        assertTrue(Math.abs(meanPlain - rho) > 0.2, "without the penalty the mean stays away: " + meanPlain);
    }

    @Test
    void configurationRoundTripsThroughJsonAndModelSerializerAndIsValidated() {
        ComputationGraphConfiguration conf = sparseAe(ActivityRegularizationLayer.klSparsity(0.05, 1.5),
                new NoOp(), CODE).getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        ComputationGraph trained = sparseAe(ActivityRegularizationLayer.klSparsity(0.05, 1.5), new Adam(1e-2), CODE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, IN);
        trained.fit(new INDArray[] {x}, new INDArray[] {x});
        RoundTrip.viaModelSerializer(trained, x);
        var rho = assertThrows(IllegalArgumentException.class, () -> ActivityRegularizationLayer.klSparsity(1.2, 1));
        assertTrue(rho.getMessage().contains("targetActivation") && rho.getMessage().contains("1.2"));
        var lambda = assertThrows(IllegalArgumentException.class, () -> ActivityRegularizationLayer.l1(-2));
        assertTrue(lambda.getMessage().contains("lambda") && lambda.getMessage().contains("-2"));
        Layer kl = sparseAe(ActivityRegularizationLayer.klSparsity(0.05, 1), new NoOp(), CODE).getLayer("reg");
        var range = assertThrows(IllegalArgumentException.class,
                () -> kl.activate(Nd4j.create(new double[][] {{-0.5, 0.2, 0.3, 0.4}}), true, NO_WS));
        assertTrue(range.getMessage().contains("[0, 1]") && range.getMessage().contains("-0.5"), range.getMessage());
    }
}
