package dev.genzoo.generative.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.testing.ModelAssertions;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, checked for every registered classifier (STYLE.md example 6). */
class ClassifierRegistryTest {
    @TempDir
    Path tmp;

    static Stream<String> classifiers() {
        return ModelZoo.list(Family.CLASSIFIER).stream().map(ZooEntry::name);
    }

    static DataSet batch(int n) {
        return Datasets.bundled(DatasetId.MNIST).batch(n).layout(Layout.IMAGE).target(Target.LABELS).iterator().next();
    }

    @Test
    void bothClassifiersAreRegistered() {
        List<String> names = classifiers().toList();
        assertTrue(names.containsAll(List.of("classifier-mnist", "classifier-fashion-mnist")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void predictsProbabilitiesAndFeaturesOfTheRightShapes(String name) throws Exception {
        Classifier c = ModelZoo.create(name);
        assertEquals(name, c.name());
        INDArray x = batch(300).getFeatures(); // more than one inference chunk
        INDArray p = c.predict(x);
        assertArrayEquals(new long[] {300, c.numClasses()}, p.shape());
        INDArray rowSums = p.sum(1);
        for (double s : rowSums.toDoubleVector()) {
            assertEquals(1.0, s, 1e-4);
        }
        INDArray f = c.features(x);
        assertArrayEquals(new long[] {300, c.featureSize()}, f.shape());
        assertTrue(Double.isFinite(f.sumNumber().doubleValue()) && f.minNumber().doubleValue() >= 0, "ReLU features");
        // Flat input gives the same answer as image input.
        ModelAssertions.assertIdentical(c.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4))),
                c.predict(x.reshape(300, 784).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4))));
    }




    @ParameterizedTest
    @MethodSource("classifiers")
    void badInputIsRejectedWithAClearMessage(String name) throws Exception {
        Classifier c = ModelZoo.create(name);
        var e = assertThrows(IllegalArgumentException.class, () -> c.predict(Nd4j.zeros(2, 100)));
        assertTrue(e.getMessage().contains("[n, 1, 28, 28]"), e.getMessage());
        INDArray x = Nd4j.zeros(2, 784);
        x.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> c.features(x));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void trainsAndEvaluatesThroughTheTrainableContract() throws Exception {
        CnnClassifier c = ModelZoo.create("classifier-mnist");
        var data = Datasets.bundled(DatasetId.MNIST);
        TrainingReport report = c.train(data, new TrainingOptions(2, 32, 1, 320));
        assertEquals(2, report.epochLoss().size());
        assertTrue(report.epochLoss().get(1) < report.epochLoss().get(0), "loss falls: " + report.epochLoss());
        Map<String, ModelCard.Metric> m = c.evaluate(data);
        double acc = m.get("test_accuracy").value();
        // 20 steps on 320 digits, scored on all 1,000 bundled ones: above chance (0.1).
        assertTrue(acc > 0.3, "accuracy " + acc);
        assertTrue(m.get("test_cross_entropy_nats").value() < Math.log(10), m.toString());
    }

    @Test
    void theBatchNormStagesTrainThroughTheEngineAndLearn() throws Exception {
        CnnClassifier c = CnnClassifier.create(CnnClassifier.Config.defaults().withBatchNorm(true)
                .withChannels(List.of(8, 16)).withFeatureSize(32));
        assertTrue(dev.genzoo.engine.FastGraphTrainer.of(c.graph(), dev.genzoo.engine.EngineOptions.defaults())
                .isPresent(), "conv, batch norm, ReLU, pool, dense and dropout run in the engine");
        assertEquals(2, java.util.Arrays.stream(c.graph().getLayers())
                .filter(l -> l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)
                .count());
        assertLearnsIn20Steps(c, 0.2);
        // a card written before the fields existed reads as the plain LeNet stages, without augmentation
        @SuppressWarnings("unchecked")
        var entry = (dev.genzoo.core.registry.ZooEntry<CnnClassifier.Config, CnnClassifier>) ModelZoo.entry(
                "classifier-mnist");
        var json = ((com.fasterxml.jackson.databind.node.ObjectNode) entry.configToJson(CnnClassifier.Config.defaults()))
                .deepCopy();
        assertTrue(json.has("batchNorm") && json.has("augmentation"), json.toString());
        assertEquals("none", json.get("augmentation").asText());
        json.remove("batchNorm");
        json.remove("augmentation");
        assertEquals(CnnClassifier.Config.defaults(), entry.configFromJson(json));
    }

    @Test
    void theDoubleThreeByThreeStagesTrainThroughTheEngineWithADecayingRateAndLearn() throws Exception {
        CnnClassifier c = CnnClassifier.create(CnnClassifier.Config.defaults().withBatchNorm(true)
                .withStage(CnnClassifier.Stage.DOUBLE_3X3).withDecaySteps(1000).withChannels(List.of(8, 16))
                .withFeatureSize(32));
        assertTrue(dev.genzoo.engine.FastGraphTrainer.of(c.graph(), dev.genzoo.engine.EngineOptions.defaults())
                .isPresent(), "padded 3x3 convolutions with batch norm run in the engine");
        var convs = java.util.Arrays.stream(c.graph().getLayers()).map(l -> l.conf().getLayer())
                .filter(l -> l instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
                .map(l -> (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l).toList();
        assertEquals(4, convs.size(), "two convolutions per stage");
        for (var conv : convs) {
            assertArrayEquals(new int[] {3, 3}, conv.getKernelSize());
            assertEquals(org.deeplearning4j.nn.conf.ConvolutionMode.Same, conv.getConvolutionMode());
        }
        // 28 -> 14 -> 7: the dense feature layer reads 16 maps of 7x7
        assertEquals(16 * 7 * 7, ((org.deeplearning4j.nn.conf.layers.DenseLayer) c.graph().getLayer("features").conf()
                .getLayer()).getNIn());
        var updater = convs.get(0).getIUpdater();
        assertEquals(1e-3, updater.getLearningRate(0, 0), 1e-12);
        assertEquals(1e-3 / 3, updater.getLearningRate(2000, 0), 1e-12, "lr / (1 + t / 1000) at t = 2000");
        assertLearnsIn20Steps(c, 0.1); // running batch statistics still young
        // the config travels through a card; one without stage and decaySteps reads as LeNet at a constant rate
        @SuppressWarnings("unchecked")
        var entry = (dev.genzoo.core.registry.ZooEntry<CnnClassifier.Config, CnnClassifier>) ModelZoo.entry(
                "classifier-fashion-mnist");
        var json = ((com.fasterxml.jackson.databind.node.ObjectNode) entry.configToJson(c.config())).deepCopy();
        assertEquals("double-3x3", json.get("stage").asText());
        assertEquals(c.config(), entry.configFromJson(json));
        json.remove("stage");
        json.remove("decaySteps");
        var old = entry.configFromJson(json);
        assertEquals(CnnClassifier.Stage.LENET, old.stage());
        assertEquals(0, old.decaySteps());
        json.put("stage", "double-5x5");
        var e = assertThrows(Exception.class, () -> entry.configFromJson(json));
        assertTrue(String.valueOf(e.getMessage()).contains("lenet, double-3x3"), e.getMessage());
    }

    /**
     * 20 steps on 320 bundled digits lower the loss from the first epoch to the second and raise the
     * accuracy on all 1,000 above 0.3 and by more than {@code gain}.
     */
    private static void assertLearnsIn20Steps(CnnClassifier c, double gain) {
        var data = Datasets.bundled(DatasetId.MNIST);
        double before = c.evaluate(data).get("test_accuracy").value();
        TrainingReport report = c.train(data, new TrainingOptions(2, 32, 1, 320));
        assertTrue(report.epochLoss().get(1) < report.epochLoss().get(0), "loss falls: " + report.epochLoss());
        double acc = c.evaluate(data).get("test_accuracy").value();
        assertTrue(acc > 0.3 && acc > before + gain, "20 steps on 320 digits: accuracy " + before + " -> " + acc);
    }

    @Test
    void configsValidateWithTheParameterNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CnnClassifier.Config.defaults().withFeatureSize(0));
        assertTrue(e.getMessage().contains("featureSize") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CnnClassifier.Config(
                dev.genzoo.core.model.InputShape.MNIST, 10, List.of(8), 16, 0.5, false, null, 1e-3, 1));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CnnClassifier.Config.defaults().withDecaySteps(-1));
        assertTrue(e.getMessage().contains("decaySteps") && e.getMessage().contains("-1"), e.getMessage());
    }
}
