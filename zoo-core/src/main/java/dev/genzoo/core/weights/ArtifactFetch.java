package dev.genzoo.core.weights;

import dev.genzoo.core.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of a classpath or HTTP artifact into its cache folder, run under the artifact's
 * lock. The card is written last, so a folder without a card is never a complete artifact; files
 * arrive as temporary files in the same folder, are hashed while streaming and moved into place
 * only when size and SHA-256 match. On failure everything this fetch wrote is removed.
 */
final class ArtifactFetch {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetch.class);
    private static final int MAX_CARD_BYTES = ModelCard.MAX_BYTES;
    private static final String PART = ".part-";

    private final ArtifactRef ref;
    private final Path dir;
    private final ArtifactSource source;
    private final boolean offline;
    private final MinimumRate minimumRate;
    private final List<Path> written = new ArrayList<>();

    ArtifactFetch(ArtifactRef ref, Path dir, ArtifactSource source, boolean offline, MinimumRate minimumRate) {
        this.ref = ref;
        this.dir = dir;
        this.source = source;
        this.offline = offline && ref.scheme() == ArtifactRef.Scheme.HTTP;
        this.minimumRate = minimumRate;
    }

    Path run() throws ArtifactUnavailableException, MalformedModelException {
        removeStaleTemporaries();
        ModelCard cached = cachedCard();
        byte[] sourceCard = null;
        if (cached != null && ref.scheme() == ArtifactRef.Scheme.CLASSPATH) {
            // a newer jar may bundle different weights under the same name: the jar's card wins
            sourceCard = downloadCard();
            try {
                if (!java.util.Arrays.equals(sourceCard, Files.readAllBytes(dir.resolve(ModelCard.FILE_NAME)))) {
                    LOG.info("Cached {} differs from the bundled card; refreshing the cache", ref.reference());
                    deleteQuietly(dir.resolve(ModelCard.FILE_NAME));
                    cached = null;
                }
            } catch (IOException e) {
                cached = null;
            }
        }
        if (cached != null && cachedFilesValid(cached)) {
            LOG.debug("Cache hit for {} in {}", ref.reference(), dir);
            return dir;
        }
        requireOnline(cached == null ? "is not in the cache" : "has a corrupt file in the cache (deleted)");
        try {
            Files.createDirectories(dir);
            byte[] cardBytes = cached == null ? (sourceCard != null ? sourceCard : downloadCard()) : null;
            ModelCard card = cached == null ? parseCard(cardBytes) : cached;
            for (Map.Entry<String, ModelCard.FileEntry> file : card.files().entrySet()) {
                if (!isValid(dir.resolve(file.getKey()), file.getValue())) {
                    download(file.getKey(), file.getValue());
                }
            }
            if (cardBytes != null) {
                moveIntoPlace(writeTemp(ModelCard.FILE_NAME, cardBytes), dir.resolve(ModelCard.FILE_NAME));
            }
            LOG.info("Fetched {} from {} into {}", ref.reference(), ref.location(), dir);
            return dir;
        } catch (IOException e) {
            cleanUp();
            throw new ArtifactUnavailableException("Cannot write the cache for " + ref.reference() + " at " + dir
                    + ": " + e.getMessage(), e);
        } catch (ArtifactUnavailableException | MalformedModelException | RuntimeException e) {
            cleanUp();
            throw e;
        }
    }

    /**
     * Deletes the temporary files of fetches that were killed mid-way. Only a fetch of this artifact
     * writes them and it holds the lock we hold, so any that exist now are stale.
     */
    private void removeStaleTemporaries() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            for (Path stale : entries.filter(ArtifactFetch::isTemporary).toList()) {
                LOG.info("Removing {}, left by an interrupted download", stale);
                deleteQuietly(stale);
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {} for stale temporary files: {}", dir, e.getMessage());
        }
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.contains(PART);
    }

    private ModelCard cachedCard() {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            checkPin(bytes, file.toString());
            return ModelCard.parse(bytes, file.toString());
        } catch (IOException | MalformedModelException e) {
            LOG.warn("Cached model card {} is unusable and is deleted: {}", file, e.getMessage());
            deleteQuietly(file);
            return null;
        }
    }

    private boolean cachedFilesValid(ModelCard card) {
        boolean valid = true;
        for (Map.Entry<String, ModelCard.FileEntry> file : card.files().entrySet()) {
            valid &= isValid(dir.resolve(file.getKey()), file.getValue());
        }
        return valid;
    }

    /** Whether a cached file matches its entry; a mismatching file is deleted so it is never used. */
    private boolean isValid(Path file, ModelCard.FileEntry entry) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            if (Files.size(file) == entry.size() && Sha256.of(file).equals(entry.sha256())) {
                return true;
            }
        } catch (IOException e) {
            LOG.warn("Cannot read cached file {}: {}", file, e.getMessage());
        }
        LOG.warn("Cached file {} of {} does not match its model card (size {}, SHA-256 {}); deleting it",
                file, ref.reference(), entry.size(), entry.sha256());
        deleteQuietly(file);
        return false;
    }

    private void requireOnline(String problem) throws ArtifactUnavailableException {
        if (offline) {
            throw new ArtifactUnavailableException("Model artifact " + ref.reference() + " " + problem + " at "
                    + dir + " and offline mode is on (" + Settings.Key.OFFLINE.env() + "=1 or -D"
                    + Settings.Key.OFFLINE.property() + "=true), so it cannot be downloaded from " + ref.location()
                    + ". To get it: run once with network access (unset " + Settings.Key.OFFLINE.env() + " or set -D"
                    + Settings.Key.OFFLINE.property() + "=false), or copy " + ModelCard.FILE_NAME
                    + " and the files it lists from " + ref.location() + " into " + dir
                    + ", or load a local copy with ModelZoo.load(Path).");
        }
    }

    private byte[] downloadCard() throws ArtifactUnavailableException, MalformedModelException {
        String from = ref.locationOf(ModelCard.FILE_NAME);
        try (InputStream in = open(ModelCard.FILE_NAME)) {
            java.io.ByteArrayOutputStream card = new java.io.ByteArrayOutputStream();
            try {
                minimumRate.copy(in, card, MAX_CARD_BYTES, from, (buffer, n) -> { });
            } catch (MinimumRate.LimitExceededException e) {
                throw new MalformedModelException("Model card " + from + " is larger than " + MAX_CARD_BYTES
                        + " bytes; that is not a GenZoo model card", e);
            }
            byte[] bytes = card.toByteArray();
            checkPin(bytes, from);
            return bytes;
        } catch (IOException e) {
            throw new ArtifactUnavailableException("Download of " + from + " for " + ref.reference() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private ModelCard parseCard(byte[] bytes) throws MalformedModelException {
        String from = ref.locationOf(ModelCard.FILE_NAME);
        ModelCard card = ModelCard.parse(bytes, from);
        if (!card.name().equals(ref.name())) {
            throw new MalformedModelException("Model card " + from + " is for model '" + card.name()
                    + "', expected '" + ref.name() + "': the location points at another model");
        }
        if (!card.variant().equals(ref.variant())) {
            LOG.warn("Model card {} says variant '{}', registered as '{}'", from, card.variant(), ref.variant());
        }
        return card;
    }

    private void checkPin(byte[] cardBytes, String from) throws MalformedModelException {
        if (ref.cardSha256() == null) {
            return;
        }
        String actual = Sha256.of(cardBytes);
        if (!actual.equals(ref.cardSha256())) {
            throw new MalformedModelException("Model card " + from + " of " + ref.reference() + " has SHA-256 "
                    + actual + " but the registry expects " + ref.cardSha256()
                    + ": the artifact was changed or corrupted; nothing was kept");
        }
    }

    private void download(String name, ModelCard.FileEntry entry)
            throws ArtifactUnavailableException, MalformedModelException, IOException {
        Path temp = tempFile(name);
        String from = ref.locationOf(name);
        MessageDigest digest = Sha256.newDigest();
        long received;
        try (InputStream in = open(name); OutputStream out = Files.newOutputStream(temp)) {
            received = minimumRate.copy(in, out, entry.size(), from, (buffer, n) -> digest.update(buffer, 0, n));
        } catch (FileNotFoundException e) {
            deleteQuietly(temp);
            throw new ArtifactUnavailableException("File " + from + " of " + ref.reference() + " is missing: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ArtifactUnavailableException("Download of " + from + " for " + ref.reference()
                    + " failed; nothing was kept: " + e.getMessage(), e);
        }
        verifyDownload(temp, from, entry, received, Sha256.hex(digest.digest()));
        moveIntoPlace(temp, dir.resolve(name));
    }

    private void verifyDownload(Path temp, String from, ModelCard.FileEntry entry, long received, String sha)
            throws ArtifactUnavailableException, MalformedModelException {
        if (received != entry.size()) {
            deleteQuietly(temp);
            throw new ArtifactUnavailableException("Download of " + from + " for " + ref.reference()
                    + " ended after " + received + " of " + entry.size() + " bytes; nothing was kept, try again");
        }
        if (!sha.equals(entry.sha256())) {
            deleteQuietly(temp);
            throw new MalformedModelException("File " + from + " of " + ref.reference() + " has SHA-256 " + sha
                    + " but its model card says " + entry.sha256() + "; nothing was kept");
        }
    }

    private InputStream open(String name) throws IOException {
        return source.open(name);
    }

    private Path tempFile(String name) {
        Path temp = dir.resolve("." + name + PART + UUID.randomUUID());
        written.add(temp);
        return temp;
    }

    private Path writeTemp(String name, byte[] bytes) throws IOException {
        Path temp = tempFile(name);
        Files.write(temp, bytes);
        return temp;
    }

    private void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        written.add(target);
    }

    /** Removes what this fetch wrote, then the artifact folders left empty. */
    private void cleanUp() {
        written.forEach(ArtifactFetch::deleteQuietly);
        for (Path p = dir; p != null && p.getFileName() != null
                && !p.getFileName().toString().equals(WeightStore.MODELS_FOLDER); p = p.getParent()) {
            if (!deleteIfEmpty(p)) {
                break;
            }
        }
    }

    private static boolean deleteIfEmpty(Path folder) {
        try (var entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                return false;
            }
            Files.deleteIfExists(folder);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.getMessage());
        }
    }
}
