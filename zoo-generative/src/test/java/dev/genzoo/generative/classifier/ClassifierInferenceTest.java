package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.genzoo.core.data.DatasetId;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bundled judges' features (what FID, KID and precision/recall compare) and class
 * probabilities, now computed by the engine's inference pass, against DL4J's own
 * {@code feedForward} and {@code output} on the same images: equal to float rounding, over more
 * images than one inference chunk, with the parameters unmoved; and both from one pass
 * ({@code featuresAndPredictions}, what the generative evaluations use) equal to each alone.
 */
class ClassifierInferenceTest {

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = {"MNIST", "FASHION_MNIST"})
    void featuresAndProbabilitiesEqualDl4jsInference(DatasetId data) {
        CnnClassifier judge = CnnClassifier.bundled(data);
        ComputationGraph graph = judge.graph();
        INDArray params = graph.params().dup();
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(7);
        INDArray x = Nd4j.rand(rng, 300, 1, 28, 28).castTo(DataType.FLOAT); // two chunks of at most 256
        INDArray features = judge.features(x);
        INDArray probabilities = judge.predict(x.reshape(300, 784));
        for (List<Integer> range : List.of(List.of(0, 256), List.of(256, 300))) {
            INDArray part = x.get(interval(range.get(0), range.get(1)));
            INDArray expectedFeatures = graph.feedForward(new INDArray[] {part}, false, false).get("features");
            INDArray expectedProbabilities = graph.outputSingle(false, part);
            INDArray rows = features.get(interval(range.get(0), range.get(1)));
            INDArray probs = probabilities.get(interval(range.get(0), range.get(1)));
            assertArrayEquals(expectedFeatures.shape(), rows.shape());
            double df = expectedFeatures.sub(rows).amaxNumber().doubleValue();
            double scale = expectedFeatures.amaxNumber().doubleValue();
            assertTrue(df <= 1e-5 * Math.max(1, scale), data + ": largest feature difference " + df + " (max " + scale
                    + ")");
            double dp = expectedProbabilities.sub(probs).amaxNumber().doubleValue();
            assertTrue(dp < 1e-5, data + ": largest probability difference " + dp);
        }
        INDArray[] both = judge.featuresAndPredictions(x);
        assertEquals(features, both[0], "one pass for both gives the same features");
        assertEquals(probabilities, both[1], "... and the same probabilities");
        assertEquals(params, graph.params(), "inference moves no parameter or running statistic");
    }
}
