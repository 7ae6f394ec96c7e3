package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainWritesALoadableArtifactWhoseCardMetricsEvaluateReproduces() throws Exception {
        Path out = tmp.resolve("ae");
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--bundled", "--epochs", "2", "--batch", "100",
                "--set", "hidden=[64]", "--set", "codeSize=8", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(2, report.get("epochLoss").size());
        ModelCard card = ModelArtifacts.readCard(out);
        assertEquals("autoencoder", card.name());
        assertEquals(8, card.config().get("codeSize").asInt());
        assertEquals(42L, card.provenance().seed());
        double sse = card.metrics().get("sse_per_image").value();
        assertTrue(sse > 0 && Double.isFinite(sse));

        CliTestSupport.Result ev = CliTestSupport.run("evaluate", out.toString(), "--bundled", "--json");
        assertEquals(0, ev.exit(), ev.err());
        JsonNode metrics = new ObjectMapper().readTree(ev.out()).get("metrics");
        assertEquals(sse, metrics.get("sse_per_image").get("value").asDouble(), 1e-6 * sse);
    }

    @Test
    void trainRefusesToOverwriteAnArtifactAndKeepsIt() throws Exception {
        Path out = tmp.resolve("ae");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "precious");
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--bundled", "--epochs", "1",
                "--set", "hidden=[16]", "--set", "codeSize=4", "--out", out.toString());
        assertEquals(2, r.exit(), "refused before training, as a bad argument");
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void badSettingsAreOneLineReasons() {
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--bundled", "--set", "codeSiz=3",
                "--out", tmp.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no config field 'codeSiz'"), r.err());
        r = CliTestSupport.run("train", "autoencoder", "--bundled", "--set", "codeSize=900", "--out",
                tmp.resolve("y").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("codeSize must be smaller than inputSize"), r.err());
        r = CliTestSupport.run("train", "autoencodr", "--bundled", "--out", tmp.resolve("z").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Did you mean 'autoencoder'"), r.err());
        r = CliTestSupport.run("evaluate", tmp.resolve("missing").toString());
        assertEquals(2, r.exit());
    }

    @Test
    void listAndInfo() throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("list", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertTrue(arr.size() >= 7);
        r = CliTestSupport.run("info", "denoising-ae");
        assertEquals(0, r.exit(), r.err());
        assertEquals("masking:0.3", new ObjectMapper().readTree(r.out()).get("defaultConfig").get("noise").asText());
    }
}
