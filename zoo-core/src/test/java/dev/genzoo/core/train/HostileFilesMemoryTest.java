package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.testing.HostileIdx;
import dev.genzoo.core.testing.LoadMain;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.testing.ZipBombs;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.weights.NetworkKind;
import dev.genzoo.core.weights.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each malicious file is loaded in a child JVM limited to a 256 MB heap: it must be refused with a
 * message naming the problem, never run the JVM out of memory.
 */
class HostileFilesMemoryTest {
    private static final String HEAP = "-Xmx256m";

    @TempDir
    Path tmp;

    record Outcome(int exit, String output) {
    }

    private Outcome load(String kind, Path path) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, HEAP, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LoadMain.class.getName(), kind, path.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(p.waitFor(), out);
    }

    private void assertRefused(String kind, Path path, String... words) throws Exception {
        Outcome o = load(kind, path);
        assertEquals(0, o.exit(), o.output());
        assertTrue(o.output().contains("REFUSED"), o.output());
        for (String w : words) {
            assertTrue(o.output().contains(w), "'" + w + "' missing from: " + o.output());
        }
        Matcher m = Pattern.compile("PEAK_HEAP_MB (\\d+)").matcher(o.output());
        assertTrue(m.find(), o.output());
        assertTrue(Long.parseLong(m.group(1)) < 256, o.output());
    }

    @Test
    void anArtifactZipBomb() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bomb"));
        Path zip = dir.resolve("graph.zip");
        Files.write(zip, ZipBombs.zip(Map.of("coefficients.bin", ZipBombs.BIG)));
        ModelCard card = ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build()
                .withFiles(Map.of("graph.zip", new ModelCard.FileEntry("graph", NetworkKind.COMPUTATION_GRAPH,
                        Sha256.of(zip), Files.size(zip))));
        card.write(dir.resolve(ModelCard.FILE_NAME));
        assertRefused("artifact", dir, "coefficients.bin", "limit");
    }

    @Test
    void aHalfPrecisionZipBombWithAValidHeaderIsDecodedOnlyUpToItsLimit() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("half-bomb"));
        Path zip = dir.resolve("graph.zip");
        // GZ16, version 1, claiming the most parameters allowed (16 Mi), then 300 MB of zeros: 150 M halves
        ByteBuffer header = ByteBuffer.allocate(16).putInt(0x475a3136).putInt(1).putLong(16L << 20);
        Files.write(zip, ZipBombs.zipWithHeader("coefficients.f16", header.array(), ZipBombs.BIG));
        ModelCard card = ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build()
                .withFiles(Map.of("graph.zip", new ModelCard.FileEntry("graph", NetworkKind.COMPUTATION_GRAPH,
                        Sha256.of(zip), Files.size(zip))));
        card.write(dir.resolve(ModelCard.FILE_NAME));
        assertRefused("artifact", dir, "coefficients.f16", "more than the 16777216 parameters");
    }

    @Test
    void aCheckpointZipBomb() throws Exception {
        Path ckpt = Checkpoints.write(tmp.resolve("run"), CheckpointTrustTest.networks(),
                CheckpointTrustTest.state(4), 3);
        Files.write(ckpt.resolve("graph.zip"), ZipBombs.zip(Map.of("coefficients.bin", ZipBombs.BIG)));
        CheckpointTrustTest.reindex(ckpt, "graph.zip");
        assertRefused("checkpoint", ckpt, "coefficients.bin", "limit");
    }

    @Test
    void idxFilesWhoseHeaderClaimsBillionsOfValues() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path f = tmp.resolve("claims-" + gzip);
            Files.write(f, HostileIdx.idx(new int[] {2_000_000_000}, 1000, gzip));
            assertRefused("idx", f, "2000000000");
        }
    }

    @Test
    void aGzipIdxThatUnpacksToHundredsOfMegabytes() throws Exception {
        Path f = tmp.resolve("bomb.gz");
        Files.write(f, HostileIdx.idx(new int[] {300_000_000}, 300_000_000L, true));
        assertRefused("idx", f, "300000000");
    }

    @Test
    void aKnownDataSetFileWhoseHeaderIsNotThePublishedOne() throws Exception {
        Path mnist = Files.createDirectories(tmp.resolve("data/mnist"));
        for (DatasetId.FileSpec spec : DatasetId.MNIST.files()) {
            Files.write(mnist.resolve(spec.fileName() + ".gz"), HostileIdx.idx(new int[] {1}, 1, true));
        }
        Files.write(mnist.resolve("t10k-images-idx3-ubyte.gz"), HostileIdx.idx(new int[] {200_000, 28, 28},
                200_000L * 784, true));
        assertRefused("mnist-test", tmp.resolve("data"), "[200000, 28, 28]");
    }
}
