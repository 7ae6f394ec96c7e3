package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aCompactArtifactHasHalfTheBytesNoFloat32MetricsAndEvaluatesWithinRoundingOfTheOriginal() throws Exception {
        Path art = tmp.resolve("ae");
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--bundled", "--epochs", "2", "--batch",
                "100", "--set", "hidden=[128]", "--set", "codeSize=16", "--checkpoint-dir",
                tmp.resolve("ckpt").toString(), "--log-every", "2", "--out", art.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        Path compact = tmp.resolve("ae-f16");
        r = CliTestSupport.run("compact", art.toString(), "--out", compact.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("genzoo evaluate " + compact), r.out());

        ModelCard before = ModelArtifacts.readCard(art);
        ModelCard after = ModelArtifacts.readCard(compact);
        long bytesBefore = before.files().get("graph.zip").size();
        long bytesAfter = after.files().get("graph.zip").size();
        assertTrue(bytesAfter < 0.6 * bytesBefore, bytesAfter + " vs " + bytesBefore);
        assertEquals(Set.of("train_loss_last_epoch"), after.metrics().keySet());
        assertEquals(before.config(), after.config());
        assertEquals(before.provenance(), after.provenance());
        assertTrue(after.description().contains("half precision"), after.description());
        assertEquals(Files.readString(art.resolve(TrainCommand.TRAINING_LOG)),
                Files.readString(compact.resolve(TrainCommand.TRAINING_LOG)));

        double sse = before.metrics().get("sse_per_image").value();
        double compactSse = evaluate(compact).get("sse_per_image").get("value").asDouble();
        assertNotEquals(sse, compactSse, "the stored parameters are rounded");
        assertEquals(sse, compactSse, 1e-2 * sse, "rounding to float16 barely moves the reconstruction error");
        assertEquals(compactSse, evaluate(compact).get("sse_per_image").get("value").asDouble(), 0.0,
                "the compact artifact's figures reproduce exactly");
    }

    @Test
    void compactingRefusesToReplaceAnArtifactUnlessAskedAndNeverWritesOverItsSource() throws Exception {
        Path art = tmp.resolve("ae");
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--bundled", "--epochs", "1", "--batch",
                "100", "--set", "hidden=[16]", "--set", "codeSize=4", "--out", art.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        byte[] zip = Files.readAllBytes(art.resolve("graph.zip"));
        r = CliTestSupport.run("compact", art.toString(), "--out", art.toString(), "--overwrite");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("ARTIFACT itself"), r.err());
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("keep.txt"), "precious");
        r = CliTestSupport.run("compact", art.toString(), "--out", other.toString());
        assertEquals(2, r.exit());
        assertEquals("precious", Files.readString(other.resolve("keep.txt")));
        assertEquals(java.util.Arrays.hashCode(zip), java.util.Arrays.hashCode(Files.readAllBytes(art.resolve("graph.zip"))));
    }

    private static JsonNode evaluate(Path artifact) throws Exception {
        CliTestSupport.Result ev = CliTestSupport.run("evaluate", artifact.toString(), "--bundled", "--json");
        assertEquals(0, ev.exit(), ev.err());
        return new ObjectMapper().readTree(ev.out()).get("metrics");
    }
}
