package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.testing.Canary;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.testing.ZipBombs;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.Sha256;
import dev.genzoo.core.weights.ZooJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint folder is as untrusted as a download: whoever supplies it also writes the hashes in
 * its state file, so its zips go through the same gate as artifacts before DL4J reads them.
 */
class CheckpointTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Checkpoints.State state(long step) {
        return new Checkpoints.State(Checkpoints.FORMAT_VERSION, TinyModel.NAME,
                ZooJson.toTree(TinyModel.Config.defaults()), step, 0, 0, 1, 2, 4, List.of(), 0, 0, 0, Map.of(), "test",
                null, 0, null);
    }

    static Map<String, Model> networks() {
        return Map.of("graph", TinyModel.create(TinyModel.Config.defaults()).graph());
    }

    /** Adds {@code extra} entries to a checkpoint's network zip and rewrites its index to match, as an attacker would. */
    static void plant(Path checkpoint, String file, Map<String, byte[]> extra) throws IOException {
        Path zip = checkpoint.resolve(file);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)));
                ZipOutputStream out = new ZipOutputStream(rebuilt)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.write(zip, rebuilt.toByteArray());
        reindex(checkpoint, file);
    }

    static void reindex(Path checkpoint, String file) throws IOException {
        Path stateFile = checkpoint.resolve(Checkpoints.STATE_FILE);
        ObjectNode state = (ObjectNode) JSON.readTree(stateFile.toFile());
        ObjectNode entry = (ObjectNode) state.get("files").get(file);
        entry.put("sha256", Sha256.of(checkpoint.resolve(file)));
        entry.put("size", Files.size(checkpoint.resolve(file)));
        JSON.writeValue(stateFile.toFile(), state);
    }

    @Test
    void aJavaSerialisedEntryInACheckpointIsRefusedBeforeDl4jDeserialisesIt() throws Exception {
        Path run = tmp.resolve("run");
        Path ckpt = Checkpoints.write(run, networks(), state(4), 3);
        plant(ckpt, "graph.zip", Map.of("preprocessor.bin", Canary.bytes()));
        Canary.reset();

        MalformedModelException e = assertThrows(MalformedModelException.class, () -> Checkpoints.load(ckpt));
        assertTrue(e.getMessage().contains("preprocessor.bin"), e.getMessage());
        assertFalse(Canary.deserialised(), "DL4J deserialised the planted entry");
        assertTrue(Checkpoints.latest(run).isEmpty(), "a refused checkpoint is skipped, never resumed");
        assertFalse(Canary.deserialised());
    }

    @Test
    void aCheckpointWhoseEntryUnpacksBeyondTheLimitIsRefused() throws Exception {
        Path ckpt = Checkpoints.write(tmp.resolve("run"), networks(), state(4), 3);
        Path zip = ckpt.resolve("graph.zip");
        // coefficients.bin replaced by far more zeros than any zoo network's parameters: about a MB on disk
        byte[] bomb = ZipBombs.zip(Map.of("configuration.json", 1L << 10, "coefficients.bin", ZipBombs.BIG));
        Files.write(zip, bomb);
        reindex(ckpt, "graph.zip");
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> Checkpoints.load(ckpt));
        assertTrue(e.getMessage().contains("coefficients.bin") && e.getMessage().contains("limit"), e.getMessage());
    }

    /**
     * Every place in the project that hands a zip to DL4J's deserialiser goes through {@code SafeZip}:
     * no main source but SafeZip calls {@code ModelSerializer.restore*} or the networks' {@code load}.
     */
    @Test
    void onlySafeZipHandsZipsToDl4j() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.getFileName().toString().equals("SafeZip.java"))
                    .filter(CheckpointTrustTest::restoresAZip).toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean restoresAZip(Path source) {
        try {
            String text = Files.readString(source);
            return text.matches("(?s).*(ModelSerializer\\s*\\.\\s*restore|restoreComputationGraph|restoreMultiLayerNetwork"
                    + "|ComputationGraph\\s*\\.\\s*load\\s*\\(|MultiLayerNetwork\\s*\\.\\s*load\\s*\\(|ModelGuesser).*");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
