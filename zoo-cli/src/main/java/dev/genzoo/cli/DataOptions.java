package dev.genzoo.cli;

import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The data-set options shared by commands that train or evaluate. */
final class DataOptions {
    @Option(names = "--dataset", description = "mnist or fashion-mnist (default: the data set the model was trained"
            + " on, as its card says; else mnist)")
    String dataset;

    @Option(names = "--bundled", description = "Use the 1,000 bundled test images instead of the installed data set"
            + " (for a quick try; training and evaluation then share images).")
    boolean bundled;

    @Option(names = "--only-class", description = "Use only the images of this class (one-class training).")
    Integer onlyClass;

    DatasetId id() {
        return DatasetId.of(dataset == null ? "mnist" : dataset);
    }

    /** Checks --dataset and --only-class (after {@link #defaultFrom}), before any data is read. */
    DataOptions validate(CommandLine.Model.CommandSpec spec) {
        DatasetId id;
        try {
            id = id();
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, "--dataset: " + e.getMessage());
        }
        if (onlyClass != null && (onlyClass < 0 || onlyClass >= id.numClasses())) {
            throw Args.bad(spec, "--only-class must be a class of " + id + ", 0.." + (id.numClasses() - 1)
                    + ", found " + onlyClass);
        }
        return this;
    }

    /**
     * Without {@code --dataset}, uses the data set of the model {@code ref}: the card's data set
     * for an artifact folder, the variant for NAME:VARIANT when it names a data set.
     */
    DataOptions defaultFrom(String ref) {
        if (dataset != null) {
            return this;
        }
        String name = null;
        java.nio.file.Path dir = java.nio.file.Path.of(ref);
        if (java.nio.file.Files.isRegularFile(dir.resolve("model-card.json"))) {
            try {
                var d = ModelArtifacts.readCard(dir).dataset();
                name = d == null ? null : d.name().replace("-bundled-1000", "");
            } catch (MalformedModelException | RuntimeException e) {
                name = null; // loading the model reports a broken card properly
            }
        } else if (ref.contains(":")) {
            name = ref.substring(ref.indexOf(':') + 1);
        }
        try {
            dataset = name == null ? null : DatasetId.of(name).id();
        } catch (IllegalArgumentException e) {
            dataset = null; // a variant that is not a data set name
        }
        return this;
    }

    /**
     * {@link #defaultFrom(String)}, then, when that found no data set, the one a translator's domains
     * come from (its variant names a domain pair, not a data set).
     */
    DataOptions defaultFrom(String ref, dev.genzoo.core.model.GenZooModel model) {
        defaultFrom(ref);
        if (dataset == null && model instanceof dev.genzoo.core.model.Translator t) {
            dataset = t.dataset();
        }
        return this;
    }

    ImageDataset split(Split split) throws IOException {
        ImageDataset d = bundled ? Datasets.bundled(id()) : Datasets.load(id(), split);
        if (onlyClass == null) {
            return d;
        }
        if (onlyClass < 0 || onlyClass >= d.numClasses()) {
            throw new IllegalArgumentException("--only-class must be in 0.." + (d.numClasses() - 1) + ", found " + onlyClass);
        }
        return d.select(d.indicesOf(onlyClass));
    }
}
