package dev.genzoo.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genzoo.autoencoders.ConvAutoencoder;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.generative.classifier.CnnClassifier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The bench's test loss through the engine equals DL4J's {@code score} on the same rows. */
class BenchScoreTest {

    private static void check(ComputationGraph graph, INDArray x, INDArray y) {
        DataSet ds = new DataSet(x, y);
        double dl4j = graph.score(ds) * x.size(0);
        INDArray engineOut = FastGraphTrainer.of(graph).orElseThrow().output(x)[0];
        double engine = BenchCommand.scoreOf(graph, engineOut, y);
        assertEquals(dl4j, engine, 1e-4 * Math.abs(dl4j), "engine " + engine + " vs DL4J " + dl4j);
        // and a different output scores differently (the check can fail)
        double other = BenchCommand.scoreOf(graph, engineOut.mul(0.5), y);
        assertEquals(false, Math.abs(other - dl4j) < 1e-3 * Math.abs(dl4j), "halved output scored " + other);
    }

    @Test
    void convAutoencoderBce() {
        Nd4j.getRandom().setSeed(3);
        ComputationGraph g = ConvAutoencoder.create(ConvAutoencoder.Config.defaults()).graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 28, 28);
        check(g, x, x);
    }

    @Test
    void classifierCrossEntropy() {
        Nd4j.getRandom().setSeed(4);
        ComputationGraph g = CnnClassifier.create(CnnClassifier.Config.defaults()).graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 10);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i * 3) % 10, 1f);
        }
        check(g, x, y);
    }
}
