package dev.genzoo.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaDataLine;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputStreamInputSplit;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table of numeric features read from a CSV file through DataVec's {@code CSVRecordReader}, with
 * an optional label column and one-hot encoded categorical columns. Everything is checked while
 * reading, and a problem is reported with the file, line and column and what was expected: rows of
 * another length, a cell that is not a number in a numeric column, NaN or infinite cells, a label or
 * categorical column the table does not have, a file without data rows. Immutable.
 */
public final class CsvTable {
    private final String name;
    private final int rows;
    private final float[] values;
    private final List<String> featureNames;
    private final int[] labels;
    private final List<String> classNames;

    private CsvTable(String name, int rows, float[] values, List<String> featureNames, int[] labels,
            List<String> classNames) {
        this.name = name;
        this.rows = rows;
        this.values = values;
        this.featureNames = List.copyOf(featureNames);
        this.labels = labels;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** Reads {@code file} as {@code format} says. */
    public static CsvTable read(Path file, CsvFormat format) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + " is not a file; expected a CSV table");
        }
        List<String[]> cells = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] header = null;
        CSVRecordReader reader = new CSVRecordReader(format.skipLines(), format.delimiter());
        boolean gzip = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
        try {
            if (gzip) {
                // decompressed as it is read, and no further than MAX_GZIP_BYTES: a small file cannot claim gigabytes
                reader.initialize(new InputStreamInputSplit(new CappedStream(new GZIPInputStream(
                        Files.newInputStream(file)), file), file.toUri()));
            } else {
                reader.initialize(new FileSplit(file.toFile()));
            }
            while (reader.hasNext()) {
                Record r = reader.nextRecord();
                int line = r.getMetaData() instanceof RecordMetaDataLine m ? m.getLineNumber() + 1
                        : format.skipLines() + cells.size() + 1;
                List<Writable> w = r.getRecord();
                String[] row = new String[w.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = w.get(i).toString().trim();
                }
                if (row.length == 0 || (row.length == 1 && row[0].isEmpty())) {
                    continue; // a blank line
                }
                if (format.header() && header == null) {
                    header = row;
                    continue;
                }
                cells.add(row);
                lineNumbers.add(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file, e);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file + " is not a gzip file (" + e.getMessage() + "); expected CSV, or CSV"
                    + " compressed with gzip for a .gz name", e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new DataFormatException(file + ": " + io.getMessage(), io);
            }
            throw new DataFormatException(file + ": not a readable CSV table (" + e.getMessage() + ")", e);
        } finally {
            reader.close();
        }
        if (cells.isEmpty()) {
            throw new DataFormatException(file + " has no data rows" + (format.header() ? " after its header line" : "")
                    + (format.skipLines() > 0 ? " (after skipping " + format.skipLines() + " lines)" : ""));
        }
        int width = header != null ? header.length : cells.get(0).length;
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).length != width) {
                throw new DataFormatException(file + " line " + lineNumbers.get(i) + " has " + cells.get(i).length
                        + " columns; expected " + width + (header != null ? " (as the header line)" : " (as the first row)"));
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            names.add(header != null ? header[c] : "col" + c);
        }
        int labelIndex = format.labelColumn() == null ? -1 : column(file, format.labelColumn(), names, "label");
        boolean[] isCategorical = new boolean[width];
        for (String c : format.categorical()) {
            int k = column(file, c, names, "categorical");
            if (k == labelIndex) {
                throw new IllegalArgumentException(file + ": column '" + c + "' is the label column; it cannot also be"
                        + " a categorical feature");
            }
            isCategorical[k] = true;
        }
        // categories per categorical column, and the classes, in sorted order (numerically when all are numbers)
        List<java.util.Map<String, Integer>> categories = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            if (c == labelIndex) {
                categories.add(null);
            } else if (isCategorical[c]) {
                List<String> values = distinct(cells, c);
                categories.add(positions(values));
                for (String v : values) {
                    featureNames.add(names.get(c) + "=" + v);
                }
            } else {
                categories.add(null);
                featureNames.add(names.get(c));
            }
        }
        List<String> classes = labelIndex < 0 ? null : distinct(cells, labelIndex);
        java.util.Map<String, Integer> classIndex = classes == null ? null : positions(classes);
        int features = featureNames.size();
        if (features == 0) {
            throw new DataFormatException(file + " has no feature columns besides its label column");
        }
        float[] values = new float[Math.multiplyExact(cells.size(), features)];
        int[] labels = labelIndex < 0 ? null : new int[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            String[] row = cells.get(i);
            int f = 0;
            for (int c = 0; c < width; c++) {
                if (c == labelIndex) {
                    if (row[c].isEmpty()) {
                        throw new DataFormatException(file + " line " + lineNumbers.get(i) + ": the label column '"
                                + names.get(c) + "' is empty; expected a class for every row");
                    }
                    labels[i] = classIndex.get(row[c]);
                } else if (isCategorical[c]) {
                    values[i * features + f + categories.get(c).get(row[c])] = 1f;
                    f += categories.get(c).size();
                } else {
                    values[i * features + f++] = number(file, lineNumbers.get(i), names.get(c), c, row[c]);
                }
            }
        }
        return new CsvTable(file.getFileName().toString(), cells.size(), values, featureNames, labels, classes);
    }

    /** Largest decompressed size of a {@code .gz} table. */
    public static final long MAX_GZIP_BYTES = 1L << 30;

    /** A stream that fails once more than {@link #MAX_GZIP_BYTES} came through it. */
    private static final class CappedStream extends java.io.FilterInputStream {
        private final Path file;
        private long count;

        CappedStream(java.io.InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        private int counted(int n) throws IOException {
            if (n > 0 && (count += n) > MAX_GZIP_BYTES) {
                throw new DataFormatException(file + " decompresses to more than " + MAX_GZIP_BYTES + " bytes");
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(super.read(b, off, len));
        }
    }

    /**
     * A table of pixel values as grayscale images ({@code height · width} feature columns, row-major,
     * values from 0 to {@code maxValue}, e.g. 16 for the UCI optical digits), scaled to 0..255 with
     * its labels and classes: image-shaped tables train and evaluate like any image set.
     */
    public ImageDataset toImages(int height, int width, double maxValue) {
        if (height < 1 || width < 1 || (long) height * width != features()) {
            throw new IllegalArgumentException(name + " has " + features() + " feature columns; " + height + "x" + width
                    + " images need " + ((long) height * width));
        }
        if (!(maxValue > 0) || !Double.isFinite(maxValue)) {
            throw new IllegalArgumentException("maxValue must be finite and > 0, found " + maxValue);
        }
        if (classNames != null && classNames.size() > 256) {
            throw new IllegalArgumentException(name + " has " + classNames.size() + " classes; images take at most 256");
        }
        byte[] px = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v < 0 || v > maxValue) {
                int row = i / features();
                throw new IllegalArgumentException(name + " row " + row + " column " + featureNames.get(i % features())
                        + ": " + v + " is outside the pixel range 0.." + maxValue);
            }
            px[i] = (byte) Math.round(v / maxValue * 255);
        }
        byte[] lb = new byte[rows];
        for (int i = 0; i < rows && labels != null; i++) {
            lb[i] = (byte) labels[i];
        }
        return new ImageDataset(name, new IdxArray(new int[] {rows, height, width}, px), new IdxArray(new int[] {rows},
                lb), classNames == null ? List.of("all") : classNames);
    }

    private static int column(Path file, String ref, List<String> names, String what) {
        int byName = names.indexOf(ref);
        if (byName >= 0) {
            return byName;
        }
        try {
            int k = Integer.parseInt(ref.trim());
            if (k >= 0 && k < names.size()) {
                return k;
            }
        } catch (NumberFormatException e) {
            // not an index: reported below
        }
        throw new NoSuchColumnException(what, file + " has no " + what + " column '" + ref + "'; its columns are "
                + names + " (a name, or a 0-based index below " + names.size() + ")");
    }

    /** A label or categorical column named in the format that the file does not have. */
    public static final class NoSuchColumnException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String role;

        NoSuchColumnException(String role, String message) {
            super(message);
            this.role = role;
        }

        /** "label" or "categorical". */
        public String role() {
            return role;
        }
    }

    /**
     * This table with the feature columns {@code names} in that order (the columns a model was trained
     * on): a one-hot column {@code col=value} this table lacks (no row had that value) is all zeros;
     * any other missing column, and any column of this table not in {@code names} (a category or a
     * feature the model never saw), is refused naming it.
     */
    public CsvTable alignTo(List<String> names) {
        if (names.equals(featureNames)) {
            return this;
        }
        java.util.Map<String, Integer> here = positions(featureNames);
        java.util.Set<String> wanted = new java.util.HashSet<>(names);
        for (String f : featureNames) {
            if (!wanted.contains(f)) {
                int eq = f.indexOf('=');
                throw new IllegalArgumentException(name + ": " + (eq > 0 ? "column '" + f.substring(0, eq)
                        + "' has the value '" + f.substring(eq + 1) + "', which the model's training rows never had"
                        : "column '" + f + "' is not one the model was trained on") + "; expected the "
                        + names.size() + " feature columns " + listed(names));
            }
        }
        int[] from = new int[names.size()];
        for (int j = 0; j < names.size(); j++) {
            Integer k = here.get(names.get(j));
            if (k == null && names.get(j).indexOf('=') <= 0) {
                throw new IllegalArgumentException(name + " has no column '" + names.get(j) + "', which the model"
                        + " takes; expected the " + names.size() + " feature columns " + listed(names));
            }
            from[j] = k == null ? -1 : k;
        }
        float[] v = new float[Math.multiplyExact(rows, names.size())];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < from.length; j++) {
                v[i * from.length + j] = from[j] < 0 ? 0f : values[i * features() + from[j]];
            }
        }
        return new CsvTable(name, rows, v, names, labels, classNames);
    }

    /**
     * The rows as real-valued examples of {@code 1 x features} ({@link ImageDataset#ofValues}),
     * transformed by {@code scaling} (fitted on training rows; see {@link ColumnScaling}), with the
     * label column's classes, or one class "all" without one.
     */
    public ImageDataset toExamples(ColumnScaling scaling) {
        if (scaling.columns() != features()) {
            throw new IllegalArgumentException(name + " has " + features() + " feature columns; the scaling was fitted"
                    + " on " + scaling.columns());
        }
        if (classNames != null && classNames.size() > 256) {
            throw new IllegalArgumentException(name + " has " + classNames.size() + " classes in its label column;"
                    + " at most 256 are taken");
        }
        float[] v = new float[values.length];
        int f = features();
        for (int i = 0; i < values.length; i++) {
            int j = i % f;
            v[i] = (float) ((values[i] - scaling.shift()[j]) / scaling.scale()[j]);
        }
        return ImageDataset.ofValues(name, rows, 1, f, v, labels == null ? new int[rows] : labels,
                classNames == null ? List.of("all") : classNames);
    }

    private static float number(Path file, int line, String column, int c, String cell) throws DataFormatException {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + " line " + line + " column " + c + " ('" + column + "'): '"
                    + abbreviate(cell) + "' is not a number; expected a numeric value (declare the column categorical"
                    + " if its values are categories)");
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new DataFormatException(file + " line " + line + " column " + c + " ('" + column + "'): " + cell
                    + " is not a finite number; expected finite values (fill or drop missing values first)");
        }
        return (float) v;
    }

    private static String listed(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : names.subList(0, 12).toString().replace("]", ", ... (" + (names.size() - 12) + " more)]");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Each value's position in {@code values}: the one-hot column or class index, looked up per cell. */
    private static java.util.Map<String, Integer> positions(List<String> values) {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (int k = 0; k < values.size(); k++) {
            m.put(values.get(k), k);
        }
        return m;
    }

    /** The distinct values of column {@code c}, sorted numerically when all are numbers, else as text. */
    private static List<String> distinct(List<String[]> cells, int c) {
        TreeSet<String> text = new TreeSet<>();
        for (String[] row : cells) {
            text.add(row[c]);
        }
        TreeMap<Double, String> numeric = new TreeMap<>();
        for (String v : text) {
            try {
                numeric.put(Double.parseDouble(v), v);
            } catch (NumberFormatException e) {
                return List.copyOf(text);
            }
        }
        return numeric.size() == text.size() ? List.copyOf(numeric.values()) : List.copyOf(text);
    }

    /** The file name it was read from. */
    public String name() {
        return name;
    }

    /** Data rows. */
    public int rows() {
        return rows;
    }

    /** Feature columns, one-hot columns counted one by one. */
    public int features() {
        return featureNames.size();
    }

    /** Names of the feature columns: the header's (or col0, col1, ...), {@code name=value} for one-hot columns. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Whether the table has a label column. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** The label column's distinct values, index = class; empty without a label column. */
    public List<String> classNames() {
        return classNames == null ? List.of() : classNames;
    }

    /** The class of row {@code i}. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no label column");
        }
        return labels[i];
    }

    /** Feature {@code j} of row {@code i}. */
    public float value(int i, int j) {
        return values[i * features() + j];
    }

    /** The rows at {@code indices}, in that order. */
    public CsvTable select(int[] indices) {
        int f = features();
        float[] v = new float[Math.multiplyExact(indices.length, f)];
        int[] l = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= rows) {
                throw new IllegalArgumentException("select: row " + src + " is outside 0.." + (rows - 1) + " of " + name);
            }
            System.arraycopy(values, src * f, v, i * f, f);
            if (l != null) {
                l[i] = labels[src];
            }
        }
        return new CsvTable(name + "[" + indices.length + "]", indices.length, v, featureNames, l, classNames);
    }

    /** The rows whose class is {@code label}, as row indices. */
    public int[] rowsOf(int label) {
        return java.util.stream.IntStream.range(0, rows).filter(i -> label(i) == label).toArray();
    }

    /** The features as a {@code [rows, features]} float array. */
    public INDArray features(DataType type) {
        return Nd4j.create(Arrays.copyOf(values, values.length), new long[] {rows, features()}, DataType.FLOAT)
                .castTo(type);
    }

    @Override
    public String toString() {
        return name + " (" + rows + " rows, " + features() + " features" + (labels != null ? ", " + classNames.size()
                + " classes" : "") + ")";
    }
}
