package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Rbm;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.testing.ModelAssertions;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, checked for every registered RBM (STYLE.md example 6). */
class RbmRegistryTest {
    @TempDir
    Path tmp;

    static Stream<String> rbms() {
        return ModelZoo.list(Family.RBM).stream().map(ZooEntry::name);
    }

    /** {@code n} statically binarized bundled MNIST images, flat. */
    static INDArray batch(int n) {
        return Datasets.bundled(DatasetId.MNIST).batch(n).seed(0).binarize(Binarization.STATIC).iterator().next()
                .getFeatures();
    }

    @Test
    void theFamilyIsRegistered() throws Exception {
        assertTrue(rbms().toList().contains("rbm"), rbms().toList().toString());
        Rbm rbm = ModelZoo.create("rbm");
        assertEquals(784, rbm.visibleSize());
        assertEquals(500, rbm.hiddenSize());
    }

    @ParameterizedTest
    @MethodSource("rbms")
    void buildsWithFiniteOutputsOfTheRightShapes(String name) throws Exception {
        Rbm rbm = ModelZoo.create(name);
        int v = rbm.visibleSize();
        int h = rbm.hiddenSize();
        INDArray x = batch(8);
        INDArray ph = rbm.hiddenProbabilities(x);
        assertArrayEquals(new long[] {8, h}, ph.shape());
        INDArray pv = rbm.visibleProbabilities(ph);
        assertArrayEquals(new long[] {8, v}, pv.shape());
        assertArrayEquals(new long[] {8, v}, rbm.reconstruct(x).shape());
        assertArrayEquals(new long[] {8}, rbm.freeEnergy(x).shape());
        assertArrayEquals(new long[] {8, v}, rbm.gibbs(x, 2, 1L).shape());
        INDArray samples = rbm.sample(5, 3, 1L);
        assertArrayEquals(new long[] {5, v}, samples.shape());
        Rbm.LogPartition z = rbm.estimateLogPartition(4, 3, null, 1L);
        INDArray ll = rbm.logLikelihood(x, z);
        assertArrayEquals(new long[] {8}, ll.shape());
        for (INDArray a : List.of(ph, pv, samples, ll)) {
            assertTrue(Double.isFinite(a.sumNumber().doubleValue()), name + " produced NaN or infinity");
        }
        assertTrue(samples.minNumber().doubleValue() >= 0 && samples.maxNumber().doubleValue() <= 1, "probabilities");
        assertTrue(Double.isFinite(z.logZ()) && Double.isFinite(z.standardError()), z.toString());
        assertTrue(ll.maxNumber().doubleValue() < 0, "log-likelihoods of binary images are negative");
    }

    @ParameterizedTest
    @MethodSource("rbms")
    void oneTrainingStepChangesTheParametersThroughTheGraph(String name) throws Exception {
        RestrictedBoltzmannMachine rbm = ModelZoo.create(name);
        INDArray before = rbm.graph().params().dup();
        rbm.fit(batch(16));
        assertNotEquals(before, rbm.graph().params());
        var graph = rbm.graph();
        ModelAssertions.assertIdentical(rbm.weights(), graph.getLayer(RbmGraph.HIDDEN).getParam("W"));
        ModelAssertions.assertIdentical(rbm.hiddenBias(), graph.getLayer(RbmGraph.HIDDEN).getParam("b").reshape(-1));
        ModelAssertions.assertIdentical(rbm.visibleBias(), graph.getLayer(RbmGraph.VISIBLE).getParam("b").reshape(-1));
        assertNotEquals(0.0, rbm.visibleBias().amaxNumber().doubleValue(), "the visible bias moved");
        assertTrue(Double.isFinite(graph.params().sumNumber().doubleValue()));
    }



    @Test
    void trainingAndEvaluationThroughTheTrainableContract() {
        var data = Datasets.bundled(DatasetId.MNIST);
        var config = RestrictedBoltzmannMachine.Config.defaults().withSizes(784, 16).withAis(10, 50);
        RestrictedBoltzmannMachine a = RestrictedBoltzmannMachine.create(config);
        RestrictedBoltzmannMachine b = RestrictedBoltzmannMachine.create(config);
        TrainingOptions options = new TrainingOptions(2, 50, 7, 200);
        var report = a.train(data, options);
        b.train(data, options);
        ModelAssertions.assertSameModel(a, b);
        assertEquals(2, report.epochLoss().size());
        assertEquals(8, report.steps());
        Map<String, ModelCard.Metric> m = a.evaluate(data.select(java.util.stream.IntStream.range(0, 100).toArray()));
        assertTrue(m.keySet().containsAll(List.of("ais_log_likelihood_nats", "ais_log_z", "ais_log_z_std_error_nats",
                "reconstruction_sse")), m.keySet().toString());
        double ll = m.get("ais_log_likelihood_nats").value();
        assertTrue(ll < 0 && ll > -784 * Math.log(2), "between 0 and the uniform model's -543 nats: " + ll);
        assertTrue(m.get("ais_log_likelihood_nats").protocol().contains("10 runs, 50 intermediate distributions"),
                m.get("ais_log_likelihood_nats").protocol());
        assertTrue(m.get("ais_log_likelihood_nats").protocol().contains("100 images"));
    }

    @ParameterizedTest
    @MethodSource("rbms")
    void badInputIsRejectedWithAClearMessage(String name) throws Exception {
        Rbm rbm = ModelZoo.create(name);
        int v = rbm.visibleSize();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rbm.freeEnergy(Nd4j.zeros(4, 100)));
        assertTrue(e.getMessage().contains("[n, " + v + "]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rbm.hiddenProbabilities(Nd4j.zeros(4, 1, 28, 28)));
        assertTrue(e.getMessage().contains("flatten"), e.getMessage());
        INDArray x = batch(4).dup();
        x.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> rbm.freeEnergy(x));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rbm.gibbs(batch(4).mul(2), 1, 0));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rbm.visibleProbabilities(Nd4j.zeros(2, v)));
        assertTrue(e.getMessage().contains("[n, " + rbm.hiddenSize() + "]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rbm.sample(0, 1, 0));
        assertTrue(e.getMessage().contains("n must be >= 1, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rbm.estimateLogPartition(1, 10, null, 0));
        assertTrue(e.getMessage().contains("runs"), e.getMessage());
    }

    @Test
    void configsValidateWithTheParameterNameAndValue() {
        var d = RestrictedBoltzmannMachine.Config.defaults();
        var e = assertThrows(IllegalArgumentException.class, () -> d.withSizes(0, 10));
        assertTrue(e.getMessage().contains("visibleSize") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withMomentum(1.0));
        assertTrue(e.getMessage().contains("momentum must be in [0, 1), found 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withTraining(null, 1));
        assertTrue(e.getMessage().contains("training"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> d.withTraining(RestrictedBoltzmannMachine.Training.PCD, 0));
        assertTrue(e.getMessage().contains("gibbsSteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withLearningRate(Double.NaN));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    @Test
    void aGraphOfAnotherSizeIsMalformed() {
        var entry = RestrictedBoltzmannMachine.entry();
        RestrictedBoltzmannMachine small = RestrictedBoltzmannMachine.create(TinyRbms.config(10, 6));
        Map<String, Model> nets = small.networks();
        var e = assertThrows(MalformedModelException.class,
                () -> entry.restore(TinyRbms.config(10, 7), nets));
        assertTrue(e.getMessage().contains("[10, 7]"), e.getMessage());
        small.graph().getLayer(RbmGraph.VISIBLE).getParam("W").assign(2);
        e = assertThrows(MalformedModelException.class, () -> entry.restore(TinyRbms.config(10, 6), nets));
        assertTrue(e.getMessage().contains("ones"), e.getMessage());
    }
}
