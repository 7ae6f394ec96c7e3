package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ReparameterizationVertexTest {

    private static final Logger log = LoggerFactory.getLogger(ReparameterizationVertexTest.class);

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static ReparameterizationVertexImpl vertex(boolean sampleAtInference) {
        return new ReparameterizationVertexImpl(null, "z", 0, sampleAtInference, DataType.DOUBLE);
    }

    /** sum(g * z(mu, logvar)) through the vertex, with the noise fixed by re-seeding before the draw. */
    private static double weightedOutput(INDArray mean, INDArray logVar, INDArray g, long seed) {
        ReparameterizationVertexImpl v = vertex(false);
        v.setInputs(new INDArray[] {mean, logVar});
        Nd4j.getRandom().setSeed(seed);
        return v.doForward(true, LayerWorkspaceMgr.noWorkspaces()).mul(g).sumNumber().doubleValue();
    }

    @Test
    void backwardMatchesFiniteDifferencesOfTheForwardPass() {
        Nd4j.getRandom().setSeed(1);
        INDArray mean = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray logVar = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray g = Nd4j.randn(DataType.DOUBLE, 4, 3);
        long seed = 99;

        ReparameterizationVertexImpl v = vertex(false);
        v.setInputs(new INDArray[] {mean, logVar});
        Nd4j.getRandom().setSeed(seed);
        v.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        v.setEpsilon(g);
        INDArray[] grads = v.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond();

        INDArray numMean = FiniteDifferences.gradient(m -> weightedOutput(m, logVar, g, seed), mean);
        INDArray numLogVar = FiniteDifferences.gradient(lv -> weightedOutput(mean, lv, g, seed), logVar);
        double errMean = FiniteDifferences.maxRelativeError(grads[0], numMean);
        double errLogVar = FiniteDifferences.maxRelativeError(grads[1], numLogVar);
        log.info("reparameterization vertex max relative error: dmu {}, dlogvar {}", errMean, errLogVar);
        assertTrue(errMean < 1e-5, "dL/dmu relative error " + errMean);
        assertTrue(errLogVar < 1e-5, "dL/dlogvar relative error " + errLogVar);
    }

    @Test
    void backwardReusesTheForwardNoiseAndEachForwardDrawsAfresh() {
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        INDArray logVar = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        ReparameterizationVertexImpl v = vertex(false);
        v.setInputs(new INDArray[] {mean, logVar});
        INDArray z1 = v.doForward(true, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray z2 = v.doForward(true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertNotEquals(z1, z2, "a new training forward pass must draw new noise");

        Nd4j.randn(DataType.DOUBLE, 100); // consume randomness between forward and backward
        INDArray g = Nd4j.ones(DataType.DOUBLE, 3, 2);
        v.setEpsilon(g);
        INDArray gradLogVar = v.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond()[1];
        // mu = 0, logvar = 0: z = eps, so dL/dlogvar = g * eps / 2 = z2 / 2 exactly.
        assertEquals(z2.mul(0.5), gradLogVar);
    }

    @Test
    void inferenceReturnsTheMeanUnlessSamplingWasChosen() {
        INDArray mean = Nd4j.randn(DataType.DOUBLE, 3, 2);
        INDArray logVar = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        ReparameterizationVertexImpl deterministic = vertex(false);
        deterministic.setInputs(new INDArray[] {mean, logVar});
        assertEquals(mean, deterministic.doForward(false, LayerWorkspaceMgr.noWorkspaces()));

        ReparameterizationVertexImpl sampled = vertex(true);
        sampled.setInputs(new INDArray[] {mean, logVar});
        INDArray z = sampled.doForward(false, LayerWorkspaceMgr.noWorkspaces());
        assertNotEquals(mean, z);
        assertEquals(mean.add(sampled.lastNoise()), z);
    }

    @Test
    void wholeVaeGraphPassesDl4jGradientCheck() {
        ComputationGraph graph = TinyVae.build(new NoOp(), new KlDivergenceLoss(0.7));
        MultiDataSet data = TinyVae.data(5, 3);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(graph)
                .inputs(data.getFeatures())
                .labels(data.getLabels())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false)
                // Same noise for the analytic pass and every perturbed score.
                .callEachIter(g -> Nd4j.getRandom().setSeed(777)));
        assertTrue(ok, "GradientCheckUtil failed on the VAE graph (see log)");
    }

    @Test
    void graphJsonAndModelSerializerRoundTripAfterFit() throws IOException {
        ComputationGraph graph = TinyVae.build(new Adam(1e-2), new KlDivergenceLoss(1.0, 10));
        graph.addListeners(new KlWarmUpListener());
        MultiDataSet data = TinyVae.data(16, 5);
        for (int i = 0; i < 3; i++) {
            graph.fit(data);
        }
        String json = graph.getConfiguration().toJson();
        assertTrue(json.contains("ReparameterizationVertex"), json);
        assertEquals(graph.getConfiguration(), ComputationGraphConfiguration.fromJson(json));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray x = data.getFeatures(0);
        assertEquals(graph.output(false, x)[0], restored.output(false, x)[0]);
        assertEquals(3, restored.getIterationCount());
        assertFalse(Transforms.abs(graph.output(false, x)[0]).sumNumber().doubleValue() == 0.0);

        // Training continues on the restored graph.
        restored.addListeners(new KlWarmUpListener());
        restored.fit(data);
        assertEquals(4, restored.getIterationCount());
    }
}
