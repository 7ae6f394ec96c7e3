package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.eval.GenerativeEvaluation;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.registry.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "must show" on a trained artifact, opt-in because it needs one and the full data
 * set: {@code -Dgenzoo.classifier=DIR} (a {@code genzoo train classifier-mnist} output). Real
 * training images against the 10,000 test images give the FID floor; uniform noise images must be
 * far away. Takes about four minutes on two busy cores (the two reports' KID subsets and 10,000 x
 * 10,000 neighbour searches dominate).
 *
 * <p>Uniform noise shows precision's blind spot: its features collapse near one point that lies
 * inside the real manifold (whose outliers have wide balls), so precision is ≈ 1 while recall and
 * coverage expose the collapse. Hence the assertions on FID, recall and coverage, not precision.
 */
class TrainedClassifierFidTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainedClassifierFidTest.class);

    @Test
    void realTrainVsTestIsTheFloorAndNoiseIsFar() throws Exception {
        String dir = System.getProperty("genzoo.classifier");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "set -Dgenzoo.classifier=DIR to run");
        Classifier judge = ModelZoo.load(Path.of(dir));
        DatasetId id = judge.name().equals(CnnClassifier.FASHION_MNIST) ? DatasetId.FASHION_MNIST : DatasetId.MNIST;
        INDArray test = GenerativeEvaluation.images(Datasets.load(id, Split.TEST), 10_000);
        INDArray train = GenerativeEvaluation.images(Datasets.load(id, Split.TRAIN), 10_000);
        INDArray noise = Nd4j.rand(DataType.FLOAT, 10_000, 1, 28, 28);
        var floor = GenerativeEvaluation.evaluate(judge, train, test);
        var far = GenerativeEvaluation.evaluate(judge, noise, test);
        LOG.warn("real train vs test: {}", floor);
        LOG.warn("uniform noise vs test: {}", far);
        assertTrue(far.fid() > 100 * floor.fid(), floor + "\n" + far);
        assertTrue(far.precisionRecall().recall() < 0.01 && far.coverage().covered() < 3, far.toString());
        assertTrue(floor.precisionRecall().precision() > 0.5 && floor.precisionRecall().recall() > 0.5, floor.toString());
        assertTrue(floor.coverage().covered() == 10, floor.toString());
    }
}
