package dev.genzoo.examples.cli;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The data-set options shared by commands that train or evaluate. */
final class DataOptions {
    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--bundled", description = "Use the 1,000 bundled test images instead of the installed data set"
            + " (for a quick try; training and evaluation then share images).")
    boolean bundled;

    @Option(names = "--only-class", description = "Use only the images of this class (one-class training).")
    Integer onlyClass;

    DatasetId id() {
        return DatasetId.of(dataset);
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
