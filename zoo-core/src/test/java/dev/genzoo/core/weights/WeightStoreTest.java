package dev.genzoo.core.weights;

import static dev.genzoo.core.testing.ModelAssertions.assertIdentical;
import static dev.genzoo.core.testing.ModelAssertions.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.Settings;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.registry.ZooRegistry;
import dev.genzoo.core.testing.ArtifactServer;
import dev.genzoo.core.testing.FetchMain;
import dev.genzoo.core.testing.TinyModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** WeightStore against a real HTTP server on loopback. */
class WeightStoreTest {

    private static final String ZIP = "graph.zip";
    private static TinyModel model;
    @TempDir
    static Path shared;
    private static Path artifact;

    @TempDir
    Path cache;

    @BeforeAll
    static void saveArtifact() throws IOException {
        model = TinyModel.create(TinyModel.Config.defaults());
        artifact = shared.resolve("artifact");
        ModelArtifacts.save(model, ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build(), artifact);
    }

    private WeightStore online() {
        return WeightStore.of(cache, false).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static ArtifactRef ref(ArtifactServer server) {
        return ArtifactRef.of(TinyModel.NAME, "v1", server.url());
    }

    @Test
    void downloadsVerifiesAndHitsTheCacheWithoutASecondRequest() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            Path first = online().fetch(ref(server));
            Path second = online().fetch(ref(server));
            assertEquals(first, second);
            assertTrue(first.startsWith(cache));
            assertEquals(1, server.requests(ModelCard.FILE_NAME));
            assertEquals(1, server.requests(ZIP));
            TinyModel loaded = TinyModel.restore(model.config(), ModelArtifacts.load(first).networks());
            assertSameModel(model, loaded);
            INDArray x = Nd4j.rand(5, 4);
            assertIdentical(model.output(x), loaded.output(x));
        }
    }

    @Test
    void registryLoadsAVariantFromTheServer() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            ZooRegistry registry = new ZooRegistry()
                    .register(TinyModel.entryBuilder().optVariant("v1", server.url()).build());
            TinyModel loaded = registry.load(TinyModel.NAME, "v1", online());
            assertSameModel(model, loaded);
        }
    }

    @Test
    void wrongHashFailsAndLeavesNothingInTheCache() throws Exception {
        byte[] tampered = Files.readAllBytes(artifact.resolve(ZIP));
        tampered[tampered.length / 2] ^= 0x5a;
        try (ArtifactServer server = ArtifactServer.serve(artifact).replace(ZIP, tampered)) {
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> online().fetch(ref(server)));
            assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
            assertNoArtifactFiles();
        }
    }

    @Test
    void pinnedCardWithAnotherHashFailsAndLeavesNothing() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            ArtifactRef pinned = new ArtifactRef(TinyModel.NAME, "v1", server.url(), "0".repeat(64));
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> online().fetch(pinned));
            assertTrue(e.getMessage().contains("registry expects"), e.getMessage());
            assertNoArtifactFiles();
        }
    }

    @Test
    void transferCutShortFailsAndLeavesNothing() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact).truncate(ZIP, 100)) {
            ArtifactUnavailableException e = assertThrows(ArtifactUnavailableException.class,
                    () -> online().fetch(ref(server)));
            assertTrue(e.getMessage().contains(ZIP), e.getMessage());
            assertNoArtifactFiles();
        }
    }

    @Test
    void aServerTricklingBelowTheMinimumRateTimesOutAndLeavesNothing() throws Exception {
        // one byte every 100 ms never trips the 5 s read timeout; the minimum rate (200 B/s over 1 s) does
        try (ArtifactServer server = ArtifactServer.serve(artifact).trickle(ZIP, Duration.ofMillis(100))) {
            WeightStore store = online().withMinimumRate(new MinimumRate(200, Duration.ofSeconds(1)));
            long t0 = System.nanoTime();
            ArtifactUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(ArtifactUnavailableException.class, () -> store.fetch(ref(server))));
            assertTrue((System.nanoTime() - t0) / 1e9 < 10, "took " + (System.nanoTime() - t0) / 1e9 + " s");
            assertTrue(e.getMessage().contains("200 bytes/s") && e.getMessage().contains("GENZOO_DOWNLOAD_MIN_RATE"),
                    e.getMessage());
            assertNoArtifactFiles();
        }
    }

    @Test
    void theMinimumRateComesFromTheSettingsWithADefault() {
        Properties p = new Properties();
        assertEquals(MinimumRate.DEFAULT, MinimumRate.from(Settings.of(p, Map.of())));
        p.setProperty("genzoo.download.min.rate", "5000");
        assertEquals(5000, MinimumRate.from(Settings.of(p, Map.of())).bytesPerSecond());
        assertEquals(7, MinimumRate.from(Settings.of(new Properties(), Map.of("GENZOO_DOWNLOAD_MIN_RATE", "7")))
                .bytesPerSecond());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(new Properties(), Map.of("GENZOO_DOWNLOAD_MIN_RATE", "0")));
        assertTrue(e.getMessage().contains("GENZOO_DOWNLOAD_MIN_RATE"), e.getMessage());
    }

    @Test
    void temporariesLeftByAKilledDownloadAreRemovedByTheNextFetch() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            Path dir = online().cacheDirectory(ref(server));
            Files.createDirectories(dir);
            Path stale = Files.write(dir.resolve("." + ZIP + ".part-" + java.util.UUID.randomUUID()), new byte[100]);
            Path staleCard = Files.write(dir.resolve("." + ModelCard.FILE_NAME + ".part-killed"), new byte[10]);
            online().fetch(ref(server));
            assertFalse(Files.exists(stale), "stale " + stale);
            assertFalse(Files.exists(staleCard), "stale " + staleCard);
            // and on a cache hit too
            Files.write(stale, new byte[100]);
            online().fetch(ref(server));
            assertFalse(Files.exists(stale), "stale " + stale);
        }
    }

    @Test
    void deadServerFailsAndLeavesNothing() throws Exception {
        ArtifactServer server = ArtifactServer.serve(artifact);
        ArtifactRef ref = ref(server);
        server.close();
        assertThrows(ArtifactUnavailableException.class, () -> online().fetch(ref));
        assertNoArtifactFiles();
    }

    @Test
    void twoThreadsFetchingAtOnceDownloadOnceAndGetIdenticalModels() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ArtifactServer server = ArtifactServer.serve(artifact).delay(Duration.ofMillis(300))) {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<TinyModel>> results = List.of(pool.submit(() -> fetchAfter(start, server)),
                    pool.submit(() -> fetchAfter(start, server)));
            TinyModel a = results.get(0).get();
            TinyModel b = results.get(1).get();
            assertEquals(1, server.requests(ModelCard.FILE_NAME));
            assertEquals(1, server.requests(ZIP));
            assertSameModel(a, b);
            INDArray x = Nd4j.rand(3, 4);
            assertIdentical(a.output(x), b.output(x));
        } finally {
            pool.shutdownNow();
        }
    }

    private TinyModel fetchAfter(CyclicBarrier start, ArtifactServer server) throws Exception {
        start.await();
        Path dir = online().fetch(ref(server));
        return TinyModel.restore(model.config(), ModelArtifacts.load(dir).networks());
    }

    @Test
    void twoProcessesFetchingAtOnceDownloadOnce() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact).delay(Duration.ofMillis(1000))) {
            List<Process> processes = List.of(startFetch(server), startFetch(server));
            for (Process p : processes) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fetch process timed out");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
            }
            assertEquals(1, server.requests(ModelCard.FILE_NAME));
            assertEquals(1, server.requests(ZIP));
            Path dir = online().cacheDirectory(ref(server));
            assertSameModel(model, TinyModel.restore(model.config(), ModelArtifacts.load(dir).networks()));
        }
    }

    private Process startFetch(ArtifactServer server) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), FetchMain.class.getName(),
                cache.toString(), TinyModel.NAME, "v1", server.url()).redirectErrorStream(true).start();
    }

    @Test
    void offlineWithAnEmptyCacheNamesTheArtifactAndHowToGetIt() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            ArtifactUnavailableException e = assertThrows(ArtifactUnavailableException.class,
                    () -> WeightStore.of(cache, true).fetch(ref(server)));
            String message = e.getMessage();
            assertTrue(message.contains("tiny-ae:v1"), message);
            assertTrue(message.contains("offline"), message);
            assertTrue(message.contains("GENZOO_OFFLINE"), message);
            assertTrue(message.contains(server.url()), message);
            assertEquals(0, server.totalRequests());
        }
    }

    @Test
    void offlineUsesWhatIsCached() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            Path online = online().fetch(ref(server));
            Path offline = WeightStore.of(cache, true).fetch(ref(server));
            assertEquals(online, offline);
            assertEquals(2, server.totalRequests());
        }
    }

    @Test
    void corruptCachedFileIsNeverUsedAndReplacedWhenOnline() throws Exception {
        try (ArtifactServer server = ArtifactServer.serve(artifact)) {
            Path dir = online().fetch(ref(server));
            Files.write(dir.resolve(ZIP), new byte[] {1, 2, 3});
            assertThrows(ArtifactUnavailableException.class, () -> WeightStore.of(cache, true).fetch(ref(server)));
            assertFalse(Files.exists(dir.resolve(ZIP)), "corrupt file must be deleted");
            Path again = online().fetch(ref(server));
            assertEquals(2, server.requests(ZIP));
            assertEquals(1, server.requests(ModelCard.FILE_NAME));
            assertSameModel(model, TinyModel.restore(model.config(), ModelArtifacts.load(again).networks()));
        }
    }

    @Test
    void fileLocationsAreVerifiedInPlace() throws Exception {
        ArtifactRef ref = ArtifactRef.of(TinyModel.NAME, "v1", artifact.toUri().toString());
        assertEquals(artifact.toRealPath(), WeightStore.of(cache, true).fetch(ref).toRealPath());
    }

    @Test
    void cacheRootAndOfflineResolveFromPropertiesThenEnvironment() {
        Properties props = new Properties();
        props.setProperty("genzoo.home", "/p");
        Map<String, String> env = Map.of("GENZOO_HOME", "/e", "GENZOO_OFFLINE", "1");
        assertEquals(Path.of("/p"), WeightStore.from(Settings.of(props, env)).cacheRoot());
        assertEquals(Path.of("/e"), WeightStore.from(Settings.of(new Properties(), env)).cacheRoot());
        assertEquals(Path.of(System.getProperty("user.home"), ".genzoo"),
                WeightStore.from(Settings.of(new Properties(), Map.of())).cacheRoot());
        assertTrue(WeightStore.from(Settings.of(new Properties(), env)).offline());
        Properties online = new Properties();
        online.setProperty("genzoo.offline", "false");
        assertFalse(WeightStore.from(Settings.of(online, env)).offline());
        assertFalse(WeightStore.from(Settings.of(new Properties(), Map.of())).offline());
        Properties maybe = new Properties();
        maybe.setProperty("genzoo.offline", "maybe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightStore.from(Settings.of(maybe, env)));
        assertTrue(e.getMessage().contains("maybe"), e.getMessage());
        assertTrue(e.getMessage().contains("genzoo.offline"), e.getMessage());
    }

    @Test
    void aCachedClasspathArtifactIsRefreshedWhenTheJarBundlesAnotherCard() throws Exception {
        // a "jar" (a folder on a class loader) bundling v1 of the weights, later replaced by other
        // weights under the same name and location, as a newer GenZoo jar would
        Path jar = shared.resolve("jar");
        Path bundled = jar.resolve("genzoo/models/tiny/v1");
        ModelArtifacts.save(model, ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build(), bundled);
        ArtifactRef ref = ArtifactRef.of(TinyModel.NAME, "v1", "classpath:genzoo/models/tiny/v1/");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            Path first = online().fetch(ref);
            assertSameModel(model, TinyModel.restore(model.config(), ModelArtifacts.load(first).networks()));
            TinyModel newer = TinyModel.create(new TinyModel.Config(4, 3, 99));
            ModelArtifacts.save(newer, ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build(), bundled,
                    ModelArtifacts.SaveOption.OVERWRITE);
            Path second = online().fetch(ref);
            assertEquals(first, second, "the same cache folder");
            TinyModel loaded = TinyModel.restore(newer.config(), ModelArtifacts.load(second).networks());
            INDArray x = Nd4j.rand(5, 4);
            assertIdentical(newer.output(x), loaded.output(x));
            assertFalse(model.output(x).equals(loaded.output(x)), "not the stale weights");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private void assertNoArtifactFiles() throws IOException {
        Path models = cache.resolve("models");
        if (!Files.exists(models)) {
            return;
        }
        try (Stream<Path> files = Files.walk(models)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
        }
    }
}
