package dev.genzoo.spark;

import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.Sha256;
import dev.genzoo.core.weights.WeightStore;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A model artifact as bytes, for the executors: read and verified against its card's hashes on the
 * driver ({@link #of(Path)}, {@link #named(String)}), shipped with the task (or a broadcast), and
 * restored at most once per executor JVM, from a private temporary folder through
 * {@link ModelZoo#load(Path)}, which checks every file against the card again, so bytes damaged on
 * the way are refused rather than deserialised. Concurrent tasks of one executor get copies of the
 * restored networks ({@link #borrow()}).
 *
 * <p>Artifacts are small (the zoo's largest is a few megabytes), so the bytes travel whole; more
 * than {@value #MAX_BYTES} bytes are refused on the driver.
 */
public final class ShippedModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest artifact shipped: a model of this size belongs in a shared file system, not a task. */
    public static final long MAX_BYTES = 512L << 20;

    /** Restored models in this JVM, by {@link #digest()}. */
    private static final Map<String, Pool> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger RESTORES = new AtomicInteger();
    private static final AtomicInteger COPIES = new AtomicInteger();

    private final String reference;
    private final String digest;
    private final Map<String, byte[]> files;
    private final Map<String, Double> metrics;
    /** For a model trained on a CSV table: its feature columns in order, and their scaling; null otherwise. */
    private final java.util.ArrayList<String> featureColumns;
    private final double[] shift;
    private final double[] scale;

    private ShippedModel(String reference, Map<String, byte[]> files, ModelCard card) {
        this.reference = reference;
        this.files = files;
        this.digest = digest(files);
        Map<String, Double> m = new TreeMap<>();
        card.metrics().forEach((k, v) -> m.put(k, v.value()));
        this.metrics = m;
        var table = card.dataset() == null ? null : card.dataset().table();
        this.featureColumns = table == null ? null : new java.util.ArrayList<>(table.features());
        this.shift = table == null ? null : table.scaling().shift().clone();
        this.scale = table == null ? null : table.scaling().scale().clone();
    }

    /** The artifact in {@code dir} (a folder written by {@code genzoo train} or {@code ModelArtifacts.save}), verified. */
    public static ShippedModel of(Path dir) throws MalformedModelException {
        Objects.requireNonNull(dir, "dir");
        ModelCard card = ModelArtifacts.readCard(dir);
        ModelArtifacts.verify(dir, card);
        long total = 0;
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (String name : Stream.concat(Stream.of(ModelCard.FILE_NAME), card.files().keySet().stream()).toList()) {
                Path p = dir.resolve(name);
                total += Files.size(p);
                if (total > MAX_BYTES) {
                    throw new MalformedModelException(card.reference() + " in " + dir + " holds more than " + MAX_BYTES
                            + " bytes; ship a model that size through a shared file system instead");
                }
                files.put(name, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new MalformedModelException("Cannot read " + card.reference() + " in " + dir + ": " + e.getMessage(), e);
        }
        // the bytes read must be those verified (a file replaced in between is refused)
        for (Map.Entry<String, ModelCard.FileEntry> f : card.files().entrySet()) {
            byte[] b = files.get(f.getKey());
            if (b.length != f.getValue().size() || !Sha256.of(b).equals(f.getValue().sha256())) {
                throw new MalformedModelException(card.reference() + ": " + dir.resolve(f.getKey())
                        + " changed while it was read; it no longer matches the card's SHA-256");
            }
        }
        return new ShippedModel(card.reference(), files, card);
    }

    /** A pretrained variant, {@code "name:variant"}, fetched (or found bundled or cached) and verified. */
    public static ShippedModel named(String reference) throws MalformedModelException,
            dev.genzoo.core.registry.ModelNotFoundException, dev.genzoo.core.weights.ArtifactUnavailableException {
        int colon = reference == null ? -1 : reference.lastIndexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new IllegalArgumentException("a pretrained model is named 'name:variant' (e.g. autoencoder:mnist),"
                    + " found '" + reference + "'");
        }
        var entry = ModelZoo.entry(reference.substring(0, colon));
        Path dir = WeightStore.fromEnvironment().fetch(entry.variant(reference.substring(colon + 1)));
        return of(dir);
    }

    /** {@code name:variant} of the card. */
    public String reference() {
        return reference;
    }

    /** SHA-256 over the artifact's file names and bytes: what identifies it in an executor's cache. */
    public String digest() {
        return digest;
    }

    /** The card's metrics (value only), e.g. {@code anomaly_threshold}. */
    public Map<String, Double> metrics() {
        return java.util.Collections.unmodifiableMap(metrics);
    }

    /**
     * For a model trained on a CSV table of features ({@code genzoo train --data csv:...}): the
     * feature columns it takes, in order ({@code name=value} for a one-hot column of a categorical
     * one); null for a model of images.
     */
    public java.util.List<String> featureColumns() {
        return featureColumns == null ? null : java.util.List.copyOf(featureColumns);
    }

    /** The card's scaling of {@link #featureColumns()}, {@code (x − shift) / scale} per column; null without a table. */
    double[][] scaling() {
        return shift == null ? null : new double[][] {shift.clone(), scale.clone()};
    }

    /** Bytes shipped. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /**
     * The model, restored on first use in this JVM and shared by later calls; for the driver's checks.
     * Tasks borrow their own instance ({@link #borrow()}).
     */
    public GenZooModel model() {
        return pool().first;
    }

    /**
     * An instance of the model for one task's exclusive use, returned with {@link #giveBack}: the one
     * restored from the bytes (once per JVM), or, while that is in use by a concurrent task, a copy
     * of its networks (DL4J's networks are not safe to share between threads). Copies are not
     * restores: nothing is read or verified again.
     */
    public GenZooModel borrow() {
        Pool pool = pool();
        GenZooModel m = pool.idle.poll();
        return m != null ? m : pool.copy(reference);
    }

    /** Returns an instance {@link #borrow()} gave. */
    public void giveBack(GenZooModel m) {
        pool().idle.offer(m);
    }

    private Pool pool() {
        return LOADED.computeIfAbsent(digest, d -> new Pool(restore()));
    }

    /** How many times this JVM restored an artifact from its bytes (for tests: once per artifact and executor). */
    public static int restoresInThisJvm() {
        return RESTORES.get();
    }

    /** How many copies of restored models this JVM made for concurrent tasks. */
    public static int copiesInThisJvm() {
        return COPIES.get();
    }

    /** The restored model and the idle instances of it. */
    private static final class Pool {
        final GenZooModel first;
        final java.util.concurrent.ConcurrentLinkedQueue<GenZooModel> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Pool(GenZooModel first) {
            this.first = first;
            idle.add(first);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        GenZooModel copy(String reference) {
            try {
                dev.genzoo.core.registry.ZooEntry entry = ModelZoo.entry(first.name());
                Map<String, org.deeplearning4j.nn.api.Model> networks = new LinkedHashMap<>();
                for (Map.Entry<String, org.deeplearning4j.nn.api.Model> n : first.networks().entrySet()) {
                    org.deeplearning4j.nn.api.Model m = n.getValue();
                    if (m instanceof org.deeplearning4j.nn.graph.ComputationGraph g) {
                        networks.put(n.getKey(), g.clone());
                    } else if (m instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork mln) {
                        networks.put(n.getKey(), mln.clone());
                    } else {
                        throw new IllegalStateException(reference + ": network '" + n.getKey() + "' ("
                                + m.getClass().getSimpleName() + ") cannot be copied for a concurrent task");
                    }
                }
                GenZooModel c = (GenZooModel) entry.restore(first.config(), networks);
                COPIES.incrementAndGet();
                return c;
            } catch (dev.genzoo.core.registry.ModelNotFoundException | MalformedModelException e) {
                throw new IllegalStateException(reference + ": cannot copy the restored model: " + e.getMessage(), e);
            }
        }
    }

    private GenZooModel restore() {
        try {
            Path dir = Files.createTempDirectory("genzoo-model-");
            try {
                write(dir, files);
                GenZooModel m = ModelZoo.load(dir);
                RESTORES.incrementAndGet();
                return m;
            } finally {
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + reference + " in a temporary folder: " + e.getMessage(), e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(reference + " arrived damaged on this executor: " + e.getMessage(), e);
        } catch (dev.genzoo.core.registry.ModelNotFoundException e) {
            throw new IllegalStateException(reference + ": this executor's GenZoo does not know the model ("
                    + e.getMessage() + "); put the same GenZoo jars on the executors' class path", e);
        }
    }

    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey()).normalize();
            if (!p.startsWith(dir) || p.equals(dir)) {
                throw new IOException("file name '" + f.getKey() + "' leaves the artifact folder");
            }
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String digest(Map<String, byte[]> files) {
        MessageDigest md = Sha256.newDigest();
        new TreeMap<>(files).forEach((name, bytes) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            md.update(java.nio.ByteBuffer.allocate(12).putInt(n.length).putLong(bytes.length).array());
            md.update(n);
            md.update(bytes);
        });
        return Sha256.hex(md.digest());
    }

    @Override
    public String toString() {
        return reference + " (" + size() + " bytes, sha256 " + digest.substring(0, 12) + "…)";
    }
}
