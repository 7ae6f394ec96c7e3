package dev.genzoo.core.weights;

import dev.genzoo.core.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches model artifacts into a local cache and verifies them.
 *
 * <p>Cache root and offline mode come from {@link Settings}: the home folder ({@code -Dgenzoo.home},
 * else {@code GENZOO_HOME}, else {@code ~/.genzoo}) and offline mode ({@code -Dgenzoo.offline},
 * else {@code GENZOO_OFFLINE}). {@link #fromEnvironment()} reads them on each call, nothing is
 * frozen in a static.
 *
 * <p>Layout: {@code <root>/models/<name>/<variant>/<key>/} holds the card and files of one
 * artifact, where {@code key} is derived from the location so that two locations of the same
 * variant never mix; {@code <root>/locks/} holds the lock files. {@code classpath:} artifacts are
 * copied into the cache (offline mode allows them), {@code http(s):} artifacts are downloaded
 * (never in offline mode), {@code file:} artifacts are verified and used in place.
 *
 * <p>Every fetch verifies every file against the card (and the card against the pinned digest
 * when there is one); a corrupt cached file is deleted, never used, and downloaded again when
 * online. Downloads stream into a temporary file in the target folder, are hashed on the way,
 * and are moved into place atomically, under a lock that serialises threads of this JVM and
 * other processes, so concurrent fetches of one artifact download it once. A download slower than
 * the {@link MinimumRate} fails; temporary files a killed download left behind are removed by the
 * next fetch of the artifact, under its lock.
 */
public final class WeightStore {

    static final String MODELS_FOLDER = "models";
    private static final Logger LOG = LoggerFactory.getLogger(WeightStore.class);
    private static final String LOCKS_FOLDER = "locks";
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final Path cacheRoot;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final MinimumRate minimumRate;

    private WeightStore(Path cacheRoot, boolean offline, Duration connectTimeout, Duration readTimeout,
            MinimumRate minimumRate) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath().normalize();
        this.offline = offline;
        this.connectTimeout = requirePositive("connectTimeout", connectTimeout);
        this.readTimeout = requirePositive("readTimeout", readTimeout);
        this.minimumRate = minimumRate;
    }

    /**
     * A store configured from system properties and environment, read now ({@link Settings#current()}).
     *
     * @throws IllegalArgumentException a setting whose value is not understood
     */
    public static WeightStore fromEnvironment() {
        return from(Settings.current());
    }

    /** A store whose cache root is the settings' home folder, offline when the settings say so. */
    public static WeightStore from(Settings settings) {
        return of(settings.home(), settings.offline()).withMinimumRate(MinimumRate.from(settings));
    }

    /** A store with an explicit cache root and offline mode. */
    public static WeightStore of(Path cacheRoot, boolean offline) {
        return new WeightStore(cacheRoot, offline, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, MinimumRate.DEFAULT);
    }

    /** A copy with other network timeouts (defaults: connect 30 s, read 60 s without data). */
    public WeightStore withTimeouts(Duration connect, Duration read) {
        return new WeightStore(cacheRoot, offline, connect, read, minimumRate);
    }

    /** A copy that fails downloads slower than {@code rate} (default {@link MinimumRate#DEFAULT}, or the settings'). */
    public WeightStore withMinimumRate(MinimumRate rate) {
        return new WeightStore(cacheRoot, offline, connectTimeout, readTimeout, Objects.requireNonNull(rate, "rate"));
    }

    /** The cache root folder. */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /** Whether this store never touches the network. */
    public boolean offline() {
        return offline;
    }

    /** The cache folder of a classpath or HTTP artifact (it may not exist yet). */
    public Path cacheDirectory(ArtifactRef ref) {
        return cacheRoot.resolve(MODELS_FOLDER).resolve(ref.name()).resolve(ref.variant()).resolve(key(ref));
    }

    /**
     * Makes the artifact available locally, verified, and returns its folder: the cache folder
     * for classpath and HTTP locations, the folder itself for {@code file:} locations.
     *
     * @throws ArtifactUnavailableException offline with nothing usable cached, network or HTTP
     *                                      failure, missing resource, or unwritable cache
     * @throws MalformedModelException      a card or file that does not verify, or an invalid card
     */
    public Path fetch(ArtifactRef ref) throws ArtifactUnavailableException, MalformedModelException {
        if (ref.scheme() == ArtifactRef.Scheme.FILE) {
            return verifyInPlace(ref);
        }
        Path dir = cacheDirectory(ref);
        Path lockFile = cacheRoot.resolve(LOCKS_FOLDER)
                .resolve(ref.name() + "_" + ref.variant() + "_" + key(ref) + ".lock");
        ArtifactLock lock;
        try {
            lock = ArtifactLock.acquire(lockFile);
        } catch (IOException e) {
            throw new ArtifactUnavailableException("Cannot lock " + lockFile + " to fetch " + ref.reference() + ": "
                    + e.getMessage(), e);
        }
        try {
            return new ArtifactFetch(ref, dir, ArtifactSource.forRef(ref, connectTimeout, readTimeout), offline,
                    minimumRate).run();
        } finally {
            release(lock, lockFile);
        }
    }

    private static void release(ArtifactLock lock, Path lockFile) {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("Cannot release lock {}: {}", lockFile, e.getMessage());
        }
    }

    private static Path verifyInPlace(ArtifactRef ref) throws ArtifactUnavailableException, MalformedModelException {
        Path dir = folderOf(ref.location());
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(cardFile)) {
            throw new ArtifactUnavailableException("Model artifact " + ref.reference() + " has no "
                    + ModelCard.FILE_NAME + " at " + dir);
        }
        if (ref.cardSha256() != null) {
            String actual = sha256(cardFile);
            if (!actual.equals(ref.cardSha256())) {
                throw new MalformedModelException("Model card " + cardFile + " of " + ref.reference()
                        + " has SHA-256 " + actual + " but the registry expects " + ref.cardSha256());
            }
        }
        ModelArtifacts.verify(dir, ModelCard.read(cardFile));
        return dir;
    }

    /** Folder of a {@code file:} location: {@code file:/abs/}, {@code file:///abs/} or {@code file:relative/}. */
    static Path folderOf(String fileLocation) {
        String rest = fileLocation.substring("file:".length());
        return rest.startsWith("/") ? Path.of(URI.create(fileLocation)) : Path.of(rest);
    }

    private static String sha256(Path file) throws MalformedModelException {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new MalformedModelException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String key(ArtifactRef ref) {
        return Sha256.of(ref.location().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static Duration requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and below 24 days, found " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "WeightStore[" + cacheRoot + (offline ? ", offline]" : "]");
    }
}
