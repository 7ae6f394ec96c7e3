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
            + " default 28x28), a table of pixel values csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V]"
            + " (.gz read as gzip; max: the largest pixel value, default the table's), or a table of features"
            + " csv:FILE[,label=COL][,skip=N][,header][,cat=COL;COL][,scale=minmax|standard] (cat: columns one-hot"
            + " encoded; each column scaled by its training rows' min and max, default, or mean and standard"
            + " deviation; the card keeps the columns and scaling and applies them to new rows).")
    String data;

    /** The card of the model said it was trained on own images of this name ("images:NAME"), or null. */
    private String cardData;
    /** The pixel scale a card records for a csv: table ("max=V" in its data set name), or NaN. */
    private double cardMax = Double.NaN;
    /** The pixel scale a csv: table was read with (given, from the card, or the table's largest value). */
    private double usedMax = Double.NaN;
    /** How the model's card says its table of features is read and scaled, or null. */
    private dev.genzoo.core.data.FeatureTable cardTable;
    /** How own data's table of features was read and scaled (the card's, or fitted on its training rows). */
    private dev.genzoo.core.data.FeatureTable usedTable;
    private ImageDataset ownTrain;
    private ImageDataset ownTest;

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
                    + " (images:DIR or csv:FILE...) or --dataset to use mnist or fashion-mnist anyway");
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
                cardTable = d == null ? null : d.table();
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
            return this; // own data given: only the card's pixel scale or table was needed
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
        if (!o.csv() || o.features()) {
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
     * For a table of features: how it was read and scaled (the card's, or fitted on the training rows),
     * for the card; null for any other data.
     */
    dev.genzoo.core.data.FeatureTable table() throws IOException {
        if (data == null || !OwnData.parse(data).features()) {
            return null;
        }
        own(Split.TRAIN);
        return usedTable;
    }

    /** Refuses a table of features for a command that draws pictures. */
    DataOptions requirePictures(CommandLine.Model.CommandSpec spec, String command) {
        if (features()) {
            throw Args.bad(spec, command + " draws pictures, and " + (data != null ? "--data" : "the model's card")
                    + " names a table of features; use genzoo evaluate, encode or anomaly for tables");
        }
        return this;
    }

    /** Whether the data is a table of features (no pictures to show). */
    boolean features() {
        return data != null ? OwnData.parse(data).features() : cardTable != null;
    }

    /**
     * All of own data, unsplit (new rows or images to score), read as the card says; null without --data.
     */
    ImageDataset all() throws IOException {
        try {
            return data == null ? null : OwnData.parse(data).loadAll(cardMax, cardTable);
        } catch (IllegalArgumentException e) {
            throw new DataArgumentException(e.getMessage(), e);
        }
    }

    /** Own data, read once (see {@link OwnData#load}). */
    private ImageDataset own(Split split) throws IOException {
        if (ownTrain == null) {
            OwnData.Loaded l;
            try {
                l = OwnData.parse(data).load(cardMax, cardTable, onlyClass);
            } catch (IllegalArgumentException e) {
                throw new DataArgumentException(e.getMessage(), e);
            }
            ownTrain = l.train();
            ownTest = l.test();
            usedMax = l.max();
            usedTable = l.table();
        }
        return split == Split.TRAIN ? ownTrain : ownTest;
    }

    /** Own data that does not fit what the model's card or the --data options say: a bad argument. */
    static final class DataArgumentException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DataArgumentException(String message, Throwable cause) {
            super("--data: " + message, cause);
        }
    }

    /**
     * {@link #split}, checked against what {@code model} takes: the pixel count, and height and width
     * for a convolutional model; a mismatch is a bad argument naming both shapes and what to change.
     */
    ImageDataset splitFor(CommandLine.Model.CommandSpec spec, dev.genzoo.core.model.GenZooModel model, Split split)
            throws IOException {
        return fitting(spec, model, split(split));
    }

    /** {@code d}, checked against what {@code model} takes (see {@link #splitFor}). */
    ImageDataset fitting(CommandLine.Model.CommandSpec spec, dev.genzoo.core.model.GenZooModel model, ImageDataset d) {
        dev.genzoo.core.model.InputShape in = model.inputShape();
        boolean image = in.height() > 1;
        boolean fits = image ? in.height() == d.height() && in.width() == d.width() && in.channels() == d.channels()
                : in.size() == d.pixelCount();
        if (!fits) {
            if (d.realValued()) {
                throw Args.bad(spec, "--data: " + model.name() + " takes " + (image ? in.height() + "x" + in.width()
                        + " images" : in.size() + " values per example") + ", and " + d.name() + " has rows of "
                        + d.pixelCount() + " features; train a dense model with --set inputSize=" + d.pixelCount());
            }
            String colour = d.channels() == 1 ? "" : " " + d.channels() + "-channel";
            if (image && in.channels() != d.channels()) {
                throw Args.bad(spec, (data != null ? "--data" : "--dataset") + ": " + model.name() + " takes "
                        + in.channels() + "-channel images, and " + d.name() + " has " + d.channels() + "-channel"
                        + " images; " + inputSetting(d) + (in.channels() == 1 ? ", read the folder in grayscale (drop"
                        + " ,rgb), or train a dense model with --set inputSize=" + d.pixelCount() : ""));
            }
            throw Args.bad(spec, (data != null ? "--data" : "--dataset") + ": " + model.name() + " takes "
                    + (image ? in.height() + "x" + in.width() + " images" : in.size() + " values per example")
                    + ", and " + d.name() + " has " + d.height() + "x" + d.width() + colour + " images ("
                    + d.pixelCount() + " values)" + (data != null ? "; resize with size=" + (image ? in.height() + "x"
                    + in.width() + ", or " + inputSetting(d) : "HxW") + (image ? "" : ", or train a dense model with"
                    + " --set inputSize="
                    + d.pixelCount()) + (!image && d.channels() == 1 && in.size() == 3L * d.pixelCount()
                    ? " (or read the images in colour with ,rgb: " + in.size() + " values)" : "") : ""));
        }
        return d;
    }

    /** The --set that gives a convolutional model with an input setting (conv-ae, vae-conv) the data's shape. */
    private static String inputSetting(ImageDataset d) {
        return "train a model with an input setting (conv-ae, vae-conv) with --set 'input={\"channels\":" + d.channels()
                + ",\"height\":" + d.height() + ",\"width\":" + d.width() + "}'";
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
