package dev.genzoo.core.data;

import java.util.Objects;

/**
 * Immutable description of how to iterate an {@link ImageDataset}: batch size, shuffling,
 * subset, scale, binarization, noise, layout and target. Each {@code withX} method returns a new
 * pipeline; {@link #iterator()} makes a DL4J {@code DataSetIterator}.
 *
 * <pre>{@code
 * DataSetIterator it = Datasets.load(DatasetId.FASHION_MNIST, Split.TRAIN)
 *         .batch(128).shuffle(42).noise(Noise.gaussian(0.3)).iterator();
 * }</pre>
 *
 * Every random choice (shuffle order, binarization, noise) is derived from the seed, the epoch
 * and the batch index, so a run is reproducible and can resume mid-epoch.
 */
public final class DataPipeline {
    private final ImageDataset data;
    private final int batchSize;
    private final Long shuffleSeed;
    private final long noiseSeed;
    private final int limit;
    private final int[] indices;
    private final Scale scale;
    private final Binarization binarization;
    private final Noise noise;
    private final Layout layout;
    private final Target target;
    private final boolean dropLast;

    private DataPipeline(ImageDataset data, int batchSize, Long shuffleSeed, long noiseSeed, int limit,
            int[] indices, Scale scale, Binarization binarization, Noise noise, Layout layout, Target target,
            boolean dropLast) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.noiseSeed = noiseSeed;
        this.limit = limit;
        this.indices = indices;
        this.scale = scale;
        this.binarization = binarization;
        this.noise = noise;
        this.layout = layout;
        this.target = target;
        this.dropLast = dropLast;
    }

    /** Defaults: batch 128, file order, all images, [0,1], no binarization or noise, flat, clean target. */
    public static DataPipeline over(ImageDataset data) {
        return new DataPipeline(Objects.requireNonNull(data, "data"), 128, null, 12345L, -1, null, Scale.UNIT,
                Binarization.NONE, Noise.none(), Layout.FLAT, Target.INPUT, false);
    }

    public DataPipeline batch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + size);
        }
        return new DataPipeline(data, size, shuffleSeed, noiseSeed, limit, indices, scale, binarization, noise,
                layout, target, dropLast);
    }

    /** Shuffles with a fresh permutation every epoch, derived from {@code seed}. */
    public DataPipeline shuffle(long seed) {
        return new DataPipeline(data, batchSize, seed, noiseSeed, limit, indices, scale, binarization, noise,
                layout, target, dropLast);
    }

    /** Keeps file order (the default). */
    public DataPipeline noShuffle() {
        return new DataPipeline(data, batchSize, null, noiseSeed, limit, indices, scale, binarization, noise,
                layout, target, dropLast);
    }

    /** Seed of noise and stochastic binarization (default 12345). */
    public DataPipeline seed(long seed) {
        return new DataPipeline(data, batchSize, shuffleSeed, seed, limit, indices, scale, binarization, noise,
                layout, target, dropLast);
    }

    /** Uses only the first {@code n} images (of the subset, if one is set). */
    public DataPipeline limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be >= 1, found " + n);
        }
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, n, indices, scale, binarization, noise,
                layout, target, dropLast);
    }

    /** Uses only the images at these indices (e.g. one class, for one-class anomaly detection). */
    public DataPipeline subset(int[] imageIndices) {
        for (int i : imageIndices) {
            if (i < 0 || i >= data.size()) {
                throw new IllegalArgumentException("subset index " + i + " is outside 0.." + (data.size() - 1)
                        + " of " + data.name());
            }
        }
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, imageIndices.clone(), scale,
                binarization, noise, layout, target, dropLast);
    }

    /** Only the images of one class. */
    public DataPipeline onlyClass(int label) {
        if (label < 0 || label >= data.numClasses()) {
            throw new IllegalArgumentException("class must be in 0.." + (data.numClasses() - 1) + ", found " + label);
        }
        return subset(data.indicesOf(label));
    }

    public DataPipeline scale(Scale s) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, Objects.requireNonNull(s),
                binarization, noise, layout, target, dropLast);
    }

    public DataPipeline binarize(Binarization b) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, scale,
                Objects.requireNonNull(b), noise, layout, target, dropLast);
    }

    /** Corrupts inputs; the target stays clean. */
    public DataPipeline noise(Noise n) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, scale, binarization,
                Objects.requireNonNull(n), layout, target, dropLast);
    }

    public DataPipeline layout(Layout l) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, scale, binarization, noise,
                Objects.requireNonNull(l), target, dropLast);
    }

    public DataPipeline target(Target t) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, scale, binarization, noise,
                layout, Objects.requireNonNull(t), dropLast);
    }

    /** Drops the last partial batch of each epoch (as the benchmark workloads do). */
    public DataPipeline dropLast(boolean drop) {
        return new DataPipeline(data, batchSize, shuffleSeed, noiseSeed, limit, indices, scale, binarization, noise,
                layout, target, drop);
    }

    /** A new iterator positioned at epoch 0, batch 0. */
    public ImageDataSetIterator iterator() {
        return new ImageDataSetIterator(this);
    }

    /** Number of images an epoch visits. */
    public int size() {
        int n = indices == null ? data.size() : indices.length;
        return limit < 0 ? n : Math.min(n, limit);
    }

    /** Image index (into the data set) of the {@code i}-th image of this pipeline, before shuffling. */
    int imageIndex(int i) {
        return indices == null ? i : indices[i];
    }

    public ImageDataset data() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    public Long shuffleSeed() {
        return shuffleSeed;
    }

    public long noiseSeed() {
        return noiseSeed;
    }

    public Scale scale() {
        return scale;
    }

    public Binarization binarization() {
        return binarization;
    }

    public Noise noise() {
        return noise;
    }

    public Layout layout() {
        return layout;
    }

    public Target target() {
        return target;
    }

    public boolean dropLast() {
        return dropLast;
    }

    @Override
    public String toString() {
        return data.name() + " batch=" + batchSize + " shuffle=" + shuffleSeed + " n=" + size() + " scale=" + scale
                + " binarize=" + binarization + " noise=" + noise + " layout=" + layout + " target=" + target;
    }
}
