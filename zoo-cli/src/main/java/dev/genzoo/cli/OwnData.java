package dev.genzoo.cli;

import dev.genzoo.core.data.ColumnScaling;
import dev.genzoo.core.data.CsvFormat;
import dev.genzoo.core.data.CsvTable;
import dev.genzoo.core.data.DataFormatException;
import dev.genzoo.core.data.FeatureTable;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.ImageFolder;
import dev.genzoo.core.data.Shuffle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A parsed {@code --data}: {@code images:DIR[,size=HxW][,rgb|gray]}; a table of pixel values
 * {@code csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V]} (e.g. the UCI digits: 8x8 values 0..16);
 * or, without {@code size=}, a table of features
 * {@code csv:FILE[,label=COL][,skip=N][,header][,cat=COL;COL][,scale=minmax|standard]}.
 */
record OwnData(boolean csv, Path path, int height, int width, String label, int skip,
        boolean header, double max, List<String> categorical, ColumnScaling.Kind scaling, boolean rgb) {
    static final String CSV_FORMS = "csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V] (pixel values) or"
            + " csv:FILE[,label=COL][,skip=N][,header][,cat=COL;COL][,scale=minmax|standard] (features)";

    private static final Pattern SIZE = Pattern.compile("size=(\\d{1,5})x(\\d{1,5})");

    static OwnData parse(String spec) {
        boolean csv = spec.startsWith("csv:");
        if (!csv && !spec.startsWith("images:")) {
            throw new IllegalArgumentException("expected images:DIR[,size=HxW][,rgb|gray] or " + CSV_FORMS + ", found '"
                    + spec + "'");
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
        List<String> categorical = List.of();
        ColumnScaling.Kind scaling = null;
        boolean rgb = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            Matcher m = SIZE.matcher(p);
            if (m.matches()) {
                h = Integer.parseInt(m.group(1));
                w = Integer.parseInt(m.group(2));
                if (h < 1 || w < 1 || h > ImageFolder.MAX_SIDE
                        || w > ImageFolder.MAX_SIDE) {
                    throw new IllegalArgumentException("size=" + h + "x" + w + ": expected 1.."
                            + ImageFolder.MAX_SIDE + " a side");
                }
            } else if (!csv && (p.equals("rgb") || p.equals("gray"))) {
                rgb = p.equals("rgb");
            } else if (csv && p.startsWith("label=") && p.length() > 6) {
                label = p.substring(6);
            } else if (csv && p.matches("skip=\\d{1,6}")) {
                skip = Integer.parseInt(p.substring(5));
            } else if (csv && p.equals("header")) {
                header = true;
            } else if (csv && p.startsWith("cat=") && p.length() > 4) {
                categorical = List.of(p.substring(4).split(";"));
                if (categorical.stream().anyMatch(String::isBlank)) {
                    throw new IllegalArgumentException("cat=" + p.substring(4) + ": expected column names or indices"
                            + " separated by ';'");
                }
            } else if (csv && p.startsWith("scale=")) {
                scaling = switch (p.substring(6)) {
                    case "minmax" -> ColumnScaling.Kind.MIN_MAX;
                    case "standard" -> ColumnScaling.Kind.STANDARDIZE;
                    default -> throw new IllegalArgumentException(p + ": expected scale=minmax (each column's training"
                            + " minimum to 0 and maximum to 1) or scale=standard (mean 0, standard deviation 1)");
                };
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
                        + "'; expected " + (csv ? "size=HxW, label=COL, skip=N, header, max=V, cat=COL;COL or"
                        + " scale=minmax|standard" : "size=HxW, rgb or gray"));
            }
        }
        if (h > 0 && (!categorical.isEmpty() || scaling != null)) {
            throw new IllegalArgumentException("cat= and scale= are for tables of features; a table of pixel values"
                    + " (size=HxW) is scaled by max=");
        }
        if (csv && h == 0 && !Double.isNaN(max)) {
            throw new IllegalArgumentException("max= is for tables of pixel values (with size=HxW); a table of"
                    + " features is scaled per column by scale=minmax|standard");
        }
        return new OwnData(csv, Path.of(parts[0].trim()), h, w, label, skip, header, max, categorical,
                scaling, rgb);
    }

    /** A table of features (csv: without size=), not pixels. */
    boolean features() {
        return csv && height == 0;
    }

    /** How a table of features is read (label column included). */
    CsvFormat format() {
        return new CsvFormat(',', skip, header, label, categorical);
    }

    /**
     * Refuses reading options that differ from those a model's card recorded for its table (the card's
     * are the ones that give the model's columns); repeating them, or giving none, is fine.
     */
    void checkAgainst(FeatureTable card) {
        boolean none = label == null && skip == 0 && !header && categorical.isEmpty() && scaling == null;
        boolean same = java.util.Objects.equals(label, card.labelColumn()) && skip == card.skipLines()
                && header == card.header() && categorical.equals(card.categorical())
                && (scaling == null || scaling == card.scaling().kind());
        if (!none && !same) {
            throw new IllegalArgumentException("the model's card reads its table with" + describe(card)
                    + "; give csv:FILE alone (the card's options are used) or the same options");
        }
    }

    private static String describe(FeatureTable t) {
        return (t.header() ? " header" : " no header") + (t.labelColumn() != null ? ", label=" + t.labelColumn() : "")
                + (t.skipLines() > 0 ? ", skip=" + t.skipLines() : "")
                + (t.categorical().isEmpty() ? "" : ", cat=" + String.join(";", t.categorical()))
                + ", " + (t.scaling().kind() == ColumnScaling.Kind.MIN_MAX ? "scale=minmax" : "scale=standard");
    }

    /** A variant name for a card: the folder's or file's name without extensions, letters, digits, '.', '_', '-'. */
    String variant() {
        String n = String.valueOf(path.toAbsolutePath().normalize().getFileName()).replaceAll("(?i)(\\.csv)?(\\.gz)?$", "")
                .replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
        n = n.isEmpty() ? "own-data" : n;
        return n.length() > 128 ? n.substring(0, 128) : n;
    }

    /** "images:NAME" (",rgb" for colour) or "csv:NAME" for cards and reports. */
    String name() {
        return (csv ? "csv:" : "images:") + path.toAbsolutePath().normalize().getFileName() + (rgb ? ",rgb" : "");
    }

    /**
     * Own data's two splits, the pixel scale a pixel table was read with (NaN otherwise), and how a
     * table of features was read and scaled (null otherwise).
     */
    record Loaded(ImageDataset train, ImageDataset test, double max, FeatureTable table) {
    }

    /**
     * A table of features in two splits (every 10th row of a seeded permutation, seed 0, held out),
     * read and scaled as {@code card} says, or else with a scaling fitted on the training rows (of
     * class {@code onlyClass} alone when not null: one-class training).
     */
    private Loaded loadFeatures(FeatureTable card, Integer onlyClass) throws IOException {
        if (card != null) {
            checkAgainst(card);
        }
        CsvTable t = card != null ? card.readTable(path) : CsvTable.read(path, format());
        if (card != null) {
            t = t.alignTo(card.features());
        }
        if (t.rows() < 2) {
            throw new DataFormatException(path + " has 1 row; at least 2 are needed (one is held out for evaluation)");
        }
        int[] order = Shuffle.permutation(t.rows(), 0);
        int held = Math.max(1, t.rows() / 10);
        CsvTable train = t.select(Arrays.copyOfRange(order, held, order.length));
        CsvTable test = t.select(Arrays.copyOfRange(order, 0, held));
        FeatureTable table = card;
        if (table == null) {
            CsvTable fitOn = train;
            if (onlyClass != null && t.hasLabels() && onlyClass >= 0 && onlyClass < t.classNames().size()) {
                fitOn = train.select(train.rowsOf(onlyClass));
                if (fitOn.rows() == 0) {
                    throw new DataFormatException(path + ": no training row has class " + onlyClass + " ('"
                            + t.classNames().get(onlyClass) + "')");
                }
            }
            table = FeatureTable.fit(format(), fitOn, scaling == null ? ColumnScaling.Kind.MIN_MAX : scaling);
        }
        return new Loaded(table.examples(train), table.examples(test), Double.NaN, table);
    }

    /**
     * Every row or image, unsplit (new data to score): a table of features read as {@code card}
     * says (it must be given: only a model trained on a table knows its columns and scaling).
     */
    ImageDataset loadAll(double cardMax, FeatureTable card) throws IOException {
        if (features()) {
            if (card == null) {
                throw new IllegalArgumentException("the model was not trained on a table of features (its card records"
                        + " no columns and scaling), so it cannot read " + path + " as one");
            }
            checkAgainst(card);
            return card.read(path);
        }
        return unsplit(cardMax).images();
    }

    /** Every image of a folder, or every row of a pixel table with the pixel scale it was read with (NaN for images). */
    private record Unsplit(ImageDataset images, double max) {
    }

    /**
     * A folder's images as they are, or a pixel table scaled by {@code max=} when given, else by
     * {@code cardMax} (what the model's card recorded) when not NaN, else by the table's largest value.
     */
    private Unsplit unsplit(double cardMax) throws IOException {
        if (!csv) {
            return new Unsplit(ImageFolder.read(path, height, width, channels()), Double.NaN);
        }
        CsvTable t = CsvTable.read(path, new CsvFormat(',', skip, header, label, List.of()));
        double used = !Double.isNaN(max) ? max : !Double.isNaN(cardMax) ? cardMax
                : Math.max(1e-12, t.features(DataType.FLOAT).maxNumber().doubleValue());
        return new Unsplit(t.toImages(height, width, used), used);
    }

    private int channels() {
        return rgb ? 3 : 1;
    }

    /**
     * Reads it: for images, DIR/train and DIR/test when both exist; otherwise everything, with every
     * 10th item of a seeded permutation (seed 0) held out as the test split. A table's pixel scale is
     * {@code max=} when given, else {@code cardMax} (what the model's card recorded) when not NaN,
     * else the table's largest value.
     */
    Loaded load(double cardMax, FeatureTable cardTable, Integer onlyClass) throws IOException {
        if (features()) {
            return loadFeatures(cardTable, onlyClass);
        }
        Path train = path.resolve("train");
        Path test = path.resolve("test");
        if (!csv && Files.isDirectory(train) && Files.isDirectory(test)) {
            ImageDataset a = ImageFolder.read(train, height, width, channels());
            ImageDataset b = ImageFolder.read(test, height, width, channels());
            if (!a.classNames().equals(b.classNames())) {
                throw new DataFormatException(path + ": train and test have different class folders, "
                        + a.classNames() + " and " + b.classNames());
            }
            return new Loaded(a, b, Double.NaN, null);
        }
        Unsplit read = unsplit(cardMax);
        ImageDataset all = read.images();
        double used = read.max();
        if (all.size() < 2) {
            throw new DataFormatException(path + " has 1 " + (csv ? "row" : "image") + "; at least 2 are needed (one"
                    + " is held out for evaluation)");
        }
        int[] order = Shuffle.permutation(all.size(), 0);
        int held = Math.max(1, all.size() / 10);
        return new Loaded(all.select(Arrays.copyOfRange(order, held, order.length)),
                all.select(Arrays.copyOfRange(order, 0, held)), used, null);
    }
}
