package dev.genzoo.core.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.model.GenZooModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads model artifacts: one {@code ModelSerializer} zip per network
 * ({@code <role>.zip}) plus {@value ModelCard#FILE_NAME} with every file's SHA-256 and size.
 *
 * <p>Saving assembles the artifact in a temporary sibling folder and moves it into place, so a
 * reader never sees half an artifact; an existing non-empty folder is replaced only with
 * {@link SaveOption#OVERWRITE}. Loading reads each file once into memory, verifies size and
 * SHA-256 against the card, vets the zip entries (see {@code SafeZip}) and restores from those
 * verified bytes.
 */
public final class ModelArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(ModelArtifacts.class);

    /** Options of {@link #save}. */
    public enum SaveOption {
        /** Replace an existing artifact folder (atomically) instead of refusing. */
        OVERWRITE,
        /** Include the updater state (needed to resume training; not needed for inference). */
        WITH_UPDATER_STATE,
        /**
         * Store the parameters in half precision (float16, half the bytes), for bundled weights:
         * loading gives the rounded values exactly, so metrics measured on the reloaded artifact
         * are its own. Not with the updater state (a checkpoint must resume exactly).
         */
        HALF_PRECISION
    }

    private ModelArtifacts() {
    }

    /**
     * Saves {@code model} with {@code card} into {@code dir}. The card's config, input shape
     * (when absent) and file table are filled in from the model.
     *
     * @return the card as written
     * @throws FileAlreadyExistsException if {@code dir} exists and is not empty, without OVERWRITE
     * @throws IllegalArgumentException   if the card's name or family does not match the model
     */
    public static ModelCard save(GenZooModel model, ModelCard card, Path dir, SaveOption... options)
            throws IOException {
        EnumSet<SaveOption> opts = EnumSet.noneOf(SaveOption.class);
        opts.addAll(Arrays.asList(options));
        checkMatches(model, card);
        if (opts.contains(SaveOption.HALF_PRECISION) && opts.contains(SaveOption.WITH_UPDATER_STATE)) {
            throw new IllegalArgumentException("HALF_PRECISION and WITH_UPDATER_STATE exclude each other: the updater"
                    + " state is for resuming, which needs the float32 parameters");
        }
        Path target = dir.toAbsolutePath().normalize();
        if (isNonEmptyFolder(target) && !opts.contains(SaveOption.OVERWRITE)) {
            throw new FileAlreadyExistsException(target.toString(), null, "an artifact folder already exists and is"
                    + " not empty; pass SaveOption.OVERWRITE to replace it");
        }
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp);
            ModelCard written;
            try {
                written = writeInto(temp, model, card, opts);
            } catch (IOException e) {
                throw new IOException("cannot save " + card.reference() + " into " + target + " (" + e.getMessage()
                        + "); nothing was written there" + (Files.exists(target) ? " and the artifact already at "
                        + target + " is intact" : "") + ". Free some space or choose another folder, then save"
                        + " again.", e);
            }
            replace(temp, target);
            LOG.info("Saved {} to {}", written.reference(), target);
            return written;
        } finally {
            deleteTree(temp);
        }
    }

    /**
     * Reads, verifies and restores the artifact in {@code dir}.
     *
     * @throws MalformedModelException if the card is invalid or unsupported, a file is missing or
     *                                 does not match its hash, or DL4J cannot restore a network
     */
    public static LoadedArtifact load(Path dir) throws MalformedModelException {
        ModelCard card = readCard(dir);
        Map<String, Model> networks = new LinkedHashMap<>();
        for (Map.Entry<String, ModelCard.FileEntry> file : card.files().entrySet()) {
            ModelCard.FileEntry entry = file.getValue();
            byte[] bytes = readVerified(dir.resolve(file.getKey()), entry, card);
            networks.put(entry.network(), restore(bytes, entry.kind(), dir.resolve(file.getKey()).toString()));
        }
        return new LoadedArtifact(card, networks);
    }

    /** Reads and validates the card in {@code dir}, checking its format version. */
    public static ModelCard readCard(Path dir) throws MalformedModelException {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new MalformedModelException("No " + ModelCard.FILE_NAME + " in " + dir
                    + "; an artifact folder holds a model card and the network files it lists");
        }
        return ModelCard.read(file);
    }

    /** Verifies the size and SHA-256 of every file the card lists, streaming. */
    public static void verify(Path dir, ModelCard card) throws MalformedModelException {
        for (Map.Entry<String, ModelCard.FileEntry> file : card.files().entrySet()) {
            Path path = dir.resolve(file.getKey());
            try {
                check(path, Files.size(path), Sha256.of(path), file.getValue(), card);
            } catch (IOException e) {
                throw new MalformedModelException("Cannot read " + path + " of " + card.reference() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void checkMatches(GenZooModel model, ModelCard card) {
        if (!card.name().equals(model.name())) {
            throw new IllegalArgumentException("card name must equal the model's name '" + model.name()
                    + "', found '" + card.name() + "'");
        }
        if (card.family() != model.family()) {
            throw new IllegalArgumentException("card family must equal the model's family " + model.family()
                    + ", found " + card.family());
        }
        if (card.inputShape() != null && !card.inputShape().equals(model.inputShape())) {
            throw new IllegalArgumentException("card inputShape must equal the model's " + model.inputShape()
                    + " or be absent, found " + card.inputShape());
        }
        if (model.networks().isEmpty()) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no networks to save");
        }
    }

    private static ModelCard writeInto(Path folder, GenZooModel model, ModelCard card, EnumSet<SaveOption> opts)
            throws IOException {
        Map<String, ModelCard.FileEntry> files = new LinkedHashMap<>();
        for (Map.Entry<String, Model> network : model.networks().entrySet()) {
            String role = Names.require("network role", network.getKey());
            String fileName = role + ".zip";
            Path file = folder.resolve(fileName);
            NetworkKind kind = NetworkKind.of(network.getValue());
            try (OutputStream out = Files.newOutputStream(file)) {
                if (opts.contains(SaveOption.HALF_PRECISION)) {
                    HalfCoefficients.write(network.getValue(), out);
                } else {
                    ModelSerializer.writeModel(network.getValue(), out, opts.contains(SaveOption.WITH_UPDATER_STATE));
                }
            }
            files.put(fileName, new ModelCard.FileEntry(role, kind, Sha256.of(file), Files.size(file)));
        }
        JsonNode config = ZooJson.toTree(model.config());
        ModelCard complete = card.withConfig(config).withInputShape(model.inputShape()).withFiles(files);
        complete.write(folder.resolve(ModelCard.FILE_NAME));
        return complete;
    }

    private static void replace(Path temp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static byte[] readVerified(Path path, ModelCard.FileEntry entry, ModelCard card)
            throws MalformedModelException {
        byte[] bytes = SafeZip.readFile(path, entry.size(), "the model card of " + card.reference());
        check(path, bytes.length, Sha256.of(bytes), entry, card);
        return bytes;
    }

    private static void check(Path path, long size, String sha, ModelCard.FileEntry entry, ModelCard card)
            throws MalformedModelException {
        if (size != entry.size() || !sha.equals(entry.sha256())) {
            throw new MalformedModelException("File " + path + " of " + card.reference() + " has size " + size
                    + " and SHA-256 " + sha + " but its model card says size " + entry.size() + " and SHA-256 "
                    + entry.sha256() + "; the artifact is corrupt: delete it and fetch or save it again");
        }
    }

    private static Model restore(byte[] verified, NetworkKind kind, String source) throws MalformedModelException {
        return SafeZip.restore(verified, kind, source);
    }

    private static boolean isNonEmptyFolder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ArtifactFetch::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }
}
