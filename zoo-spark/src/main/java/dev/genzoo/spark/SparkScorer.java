package dev.genzoo.spark;

import dev.genzoo.core.data.ImageFolder;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.Reconstructing;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a zoo model to every row of a Spark {@code Dataset<Row>}, on the executors: the artifact
 * goes out once as a broadcast ({@link ShippedModel}) and is restored once per executor JVM; each
 * partition is scored in batches of {@link #batchSize} rows through the model's own pass, so a row's
 * result is the one the model gives on one machine. The result is the input's columns followed by
 * the output's ({@link Output}), row for row and in order within each partition.
 *
 * <p>Features are either one array column of the model's input size, or that many numeric columns
 * (by default the rows' only array column, or their numeric columns but those named {@code id} and
 * {@code label});
 * a model trained on a CSV table ({@code genzoo train --data csv:...}) takes, by default, the columns
 * named on its card, scaled as the card says (a categorical column's one-hot features are columns
 * named {@code name=value}). Images are flattened channel by channel, row by row, values in the
 * model's range ([0, 1] for the zoo's image models).
 *
 * <p>Image <em>files</em> are features too: a binary column (by default the rows' only one, as in
 * Spark's {@code binaryFile} source, which {@link #imageFiles} reads) holds each row's PNG, JPEG,
 * BMP or GIF bytes, decoded on the executors with the checks and conversion of
 * {@link ImageFolder#read} (claimed size checked before decoding, damage refused; grayscale or RGB
 * as the model takes; resized to the model's input), so an image scores as it does from a folder
 * on one machine. A file that does not decode fails its task naming its {@code path}.
 *
 * <pre>{@code
 * Dataset<Row> scored = SparkScorer.of(ShippedModel.named("autoencoder:mnist"), Output.ANOMALY_SCORE)
 *         .features("pixels")
 *         .score(rows);
 * }</pre>
 */
public final class SparkScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What {@link #score} appends to each row. */
    public enum Output {
        /** {@code anomaly_score} (double; higher is more anomalous), and {@code flagged} (boolean) where a threshold is known. */
        ANOMALY_SCORE,
        /** {@code reconstruction_error}: the sum over features of the squared difference to the reconstruction. */
        RECONSTRUCTION_ERROR,
        /** {@code code}: the encoding (array of double, the model's latent size). */
        CODE,
        /** {@code class} (int, the most probable) and {@code class_probability} (double). */
        CLASS
    }

    /** The card metric of a trained anomaly detector's threshold ({@code genzoo train} records it). */
    public static final String THRESHOLD_METRIC = "anomaly_threshold";

    private final ShippedModel shipped;
    private final Output output;
    private final List<String> features = new ArrayList<>();
    private int batchSize = 256;
    private Double threshold;
    private int[] imageSize;

    private SparkScorer(ShippedModel shipped, Output output) {
        this.shipped = Objects.requireNonNull(shipped, "model");
        this.output = Objects.requireNonNull(output, "output");
    }

    /** A scorer of {@code model}'s {@code output}. */
    public static SparkScorer of(ShippedModel model, Output output) {
        return new SparkScorer(model, output);
    }

    /** The feature columns: one array column, or as many numeric columns as the model takes. */
    public SparkScorer features(String... columns) {
        features.clear();
        features.addAll(Arrays.asList(columns));
        return this;
    }

    /** Rows per pass through the model (default 256). */
    public SparkScorer batchSize(int rows) {
        if (rows < 1 || rows > 65_536) {
            throw new IllegalArgumentException("batch size must be 1..65536 rows, found " + rows);
        }
        this.batchSize = rows;
        return this;
    }

    /**
     * For image files: decode each image to {@code height x width} pixels. Needed only for a dense
     * model (input 1 x N) whose N is not a square's area; by default an image model's own height
     * and width, and a dense model of N inputs takes sqrt(N) x sqrt(N) images (784: 28 x 28).
     */
    public SparkScorer imageSize(int height, int width) {
        if (height < 1 || width < 1 || height > ImageFolder.MAX_SIDE || width > ImageFolder.MAX_SIDE) {
            throw new IllegalArgumentException("image size must be 1.." + ImageFolder.MAX_SIDE + " a side, found "
                    + height + "x" + width);
        }
        this.imageSize = new int[] {height, width};
        return this;
    }

    /** With {@link Output#ANOMALY_SCORE}: flag scores above this instead of the card's threshold. */
    public SparkScorer threshold(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("threshold must be a finite number, found " + t);
        }
        this.threshold = t;
        return this;
    }

    /** The image file names {@link #imageFiles} reads (ImageIO's formats, either case). */
    public static final String IMAGE_GLOB = "*.{png,jpg,jpeg,bmp,gif,PNG,JPG,JPEG,BMP,GIF}";

    /**
     * The image files under {@code path} (a folder, searched recursively, or a file; any path Spark
     * reads) as rows of Spark's {@code binaryFile} source: {@code path}, {@code modificationTime},
     * {@code length} and {@code content} (the file's bytes), for {@link #score}. Files named
     * {@code .*} or {@code _*} are skipped, as Spark skips them.
     */
    public static Dataset<Row> imageFiles(SparkSession spark, String path) {
        Objects.requireNonNull(spark, "spark");
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("image path is empty; expected a folder or file of PNG, JPEG, BMP or"
                    + " GIF images");
        }
        return spark.read().format("binaryFile").option("pathGlobFilter", IMAGE_GLOB)
                .option("recursiveFileLookup", "true").load(path);
    }

    /** The columns {@link #score} appends, after the input's. */
    public List<StructField> outputFields() {
        return switch (output) {
            case ANOMALY_SCORE -> threshold() == null
                    ? List.of(DataTypes.createStructField("anomaly_score", DataTypes.DoubleType, false))
                    : List.of(DataTypes.createStructField("anomaly_score", DataTypes.DoubleType, false),
                            DataTypes.createStructField("flagged", DataTypes.BooleanType, false));
            case RECONSTRUCTION_ERROR -> List.of(
                    DataTypes.createStructField("reconstruction_error", DataTypes.DoubleType, false));
            case CODE -> List.of(DataTypes.createStructField("code",
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false));
            case CLASS -> List.of(DataTypes.createStructField("class", DataTypes.IntegerType, false),
                    DataTypes.createStructField("class_probability", DataTypes.DoubleType, false));
        };
    }

    private Double threshold() {
        return output != Output.ANOMALY_SCORE ? null : threshold != null ? threshold
                : shipped.metrics().get(THRESHOLD_METRIC);
    }

    /**
     * {@code rows} with the output's columns appended, computed on the executors. Checks on the
     * driver, before any task runs, that the model has the output and that the feature columns
     * exist, are numeric and add up to the model's input.
     */
    public Dataset<Row> score(Dataset<Row> rows) {
        Objects.requireNonNull(rows, "rows");
        GenZooModel model = shipped.model(); // restored once in the driver too: the checks below need it
        requireOutput(model);
        StructType in = rows.schema();
        Plan plan = plan(in, model.inputShape().size());
        StructType out = in;
        for (StructField f : outputFields()) {
            if (Arrays.asList(in.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("the rows already have a column '" + f.name() + "'; rename it"
                        + " before scoring (the output adds " + outputFields().stream().map(StructField::name).toList()
                        + ")");
            }
            out = out.add(f);
        }
        Broadcast<ShippedModel> b = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
                .broadcast(shipped);
        Task task = new Task(b, output, plan, batchSize, threshold(), model.inputShape(), shipped.scaling(),
                in.size(), plan.binaryColumn() >= 0 ? imageSide(model.inputShape()) : null);
        return rows.mapPartitions(task, Encoders.row(out));
    }

    /** The height and width image files decode to for a model of this input (see {@link #imageSize}). */
    private int[] imageSide(InputShape shape) {
        return imageSide(shape, imageSize, shipped.reference());
    }

    /**
     * The height and width image files decode to for a model of input {@code shape}: {@code imageSize}
     * if given (it must multiply out to the input), else the model's own for an image model, else the
     * square of a dense model's input.
     */
    static int[] imageSide(InputShape shape, int[] imageSize, String model) {
        int c = shape.channels();
        if (imageSize != null) {
            if ((long) c * imageSize[0] * imageSize[1] != shape.size()) {
                throw new IllegalArgumentException("image size " + imageSize[0] + "x" + imageSize[1] + " gives "
                        + (long) c * imageSize[0] * imageSize[1] + " values per image; " + model
                        + " takes " + shape.size() + " (" + c + "x" + shape.height() + "x" + shape.width() + ")");
            }
            return imageSize;
        }
        if (shape.height() > 1) {
            return new int[] {shape.height(), shape.width()};
        }
        int side = (int) Math.round(Math.sqrt(shape.width()));
        if (side * side != shape.width()) {
            throw new IllegalArgumentException(model + " takes " + shape.width() + " values per row,"
                    + " not a square image; give the image size (imageSize(h, w), or size=HxW) with h x w = "
                    + shape.width());
        }
        return new int[] {side, side};
    }

    private void requireOutput(GenZooModel m) {
        Class<?> needed = switch (output) {
            case ANOMALY_SCORE -> AnomalyScoring.class;
            case RECONSTRUCTION_ERROR -> Reconstructing.class;
            case CODE -> Encoding.class;
            case CLASS -> Classifier.class;
        };
        if (!needed.isInstance(m)) {
            throw new IllegalArgumentException(shipped.reference() + " (" + m.family() + ") gives no "
                    + output.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "; it is not a "
                    + needed.getSimpleName());
        }
    }

    /**
     * Where each row's features come from: one array column, one binary column of image files
     * (named in errors by the {@code path} column where the rows have one), or numeric columns in order.
     */
    private record Plan(int arrayColumn, int binaryColumn, int pathColumn, int[] columns, List<String> names)
            implements Serializable {
    }

    /** Numeric columns left out of the default features: a row's key and its label. */
    private static final List<String> KEYS = List.of("id", "label");

    private Plan plan(StructType schema, int size) {
        List<String> names = new ArrayList<>(features);
        if (names.isEmpty() && shipped.featureColumns() != null) {
            names.addAll(shipped.featureColumns());
        }
        if (names.isEmpty()) {
            List<String> arrays = Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof ArrayType)
                    .map(StructField::name).toList();
            List<String> numbers = Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof NumericType)
                    .map(StructField::name).toList();
            List<String> binaries = Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof BinaryType)
                    .map(StructField::name).toList();
            if (arrays.size() == 1) {
                names.add(arrays.get(0));
            } else if (arrays.isEmpty() && binaries.size() == 1) {
                names.add(binaries.get(0));
            } else if (arrays.isEmpty() && numbers.size() == size) {
                names.addAll(numbers);
            } else if (arrays.isEmpty() && numbers.stream().filter(n -> !KEYS.contains(n.toLowerCase(
                    java.util.Locale.ROOT))).count() == size) {
                numbers.stream().filter(n -> !KEYS.contains(n.toLowerCase(java.util.Locale.ROOT))).forEach(names::add);
            } else {
                throw new IllegalArgumentException("name the feature columns (features(...)): " + shipped.reference()
                        + " takes " + size + " values per row, and the rows have " + (arrays.isEmpty()
                        ? numbers.size() + " numeric columns (" + size + " besides id and label would do)"
                        : "several array columns " + arrays));
            }
        }
        List<String> have = Arrays.asList(schema.fieldNames());
        List<String> missing = names.stream().filter(n -> !have.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the rows have no column" + (missing.size() > 1 ? "s " : " ")
                    + missing.stream().limit(5).toList() + (missing.size() > 5 ? " (and " + (missing.size() - 5)
                    + " more)" : "") + "; " + shipped.reference() + " takes "
                    + (shipped.featureColumns() != null ? "the columns on its card, " + shipped.featureColumns()
                    + " (a categorical column as one 0/1 column per value, named name=value)"
                    : size + " values per row, as one array column or " + size + " numeric columns")
                    + "; the rows have " + have);
        }
        if (shipped.featureColumns() != null && !features.isEmpty() && features.size() != size) {
            throw new IllegalArgumentException(features.size() + " feature columns given; " + shipped.reference()
                    + " takes " + size + " (" + shipped.featureColumns() + ")");
        }
        if (names.size() == 1 && schema.apply(names.get(0)).dataType() instanceof ArrayType a) {
            if (!(a.elementType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + names.get(0) + "' holds " + a.elementType().simpleString()
                        + "; expected an array of numbers (" + size + " per row)");
            }
            return new Plan(schema.fieldIndex(names.get(0)), -1, -1, null, names);
        }
        if (names.size() == 1 && schema.apply(names.get(0)).dataType() instanceof BinaryType) {
            if (shipped.featureColumns() != null) {
                throw new IllegalArgumentException("column '" + names.get(0) + "' holds bytes (image files), but "
                        + shipped.reference() + " was trained on a table and takes the columns "
                        + shipped.featureColumns());
            }
            int path = Arrays.asList(schema.fieldNames()).contains("path")
                    && schema.apply("path").dataType().equals(DataTypes.StringType) ? schema.fieldIndex("path") : -1;
            return new Plan(-1, schema.fieldIndex(names.get(0)), path, null, names);
        }
        if (names.size() != size) {
            throw new IllegalArgumentException(names.size() + " feature column" + (names.size() == 1 ? "" : "s")
                    + " " + (names.size() > 8 ? names.subList(0, 8) + "…" : names) + " but " + shipped.reference()
                    + " takes " + size + " values per row (one array column, or " + size + " numeric columns)");
        }
        int[] idx = new int[size];
        for (int j = 0; j < size; j++) {
            DataType t = schema.apply(names.get(j)).dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("feature column '" + names.get(j) + "' is " + t.simpleString()
                        + "; expected a number");
            }
            idx[j] = schema.fieldIndex(names.get(j));
        }
        return new Plan(-1, -1, -1, idx, names);
    }

    /** The executors' side: batches of a partition's rows through the model. */
    private static final class Task implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ShippedModel> model;
        private final Output output;
        private final Plan plan;
        private final int batch;
        private final Double threshold;
        private final int channels;
        private final int height;
        private final int width;
        private final double[][] scaling;
        private final int inputColumns;
        private final int[] imageSide;

        Task(Broadcast<ShippedModel> model, Output output, Plan plan, int batch, Double threshold, InputShape shape,
                double[][] scaling, int inputColumns, int[] imageSide) {
            this.model = model;
            this.output = output;
            this.plan = plan;
            this.batch = batch;
            this.threshold = threshold;
            this.channels = shape.channels(); // InputShape is not Serializable
            this.height = shape.height();
            this.width = shape.width();
            this.scaling = scaling;
            this.inputColumns = inputColumns;
            this.imageSide = imageSide;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ShippedModel shipped = model.value();
            GenZooModel m = shipped.borrow(); // this task's own instance: tasks of an executor run concurrently
            return new Iterator<>() {
                private boolean returned;
                private final List<Row> pending = new ArrayList<>();
                private Iterator<Row> ready = java.util.Collections.emptyIterator();
                private long seen;

                @Override
                public boolean hasNext() {
                    if (!ready.hasNext() && rows.hasNext()) {
                        pending.clear();
                        while (rows.hasNext() && pending.size() < batch) {
                            pending.add(rows.next());
                        }
                        ready = scoreBatch(m, pending, seen).iterator();
                        seen += pending.size();
                    }
                    if (!ready.hasNext() && !rows.hasNext() && !returned) {
                        returned = true;
                        shipped.giveBack(m); // (a failed task's instance is dropped, not reused)
                    }
                    return ready.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.next();
                }
            };
        }

        private List<Row> scoreBatch(GenZooModel m, List<Row> rows, long first) {
            int n = rows.size();
            int d = channels * height * width;
            float[] x = new float[n * d];
            for (int i = 0; i < n; i++) {
                features(rows.get(i), x, i * d, first + i);
            }
            INDArray in = Nd4j.create(x, new long[] {n, d}, 'c');
            if (height > 1) {
                in = in.reshape('c', n, channels, height, width);
            }
            List<Object[]> extra = new ArrayList<>(n);
            switch (output) {
                case ANOMALY_SCORE -> {
                    double[] s = ((AnomalyScoring) m).anomalyScore(in).castTo(
                            org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
                    for (double v : s) {
                        extra.add(threshold == null ? new Object[] {v} : new Object[] {v, v > threshold});
                    }
                }
                case RECONSTRUCTION_ERROR -> {
                    INDArray r = ((Reconstructing) m).reconstruct(in).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .reshape('c', n, d);
                    INDArray diff = r.subi(in.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape('c', n, d));
                    for (double v : diff.muli(diff).sum(1).toDoubleVector()) {
                        extra.add(new Object[] {v});
                    }
                }
                case CODE -> {
                    double[][] z = ((Encoding) m).encode(in).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .reshape('c', n, -1).toDoubleMatrix();
                    for (double[] row : z) {
                        extra.add(new Object[] {row});
                    }
                }
                case CLASS -> {
                    INDArray p = ((Classifier) m).predict(in).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
                    int[] k = p.argMax(1).toIntVector();
                    double[] best = p.max(1).toDoubleVector();
                    for (int i = 0; i < n; i++) {
                        extra.add(new Object[] {k[i], best[i]});
                    }
                }
            }
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                Object[] e = extra.get(i);
                Object[] v = new Object[inputColumns + e.length];
                for (int j = 0; j < inputColumns; j++) {
                    v[j] = r.get(j);
                }
                System.arraycopy(e, 0, v, inputColumns, e.length);
                out.add(RowFactory.create(v));
            }
            return out;
        }

        /** Row {@code index}'s features into {@code x} from {@code at}, scaled where the card says. */
        private void features(Row r, float[] x, int at, long index) {
            int d = channels * height * width;
            if (plan.binaryColumn() >= 0) {
                String name = plan.pathColumn() >= 0 && !r.isNullAt(plan.pathColumn())
                        ? r.getString(plan.pathColumn()) : "column '" + plan.names().get(0) + "'";
                if (r.isNullAt(plan.binaryColumn())) {
                    throw bad(index, name + " is null; expected an image file's bytes");
                }
                byte[] pixels;
                try {
                    pixels = ImageFolder.decodePixels((byte[]) r.get(plan.binaryColumn()), name, imageSide[0],
                            imageSide[1], channels);
                } catch (java.io.IOException e) {
                    throw bad(index, e.getMessage());
                }
                for (int j = 0; j < d; j++) {
                    x[at + j] = (pixels[j] & 0xFF) / 255f; // as ImageDataset.value reads a folder's pixels
                }
            } else if (plan.arrayColumn() >= 0) {
                if (r.isNullAt(plan.arrayColumn())) {
                    throw bad(index, "column '" + plan.names().get(0) + "' is null");
                }
                List<Object> values = r.getList(plan.arrayColumn());
                if (values.size() != d) {
                    throw bad(index, "column '" + plan.names().get(0) + "' holds " + values.size() + " values; the"
                            + " model takes " + d);
                }
                for (int j = 0; j < d; j++) {
                    Object v = values.get(j);
                    if (v == null) {
                        throw bad(index, "value " + j + " of column '" + plan.names().get(0) + "' is null");
                    }
                    x[at + j] = value(((Number) v).doubleValue(), j, index, plan.names().get(0) + "[" + j + "]");
                }
            } else {
                for (int j = 0; j < d; j++) {
                    int c = plan.columns()[j];
                    if (r.isNullAt(c)) {
                        throw bad(index, "column '" + plan.names().get(j) + "' is null");
                    }
                    x[at + j] = value(((Number) r.get(c)).doubleValue(), j, index, plan.names().get(j));
                }
            }
        }

        private float value(double v, int j, long index, String column) {
            if (!Double.isFinite(v)) {
                throw bad(index, "column " + column + " is " + v + "; expected a finite number");
            }
            // in float, as ColumnScaling.apply scales a table read on one machine
            return scaling == null ? (float) v : ((float) v - (float) scaling[0][j]) / (float) scaling[1][j];
        }

        private static IllegalArgumentException bad(long index, String what) {
            return new IllegalArgumentException("row " + index + " of this partition: " + what);
        }
    }
}
