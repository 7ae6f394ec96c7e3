package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint or artifact write that runs out of space keeps the previous one intact, leaves no
 * temporary files, and says so: on a real 1 MiB tmpfs where this machine allows mounting one (root),
 * and always through a simulated file system that fails once its capacity is used.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    /** A FileOutputStream that fails like a full disk once {@code capacity} bytes were written through it. */
    static final class FullDisk extends FileOutputStream {
        private long left;

        FullDisk(File file, long capacity) throws IOException {
            super(file);
            this.left = capacity;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("No space left on device");
            }
            left -= len;
            super.write(b, off, len);
        }
    }

    @Test
    void aCheckpointWriteThatRunsOutOfSpaceKeepsThePreviousOne() throws Exception {
        Path run = tmp.resolve("run");
        Checkpoints.write(run, CheckpointTrustTest.networks(), CheckpointTrustTest.state(4), 3);
        byte[] before = Files.readAllBytes(run.resolve("ckpt-000000004/graph.zip"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.write(run, CheckpointTrustTest.networks(),
                CheckpointTrustTest.state(8), 3, file -> new FullDisk(file.toFile(), 100)));
        assertFullDiskReported(e, run);
    }

    @Test
    void onARealFullFileSystem() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) == 0,
                "cannot mount a tmpfs here (not root?); the simulated test covers the behaviour");
        try {
            Path run = mount.resolve("run");
            Checkpoints.write(run, CheckpointTrustTest.networks(), CheckpointTrustTest.state(4), 3);
            Path artifact = mount.resolve("artifact");
            TinyModel model = TinyModel.create(TinyModel.Config.defaults());
            ModelCard card = ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build();
            ModelArtifacts.save(model, card, artifact);
            byte[] artifactBefore = Files.readAllBytes(artifact.resolve("graph.zip"));
            fill(mount);

            IOException e = assertThrows(IOException.class, () -> Checkpoints.write(run,
                    CheckpointTrustTest.networks(), CheckpointTrustTest.state(8), 3));
            assertFullDiskReported(e, run);

            e = assertThrows(IOException.class, () -> ModelArtifacts.save(model, card, artifact,
                    ModelArtifacts.SaveOption.OVERWRITE, ModelArtifacts.SaveOption.WITH_UPDATER_STATE));
            assertTrue(e.getMessage().contains("intact") && e.getMessage().contains(artifact.toString()),
                    e.getMessage());
            assertArrayEquals(artifactBefore, Files.readAllBytes(artifact.resolve("graph.zip")));
            ModelArtifacts.load(artifact);
            try (Stream<Path> s = Files.list(mount)) {
                assertEquals(List.of("artifact", "filler", "run"),
                        s.map(p -> p.getFileName().toString()).sorted().toList(), "temporary folders left");
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    private static void assertFullDiskReported(IOException e, Path run) throws Exception {
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("ckpt-000000004") && e.getMessage().contains("intact"), e.getMessage());
        assertEquals(4, Checkpoints.latest(run).orElseThrow().state().step());
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(List.of(run.resolve("ckpt-000000004")), s.toList(), "the failed write left files");
        }
    }

    /** Fills the file system up to its last few KB. */
    private static void fill(Path mount) throws IOException {
        try (FileOutputStream out = new FileOutputStream(mount.resolve("filler").toFile())) {
            byte[] block = new byte[4096];
            while (true) {
                try {
                    out.write(block);
                } catch (IOException full) {
                    break;
                }
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
