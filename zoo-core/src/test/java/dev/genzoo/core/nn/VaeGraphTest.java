package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class VaeGraphTest {

    private static final Logger log = LoggerFactory.getLogger(VaeGraphTest.class);

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static KlDivergenceLoss klOf(ComputationGraph graph) {
        return (KlDivergenceLoss) ((LossLayer) graph.getLayer("kl").conf().getLayer()).getLossFn();
    }

    /** Mean binary cross-entropy per example, summed over units, computed by hand. */
    private static double reconstructionLoss(INDArray p, INDArray x) {
        INDArray ll = x.mul(Transforms.log(p, true)).addi(x.rsub(1.0).muli(Transforms.log(p.rsub(1.0), false)));
        return -ll.sumNumber().doubleValue() / x.size(0);
    }

    @Test
    void fitOnMultiDataSetLowersTheTotalLoss() {
        ComputationGraph graph = TinyVae.build(new Adam(2e-2), new KlDivergenceLoss());
        MultiDataSet data = TinyVae.data(64, 21);
        double before = graph.score(data, true);
        for (int i = 0; i < 150; i++) {
            graph.fit(data);
        }
        double after = graph.score(data, false);
        log.info("tiny VAE total loss (reconstruction + KL): before {}, after 150 iterations {}", before, after);
        assertTrue(after < 0.75 * before, "loss did not fall: " + before + " -> " + after);
    }

    @Test
    void betaZeroGivesExactlyTheReconstructionLoss() {
        ComputationGraph graph = TinyVae.build(new Adam(1e-2), new KlDivergenceLoss(0.0));
        MultiDataSet data = TinyVae.data(8, 22);
        graph.fit(data);
        INDArray x = data.getFeatures(0);
        double recon = reconstructionLoss(graph.output(false, x)[0], x);
        assertEquals(recon, graph.score(data, false), 1e-12);
        // The KL output is also inert in training: same score with and without the KL vertex's terms.
        graph.computeGradientAndScore();
        assertEquals(0.0, graph.getLayer("kl").score(), 0.0);
    }

    @Test
    void warmUpListenerFollowsTheIterationCount() {
        ComputationGraph graph = TinyVae.build(new Adam(1e-2), new KlDivergenceLoss(1.0, 4));
        graph.addListeners(new KlWarmUpListener());
        MultiDataSet data = TinyVae.data(8, 23);
        KlDivergenceLoss kl = klOf(graph);
        var confLayer = (LossLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) graph.getConfiguration()
                .getVertices().get("kl")).getLayerConf().getLayer();
        log.info("runtime KL loss is the configuration's instance: {}", confLayer.getLossFn() == kl);
        double[] seen = new double[6];
        for (int i = 0; i < seen.length; i++) {
            graph.fit(data);
            seen[i] = kl.effectiveBeta();
        }
        assertEquals(0.0, seen[0]);
        assertEquals(0.25, seen[1], 1e-12);
        assertEquals(0.75, seen[3], 1e-12);
        assertEquals(1.0, seen[4]);
        assertEquals(1.0, seen[5]);
    }
}
