package dev.genzoo.core.weights;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardTest {

    private static ModelCard fullCard() {
        ModelCard card = ModelCard.builder("vae-mlp", "mnist", Family.VAE)
                .optVersion("1.2.0")
                .optDescription("test card")
                .optInputShape(InputShape.MNIST)
                .optValueRange(0, 1)
                .optDataset("mnist", "a".repeat(64))
                .optProvenance(ModelCard.Provenance.current(42L, 10, 12.5, "abc123"))
                .addMetric("elbo", -98.5, "test split, 10000 examples, nats")
                .addMetric("nll", -92.1, "test split, k=5000 importance samples")
                .build();
        return card.withConfig(ZooJson.toTree(Map.of("latent", 20)))
                .withFiles(Map.of("graph.zip", new ModelCard.FileEntry("graph", NetworkKind.COMPUTATION_GRAPH,
                        "b".repeat(64), 1234)));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ModelCard card = fullCard();
        ModelCard parsed = ModelCard.parse(card.toJson(), "memory");
        assertEquals(card, parsed);
        assertEquals(List.of("elbo", "nll"), List.copyOf(parsed.metrics().keySet()));
        assertEquals("1.0.0-M2.1", parsed.provenance().libraryVersions().get("deeplearning4j"));
        assertTrue(parsed.provenance().libraryVersions().get("nd4jNative").startsWith("openblas-"),
                "the tests run on the plain build that nd4j-native-platform brings: "
                        + parsed.provenance().libraryVersions());
    }

    @Test
    void aCardListingNoFilesIsRefusedSayingWhatACardNeeds() {
        for (ModelCard empty : List.of(fullCard().withFiles(Map.of()), fullCard().withFiles(null))) {
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> ModelCard.parse(empty.toJson(), "card.json"));
            assertTrue(e.getMessage().contains("card.json") && e.getMessage().contains("lists no files"),
                    e.getMessage());
        }
    }

    @Test
    void aFractionalValueForAnIntegerConfigFieldIsRefusedNotTruncated() {
        com.fasterxml.jackson.databind.node.ObjectNode config = (ObjectNode) ZooJson.toTree(
                dev.genzoo.core.testing.TinyModel.Config.defaults());
        config.put("hiddenSize", 1.5);
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> dev.genzoo.core.testing.TinyModel.ENTRY.configFromJson(config));
        assertTrue(e.getMessage().contains("hiddenSize") && e.getMessage().contains("1.5"), e.getMessage());
        config.put("hiddenSize", 3);
        assertDoesNotThrow(() -> dev.genzoo.core.testing.TinyModel.ENTRY.configFromJson(config));
    }

    @Test
    void newerFormatVersionIsRejectedWithAClearMessage() throws Exception {
        ObjectNode tree = (ObjectNode) ZooJson.readTree(fullCard().toJson());
        tree.put("formatVersion", 2);
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelCard.parse(ZooJson.writePretty(tree), "card.json"));
        assertTrue(e.getMessage().contains("formatVersion 2"), e.getMessage());
        assertTrue(e.getMessage().contains("reads formatVersion 1"), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade GenZoo"), e.getMessage());
    }

    @Test
    void missingFormatVersionIsRejected() throws Exception {
        ObjectNode tree = (ObjectNode) ZooJson.readTree(fullCard().toJson());
        tree.remove("formatVersion");
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelCard.parse(ZooJson.writePretty(tree), "card.json"));
        assertTrue(e.getMessage().contains("no integer formatVersion"), e.getMessage());
    }

    @Test
    void fileNamesThatLeaveTheFolderAreRejected() throws Exception {
        ObjectNode tree = (ObjectNode) ZooJson.readTree(fullCard().toJson());
        ObjectNode files = (ObjectNode) tree.get("files");
        files.set("../../evil.zip", files.remove("graph.zip"));
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelCard.parse(ZooJson.writePretty(tree), "card.json"));
        assertTrue(e.getMessage().contains("../../evil.zip"), e.getMessage());
    }

    @Test
    void invalidJsonIsMalformed() {
        assertThrows(MalformedModelException.class,
                () -> ModelCard.parse("{not json".getBytes(StandardCharsets.UTF_8), "card.json"));
    }

    @Test
    void validationNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelCard.FileEntry("graph", NetworkKind.COMPUTATION_GRAPH, "XYZ", 1));
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("XYZ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new dev.genzoo.core.model.ValueRange(1, 0));
        assertTrue(e.getMessage().contains("min=1.0 max=0.0"), e.getMessage());
    }
}
