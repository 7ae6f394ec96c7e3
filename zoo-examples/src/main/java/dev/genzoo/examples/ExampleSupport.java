package dev.genzoo.examples;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * What the example mains share: the data (the full MNIST training split when installed, else the
 * bundled 1,000 images split 800 / 200) and the output folder ({@code examples-out/<name>}).
 */
public final class ExampleSupport {
    private ExampleSupport() {
    }

    /** Training and held-out images: the installed MNIST splits, or the bundled subset split 800/200. */
    public record Data(ImageDataset train, ImageDataset test, String description) {
    }

    /** MNIST, full when installed and {@code full} is asked for, otherwise the bundled subset. */
    public static Data mnist(boolean full) {
        ImageDataset fullTrain = full ? Datasets.fullOrBundled(DatasetId.MNIST, Split.TRAIN) : null;
        if (fullTrain != null && fullTrain.size() > Datasets.BUNDLED_SIZE) {
            return new Data(fullTrain, Datasets.fullOrBundled(DatasetId.MNIST, Split.TEST), "MNIST (full)");
        }
        ImageDataset b = Datasets.bundled(DatasetId.MNIST);
        return new Data(b.select(IntStream.range(0, 800).toArray()), b.select(IntStream.range(800, 1000).toArray()),
                "bundled MNIST subset (800 train / 200 held out)");
    }

    /** {@code examples-out/<name>}, or the folder given as first argument. */
    public static Path out(String name, String[] args) {
        return args.length > 0 ? Path.of(args[0]) : Path.of("examples-out", name);
    }
}
