package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.eval.Ranking;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.train.TrainingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small detector trained on the bundled images of one digit learns to name the transformations
 * on that digit, and then scores the other digits as more anomalous than held-out ones of its own.
 */
class GeometricAnomalyDetectorTest {
    /** A digit without the mirror and half-turn symmetries of a 1 or an 8, so its transformations can be told apart. */
    private static final int DIGIT = 7;

    private static GeometricAnomalyDetector.Config small() {
        return new GeometricAnomalyDetector.Config(InputShape.MNIST, new GeometricTransforms(4, true, 0),
                List.of(8, 16), 32, 0.0, true, 2e-3, 42);
    }

    @Test
    void trainedOnOneDigitItNamesTheTransformationsAndFindsOtherDigitsAnomalous() {
        ImageDataset all = Datasets.bundled(DatasetId.MNIST);
        int[] ones = all.indicesOf(DIGIT);
        int half = ones.length / 2;
        ImageDataset train = all.select(java.util.Arrays.copyOfRange(ones, 0, half));
        GeometricAnomalyDetector model = GeometricAnomalyDetector.create(small());
        var before = GeometricEvaluation.INSTANCE.evaluate(model, train);
        var report = GeometricTraining.INSTANCE.train(model, train,
                TrainingOptions.epochs(30).withBatchSize(16).withQuiet(true));
        var after = GeometricEvaluation.INSTANCE.evaluate(model, train);
        double accBefore = before.get("transform_accuracy").value();
        double accAfter = after.get("transform_accuracy").value();
        assertTrue(accAfter > 0.6 && accAfter > accBefore + 0.3, "transformation accuracy " + accBefore + " -> "
                + accAfter + "; epoch losses " + report.epochLoss());

        // held-out ones (never trained on) against every other digit of the bundled images
        int[] heldOut = java.util.Arrays.copyOfRange(ones, half, ones.length);
        java.util.Set<Integer> held = new java.util.HashSet<>();
        for (int i : heldOut) {
            held.add(i);
        }
        int[] test = java.util.stream.IntStream.range(0, all.size())
                .filter(i -> all.label(i) != DIGIT || held.contains(i)).toArray();
        ImageDataset testSet = all.select(test);
        INDArray x = testSet.batch(testSet.size()).noShuffle().layout(Layout.IMAGE).iterator().next().getFeatures();
        double[] scores = model.anomalyScore(x).toDoubleVector();
        boolean[] anomalous = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            anomalous[i] = testSet.label(i) != DIGIT;
        }
        double auroc = Ranking.auroc(scores, anomalous);
        assertTrue(auroc > 0.8, "one-class AUROC of digit " + DIGIT + " on the bundled images: " + auroc);
    }

    @Test
    void scoresAreMeanNegativeLogProbabilitiesOfTheAppliedTransformations() {
        GeometricAnomalyDetector model = GeometricAnomalyDetector.create(small());
        INDArray x = Datasets.bundled(DatasetId.MNIST).batch(5).noShuffle().layout(Layout.IMAGE).iterator().next()
                .getFeatures();
        INDArray p = model.transformProbabilities(x);
        assertArrayEquals(new long[] {5, 8}, p.shape());
        GeometricTransforms g = model.config().transforms();
        for (int t = 0; t < 8; t++) {
            int[] ts = new int[5];
            java.util.Arrays.fill(ts, t);
            INDArray direct = model.graph().outputSingle(false, g.apply(x, ts));
            for (int i = 0; i < 5; i++) {
                assertEquals(direct.getDouble(i, t), p.getDouble(i, t), 1e-5); // engine against DL4J
            }
        }
        INDArray scores = model.anomalyScore(x);
        for (int i = 0; i < 5; i++) {
            double mean = 0;
            for (int t = 0; t < 8; t++) {
                mean -= Math.log(p.getDouble(i, t)) / 8;
            }
            assertEquals(mean, scores.getDouble(i), 1e-5);
        }
    }

    @Test
    void theEngineScoresAsDl4jDoesWithBatchNormAndDropout() {
        GeometricAnomalyDetector.Config c = GeometricAnomalyDetector.Config.defaults();
        GeometricAnomalyDetector model = GeometricAnomalyDetector.create(new GeometricAnomalyDetector.Config(c.input(),
                new GeometricTransforms(4, true, 7), List.of(8, 16), 32, 0.3, true, 1e-3, 3));
        GeometricTraining.INSTANCE.train(model, Datasets.bundled(DatasetId.MNIST),
                dev.genzoo.core.train.TrainingOptions.epochs(1).withBatchSize(50).withLimit(200).withQuiet(true));
        INDArray x = Datasets.bundled(DatasetId.MNIST).batch(6).noShuffle().layout(Layout.IMAGE).iterator().next()
                .getFeatures();
        INDArray all = model.config().transforms().applyAll(x);
        INDArray viaEngine = model.forward(all);
        INDArray viaDl4j = model.graph().outputSingle(false, all);
        assertEquals(0.0, viaEngine.sub(viaDl4j).amaxNumber().doubleValue(), 1e-5);
        // more rows than one pass holds: equal passes, the last zero-padded, give DL4J's rows too
        INDArray many = Datasets.bundled(DatasetId.MNIST).batch(300).noShuffle().layout(Layout.IMAGE).iterator().next()
                .getFeatures();
        assertTrue(many.size(0) > GeometricAnomalyDetector.PASS_ROWS);
        INDArray predicted = model.predict(many);
        assertEquals(0.0, predicted.sub(model.graph().outputSingle(false, many)).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void badInputIsRefusedByName() {
        GeometricAnomalyDetector model = GeometricAnomalyDetector.create(small());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.anomalyScore(Nd4j.zeros(2, 700)))
                .getMessage().contains("[n, 784]"));
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 1, 784);
        nan.putScalar(3, Float.NaN);
        assertThrows(IllegalArgumentException.class, () -> model.anomalyScore(nan));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeometricAnomalyDetector.Config(
                InputShape.MNIST, null, List.of(8, 16), 32, 0, true, 1e-3, 1)).getMessage().contains("transforms"));
    }
}
