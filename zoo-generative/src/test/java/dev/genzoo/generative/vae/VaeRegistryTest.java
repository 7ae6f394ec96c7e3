package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Vae;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, checked for every registered VAE (STYLE.md example 6). */
class VaeRegistryTest {
    @TempDir
    Path tmp;

    static Stream<String> vaes() {
        return ModelZoo.list(Family.VAE).stream().map(ZooEntry::name);
    }

    /** A bundled MNIST batch in the model's layout, with one-hot labels. */
    static DataSet batch(Vae vae, int n) {
        boolean image = vae.inputShape().height() > 1;
        return Datasets.bundled(DatasetId.MNIST).batch(n).layout(image ? Layout.IMAGE : Layout.FLAT)
                .target(Target.LABELS).iterator().next();
    }

    /** Labels for a conditional model, null otherwise. */
    static INDArray labels(Vae vae, DataSet data) {
        return vae instanceof Vae.Conditional ? data.getLabels() : null;
    }

    static INDArray mean(Vae vae, INDArray x, INDArray y) {
        return y == null ? vae.posteriorMean(x) : ((Vae.Conditional) vae).posteriorMean(x, y);
    }

    static INDArray elbo(Vae vae, INDArray x, INDArray y, int samples) {
        return y == null ? vae.elbo(x, samples) : ((Vae.Conditional) vae).elbo(x, y, samples);
    }

    static void step(GraphVae vae, DataSet data) {
        vae.graph().fit(vae.trainingData(data.getFeatures(), labels(vae, data)));
    }

    @Test
    void theWholeFamilyIsRegistered() {
        List<String> names = vaes().toList();
        assertTrue(names.containsAll(List.of("vae-mlp", "vae-conv", "cvae-mlp")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("vaes")
    void buildsWithFiniteOutputsOfTheRightShapes(String name) throws Exception {
        Vae vae = ModelZoo.create(name);
        DataSet data = batch(vae, 8);
        INDArray x = data.getFeatures();
        INDArray y = labels(vae, data);
        int d = vae.latentSize();
        INDArray mu = mean(vae, x, y);
        assertArrayEquals(new long[] {8, d}, mu.shape());
        INDArray logVar = y == null ? vae.posteriorLogVariance(x)
                : ((Vae.Conditional) vae).posteriorLogVariance(x, y);
        assertArrayEquals(new long[] {8, d}, logVar.shape());
        INDArray r = y == null ? vae.reconstruct(x) : ((Vae.Conditional) vae).reconstruct(x, y);
        assertArrayEquals(x.shape(), r.shape());
        assertTrue(r.minNumber().doubleValue() >= 0 && r.maxNumber().doubleValue() <= 1, "Bernoulli means");
        INDArray samples = vae.sample(5, 1L);
        assertArrayEquals(new long[] {5, vae.inputShape().size()}, samples.reshape(5, -1).shape());
        assertEquals(x.rank(), samples.rank());
        INDArray e = elbo(vae, x, y, 2);
        assertArrayEquals(new long[] {8}, e.shape());
        INDArray ll = y == null ? vae.logLikelihood(x, 3) : ((Vae.Conditional) vae).logLikelihood(x, y, 3);
        assertArrayEquals(new long[] {8}, ll.shape());
        for (INDArray a : List.of(mu, logVar, r, samples, e, ll)) {
            assertTrue(Double.isFinite(a.sumNumber().doubleValue()), name + " produced NaN or infinity");
        }
        assertTrue(e.maxNumber().doubleValue() < 0, "log-likelihood bound of binary data is negative");
        if (y == null) {
            assertArrayEquals(new long[] {8}, vae.anomalyScore(x).shape());
            INDArray a = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
            INDArray b = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2));
            assertEquals(6, vae.interpolate(a, b, 6, true).size(0));
            assertEquals(4, vae.traverse(a, d - 1, -2, 2, 4).size(0));
        }
    }




    @ParameterizedTest
    @MethodSource("vaes")
    void badInputIsRejectedWithAClearMessage(String name) throws Exception {
        Vae vae = ModelZoo.create(name);
        DataSet data = batch(vae, 4);
        INDArray y = labels(vae, data);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mean(vae, Nd4j.zeros(4, 100), y));
        assertTrue(e.getMessage().contains("[n, "), e.getMessage());
        INDArray x = data.getFeatures().dup();
        x.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> elbo(vae, x, y, 1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vae.decode(Nd4j.zeros(2, vae.latentSize() + 1)));
        assertTrue(e.getMessage().contains("[n, " + vae.latentSize() + "]"), e.getMessage());
        if (vae instanceof Vae.Conditional c) {
            e = assertThrows(IllegalArgumentException.class, () -> c.posteriorMean(data.getFeatures()));
            assertTrue(e.getMessage().contains("conditional"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> c.posteriorMean(data.getFeatures(),
                    Nd4j.zeros(4, 1)));
            assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        }
    }

    @Test
    void configsValidateWithTheParameterNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> MlpVae.Config.defaults().withLatentSize(0));
        assertTrue(e.getMessage().contains("latentSize") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlpVae.Config.defaults().withBeta(-1));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecoderDistribution.gaussian(0));
        assertTrue(e.getMessage().contains("variance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DecoderDistribution(DecoderDistribution.Type.BERNOULLI, 0.5));
        assertTrue(e.getMessage().contains("GAUSSIAN"), e.getMessage());
    }
}
