package dev.genzoo.autoencoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.DatasetLocator;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The bundled pretrained undercomplete autoencoders load offline and do what their cards say. */
class PretrainedAutoencoderTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatasetId.class)
    void loadsOfflineBeatsPcaAndReproducesItsCard(DatasetId id) throws Exception {
        GraphAutoencoder ae;
        System.setProperty("genzoo.home", home.toString()); // an empty cache: served from the jar
        System.setProperty("genzoo.offline", "true");
        try {
            ae = ModelZoo.load("autoencoder:" + id.id());
        } finally {
            System.clearProperty("genzoo.home");
            System.clearProperty("genzoo.offline");
        }
        {
            assertEquals(30, ae.latentSize());
            var test = Datasets.bundled(id);
            var x = test.batch(test.size()).iterator().next().getFeatures();
            double sseAe = Reconstruction.sse(x, ae.reconstruct(x)).meanNumber().doubleValue();
            double ssePca = Reconstruction.sse(x, Pca.fit(x, 30).reconstruct(x)).meanNumber().doubleValue();
            // PCA is even fitted on these very images; the autoencoder never saw them
            assertTrue(sseAe < 0.7 * ssePca, id + ": autoencoder SSE/image " + sseAe + ", PCA " + ssePca);

            boolean ci = "true".equals(System.getenv("CI"));
            if (!ci) {
                Assumptions.assumeTrue(DatasetLocator.defaults().find(id).isPresent(), id + " not installed");
            }
            Path dir = Path.of(UndercompleteAutoencoder.class.getClassLoader()
                    .getResource("genzoo/models/autoencoder/" + id.id() + "/model-card.json").toURI()).getParent();
            ModelCard card = ModelArtifacts.readCard(dir);
            double claimed = card.metrics().get("sse_per_image").value();
            double measured = ae.evaluate(Datasets.load(id, Split.TEST)).get("sse_per_image").value();
            assertEquals(claimed, measured, 1e-6 * claimed, "card of autoencoder:" + id.id());
        }
    }
}
