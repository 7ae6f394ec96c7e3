package dev.genzoo.core.weights;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.ValueRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata file of a model artifact ({@value #FILE_NAME}): what the model is, how it was
 * trained and on what, how well it does, and the SHA-256 and size of every network file. With the
 * config it rebuilds the architecture; with the hashes it verifies the weights.
 *
 * <p>The JSON has a {@code formatVersion}; {@link #parse} rejects any version other than
 * {@value #FORMAT_VERSION} with a message saying which versions this GenZoo reads. Unknown extra
 * fields are ignored so that additive changes do not need a new version.
 *
 * @param formatVersion card format version, {@value #FORMAT_VERSION}
 * @param name          registry name of the model
 * @param variant       variant name, e.g. {@code "mnist"}
 * @param version       version of these weights, e.g. {@code "1.0.0"}
 * @param family        model family
 * @param description   optional free text
 * @param config        the model's configuration record as JSON; filled in by {@code ModelArtifacts.save}
 * @param inputShape    shape of one input example; filled in by save when absent
 * @param valueRange    optional range of input values the model expects
 * @param dataset       optional training data set and its checksum
 * @param provenance    optional training provenance
 * @param metrics       metric name to value and protocol, in insertion order
 * @param files         artifact file name to hash, size and network; filled in by save
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(int formatVersion, String name, String variant, String version, Family family,
        String description, JsonNode config, InputShape inputShape, ValueRange valueRange, Dataset dataset,
        Provenance provenance, Map<String, Metric> metrics, Map<String, FileEntry> files) {

    /** The card format this version of GenZoo writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Largest card read, in bytes (a card with every metric and provenance field is a few KB). */
    public static final int MAX_BYTES = 1 << 20;

    /** File name of the card inside an artifact folder. */
    public static final String FILE_NAME = "model-card.json";

    /** Validates names and copies the maps (keeping their order). */
    public ModelCard {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(unsupportedVersion(formatVersion));
        }
        Names.require("name", name);
        Names.require("variant", variant);
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version must be non-blank, found '" + version + "'");
        }
        Objects.requireNonNull(family, "family");
        metrics = copy(metrics);
        files = copy(files);
        files.keySet().forEach(file -> Names.require("files key", file));
    }

    /** A builder for a card; config, input shape and files are normally filled in by {@code ModelArtifacts.save}. */
    public static Builder builder(String name, String variant, Family family) {
        return new Builder(name, variant, family);
    }

    /** {@code name:variant}, how the artifact is referred to in messages and in {@code ModelZoo.load}. */
    public String reference() {
        return name + ":" + variant;
    }

    /** A copy with another config. */
    public ModelCard withConfig(JsonNode newConfig) {
        return new ModelCard(formatVersion, name, variant, version, family, description, newConfig, inputShape,
                valueRange, dataset, provenance, metrics, files);
    }

    /** A copy with another input shape. */
    public ModelCard withInputShape(InputShape newShape) {
        return new ModelCard(formatVersion, name, variant, version, family, description, config, newShape,
                valueRange, dataset, provenance, metrics, files);
    }

    /** A copy with another file table. */
    public ModelCard withFiles(Map<String, FileEntry> newFiles) {
        return new ModelCard(formatVersion, name, variant, version, family, description, config, inputShape,
                valueRange, dataset, provenance, metrics, newFiles);
    }

    /** The card as pretty-printed JSON bytes (UTF-8). */
    public byte[] toJson() {
        return ZooJson.writePretty(this);
    }

    /** Writes the card to {@code file}. */
    public void write(Path file) throws IOException {
        Files.write(file, toJson());
    }

    /** Reads and validates a card file. */
    public static ModelCard read(Path file) throws MalformedModelException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new MalformedModelException("Model card " + file + " has " + Files.size(file)
                        + " bytes, above the limit of " + MAX_BYTES + " bytes; that is not a GenZoo model card");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MalformedModelException("Cannot read model card " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses and validates the card JSON of an artifact; {@code source} names where it came from in
     * error messages. The format version is checked before anything else; a card listing no files
     * is refused (only a card being built, before {@code ModelArtifacts.save}, has none).
     */
    public static ModelCard parse(byte[] json, String source) throws MalformedModelException {
        JsonNode tree;
        try {
            tree = ZooJson.readTree(json);
        } catch (IOException e) {
            throw new MalformedModelException("Model card " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        checkFormatVersion(tree, source);
        ModelCard card;
        try {
            card = ZooJson.fromTree(tree, ModelCard.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedModelException("Model card " + source + " is invalid: " + rootMessage(e), e);
        }
        if (card.files().isEmpty()) {
            throw new MalformedModelException("Model card " + source + " of " + card.reference() + " lists no files;"
                    + " an artifact's card lists each network file with its SHA-256 and size (ModelArtifacts.save"
                    + " writes them)");
        }
        return card;
    }

    private static void checkFormatVersion(JsonNode tree, String source) throws MalformedModelException {
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToExactIntegral()) {
            throw new MalformedModelException("Model card " + source + " has no integer formatVersion, found "
                    + version + "; GenZoo reads formatVersion " + FORMAT_VERSION);
        }
        if (version.asInt() != FORMAT_VERSION) {
            throw new MalformedModelException("Model card " + source + ": " + unsupportedVersion(version.asInt()));
        }
    }

    private static String unsupportedVersion(int found) {
        String hint = found > FORMAT_VERSION
                ? "it was written by a newer GenZoo: upgrade GenZoo to load it"
                : "it is not a format GenZoo ever wrote";
        return "unsupported model card formatVersion " + found + "; this GenZoo reads formatVersion "
                + FORMAT_VERSION + " only (" + hint + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The training data set.
     *
     * @param name   data set name, e.g. {@code "mnist"}
     * @param sha256 SHA-256 of the training files as the data module defines it, or null if unknown
     * @param table  for a CSV table of features: how its rows were read and scaled, so new rows are
     *               read the same way; null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String name, String sha256, dev.genzoo.core.data.FeatureTable table) {
        /** Checks the name and, when present, the digest. */
        public Dataset {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("dataset.name must be non-blank, found '" + name + "'");
            }
            if (sha256 != null) {
                Sha256.require("dataset.sha256", sha256);
            }
        }

        /** A data set that is not a feature table. */
        public Dataset(String name, String sha256) {
            this(name, sha256, null);
        }
    }

    /**
     * How the weights were produced. All fields are optional.
     *
     * @param seed             random seed of the training run
     * @param epochs           epochs trained
     * @param wallTimeSeconds  training wall time in seconds
     * @param libraryVersions  library name to version (DL4J, ND4J, Java, GenZoo)
     * @param sourceCommit     source commit the training code was built from
     * @param createdAt        ISO-8601 time the artifact was written
     * @param batchSize        minibatch size of the training run (null on cards that predate it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(Long seed, Integer epochs, Double wallTimeSeconds, Map<String, String> libraryVersions,
            String sourceCommit, String createdAt, Integer batchSize) {
        /** Checks non-negative counts and copies the map. */
        public Provenance {
            if (epochs != null && epochs < 0) {
                throw new IllegalArgumentException("provenance.epochs must be >= 0, found " + epochs);
            }
            if (wallTimeSeconds != null && !(wallTimeSeconds >= 0)) {
                throw new IllegalArgumentException("provenance.wallTimeSeconds must be >= 0, found " + wallTimeSeconds);
            }
            libraryVersions = copy(libraryVersions);
        }

        /** Provenance of a run in this JVM, with the library versions detected from the classpath. */
        public static Provenance current(long seed, int epochs, double wallTimeSeconds, String sourceCommit) {
            return new Provenance(seed, epochs, wallTimeSeconds, LibraryVersions.detect(), sourceCommit,
                    java.time.Instant.now().toString(), null);
        }

        /** As {@link #current(long, int, double, String)}, recording the batch size too. */
        public static Provenance current(long seed, int epochs, int batchSize, double wallTimeSeconds,
                String sourceCommit) {
            return new Provenance(seed, epochs, wallTimeSeconds, LibraryVersions.detect(), sourceCommit,
                    java.time.Instant.now().toString(), batchSize);
        }
    }

    /**
     * A metric value with the protocol that produced it.
     *
     * @param value    the value
     * @param protocol how it was measured: split, number of examples, samples, units
     */
    public record Metric(double value, String protocol) {
        /** Requires a protocol: a number without one cannot be compared. */
        public Metric {
            if (protocol == null || protocol.isBlank()) {
                throw new IllegalArgumentException("metric protocol must be non-blank, found '" + protocol + "'");
            }
        }
    }

    /**
     * One file of the artifact.
     *
     * @param network role of the network in {@code GenZooModel.networks()}, e.g. {@code "graph"}
     * @param kind    DL4J class to restore
     * @param sha256  SHA-256 of the file
     * @param size    size in bytes
     */
    public record FileEntry(String network, NetworkKind kind, String sha256, long size) {
        /** Checks every field. */
        public FileEntry {
            Names.require("network", network);
            Objects.requireNonNull(kind, "kind");
            Sha256.require("sha256", sha256);
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0, found " + size);
            }
        }
    }

    /** Builder for a {@link ModelCard}; {@code build()} validates. */
    public static final class Builder {
        private final String name;
        private final String variant;
        private final Family family;
        private String version = "1.0.0";
        private String description;
        private JsonNode config;
        private InputShape inputShape;
        private ValueRange valueRange;
        private Dataset dataset;
        private Provenance provenance;
        private final Map<String, Metric> metrics = new LinkedHashMap<>();

        private Builder(String name, String variant, Family family) {
            this.name = name;
            this.variant = variant;
            this.family = family;
        }

        /** Version of the weights; default {@code "1.0.0"}. */
        public Builder optVersion(String v) {
            this.version = v;
            return this;
        }

        /** Free-text description. */
        public Builder optDescription(String d) {
            this.description = d;
            return this;
        }

        /** Config JSON; normally left to {@code ModelArtifacts.save}. */
        public Builder optConfig(JsonNode c) {
            this.config = c;
            return this;
        }

        /** Input shape; normally left to {@code ModelArtifacts.save}. */
        public Builder optInputShape(InputShape s) {
            this.inputShape = s;
            return this;
        }

        /** Range of input values. */
        public Builder optValueRange(double min, double max) {
            this.valueRange = new ValueRange(min, max);
            return this;
        }

        /** The model's value range ({@code GenZooModel.valueRange()}). */
        public Builder optValueRange(ValueRange range) {
            this.valueRange = java.util.Objects.requireNonNull(range, "valueRange");
            return this;
        }

        /** Training data set; {@code sha256} may be null. */
        public Builder optDataset(String datasetName, String sha256) {
            this.dataset = new Dataset(datasetName, sha256);
            return this;
        }

        /** Training data set with, for a feature table, how it was read and scaled (null otherwise). */
        public Builder optDataset(String datasetName, String sha256, dev.genzoo.core.data.FeatureTable table) {
            this.dataset = new Dataset(datasetName, sha256, table);
            return this;
        }

        /** Training provenance. */
        public Builder optProvenance(Provenance p) {
            this.provenance = p;
            return this;
        }

        /** Adds a metric. */
        public Builder addMetric(String metricName, double value, String protocol) {
            metrics.put(metricName, new Metric(value, protocol));
            return this;
        }

        /** The validated card, with no files yet. */
        public ModelCard build() {
            return new ModelCard(FORMAT_VERSION, name, variant, version, family, description, config, inputShape,
                    valueRange, dataset, provenance, metrics, Map.of());
        }
    }
}
