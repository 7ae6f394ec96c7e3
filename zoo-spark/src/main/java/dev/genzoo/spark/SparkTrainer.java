package dev.genzoo.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.data.IdxArray;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.Checkpoints;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;
import dev.genzoo.core.weights.ZooJson;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data-parallel training on Spark by parameter averaging, as DL4J's {@code ParameterAveragingTrainingMaster}
 * did, with the zoo's own training step inside the tasks: the training set is split into
 * {@code partitions} fixed parts kept on the executors; every round, each part's task takes the
 * model's parameters and updater state from a broadcast, runs {@code localSteps} steps of the family's
 * {@link TrainingRecipe} on its next batches (its own shuffled order, seeded like a single-machine
 * run), and returns them; the driver averages parameters and updater state weighted by the examples
 * each part saw. An epoch ends when every part has been through its data once. With one partition
 * and one local step this is the single-machine {@link TrainingLoop}, step for step.
 *
 * <p>The driver writes a checkpoint ({@link Checkpoints}) after every epoch and resumes from the
 * newest one in the checkpoint folder. A step's own state (a GAN's schedule of discriminator and
 * generator updates) goes out with the parameters and comes back from the part that ran the most
 * steps. Networks that are not DL4J graphs or layer stacks are refused.
 */
public final class SparkTrainer {

    /** How a run went. */
    public record Report(List<Double> epochLoss, long rounds, long steps, double seconds, int partitions,
            int localSteps, int resumedFromEpoch, long resumedAtStep) {
    }

    private final SparkSession spark;
    private final int partitions;
    private final int localSteps;

    /**
     * @param partitions parts of the training set, one task each per round (at most the examples)
     * @param localSteps steps each task runs between two averagings (1 = synchronous SGD on a P-times batch)
     */
    public SparkTrainer(SparkSession spark, int partitions, int localSteps) {
        this.spark = Objects.requireNonNull(spark, "spark");
        if (partitions < 1 || partitions > 4096) {
            throw new IllegalArgumentException("partitions must be 1..4096, found " + partitions);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("local steps must be >= 1, found " + localSteps);
        }
        this.partitions = partitions;
        this.localSteps = localSteps;
    }

    /**
     * Trains {@code model} (a registered model; its networks are updated in place) on {@code data}
     * with {@code options}' epochs, batch size and seed, checkpointing to {@code options.checkpointDir()}
     * (if set) after each epoch and resuming from its newest checkpoint.
     */
    public Report train(GenZooModel model, ImageDataset data, TrainingOptions options) throws IOException,
            dev.genzoo.core.registry.ModelNotFoundException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        ZooEntry<?, ?> entry = trainable(model, options);
        if (options.limit() > 0 && options.limit() < data.size()) { // the first N examples, as on one machine
            data = data.select(java.util.stream.IntStream.range(0, options.limit()).toArray());
        }
        if (data.size() < partitions) {
            throw new IllegalArgumentException(data.size() + " examples cannot fill " + partitions + " partitions");
        }
        long t0 = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Chunk> chunks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            chunks.add(Chunk.of(data, (int) ((long) data.size() * p / partitions),
                    (int) ((long) data.size() * (p + 1) / partitions)));
        }
        JavaRDD<Chunk> parts = sc.parallelize(chunks, partitions);
        parts.rdd().localCheckpoint(); // kept on the executors: later rounds do not ship the data again
        parts.count();
        return run(model, entry, parts, chunks.stream().mapToInt(c -> c.count).toArray(), options, t0);
    }

    /**
     * Trains {@code model} on rows already in the cluster, which never pass through the driver: each
     * of the {@code partitions} parts (the rows repartitioned, unless they already have that many
     * partitions) is gathered into one block on its executor and kept there ({@code localCheckpoint}).
     *
     * @param features an array column of the model's input size (values in the model's units: 0..1
     *                 for the zoo's image models, channel-major), or a binary column of image files
     *                 (PNG, JPEG, BMP, GIF; decoded and resized as {@link SparkScorer} decodes them)
     * @param label    an integer column of class indices 0..K-1 (for the conditional families), or
     *                 null for unlabelled rows
     */
    public Report train(GenZooModel model, Dataset<Row> rows, String features, String label,
            TrainingOptions options) throws IOException, dev.genzoo.core.registry.ModelNotFoundException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rows, "rows");
        ZooEntry<?, ?> entry = trainable(model, options);
        StructType schema = rows.schema();
        List<String> have = java.util.Arrays.asList(schema.fieldNames());
        if (features == null || !have.contains(features)) {
            throw new IllegalArgumentException("the rows have no feature column '" + features + "'; they have "
                    + have);
        }
        org.apache.spark.sql.types.DataType featureType = schema.apply(features).dataType();
        boolean images = featureType instanceof BinaryType;
        if (!images && !(featureType instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("feature column '" + features + "' is " + featureType.simpleString()
                    + "; expected an array of numbers (" + model.inputShape().size() + " per row) or image files'"
                    + " bytes");
        }
        if (label != null && (!have.contains(label) || !(schema.apply(label).dataType() instanceof IntegerType
                || schema.apply(label).dataType() instanceof LongType || schema.apply(label).dataType()
                instanceof ShortType || schema.apply(label).dataType() instanceof ByteType))) {
            throw new IllegalArgumentException("label column '" + label + "' " + (have.contains(label)
                    ? "is " + schema.apply(label).dataType().simpleString() + "; expected whole numbers 0..K-1"
                    : "is not among the rows' columns " + have));
        }
        long t0 = System.nanoTime();
        Dataset<Row> picked = rows.select(label == null ? new org.apache.spark.sql.Column[] {functions.col(features)}
                : new org.apache.spark.sql.Column[] {functions.col(features), functions.col(label).cast("int")});
        if (options.limit() > 0) {
            picked = picked.limit(options.limit()); // the first N in the rows' partition order
        }
        int classes = 1;
        if (label != null) {
            Row r = picked.agg(functions.min(label), functions.max(label)).head();
            if (r.isNullAt(0)) {
                throw new IllegalArgumentException("the rows are empty; expected at least " + partitions);
            }
            if (r.getInt(0) < 0 || r.getInt(1) > 255) {
                throw new IllegalArgumentException("label column '" + label + "' holds " + r.getInt(0) + ".."
                        + r.getInt(1) + "; expected class indices 0..255");
            }
            classes = r.getInt(1) + 1;
        }
        JavaRDD<Row> in = picked.toJavaRDD();
        if (in.getNumPartitions() != partitions) {
            in = in.repartition(partitions);
        }
        dev.genzoo.core.model.InputShape shape = model.inputShape();
        int[] side = images ? SparkScorer.imageSide(shape, null, model.name()) : null;
        JavaRDD<Chunk> parts = in.mapPartitionsWithIndex(new Gather(model.name(), shape.channels(), shape.height(),
                shape.width(), side, classes, label != null), false);
        parts.rdd().localCheckpoint();
        List<Integer> counts = parts.map(c -> c.count).collect();
        return run(model, entry, parts, counts.stream().mapToInt(Integer::intValue).toArray(), options, t0);
    }

    /** The entry of a model parameter averaging can train, after the checks. */
    private ZooEntry<?, ?> trainable(GenZooModel model, TrainingOptions options)
            throws dev.genzoo.core.registry.ModelNotFoundException {
        ZooEntry<?, ?> entry = ModelZoo.entry(model.name());
        TrainingRecipe<GenZooModel> recipe = recipe(entry, model);
        for (Map.Entry<String, Model> n : model.networks().entrySet()) {
            if (!(n.getValue() instanceof ComputationGraph) && !(n.getValue() instanceof MultiLayerNetwork)) {
                throw new IllegalArgumentException(model.name() + ": network '" + n.getKey() + "' is a "
                        + n.getValue().getClass().getSimpleName() + "; data-parallel training averages DL4J graphs and"
                        + " layer stacks only");
            }
        }
        List<String> arrays = recipe.step(model, options).checkpointState().entrySet().stream()
                .filter(e -> e.getValue().startsWith("f32:") || e.getValue().startsWith("f64:")).map(Map.Entry::getKey)
                .toList();
        if (!arrays.isEmpty()) { // ArrayState: e.g. an RBM's momentum and persistent chains
            throw new IllegalArgumentException(model.name() + ": its training step keeps arrays of its own " + arrays
                    + " besides the networks' parameters and updater state; parameter averaging does not merge them,"
                    + " so train it on one machine");
        }
        return entry;
    }

    /** The rounds over {@code parts} (one block of {@code counts[p]} examples each), checkpoints included. */
    private Report run(GenZooModel model, ZooEntry<?, ?> entry, JavaRDD<Chunk> parts, int[] counts,
            TrainingOptions options, long t0) throws IOException {
        String config = new String(ZooJson.writePretty(configJson(entry, model)), java.nio.charset.StandardCharsets.UTF_8);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long total = 0;
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] == 0) {
                throw new IllegalArgumentException("part " + p + " of " + counts.length + " holds no examples; give"
                        + " fewer partitions or more rows");
            }
            total += counts[p];
        }
        int[] batchesPerPart = java.util.Arrays.stream(counts).map(c -> (c + options.batchSize() - 1)
                / options.batchSize()).toArray();
        int maxBatches = java.util.Arrays.stream(batchesPerPart).max().orElseThrow();
        int roundsPerEpoch = (maxBatches + localSteps - 1) / localSteps;

        String runId = UUID.randomUUID().toString();
        List<Double> epochLoss = new ArrayList<>();
        long steps = 0;
        int startEpoch = 0;
        Map<String, String> resumedStepState = Map.of();
        long resumedAt = -1;
        Path dir = options.checkpointDir();
        if (dir != null) {
            var latest = Checkpoints.latest(dir);
            if (latest.isPresent()) {
                Checkpoints.State s = latest.get().state();
                if (!s.model().equals(model.name()) || !json(config).equals(s.config())) {
                    throw new IllegalArgumentException(dir + " holds a checkpoint of another model or config ("
                            + s.model() + "); give a new --checkpoint-dir");
                }
                Checkpoints.restoreInto(model.networks(), latest.get().networks());
                startEpoch = s.epoch();
                steps = s.step();
                resumedAt = s.step();
                epochLoss.addAll(s.epochLoss());
                resumedStepState = s.stepState();
            }
        }
        long rounds = 0;
        Map<String, String> stepState = new LinkedHashMap<>(resumedStepState);
        for (int epoch = startEpoch; epoch < options.epochs(); epoch++) {
            double lossSum = 0;
            long lossSteps = 0;
            for (int r = 0; r < roundsPerEpoch; r++) {
                State state = State.of(model, stepState);
                Broadcast<State> b = sc.broadcast(state);
                Round round = new Round(runId, model.name(), config, b, options.epochs(), options.batchSize(),
                        options.seed(), partitions, epoch, r * localSteps, localSteps, steps);
                List<Result> results = parts.mapPartitionsWithIndex(round, false).collect();
                b.destroy();
                long before = steps;
                steps += average(model, results);
                results.stream().filter(x -> x.steps > 0).max(java.util.Comparator.comparingLong(x -> x.steps))
                        .ifPresent(x -> {
                            stepState.clear();
                            stepState.putAll(x.stepState);
                        });
                rounds++;
                for (Result res : results) {
                    lossSum += res.lossSum;
                    lossSteps += res.steps;
                }
                if (steps == before) {
                    throw new IllegalStateException("round " + r + " of epoch " + (epoch + 1) + " ran no step");
                }
            }
            epochLoss.add(lossSum / lossSteps);
            for (Model m : model.networks().values()) {
                if (m instanceof ComputationGraph g) {
                    g.incrementEpochCount();
                } else {
                    ((MultiLayerNetwork) m).incrementEpochCount();
                }
            }
            if (dir != null) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                Checkpoints.write(dir, model.networks(), new Checkpoints.State(Checkpoints.FORMAT_VERSION,
                        model.name(), json(config), steps, epoch + 1, 0, options.seed(),
                        options.batchSize(), Math.toIntExact(total), epochLoss, 0, 0, epochLoss.get(epochLoss.size() - 1),
                        stepState, "spark parameter averaging: " + partitions + " partitions, " + localSteps
                        + " local steps; partition p seeds step t with stepSeed(seed + p * golden, t)", null, seconds,
                        null), // no native build: the steps ran on the executors, whose builds the driver does not know
                        options.keepCheckpoints());
            }
        }
        return new Report(epochLoss, rounds, steps, (System.nanoTime() - t0) / 1e9, partitions, localSteps, startEpoch,
                resumedAt);
    }

    @SuppressWarnings("unchecked")
    private static TrainingRecipe<GenZooModel> recipe(ZooEntry<?, ?> entry, GenZooModel model) {
        return (TrainingRecipe<GenZooModel>) entry.training().orElseThrow(() -> new IllegalArgumentException(
                "model '" + model.name() + "' has no training recipe"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode configJson(ZooEntry entry, GenZooModel model) {
        return entry.configToJson(model.config());
    }

    /** Parameters and updater state averaged over the parts that ran, weighted by their examples; returns the steps. */
    private static long average(GenZooModel model, List<Result> results) {
        List<Result> ran = results.stream().filter(r -> r.steps > 0).toList();
        if (ran.isEmpty()) {
            return 0;
        }
        long examples = ran.stream().mapToLong(r -> r.examples).sum();
        Result most = ran.stream().max(java.util.Comparator.comparingLong(r -> r.steps)).orElseThrow();
        for (Map.Entry<String, Model> n : model.networks().entrySet()) {
            String role = n.getKey();
            n.getValue().setParams(mean(ran, examples, r -> r.params.get(role)));
            INDArray u = Checkpoints.updater(n.getValue()).getStateViewArray();
            if (u != null && u.length() > 0) {
                u.assign(mean(ran, examples, r -> r.updater.get(role)));
            }
            Checkpoints.setCounts(n.getValue(), most.iterations.get(role), Checkpoints.epochCount(n.getValue()));
        }
        return most.steps;
    }

    /** Σ n_p x_p / Σ n_p in double (exact for one part), as a float row vector. */
    private static INDArray mean(List<Result> ran, long examples, java.util.function.Function<Result, float[]> get) {
        float[] first = get.apply(ran.get(0));
        double[] acc = new double[first.length];
        for (Result r : ran) {
            float[] v = get.apply(r);
            double w = r.examples;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += w * v[i];
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) (acc[i] / examples);
        }
        return Nd4j.create(out, new long[] {1, out.length}, 'c');
    }

    static JsonNode json(String s) throws IOException {
        return ZooJson.readTree(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A fixed part of the training set, as it travels to an executor. */
    static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        final int count;
        final int channels;
        final int height;
        final int width;
        final byte[] pixels;
        final float[] values;
        final int[] labels;
        final ArrayList<String> classNames;

        private Chunk(String name, int count, int channels, int height, int width, byte[] pixels, float[] values,
                int[] labels, List<String> classNames) {
            this.name = name;
            this.count = count;
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.pixels = pixels;
            this.values = values;
            this.labels = labels;
            this.classNames = new ArrayList<>(classNames);
        }

        static Chunk of(ImageDataset d, int from, int to) {
            int n = to - from;
            int size = d.pixelCount() * d.channels();
            byte[] pixels = d.realValued() ? null : new byte[n * size];
            float[] values = d.realValued() ? new float[n * size] : null;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < size; p++) {
                    if (pixels != null) {
                        pixels[i * size + p] = (byte) d.pixel(from + i, p);
                    } else {
                        values[i * size + p] = d.value(from + i, p);
                    }
                }
                labels[i] = d.label(from + i);
            }
            return new Chunk(d.name(), n, d.channels(), d.height(), d.width(), pixels, values, labels, d.classNames());
        }

        ImageDataset dataset() {
            if (values != null) {
                return ImageDataset.ofValues(name, count, channels, height, width, values, labels, classNames);
            }
            byte[] l = new byte[count];
            for (int i = 0; i < count; i++) {
                l[i] = (byte) labels[i];
            }
            return new ImageDataset(name, new IdxArray(channels == 1 ? new int[] {count, height, width}
                    : new int[] {count, channels, height, width}, pixels), new IdxArray(new int[] {count}, l), classNames);
        }
    }

    /** One part's rows gathered into one block on its executor: features checked, images decoded. */
    static final class Gather implements Function2<Integer, Iterator<Row>, Iterator<Chunk>> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final int channels;
        private final int height;
        private final int width;
        private final int[] side;
        private final int classes;
        private final boolean labelled;

        Gather(String model, int channels, int height, int width, int[] side, int classes, boolean labelled) {
            this.model = model;
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.side = side;
            this.classes = classes;
            this.labelled = labelled;
        }

        @Override
        public Iterator<Chunk> call(Integer part, Iterator<Row> rows) throws Exception {
            int size = channels * height * width;
            java.io.ByteArrayOutputStream pixels = side != null ? new java.io.ByteArrayOutputStream() : null;
            float[] values = side != null ? null : new float[size * 64];
            int[] labels = new int[64];
            int n = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                String where = "row " + n + " of part " + part;
                if (r.isNullAt(0)) {
                    throw new IllegalArgumentException(where + ": the features are null");
                }
                if (side != null) {
                    pixels.write(dev.genzoo.core.data.ImageFolder.decodePixels((byte[]) r.get(0), where, side[0],
                            side[1], channels));
                } else {
                    List<Object> v = r.getList(0);
                    if (v.size() != size) {
                        throw new IllegalArgumentException(where + ": " + v.size() + " feature values; " + model
                                + " takes " + size);
                    }
                    if ((long) (n + 1) * size > values.length) {
                        values = java.util.Arrays.copyOf(values, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8,
                                2L * values.length)));
                        if ((long) (n + 1) * size > values.length) {
                            throw new IllegalArgumentException("part " + part + " holds more than " + n + " rows of "
                                    + size + " values; give more partitions");
                        }
                    }
                    for (int j = 0; j < size; j++) {
                        Object o = v.get(j);
                        double x = o == null ? Double.NaN : ((Number) o).doubleValue();
                        if (!Double.isFinite(x)) {
                            throw new IllegalArgumentException(where + ": feature " + j + " is " + o
                                    + "; expected a finite number");
                        }
                        values[n * size + j] = (float) x;
                    }
                }
                if (n == labels.length) {
                    labels = java.util.Arrays.copyOf(labels, 2 * n);
                }
                if (labelled && r.isNullAt(1)) {
                    throw new IllegalArgumentException(where + ": the label is null");
                }
                labels[n++] = labelled ? r.getInt(1) : 0;
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                names.add(labelled ? String.valueOf(k) : "all");
            }
            return List.of(new Chunk("spark rows", n, channels, height, width,
                    side != null ? pixels.toByteArray() : null,
                    side != null ? null : java.util.Arrays.copyOf(values, n * size),
                    java.util.Arrays.copyOf(labels, n), names)).iterator();
        }
    }

    /** Every network's parameters, updater state and iteration count, from the driver to the tasks. */
    static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, float[]> params = new LinkedHashMap<>();
        final LinkedHashMap<String, float[]> updater = new LinkedHashMap<>();
        final LinkedHashMap<String, Integer> iterations = new LinkedHashMap<>();
        final LinkedHashMap<String, Integer> epochs = new LinkedHashMap<>();
        /** The training step's own state (a GAN's schedule counters), from the part that ran the most steps. */
        final LinkedHashMap<String, String> stepState = new LinkedHashMap<>();

        static State of(GenZooModel model, Map<String, String> stepState) {
            State s = new State();
            s.stepState.putAll(stepState);
            for (Map.Entry<String, Model> n : model.networks().entrySet()) {
                s.params.put(n.getKey(), n.getValue().params().castTo(DataType.FLOAT).toFloatVector());
                INDArray u = Checkpoints.updater(n.getValue()).getStateViewArray();
                s.updater.put(n.getKey(), u == null ? new float[0] : u.castTo(DataType.FLOAT).toFloatVector());
                s.iterations.put(n.getKey(), Checkpoints.iterationCount(n.getValue()));
                s.epochs.put(n.getKey(), Checkpoints.epochCount(n.getValue()));
            }
            return s;
        }

        void into(GenZooModel model) {
            for (Map.Entry<String, Model> n : model.networks().entrySet()) {
                Model m = n.getValue();
                m.setParams(Nd4j.create(params.get(n.getKey()), new long[] {1, params.get(n.getKey()).length}, 'c'));
                INDArray u = Checkpoints.updater(m).getStateViewArray();
                if (u != null && u.length() > 0) {
                    float[] v = updater.get(n.getKey());
                    u.assign(Nd4j.create(v, new long[] {1, v.length}, 'c').reshape(u.shape()));
                }
                Checkpoints.setCounts(m, iterations.get(n.getKey()), epochs.get(n.getKey()));
            }
        }
    }

    /** What one part's task sends back: its networks after its steps, and what it saw. */
    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        int partition;
        long examples;
        long steps;
        double lossSum;
        final LinkedHashMap<String, float[]> params = new LinkedHashMap<>();
        final LinkedHashMap<String, float[]> updater = new LinkedHashMap<>();
        final LinkedHashMap<String, Integer> iterations = new LinkedHashMap<>();
        final LinkedHashMap<String, String> stepState = new LinkedHashMap<>();
    }

    /** A worker's model, data iterator and step, kept between rounds in its executor. */
    private record Worker(GenZooModel model, ImageDataSetIterator data, TrainingStep step) {
    }

    /** Workers of this JVM by run and partition. */
    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

    /** One round on the executors. */
    static final class Round implements Function2<Integer, Iterator<Chunk>, Iterator<Result>> {
        private static final long serialVersionUID = 1L;
        final String runId;
        final String model;
        final String config;
        final Broadcast<State> state;
        final int epochs;
        final int batchSize;
        final long seed;
        final int partitions;
        final int epoch;
        final int firstBatch;
        final int localSteps;
        final long stepBase;

        Round(String runId, String model, String config, Broadcast<State> state, int epochs, int batchSize, long seed,
                int partitions, int epoch, int firstBatch, int localSteps, long stepBase) {
            this.runId = runId;
            this.model = model;
            this.config = config;
            this.state = state;
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.seed = seed;
            this.partitions = partitions;
            this.epoch = epoch;
            this.firstBatch = firstBatch;
            this.localSteps = localSteps;
            this.stepBase = stepBase;
        }

        @Override
        public Iterator<Result> call(Integer partition, Iterator<Chunk> chunks) throws Exception {
            Chunk chunk = chunks.next();
            Worker w = WORKERS.computeIfAbsent(runId + "/" + partition, k -> worker(chunk));
            synchronized (w) {
                state.value().into(w.model());
                if (!state.value().stepState.isEmpty()) {
                    w.step().restoreCheckpointState(state.value().stepState);
                }
                Result r = new Result();
                r.partition = partition;
                ImageDataSetIterator it = w.data();
                if (firstBatch < it.batchesPerEpoch()) {
                    it.position(epoch, firstBatch);
                    long partSeed = seed + partition * 0x9E3779B97F4A7C15L;
                    while (it.hasNext() && r.steps < localSteps) {
                        DataSet batch = it.next();
                        Nd4j.getRandom().setSeed(TrainingLoop.stepSeed(partSeed, stepBase + r.steps));
                        StepResult s = w.step().run(batch);
                        if (!Double.isFinite(s.primary())) {
                            throw new IllegalStateException(model + ": loss " + s.primary() + " at step "
                                    + (stepBase + r.steps) + " on partition " + partition);
                        }
                        r.lossSum += s.primary();
                        r.examples += batch.numExamples();
                        r.steps++;
                    }
                }
                for (Map.Entry<String, Model> n : w.model().networks().entrySet()) {
                    r.params.put(n.getKey(), n.getValue().params().castTo(DataType.FLOAT).toFloatVector());
                    INDArray u = Checkpoints.updater(n.getValue()).getStateViewArray();
                    r.updater.put(n.getKey(), u == null ? new float[0] : u.castTo(DataType.FLOAT).toFloatVector());
                    r.iterations.put(n.getKey(), Checkpoints.iterationCount(n.getValue()));
                }
                r.stepState.putAll(w.step().checkpointState());
                return List.of(r).iterator();
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Worker worker(Chunk chunk) {
            try {
                ZooEntry entry = ModelZoo.entry(model);
                GenZooModel m = (GenZooModel) entry.createUnchecked((Record) entry.configFromJson(
                        json(config)));
                TrainingRecipe<GenZooModel> recipe = recipe(entry, m);
                TrainingOptions options = TrainingOptions.epochs(epochs).withBatchSize(batchSize).withSeed(seed)
                        .withQuiet(true);
                ImageDataset data = chunk.dataset();
                var pipeline = recipe.pipeline(m, data, options);
                recipe.prepare(m, data, pipeline);
                return new Worker(m, pipeline.iterator(), recipe.step(m, options));
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up " + model + " on this executor: " + e.getMessage(), e);
            }
        }
    }
}
