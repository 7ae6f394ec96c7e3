package dev.genzoo.core.registry;

import static dev.genzoo.core.testing.ModelAssertions.assertIdentical;
import static dev.genzoo.core.testing.ModelAssertions.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.Settings;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.testing.TestZooProvider;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.testing.TinyPairModel;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.PretrainedType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The static facade over the SPI-registered test models. */
class ModelZooTest {

    @TempDir
    Path tmp;

    @Test
    void spiRegisteredModelsAreListed() throws Exception {
        List<String> names = ModelZoo.list().stream().map(ZooEntry::name).toList();
        assertTrue(names.containsAll(List.of(TinyModel.NAME, TinyPairModel.NAME)), names.toString());
        assertEquals(List.of(TinyModel.NAME), ModelZoo.list(Family.BASELINE).stream().map(ZooEntry::name).toList());
        assertEquals(List.of(TinyModel.NAME), ModelZoo.listByTag("dense").stream().map(ZooEntry::name).toList());
        assertEquals(List.of("bundled"), List.copyOf(ModelZoo.entry(TinyModel.NAME).variants().keySet()));
    }

    @Test
    void unknownNameNamesTheClosestRegisteredModel() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> ModelZoo.entry("tiny-a"));
        assertTrue(e.getMessage().contains("Did you mean 'tiny-ae'?"), e.getMessage());
        assertTrue(e.getMessage().contains(TinyPairModel.NAME), e.getMessage());
    }

    @Test
    void unknownVariantListsTheVariants() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> ModelZoo.load("tiny-ae:bundle"));
        assertTrue(e.getMessage().contains("Did you mean 'bundled'?"), e.getMessage());
        e = assertThrows(ModelNotFoundException.class, () -> ModelZoo.load(TinyPairModel.NAME, "mnist"));
        assertTrue(e.getMessage().contains("no pretrained weights"), e.getMessage());
    }

    @Test
    void createsUntrainedModelsWithDefaultOrGivenConfig() throws Exception {
        TinyModel byDefault = ModelZoo.create(TinyModel.NAME);
        assertEquals(TinyModel.Config.defaults(), byDefault.config());
        TinyModel wide = ModelZoo.create(TinyModel.NAME, new TinyModel.Config(4, 8, 1L));
        assertEquals(4 * 8 + 8 + 8 * 4 + 4, wide.graph().numParams());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelZoo.create(TinyModel.NAME, new TinyPairModel.Config(1, 1, 1L)));
        assertTrue(e.getMessage().contains(TinyModel.Config.class.getName()), e.getMessage());
    }

    @Test
    void savedArtifactLoadsBackByFolderWithIdenticalOutputs() throws Exception {
        TinyModel model = ModelZoo.create(TinyModel.NAME, new TinyModel.Config(4, 3, 5L));
        Path dir = tmp.resolve("tiny");
        ModelArtifacts.save(model, ModelCard.builder(TinyModel.NAME, "local", Family.BASELINE).build(), dir);
        TinyModel loaded = ModelZoo.load(dir);
        assertSameModel(model, loaded);
        INDArray x = Nd4j.rand(7, 4);
        assertIdentical(model.output(x), loaded.output(x));

        TinyPairModel pair = ModelZoo.create(TinyPairModel.NAME);
        ModelArtifacts.save(pair, ModelCard.builder(TinyPairModel.NAME, "local", Family.GAN).build(),
                tmp.resolve("pair"));
        GenZooModel loadedPair = ModelZoo.load(tmp.resolve("pair"));
        assertSameModel(pair, loadedPair);
    }

    @Test
    void artifactOfAnUnregisteredModelIsNotFound() throws Exception {
        ZooRegistry onlyPair = new ZooRegistry().register(TinyPairModel.ENTRY);
        Path dir = tmp.resolve("tiny");
        ModelArtifacts.save(TinyModel.create(TinyModel.Config.defaults()),
                ModelCard.builder(TinyModel.NAME, "v", Family.BASELINE).build(), dir);
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> onlyPair.load(dir));
        assertTrue(e.getMessage().contains("tiny-ae"), e.getMessage());
    }

    @Test
    void classpathVariantLoadsOfflineThroughTheCacheNamedByTheSystemProperty() throws Exception {
        TinyModel model = TinyModel.create(new TinyModel.Config(4, 3, 11L));
        Path resources = tmp.resolve("resources");
        ModelArtifacts.save(model, ModelCard.builder(TinyModel.NAME, "bundled", Family.BASELINE).build(),
                resources.resolve(TestZooProvider.BUNDLED));
        Path cache = tmp.resolve("cache");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        String previousHome = System.getProperty(Settings.Key.HOME.property());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            System.setProperty(Settings.Key.HOME.property(), cache.toString());
            TinyModel loaded = ModelZoo.load("tiny-ae:bundled");
            assertSameModel(model, loaded);
            assertTrue(Files.isDirectory(cache.resolve("models/tiny-ae/bundled")));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            restoreProperty(Settings.Key.HOME.property(), previousHome);
        }
    }

    @Test
    void artifactOfAnotherFamilyIsMalformed() throws Exception {
        Path dir = tmp.resolve("x");
        ModelArtifacts.save(TinyModel.create(TinyModel.Config.defaults()),
                ModelCard.builder(TinyModel.NAME, "v", Family.BASELINE).build(), dir);
        ZooEntry<TinyModel.Config, TinyModel> asVae = TinyModel.entryBuilder().setFamily(Family.VAE).build();
        assertThrows(MalformedModelException.class, () -> new ZooRegistry().register(asVae).load(dir));
    }

    @Test
    void duplicateNamesAreRejectedAtRegistration() {
        ZooRegistry registry = new ZooRegistry().register(TinyModel.ENTRY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.register(TinyModel.ENTRY));
        assertTrue(e.getMessage().contains("Duplicate zoo model name 'tiny-ae'"), e.getMessage());
    }

    @Test
    void singleNetworkModelIsADl4jZooModel() throws Exception {
        ZooModelAdapter adapter = ModelZoo.asDl4jZooModel(TinyModel.NAME);
        ComputationGraph graph = adapter.init();
        assertEquals(4, graph.outputSingle(Nd4j.rand(2, 4)).size(1));
        assertEquals(ComputationGraph.class, adapter.modelType());
        assertEquals(TinyModel.NAME, adapter.modelName());
        assertFalse(adapter.pretrainedAvailable(PretrainedType.MNIST));
        assertInstanceOf(UnsupportedOperationException.class,
                assertThrows(RuntimeException.class, () -> ModelZoo.asDl4jZooModel(TinyPairModel.NAME).init()));
    }

    private static void restoreProperty(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
