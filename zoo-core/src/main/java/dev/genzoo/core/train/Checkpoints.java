package dev.genzoo.core.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.NetworkKind;
import dev.genzoo.core.weights.SafeZip;
import dev.genzoo.core.weights.Sha256;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints in a run folder: one folder {@code ckpt-NNNNNNNNN} per checkpoint (the step
 * number), holding each network as a {@code ModelSerializer} zip <em>with</em> its updater state
 * ({@code <role>.zip}, also loadable on its own) and {@value #STATE_FILE} with the loop's counters,
 * data position, epoch losses and every file's SHA-256 and size.
 *
 * <p>A checkpoint is assembled in a hidden temporary sibling ({@code .ckpt-N.tmp-UUID}), its files
 * synced, then moved into place in one atomic rename; older checkpoints beyond the newest K are
 * deleted afterwards. A reader takes only folders named {@code ckpt-N} whose state file parses and
 * whose files match their hashes, newest first, so a write interrupted at any point (temporary
 * folder left behind, or a corrupted checkpoint) falls back to the previous checkpoint.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    /** The state file of a checkpoint folder. */
    public static final String STATE_FILE = "checkpoint.json";
    /** Format version written; readers refuse newer ones. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Largest state file read, besides {@link #STATE_PER_NETWORK_BYTE} per byte of the folder's network
     * files: counters, per-epoch losses and a few hashes fit in far less.
     */
    static final long MAX_STATE_BYTES = 1L << 20;
    /**
     * Bytes of state file allowed per byte of the folder's network zips: a step's own arrays (an RBM's
     * momentum and persistent chains, CycleGAN's image pools) are a few copies of the parameters at
     * most, in base64 (4/3 of their bytes). A 784 x 500 RBM's PCD state is 2.5 MB beside a 1.5 MB
     * network zip; under a fixed 1 MiB limit its checkpoints were written and never read back.
     */
    static final long STATE_PER_NETWORK_BYTE = 4;

    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{9,})");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoints() {
    }

    /**
     * Everything a checkpoint records besides the networks.
     *
     * @param formatVersion   {@link #FORMAT_VERSION}
     * @param model           the model's name
     * @param config          the model's configuration as JSON (must match on resume)
     * @param step            steps done
     * @param epoch           epoch (0-based) the next step belongs to
     * @param batch           index of the next batch within that epoch
     * @param seed            the run's seed
     * @param batchSize       examples per batch
     * @param examples        examples per epoch
     * @param epochLoss       mean primary loss of each completed epoch
     * @param epochLossSum    sum of the primary losses of the current epoch so far
     * @param epochLossCount  steps of the current epoch so far
     * @param lastFiniteLoss  the last step's primary loss
     * @param stepState       the {@link TrainingStep}'s own state
     * @param rng             how the random state is derived (informative)
     * @param files           file name to its network role, kind, SHA-256 and size
     * @param trainingSeconds wall time spent training up to this checkpoint, over every segment of a
     *                        resumed run (a segment's time after its last checkpoint is not counted: its
     *                        steps are done again); 0 in a checkpoint written before it was recorded
     */
    public record State(int formatVersion, String model, JsonNode config, long step, int epoch, int batch, long seed,
            int batchSize, int examples, List<Double> epochLoss, double epochLossSum, long epochLossCount,
            double lastFiniteLoss, Map<String, String> stepState, String rng, Map<String, FileEntry> files,
            double trainingSeconds, String nativeBuild) {
        public State {
            epochLoss = List.copyOf(epochLoss);
            stepState = stepState == null ? Map.of() : Map.copyOf(stepState);
            files = files == null ? Map.of() : new LinkedHashMap<>(files);
        }

        State withFiles(Map<String, FileEntry> f) {
            return new State(formatVersion, model, config, step, epoch, batch, seed, batchSize, examples, epochLoss,
                    epochLossSum, epochLossCount, lastFiniteLoss, stepState, rng, f, trainingSeconds,
                    nativeBuild);
        }
    }

    /** One network file of a checkpoint. */
    public record FileEntry(String network, NetworkKind kind, String sha256, long size) {
    }

    /** A verified checkpoint: its folder, state and the networks restored from it. */
    public record Loaded(Path folder, State state, Map<String, Model> networks) {
    }

    /**
     * Writes {@code networks} (parameters and updater state) and {@code state} as the checkpoint of
     * {@code state.step()} in {@code runDir}, atomically, then keeps only the newest {@code keep}.
     *
     * @return the checkpoint folder
     */
    public static Path write(Path runDir, Map<String, Model> networks, State state, int keep) throws IOException {
        return write(runDir, networks, state, keep, file -> new FileOutputStream(file.toFile()));
    }

    /** How a checkpoint file is opened for writing (tests simulate a full disk through it). */
    @FunctionalInterface
    interface Opener {
        FileOutputStream open(Path file) throws IOException;
    }

    static Path write(Path runDir, Map<String, Model> networks, State state, int keep, Opener opener)
            throws IOException {
        Files.createDirectories(runDir);
        String name = String.format("ckpt-%09d", state.step());
        Path target = runDir.resolve(name);
        Path temp = runDir.resolve("." + name + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp);
            Map<String, FileEntry> files = new LinkedHashMap<>();
            for (Map.Entry<String, Model> n : networks.entrySet()) {
                String fileName = n.getKey() + ".zip";
                Path file = temp.resolve(fileName);
                try (FileOutputStream out = opener.open(file)) {
                    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                    ModelSerializer.writeModel(n.getValue(), buffered, true);
                    buffered.flush();
                    out.getFD().sync();
                }
                files.put(fileName, new FileEntry(n.getKey(), NetworkKind.of(n.getValue()), Sha256.of(file),
                        Files.size(file)));
            }
            try (FileOutputStream out = opener.open(temp.resolve(STATE_FILE))) {
                out.write(MAPPER.writeValueAsBytes(state.withFiles(files)));
                out.getFD().sync();
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException e) {
            deleteTree(temp);
            throw new IOException("cannot write checkpoint " + name + " into " + runDir + " (" + e.getMessage()
                    + "); nothing of it was kept. " + previous(runDir, name), e);
        } finally {
            deleteTree(temp);
        }
        rotate(runDir, keep);
        return target;
    }

    /** What a failed write left: the newest checkpoint before {@code failed}, untouched. */
    private static String previous(Path runDir, String failed) {
        try {
            List<Path> all = list(runDir).stream().filter(p -> !p.getFileName().toString().equals(failed)).toList();
            return all.isEmpty() ? "There is no earlier checkpoint in " + runDir + "."
                    : "The previous checkpoint " + all.get(all.size() - 1) + " is intact; free some space (or choose"
                            + " another --checkpoint-dir) and resume from it.";
        } catch (IOException e) {
            return "Earlier checkpoints in " + runDir + " were not touched.";
        }
    }

    /** Checkpoint folders (by name, not verified) in {@code runDir}, oldest first. */
    public static List<Path> list(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runDir)) {
            return s.filter(p -> stepOf(p) >= 0 && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        }
    }

    /**
     * The newest complete checkpoint of {@code dir} (a run folder, or one checkpoint folder),
     * skipping, with a warning, any that is incomplete or corrupt.
     */
    public static Optional<Loaded> latest(Path dir) throws IOException {
        if (stepOf(dir) >= 0 && Files.isRegularFile(dir.resolve(STATE_FILE))) {
            try {
                return Optional.of(load(dir));
            } catch (MalformedModelException e) {
                LOG.warn("Skipping checkpoint {}: {}", dir, e.getMessage());
                dir = dir.toAbsolutePath().getParent();
            }
        }
        List<Path> all = new ArrayList<>(list(dir));
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(load(all.get(i)));
            } catch (MalformedModelException e) {
                LOG.warn("Skipping checkpoint {}: {}", all.get(i), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** {@link #MAX_STATE_BYTES} plus {@link #STATE_PER_NETWORK_BYTE} per byte of the zips in {@code folder}. */
    static long stateLimit(Path folder) throws IOException {
        long zips = 0;
        try (var files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".zip") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    zips += Files.size(f);
                }
            }
        }
        return MAX_STATE_BYTES + STATE_PER_NETWORK_BYTE * zips;
    }

    /** Reads and verifies one checkpoint folder and restores its networks. */
    public static Loaded load(Path folder) throws MalformedModelException {
        State state;
        try {
            Path stateFile = folder.resolve(STATE_FILE);
            long limit = stateLimit(folder);
            if (Files.size(stateFile) > limit) {
                throw new MalformedModelException(stateFile + " has " + Files.size(stateFile) + " bytes, above the limit"
                        + " of " + limit + " for a checkpoint's state file (counters, losses, file hashes and the"
                        + " step's own arrays: " + MAX_STATE_BYTES + " bytes plus " + STATE_PER_NETWORK_BYTE
                        + " per byte of the folder's network zips)");
            }
            state = MAPPER.readValue(stateFile.toFile(), State.class);
        } catch (IOException e) {
            throw new MalformedModelException("no readable " + STATE_FILE + " in " + folder + ": " + e.getMessage(), e);
        }
        if (state.formatVersion() > FORMAT_VERSION || state.formatVersion() < 1) {
            throw new MalformedModelException(folder + " has checkpoint format " + state.formatVersion()
                    + "; this version reads 1.." + FORMAT_VERSION);
        }
        if (state.files().isEmpty()) {
            throw new MalformedModelException(folder + ": " + STATE_FILE + " lists no network files");
        }
        Map<String, Model> networks = new LinkedHashMap<>();
        for (Map.Entry<String, FileEntry> f : state.files().entrySet()) {
            Path file = folder.resolve(f.getKey());
            FileEntry entry = f.getValue();
            byte[] bytes = SafeZip.readFile(file, entry.size(), folder.resolve(STATE_FILE).toString());
            String sha = Sha256.of(bytes);
            if (!sha.equals(entry.sha256())) {
                throw new MalformedModelException(file + " has SHA-256 " + sha + " but the checkpoint says "
                        + entry.sha256());
            }
            // the hashes come from the same folder as the zips: they catch a torn write, not an attacker
            networks.put(entry.network(), SafeZip.restore(bytes, entry.kind(), file.toString()));
        }
        return new Loaded(folder, state, networks);
    }

    /**
     * Copies parameters, updater state and iteration/epoch counts of {@code saved} into the live
     * networks of the same roles, which keep their identity (listeners, references held by the
     * model stay valid).
     */
    public static void restoreInto(Map<String, Model> live, Map<String, Model> saved) {
        if (!live.keySet().equals(saved.keySet())) {
            throw new IllegalArgumentException("the checkpoint holds networks " + saved.keySet()
                    + " but the model has " + live.keySet());
        }
        for (Map.Entry<String, Model> e : live.entrySet()) {
            copy(e.getKey(), saved.get(e.getKey()), e.getValue());
        }
    }

    private static void copy(String role, Model from, Model to) {
        if (NetworkKind.of(from) != NetworkKind.of(to) || from.numParams() != to.numParams()) {
            throw new IllegalArgumentException("network '" + role + "' in the checkpoint is a "
                    + NetworkKind.of(from) + " with " + from.numParams() + " parameters, the model's is a "
                    + NetworkKind.of(to) + " with " + to.numParams());
        }
        to.setParams(from.params());
        INDArray src = updater(from).getStateViewArray();
        INDArray dst = updater(to).getStateViewArray();
        long srcLen = src == null ? 0 : src.length();
        long dstLen = dst == null ? 0 : dst.length();
        if (srcLen != dstLen) {
            throw new IllegalArgumentException("network '" + role + "': updater state of " + srcLen
                    + " values in the checkpoint, " + dstLen + " in the model (a different updater?)");
        }
        if (dstLen > 0) {
            dst.assign(src);
        }
        setCounts(to, iterationCount(from), epochCount(from));
    }

    /**
     * Sets a DL4J network's iteration and epoch counts, on its configuration and on every layer (the
     * updaters' schedules and bias corrections read them), as a restore must.
     */
    public static void setCounts(Model to, int iterations, int epochs) {
        if (to instanceof ComputationGraph g) {
            g.getConfiguration().setIterationCount(iterations);
            g.getConfiguration().setEpochCount(epochs);
        } else {
            ((MultiLayerNetwork) to).getLayerWiseConfigurations().setIterationCount(iterations);
            ((MultiLayerNetwork) to).getLayerWiseConfigurations().setEpochCount(epochs);
        }
        for (Layer layer : layers(to)) {
            layer.setIterationCount(iterations);
            layer.setEpochCount(epochs);
        }
    }

    /** A DL4J graph's or layer stack's updater (its state view holds e.g. Adam's moments). */
    public static Updater updater(Model m) {
        return m instanceof ComputationGraph g ? g.getUpdater() : ((MultiLayerNetwork) m).getUpdater();
    }

    /** A DL4J graph's or layer stack's iteration count. */
    public static int iterationCount(Model m) {
        return m instanceof ComputationGraph g ? g.getConfiguration().getIterationCount()
                : ((MultiLayerNetwork) m).getLayerWiseConfigurations().getIterationCount();
    }

    /** A DL4J graph's or layer stack's epoch count. */
    public static int epochCount(Model m) {
        return m instanceof ComputationGraph g ? g.getConfiguration().getEpochCount()
                : ((MultiLayerNetwork) m).getLayerWiseConfigurations().getEpochCount();
    }

    private static Layer[] layers(Model m) {
        return m instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) m).getLayers();
    }

    private static void rotate(Path runDir, int keep) throws IOException {
        List<Path> all = list(runDir);
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
        try (Stream<Path> s = Files.list(runDir)) {
            for (Path stale : s.filter(p -> p.getFileName().toString().matches("\\.ckpt-\\d+\\.tmp-.*")).toList()) {
                LOG.info("Removing {}, left by an interrupted checkpoint write", stale);
                deleteTree(stale);
            }
        }
    }

    static long stepOf(Path p) {
        Path name = p.getFileName();
        if (name == null) {
            return -1;
        }
        Matcher m = NAME.matcher(name.toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }
}
