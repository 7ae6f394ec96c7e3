package dev.genzoo.autoencoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.model.Family;
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

/** One contract, checked for every registered autoencoder (STYLE.md example 6). */
class AutoencoderRegistryTest {
    @TempDir
    Path tmp;

    static Stream<String> autoencoders() {
        return ModelZoo.list(Family.AUTOENCODER).stream().filter(e -> !e.tags().contains("test")).map(ZooEntry::name);
    }

    static DataSet batch(Autoencoder ae, int n) {
        boolean image = ae.inputShape().height() > 1;
        return Datasets.bundled(DatasetId.MNIST).batch(n).layout(image ? Layout.IMAGE : Layout.FLAT).iterator().next();
    }

    @Test
    void theWholeFamilyIsRegistered() {
        List<String> names = autoencoders().toList();
        assertTrue(names.containsAll(List.of("autoencoder", "overcomplete-ae", "denoising-ae", "sparse-ae",
                "contractive-ae", "stochastic-ae", "conv-ae")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("autoencoders")
    void buildsWithFiniteOutputsOfTheRightShapes(String name) throws Exception {
        Autoencoder ae = ModelZoo.create(name);
        INDArray x = batch(ae, 16).getFeatures();
        INDArray z = ae.encode(x);
        assertArrayEquals(new long[] {16, ae.latentSize()}, z.shape());
        INDArray r = ae.reconstruct(x);
        assertArrayEquals(x.shape(), r.shape());
        assertArrayEquals(x.shape(), ae.decode(z).shape());
        INDArray err = ae.reconstructionError(x);
        assertArrayEquals(new long[] {16}, err.shape());
        assertTrue(Double.isFinite(r.sumNumber().doubleValue()) && Double.isFinite(err.sumNumber().doubleValue()));
        // decode(encode(x)) is the graph's own reconstruction
        assertTrue(ae.decode(z).equalsWithEps(r, 1e-5), name);
    }




    @ParameterizedTest
    @MethodSource("autoencoders")
    void badInputIsRejectedWithTheExpectedShape(String name) throws Exception {
        Autoencoder ae = ModelZoo.create(name);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ae.reconstruct(Nd4j.zeros(4, 100)));
        assertTrue(e.getMessage().contains("[n, "), e.getMessage());
        INDArray x = batch(ae, 4).getFeatures().dup();
        x.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> ae.encode(x));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ae.decode(Nd4j.zeros(2, ae.latentSize() + 1)));
    }

    @Test
    void configsValidateWithTheParameterNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> UndercompleteAutoencoder.Config.defaults().withCodeSize(784));
        assertTrue(e.getMessage().contains("codeSize") && e.getMessage().contains("784"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OvercompleteAutoencoder.Config(784, 1024, 0, "none",
                ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 1));
        assertTrue(e.getMessage().contains("regulariser"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseAutoencoder.Config.defaults()
                .withSparsity("kl", 0.1, 1.5));
        assertTrue(e.getMessage().contains("targetActivation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightPenalty(-1, 0));
        assertTrue(e.getMessage().contains("l1"), e.getMessage());
        assertFalse(ModelZoo.list(Family.AUTOENCODER).isEmpty());
        assertEquals(OvercompleteAutoencoder.Config.defaults(), OvercompleteAutoencoder.Config.defaults());
    }

    @Test
    void theDenoisingEntryReportsTheDenoisingMetrics() throws Exception {
        DenoisingAutoencoder dae = ModelZoo.create("denoising-ae");
        var metrics = ModelZoo.entry("denoising-ae").evaluate(dae, Datasets.bundled(DatasetId.MNIST).select(
                java.util.stream.IntStream.range(0, 50).toArray()));
        assertTrue(metrics.keySet().containsAll(List.of("sse_per_image", "noisy_psnr_db", "denoised_psnr_db",
                "psnr_gain_db")), metrics.keySet().toString());
        assertEquals(metrics.get("denoised_psnr_db").value() - metrics.get("noisy_psnr_db").value(),
                metrics.get("psnr_gain_db").value(), 1e-9);
    }
}
