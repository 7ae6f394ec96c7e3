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
            + " default 28x28), or a table of pixel values csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V]"
            + " (.gz read as gzip; max: the largest pixel value, default the table's).")
    String data;

    /** The card of the model said it was trained on own images of this name ("images:NAME"), or null. */
    private String cardData;
    /** The pixel scale a card records for a csv: table ("max=V" in its data set name), or NaN. */
    private double cardMax = Double.NaN;
    /** The pixel scale a csv: table was read with (given, from the card, or the table's largest value). */
    private double usedMax = Double.NaN;
    private ImageDataset ownTrain;
    private ImageDataset ownTest;

    /**
     * A parsed {@code --data}: {@code images:DIR[,size=HxW]}, or a table of pixel values
     * {@code csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V]} (e.g. the UCI digits: 8x8 values 0..16).
     */
    record OwnData(boolean csv, java.nio.file.Path path, int height, int width, String label, int skip,
            boolean header, double max) {
        private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("size=(\\d{1,5})x(\\d{1,5})");

        static OwnData parse(String spec) {
            boolean csv = spec.startsWith("csv:");
            if (!csv && !spec.startsWith("images:")) {
                throw new IllegalArgumentException("expected images:DIR[,size=HxW] or csv:FILE,size=HxW[,label=COL]"
                        + "[,skip=N][,header][,max=V], found '" + spec + "'");
            }
            String[] parts = spec.substring(csv ? 4 : 7).split(",");
            if (parts[0].isBlank()) {
                throw new IllegalArgumentException((csv ? "csv:" : "images:") + " needs a " + (csv ? "file" : "folder"));
            }
            int h = csv ? 0 : 28;
            int w = csv ? 0 : 28;
            String label = null;
            int skip = 0;
            boolean header = false;
            double max = Double.NaN;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                java.util.regex.Matcher m = SIZE.matcher(p);
                if (m.matches()) {
                    h = Integer.parseInt(m.group(1));
                    w = Integer.parseInt(m.group(2));
                    if (h < 1 || w < 1 || h > dev.genzoo.core.data.ImageFolder.MAX_SIDE
                            || w > dev.genzoo.core.data.ImageFolder.MAX_SIDE) {
                        throw new IllegalArgumentException("size=" + h + "x" + w + ": expected 1.."
                                + dev.genzoo.core.data.ImageFolder.MAX_SIDE + " a side");
                    }
                } else if (csv && p.startsWith("label=") && p.length() > 6) {
                    label = p.substring(6);
                } else if (csv && p.matches("skip=\\d{1,6}")) {
                    skip = Integer.parseInt(p.substring(5));
                } else if (csv && p.equals("header")) {
                    header = true;
                } else if (csv && p.startsWith("max=")) {
                    try {
                        max = Double.parseDouble(p.substring(4));
                    } catch (NumberFormatException e) {
                        max = -1;
                    }
                    if (!(max > 0) || Double.isInfinite(max)) {
                        throw new IllegalArgumentException("max=" + p.substring(4) + ": expected the largest pixel"
                                + " value, a number > 0");
                    }
                } else {
                    throw new IllegalArgumentException("unknown " + (csv ? "csv:" : "images:") + " option '" + p
                            + "'; expected " + (csv ? "size=HxW, label=COL, skip=N, header or max=V" : "size=HxW"));
                }
            }
            if (csv && h == 0) {
                throw new IllegalArgumentException("csv: needs size=HxW, the image shape of its pixel columns (tables"
                        + " of other features train from code: CsvTable, GraphAutoencoder.fit)");
            }
            return new OwnData(csv, java.nio.file.Path.of(parts[0].trim()), h, w, label, skip, header, max);
        }

        /** A variant name for a card: the folder's or file's name without extensions, letters, digits, '.', '_', '-'. */
        String variant() {
            String n = String.valueOf(path.toAbsolutePath().normalize().getFileName()).replaceAll("(?i)(\\.csv)?(\\.gz)?$", "")
                    .replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
            n = n.isEmpty() ? "own-data" : n;
            return n.length() > 128 ? n.substring(0, 128) : n;
        }

        /** "images:NAME" or "csv:NAME" for cards and reports. */
        String name() {
            return (csv ? "csv:" : "images:") + path.toAbsolutePath().normalize().getFileName();
        }

        /** The table of a csv: spec. */
        dev.genzoo.core.data.CsvTable table() throws IOException {
            return dev.genzoo.core.data.CsvTable.read(path, new dev.genzoo.core.data.CsvFormat(',', skip, header, label,
                    java.util.List.of()));
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
                OwnData.parse(data);
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
                    + " (images:DIR or csv:FILE,size=HxW) or --dataset to use mnist or fashion-mnist anyway");
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
        if (dataset != null) {
            return this;
        }
        String name = null;
        java.nio.file.Path dir = java.nio.file.Path.of(ref);
        if (java.nio.file.Files.isRegularFile(dir.resolve("model-card.json"))) {
            try {
                var d = ModelArtifacts.readCard(dir).dataset();
                name = d == null ? null : d.name().replace("-bundled-1000", "");
                if (name != null && (name.startsWith("images:") || name.startsWith("csv:"))) {
                    cardData = name;
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile(",max=([0-9.eE+-]+)").matcher(name);
                    if (m.find()) {
                        try {
                            cardMax = Double.parseDouble(m.group(1));
                        } catch (NumberFormatException e) {
                            cardMax = Double.NaN;
                        }
                    }
                    name = null;
                }
            } catch (MalformedModelException | RuntimeException e) {
                name = null; // loading the model reports a broken card properly
            }
        } else if (ref.contains(":")) {
            name = ref.substring(ref.indexOf(':') + 1);
        }
        if (data != null) {
            return this; // own data given: only the card's pixel scale was needed
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

    /**
     * The data set's name for cards and reports: "mnist", "fashion-mnist", "images:FOLDER", or
     * "csv:FILE,size=HxW,max=V" with the pixel scale the table was read with (evaluate applies a
     * card's scale again unless --data gives one).
     */
    String name() throws IOException {
        if (data == null) {
            return id().id();
        }
        OwnData o = OwnData.parse(data);
        if (!o.csv()) {
            return o.name();
        }
        own(Split.TRAIN);
        return o.name() + ",size=" + o.height() + "x" + o.width() + ",max=" + usedMax;
    }

    /** The default variant name on a card: the data set's id, or own data's folder or file name. */
    String variant() {
        return data != null ? OwnData.parse(data).variant() : id().id();
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
            OwnData o = OwnData.parse(data);
            java.nio.file.Path train = o.path().resolve("train");
            java.nio.file.Path test = o.path().resolve("test");
            if (!o.csv() && java.nio.file.Files.isDirectory(train) && java.nio.file.Files.isDirectory(test)) {
                ownTrain = dev.genzoo.core.data.ImageFolder.read(train, o.height(), o.width());
                ownTest = dev.genzoo.core.data.ImageFolder.read(test, o.height(), o.width());
                if (!ownTrain.classNames().equals(ownTest.classNames())) {
                    throw new dev.genzoo.core.data.DataFormatException(o.path() + ": train and test have different class"
                            + " folders, " + ownTrain.classNames() + " and " + ownTest.classNames());
                }
            } else {
                ImageDataset all;
                if (o.csv()) {
                    var t = o.table();
                    usedMax = !Double.isNaN(o.max()) ? o.max() : !Double.isNaN(cardMax) ? cardMax
                            : Math.max(1e-12, t.features(org.nd4j.linalg.api.buffer.DataType.FLOAT).maxNumber()
                                    .doubleValue());
                    all = t.toImages(o.height(), o.width(), usedMax);
                } else {
                    all = dev.genzoo.core.data.ImageFolder.read(o.path(), o.height(), o.width());
                }
                if (all.size() < 2) {
                    throw new dev.genzoo.core.data.DataFormatException(o.path() + " has 1 image; at least 2 are needed"
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

    /**
     * {@link #split}, checked against what {@code model} takes: the pixel count, and height and width
     * for a convolutional model; a mismatch is a bad argument naming both shapes and what to change.
     */
    ImageDataset splitFor(CommandLine.Model.CommandSpec spec, dev.genzoo.core.model.GenZooModel model, Split split)
            throws IOException {
        ImageDataset d = split(split);
        dev.genzoo.core.model.InputShape in = model.inputShape();
        boolean image = in.height() > 1;
        boolean fits = image ? in.height() == d.height() && in.width() == d.width() && in.channels() == 1
                : in.size() == d.pixelCount();
        if (!fits) {
            throw Args.bad(spec, (data != null ? "--data" : "--dataset") + ": " + model.name() + " takes "
                    + (image ? in.height() + "x" + in.width() + " images" : in.size() + " values per example")
                    + ", and " + d.name() + " has " + d.height() + "x" + d.width() + " images (" + d.pixelCount()
                    + " values)" + (data != null ? "; resize with size=" + (image ? in.height() + "x" + in.width()
                    : "HxW") + (image ? "" : ", or train a dense model with --set inputSize=" + d.pixelCount()) : ""));
        }
        return d;
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
