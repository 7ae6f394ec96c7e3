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

    @Option(names = "--data", paramLabel = "SPEC", description = "Your own images instead of --dataset:"
            + " images:DIR[,size=HxW] (one subfolder per class, or images only; DIR/train and DIR/test when both exist,"
            + " else every 10th image in a seeded order is held out for evaluation; grayscale, resized to HxW,"
            + " default 28x28).")
    String data;

    /** The card of the model said it was trained on own images of this name ("images:NAME"), or null. */
    private String cardData;
    private ImageDataset ownTrain;
    private ImageDataset ownTest;

    /** A parsed {@code --data images:DIR[,size=HxW]}. */
    record OwnImages(java.nio.file.Path dir, int height, int width) {
        static OwnImages parse(String spec) {
            if (!spec.startsWith("images:")) {
                throw new IllegalArgumentException("expected images:DIR[,size=HxW], found '" + spec + "' (tables read"
                        + " from code: CsvTable)");
            }
            String[] parts = spec.substring("images:".length()).split(",");
            if (parts[0].isBlank()) {
                throw new IllegalArgumentException("images: needs a folder, e.g. images:photos/ or images:photos,size=28x28");
            }
            int h = 28;
            int w = 28;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("size=(\\d{1,5})x(\\d{1,5})").matcher(p);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unknown images: option '" + p + "'; expected size=HxW, e.g."
                            + " size=28x28");
                }
                h = Integer.parseInt(m.group(1));
                w = Integer.parseInt(m.group(2));
                if (h < 1 || w < 1 || h > dev.genzoo.core.data.ImageFolder.MAX_SIDE
                        || w > dev.genzoo.core.data.ImageFolder.MAX_SIDE) {
                    throw new IllegalArgumentException("size=" + h + "x" + w + ": expected 1.."
                            + dev.genzoo.core.data.ImageFolder.MAX_SIDE + " a side");
                }
            }
            return new OwnImages(java.nio.file.Path.of(parts[0].trim()), h, w);
        }
    }

    DatasetId id() {
        return DatasetId.of(dataset == null ? "mnist" : dataset);
    }

    /** Checks --dataset and --only-class (after {@link #defaultFrom}), before any data is read. */
    DataOptions validate(CommandLine.Model.CommandSpec spec) {
        if (data != null) {
            if (dataset != null || bundled) {
                throw Args.bad(spec, "--data and " + (bundled ? "--bundled" : "--dataset") + " exclude each other;"
                        + " give one source of images");
            }
            try {
                OwnImages.parse(data);
            } catch (IllegalArgumentException e) {
                throw Args.bad(spec, "--data: " + e.getMessage());
            }
            if (onlyClass != null && onlyClass < 0) {
                throw Args.bad(spec, "--only-class must be >= 0, found " + onlyClass);
            }
            return this;
        }
        if (cardData != null && dataset == null) {
            throw Args.bad(spec, "the model was trained on " + cardData + ", not a known data set; pass --data"
                    + " images:DIR (or --dataset to use mnist or fashion-mnist anyway)");
        }
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
        if (dataset != null || data != null) {
            return this;
        }
        String name = null;
        java.nio.file.Path dir = java.nio.file.Path.of(ref);
        if (java.nio.file.Files.isRegularFile(dir.resolve("model-card.json"))) {
            try {
                var d = ModelArtifacts.readCard(dir).dataset();
                name = d == null ? null : d.name().replace("-bundled-1000", "");
                if (name != null && name.startsWith("images:")) {
                    cardData = name;
                    name = null;
                }
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

    /** The data set's name for cards and reports: "mnist", "fashion-mnist", or "images:FOLDER" for --data. */
    String name() {
        return data != null ? "images:" + OwnImages.parse(data).dir().toAbsolutePath().normalize().getFileName()
                : id().id();
    }

    /** Classes of the data (reads own images). */
    int numClasses() throws IOException {
        return data != null ? own(Split.TRAIN).numClasses() : id().numClasses();
    }

    /** SHA-256 of the training data on a card: the IDX file's, or own images' content; null for the bundled subset. */
    String trainSha256() throws IOException {
        if (data != null) {
            return dev.genzoo.core.data.ImageFolder.contentSha256(own(Split.TRAIN));
        }
        return bundled ? null : id().images(Split.TRAIN).sha256();
    }

    /**
     * Own images, read once: DIR/train and DIR/test when both exist, else the folder with every 10th
     * image of a seeded permutation (seed 0) held out as the test split.
     */
    private ImageDataset own(Split split) throws IOException {
        if (ownTrain == null) {
            OwnImages o = OwnImages.parse(data);
            java.nio.file.Path train = o.dir().resolve("train");
            java.nio.file.Path test = o.dir().resolve("test");
            if (java.nio.file.Files.isDirectory(train) && java.nio.file.Files.isDirectory(test)) {
                ownTrain = dev.genzoo.core.data.ImageFolder.read(train, o.height(), o.width());
                ownTest = dev.genzoo.core.data.ImageFolder.read(test, o.height(), o.width());
                if (!ownTrain.classNames().equals(ownTest.classNames())) {
                    throw new dev.genzoo.core.data.DataFormatException(o.dir() + ": train and test have different class"
                            + " folders, " + ownTrain.classNames() + " and " + ownTest.classNames());
                }
            } else {
                ImageDataset all = dev.genzoo.core.data.ImageFolder.read(o.dir(), o.height(), o.width());
                if (all.size() < 2) {
                    throw new dev.genzoo.core.data.DataFormatException(o.dir() + " has 1 image; at least 2 are needed"
                            + " (one is held out for evaluation)");
                }
                int[] order = dev.genzoo.core.data.Shuffle.permutation(all.size(), 0);
                int held = Math.max(1, all.size() / 10);
                ownTest = all.select(java.util.Arrays.copyOfRange(order, 0, held));
                ownTrain = all.select(java.util.Arrays.copyOfRange(order, held, order.length));
            }
        }
        return split == Split.TRAIN ? ownTrain : ownTest;
    }

    ImageDataset split(Split split) throws IOException {
        ImageDataset d = data != null ? own(split) : bundled ? Datasets.bundled(id()) : Datasets.load(id(), split);
        if (onlyClass == null) {
            return d;
        }
        if (onlyClass < 0 || onlyClass >= d.numClasses()) {
            throw new IllegalArgumentException("--only-class must be in 0.." + (d.numClasses() - 1) + ", found " + onlyClass);
        }
        return d.select(d.indicesOf(onlyClass));
    }
}
