package dev.genzoo.core.weights;

import static dev.genzoo.core.testing.ModelAssertions.assertIdentical;
import static dev.genzoo.core.testing.ModelAssertions.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.testing.TinyPairModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelArtifactsTest {

    @TempDir
    Path tmp;

    private static ModelCard card(String name, Family family) {
        return ModelCard.builder(name, "v1", family).build();
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsAndAFilledCard() throws Exception {
        TinyModel model = TinyModel.create(new TinyModel.Config(4, 3, 1L));
        Path dir = tmp.resolve("tiny");
        ModelCard written = ModelArtifacts.save(model, card(TinyModel.NAME, Family.BASELINE), dir);
        assertEquals(List.of("graph.zip"), List.copyOf(written.files().keySet()));
        assertEquals(Files.size(dir.resolve("graph.zip")), written.files().get("graph.zip").size());
        assertEquals(model.inputShape(), written.inputShape());

        LoadedArtifact loaded = ModelArtifacts.load(dir);
        assertEquals(written, loaded.card());
        TinyModel restored = TinyModel.restore(TinyModel.ENTRY.configFromJson(loaded.card().config()),
                loaded.networks());
        assertSameModel(model, restored);
        INDArray x = Nd4j.rand(6, 4);
        assertIdentical(model.output(x), restored.output(x));
        assertOnlyArtifactInside(tmp, "tiny");
    }

    @Test
    void multiNetworkModelsKeepRolesOrderAndClasses() throws Exception {
        TinyPairModel model = TinyPairModel.create(new TinyPairModel.Config(2, 4, 3L));
        Path dir = tmp.resolve("pair");
        ModelArtifacts.save(model, card(TinyPairModel.NAME, Family.GAN), dir, ModelArtifacts.SaveOption.WITH_UPDATER_STATE);
        LoadedArtifact loaded = ModelArtifacts.load(dir);
        assertEquals(List.of("generator", "discriminator"), List.copyOf(loaded.networks().keySet()));
        assertSameModel(model, TinyPairModel.restore(model.config(), loaded.networks()));
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws Exception {
        Path dir = tmp.resolve("tiny");
        ModelArtifacts.save(TinyModel.create(TinyModel.Config.defaults()), card(TinyModel.NAME, Family.BASELINE), dir);
        TinyModel other = TinyModel.create(new TinyModel.Config(4, 3, 99L));
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> ModelArtifacts.save(other, card(TinyModel.NAME, Family.BASELINE), dir));
        assertTrue(e.getMessage().contains("OVERWRITE"), e.getMessage());

        ModelArtifacts.save(other, card(TinyModel.NAME, Family.BASELINE), dir, ModelArtifacts.SaveOption.OVERWRITE);
        LoadedArtifact loaded = ModelArtifacts.load(dir);
        assertSameModel(other, TinyModel.restore(other.config(), loaded.networks()));
        assertOnlyArtifactInside(tmp, "tiny");
    }

    @Test
    void cardMustMatchTheModel() {
        TinyModel model = TinyModel.create(TinyModel.Config.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelArtifacts.save(model, card("other", Family.BASELINE), tmp.resolve("x")));
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
    }

    @Test
    void tamperedFileIsDetectedOnLoad() throws Exception {
        Path dir = tmp.resolve("tiny");
        ModelArtifacts.save(TinyModel.create(TinyModel.Config.defaults()), card(TinyModel.NAME, Family.BASELINE), dir);
        byte[] bytes = Files.readAllBytes(dir.resolve("graph.zip"));
        bytes[bytes.length - 10] ^= 1;
        Files.write(dir.resolve("graph.zip"), bytes);
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifacts.load(dir));
        assertTrue(e.getMessage().contains("graph.zip") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void zipWithAJavaSerializedEntryIsRejectedBeforeDl4jSeesIt() throws Exception {
        Path dir = tmp.resolve("evil");
        Files.createDirectories(dir);
        Path zip = dir.resolve("graph.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String entry : List.of("configuration.json", "preprocessor.bin")) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5});
                out.closeEntry();
            }
        }
        ModelCard card = card(TinyModel.NAME, Family.BASELINE).withFiles(Map.of("graph.zip",
                new ModelCard.FileEntry("graph", NetworkKind.COMPUTATION_GRAPH, Sha256.of(zip), Files.size(zip))));
        card.write(dir.resolve(ModelCard.FILE_NAME));
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifacts.load(dir));
        assertTrue(e.getMessage().contains("preprocessor.bin"), e.getMessage());
    }

    @Test
    void folderWithoutCardIsMalformed() {
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifacts.load(tmp));
        assertTrue(e.getMessage().contains(ModelCard.FILE_NAME), e.getMessage());
    }

    private static void assertOnlyArtifactInside(Path parent, String name) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            assertEquals(List.of(name), children.map(p -> p.getFileName().toString()).toList(),
                    "no temporary folders may be left next to the artifact");
        }
    }
}
