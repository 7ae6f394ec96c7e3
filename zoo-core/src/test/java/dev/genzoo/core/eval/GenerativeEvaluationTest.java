package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.InputShape;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class GenerativeEvaluationTest {

    /** A fixed stand-in judge: features are the 16 means of 7x7 blocks, classes a sharp softmax of the first 10. */
    static final class BlockClassifier implements Classifier {
        record Config() {
        }

        @Override
        public String name() {
            return "block-means";
        }

        @Override
        public Record config() {
            return new Config();
        }

        @Override
        public InputShape inputShape() {
            return InputShape.MNIST;
        }

        @Override
        public Map<String, Model> networks() {
            return Map.of();
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public int featureSize() {
            return 16;
        }

        @Override
        public INDArray features(INDArray x) {
            INDArray img = x.reshape('c', x.size(0), 4, 7, 4, 7);
            return img.mean(2, 4).reshape('c', x.size(0), 16);
        }

        @Override
        public INDArray predict(INDArray x) {
            INDArray logits = features(x).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10)).mul(50);
            return Transforms.softmax(logits, false);
        }
    }

    static final GenerativeEvaluation.Protocol FAST = GenerativeEvaluation.Protocol.defaults().withKid(200, 10);

    static INDArray mnist(int from, int to) {
        INDArray all = GenerativeEvaluation.images(Datasets.bundled(DatasetId.MNIST), 1000);
        return all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    @Test
    void aSetAgainstItselfIsPerfect() {
        INDArray real = mnist(0, 400);
        var r = GenerativeEvaluation.evaluate(new BlockClassifier(), real, real.dup(), FAST);
        assertEquals(0, r.fid(), 1e-8);
        assertEquals(1.0, r.precisionRecall().precision(), 0);
        assertEquals(1.0, r.precisionRecall().recall(), 0);
        assertEquals(r.realScore().mean(), r.classifierScore().mean(), 1e-12);
        assertEquals(400, r.generatedCount());
        Map<String, dev.genzoo.core.weights.ModelCard.Metric> m = r.asMetrics();
        assertEquals(List.of("fid", "kid", "classifier_score", "precision", "recall", "class_coverage"),
                List.copyOf(m.keySet()));
        assertTrue(m.get("kid").protocol().contains("10 subsets of 200"), m.get("kid").protocol());
    }

    @Test
    void heldOutRealImagesAreCloseAndNoiseIsFar() {
        BlockClassifier judge = new BlockClassifier();
        INDArray a = mnist(0, 500);
        INDArray b = mnist(500, 1000);
        INDArray noise = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 500, 1, 28, 28);
        var real = GenerativeEvaluation.evaluate(judge, a, b, FAST);
        var fake = GenerativeEvaluation.evaluate(judge, noise, b, FAST);
        assertTrue(fake.fid() > 20 * real.fid(), "real " + real + "\nnoise " + fake);
        assertTrue(fake.kid().mean() > 20 * Math.abs(real.kid().mean()), "real " + real + "\nnoise " + fake);
        assertTrue(real.precisionRecall().precision() > 0.8 && fake.precisionRecall().precision() < 0.05,
                "real " + real + "\nnoise " + fake);
    }

    @Test
    void ganRangeImagesAreRejectedWithTheFix() {
        INDArray symmetric = mnist(0, 10).mul(2).subi(1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> GenerativeEvaluation.evaluate(new BlockClassifier(), symmetric, mnist(0, 10), FAST));
        assertTrue(e.getMessage().contains("toUnitRange"), e.getMessage());
        INDArray back = GenerativeEvaluation.toUnitRange(symmetric, -1, 1);
        assertEquals(0, Transforms.abs(back.sub(mnist(0, 10))).maxNumber().doubleValue(), 1e-6);
    }
}
