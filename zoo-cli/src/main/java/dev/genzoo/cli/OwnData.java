package dev.genzoo.cli;

import dev.genzoo.core.data.CsvFormat;
import dev.genzoo.core.data.CsvTable;
import dev.genzoo.core.data.DataFormatException;
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
 * A parsed {@code --data}: {@code images:DIR[,size=HxW]}, or a table of pixel values
 * {@code csv:FILE,size=HxW[,label=COL][,skip=N][,header][,max=V]} (e.g. the UCI digits: 8x8 values 0..16).
 */
record OwnData(boolean csv, Path path, int height, int width, String label, int skip,
        boolean header, double max) {
    private static final Pattern SIZE = Pattern.compile("size=(\\d{1,5})x(\\d{1,5})");

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
            Matcher m = SIZE.matcher(p);
            if (m.matches()) {
                h = Integer.parseInt(m.group(1));
                w = Integer.parseInt(m.group(2));
                if (h < 1 || w < 1 || h > ImageFolder.MAX_SIDE
                        || w > ImageFolder.MAX_SIDE) {
                    throw new IllegalArgumentException("size=" + h + "x" + w + ": expected 1.."
                            + ImageFolder.MAX_SIDE + " a side");
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
        return new OwnData(csv, Path.of(parts[0].trim()), h, w, label, skip, header, max);
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

    /** Own data's two splits and the pixel scale a table was read with (NaN for images). */
    record Loaded(ImageDataset train, ImageDataset test, double max) {
    }

    /**
     * Reads it: for images, DIR/train and DIR/test when both exist; otherwise everything, with every
     * 10th item of a seeded permutation (seed 0) held out as the test split. A table's pixel scale is
     * {@code max=} when given, else {@code cardMax} (what the model's card recorded) when not NaN,
     * else the table's largest value.
     */
    Loaded load(double cardMax) throws IOException {
        Path train = path.resolve("train");
        Path test = path.resolve("test");
        if (!csv && Files.isDirectory(train) && Files.isDirectory(test)) {
            ImageDataset a = ImageFolder.read(train, height, width);
            ImageDataset b = ImageFolder.read(test, height, width);
            if (!a.classNames().equals(b.classNames())) {
                throw new DataFormatException(path + ": train and test have different class folders, "
                        + a.classNames() + " and " + b.classNames());
            }
            return new Loaded(a, b, Double.NaN);
        }
        ImageDataset all;
        double used = Double.NaN;
        if (csv) {
            CsvTable t = CsvTable.read(path, new CsvFormat(',', skip, header, label, List.of()));
            used = !Double.isNaN(max) ? max : !Double.isNaN(cardMax) ? cardMax
                    : Math.max(1e-12, t.features(DataType.FLOAT).maxNumber().doubleValue());
            all = t.toImages(height, width, used);
        } else {
            all = ImageFolder.read(path, height, width);
        }
        if (all.size() < 2) {
            throw new DataFormatException(path + " has 1 " + (csv ? "row" : "image") + "; at least 2 are needed (one"
                    + " is held out for evaluation)");
        }
        int[] order = Shuffle.permutation(all.size(), 0);
        int held = Math.max(1, all.size() / 10);
        return new Loaded(all.select(Arrays.copyOfRange(order, held, order.length)),
                all.select(Arrays.copyOfRange(order, 0, held)), used);
    }
}
