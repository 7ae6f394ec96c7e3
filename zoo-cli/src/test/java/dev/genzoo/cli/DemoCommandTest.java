package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: pretrained models on the bundled data, figures that say they are trained. */
class DemoCommandTest {
    @Test
    void demoWritesItsFiguresAndPictures(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        CliTestSupport.Result r = CliTestSupport.run("demo", "--out", out.toString(), "--epochs", "2");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(s.get("autoencoder_sse_per_image").asDouble() < s.get("pca_sse_per_image").asDouble() / 2,
                "the pretrained AE beats PCA: " + s);
        assertTrue(s.get("psnr_denoised_db").asDouble() > s.get("psnr_noisy_db").asDouble() + 9,
                "the pretrained denoiser gains more than 9 dB: " + s);
        assertTrue(s.get("vae_neg_elbo_nats").asDouble() < 110, s.toString());
        assertTrue(s.get("anomaly_auroc").asDouble() > 0.8, s.toString());
        for (String png : List.of("reconstructions.png", "denoising.png", "vae-samples.png", "gan-samples.png",
                "cgan-digits.png", "dcgan-fashion-samples.png")) {
            assertNotNull(javax.imageio.ImageIO.read(out.resolve(png).toFile()), png);
        }
        // the gallery: one readable picture per bundled variant of every non-classifier model
        long expected = dev.genzoo.core.registry.ModelZoo.list().stream()
                .filter(e -> e.family() != dev.genzoo.core.model.Family.CLASSIFIER)
                .mapToLong(e -> e.variants().size()).sum();
        assertTrue(expected >= 10, "bundled variants: " + expected);
        assertEquals(expected, s.get("gallery").size(), s.get("gallery").toString());
        for (JsonNode g : s.get("gallery")) {
            String file = g.asText().substring(0, g.asText().indexOf(' '));
            var img = javax.imageio.ImageIO.read(out.resolve("gallery").resolve(file).toFile());
            assertNotNull(img, file);
            assertTrue(img.getWidth() >= 8 * 28, file + " holds a row of 8 images");
        }
    }
}
