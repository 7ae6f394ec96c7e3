package dev.genzoo.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * One split of an image data set held in memory as unsigned bytes (60,000 MNIST images take
 * 47 MB), with its labels. Immutable. Iterators over it are made with {@link #batch(int)}.
 *
 * <p>A feature table (rows of a CSV file, scaled per column) is held the same way as one-row
 * "images" of {@code 1 x features} whose values are floats instead of bytes ({@link #ofValues}):
 * value 0 stands where pixel 0 would and 1 where pixel 255 would, and values outside [0, 1] (a
 * held-out row beyond the training rows' range, a standardised column) are kept as they are, so
 * every pipeline, recipe and evaluation takes tables unchanged.
 */
public final class ImageDataset {
    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final float[] values;
    private final byte[] labels;
    private final List<String> classNames;

    /**
     * @param name       a description, e.g. "mnist/test"
     * @param images     IDX array [n, height, width], or [n, channels, height, width] channel-major for colour (RGB: 3)
     * @param labels     IDX array [n] of class indices
     * @param classNames class names, index = label; every label must be below their count
     */
    public ImageDataset(String name, IdxArray images, IdxArray labels, List<String> classNames) {
        int numClasses = classNames.size();
        int[] d = images.dims();
        if (d.length != 3 && !(d.length == 4 && d[1] >= 1 && d[1] <= 4)) {
            throw new IllegalArgumentException(name + ": images must have dimensions [n, height, width] or [n, channels"
                    + " (1..4), height, width], found " + Arrays.toString(d));
        }
        if (labels.dims().length != 1 || labels.count() != d[0]) {
            throw new IllegalArgumentException(name + ": expected " + d[0] + " labels (one per image), found dimensions "
                    + Arrays.toString(labels.dims()));
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.unsigned(i) >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + i + " is " + labels.unsigned(i)
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        this.name = name;
        this.count = d[0];
        this.channels = d.length == 4 ? d[1] : 1;
        this.height = d[d.length - 2];
        this.width = d[d.length - 1];
        this.pixels = images.data();
        this.values = null;
        this.labels = labels.data();
        this.classNames = List.copyOf(classNames);
    }

    private ImageDataset(String name, int count, int channels, int height, int width, float[] values, byte[] labels,
            List<String> classNames) {
        this.name = name;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = null;
        this.values = values;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Rows of real values (a scaled feature table) as {@code count} examples of {@code height x width}
     * values, 0 and 1 standing for pixels 0 and 255 (see the class comment).
     *
     * @param values     {@code count · height · width} finite values, row-major; copied
     * @param labels     one class index per example
     * @param classNames class names, index = label (at most 256)
     */
    public static ImageDataset ofValues(String name, int count, int height, int width, float[] values, int[] labels,
            List<String> classNames) {
        return ofValues(name, count, 1, height, width, values, labels, classNames);
    }

    /** {@link #ofValues(String, int, int, int, float[], int[], List)} with {@code channels} planes per example. */
    public static ImageDataset ofValues(String name, int count, int channels, int height, int width, float[] values,
            int[] labels, List<String> classNames) {
        long size = (long) count * channels * height * width;
        if (count < 0 || channels < 1 || channels > 4 || height < 1 || width < 1 || values.length != size) {
            throw new IllegalArgumentException(name + ": " + count + " examples of " + channels + "x" + height + "x"
                    + width + " (1..4 channels) need " + size + " values, found " + values.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(name + ": expected " + count + " labels (one per example), found "
                    + labels.length);
        }
        if (classNames.isEmpty() || classNames.size() > 256) {
            throw new IllegalArgumentException(name + ": expected 1..256 classes, found " + classNames.size());
        }
        byte[] lb = new byte[count];
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + i + " is " + labels[i] + ", expected 0.."
                        + (classNames.size() - 1));
            }
            lb[i] = (byte) labels[i];
        }
        int per = channels * height * width;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + ": example " + (i / per) + " value " + (i % per) + " is "
                        + values[i] + "; expected finite values");
            }
        }
        return new ImageDataset(name, count, channels, height, width, values.clone(), lb, classNames);
    }

    /**
     * Everything a DL4J iterator yields (reset first when it can be), held in memory as real values,
     * so that any family's training and evaluation take data from any {@code DataSetIterator}. Features
     * are {@code [n, values]} (examples of {@code 1 x values}) or {@code [n, channels, height, width]},
     * in the models' unit scale (0 and 1 stand for pixels 0 and 255; the pipeline maps them to a
     * model's range, e.g. [-1, 1] for a GAN). Labels, when present, are one-hot {@code [n, classes]}
     * (the class is the largest column); the iterator's {@code getLabels()} name the classes when they
     * match. Refused: a masked or multi-output data set, features of another rank or another shape
     * from batch to batch, NaN or infinite values, more than 256 classes, more than 2^31 values.
     */
    public static ImageDataset fromIterator(String name, org.nd4j.linalg.dataset.api.iterator.DataSetIterator it) {
        if (it.resetSupported()) {
            it.reset();
        }
        java.util.List<float[]> chunks = new java.util.ArrayList<>();
        java.util.List<Integer> labels = new java.util.ArrayList<>();
        long[] shape = null;
        long total = 0;
        int classes = -1;
        while (it.hasNext()) {
            org.nd4j.linalg.dataset.DataSet ds = it.next();
            org.nd4j.linalg.api.ndarray.INDArray x = ds.getFeatures();
            if (ds.getFeaturesMaskArray() != null || ds.getLabelsMaskArray() != null) {
                throw new IllegalArgumentException(name + ": masked (sequence) data sets are not examples of fixed"
                        + " size; expected features [n, values] or [n, channels, height, width]");
            }
            if (x == null || (x.rank() != 2 && x.rank() != 4)) {
                throw new IllegalArgumentException(name + ": features of shape " + (x == null ? "null"
                        : Arrays.toString(x.shape())) + "; expected [n, values] or [n, channels, height, width]");
            }
            long[] one = Arrays.copyOfRange(x.shape(), 1, x.rank());
            if (shape == null) {
                shape = one;
            } else if (!Arrays.equals(shape, one)) {
                throw new IllegalArgumentException(name + ": a batch of examples " + Arrays.toString(one) + " after "
                        + Arrays.toString(shape) + "; expected one shape");
            }
            total += x.length();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(name + ": more than 2^31 values; too large to hold in memory");
            }
            chunks.add(x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat());
            org.nd4j.linalg.api.ndarray.INDArray y = ds.getLabels();
            boolean oneHot = y != null && y.rank() == 2 && y.size(1) >= 2 && y.size(0) == x.size(0);
            int[] cls = oneHot ? y.argMax(1).toIntVector() : new int[(int) x.size(0)];
            for (int c : cls) {
                labels.add(c);
            }
            classes = Math.max(classes, oneHot ? (int) Math.min(y.size(1), 257) : 1);
        }
        if (shape == null) {
            throw new IllegalArgumentException(name + ": the iterator yielded no data; expected at least one example");
        }
        if (classes > 256) {
            throw new IllegalArgumentException(name + ": labels with more than 256 classes; at most 256 are taken");
        }
        float[] values = new float[(int) total];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, values, at, c.length);
            at += c.length;
        }
        int k = classes;
        List<String> names = it.getLabels() != null && it.getLabels().size() == k ? it.getLabels()
                : java.util.stream.IntStream.range(0, k).mapToObj(c -> k == 1 ? "all" : String.valueOf(c)).toList();
        int n = labels.size();
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        return shape.length == 1 ? ofValues(name, n, 1, (int) shape[0], values, lb, names)
                : ofValues(name, n, (int) shape[0], (int) shape[1], (int) shape[2], values, lb, names);
    }

    /** Whether the examples are real values ({@link #ofValues}, a feature table) rather than 8-bit pixels. */
    public boolean realValued() {
        return values != null;
    }

    public String name() {
        return name;
    }

    /** Number of images. */
    public int size() {
        return count;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Channels per image: 1 for grayscale (and tables), 3 for RGB. */
    public int channels() {
        return channels;
    }

    /** Values per image: channels · height · width (channel-major). */
    public int pixelCount() {
        return channels * height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Pixel {@code p} of image {@code i} as 0..255 (a real value is clamped to [0, 1] and rounded). */
    public int pixel(int i, int p) {
        if (values != null) {
            return Math.round(Math.max(0f, Math.min(1f, values[i * pixelCount() + p])) * 255f);
        }
        return pixels[i * pixelCount() + p] & 0xFF;
    }

    /** Value {@code p} of example {@code i} with 0 and 1 standing for pixels 0 and 255 (exact for real values). */
    public float value(int i, int p) {
        return values != null ? values[i * pixelCount() + p] : (pixels[i * pixelCount() + p] & 0xFF) / 255f;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** The images whose label is {@code label}, as indices into this data set. */
    public int[] indicesOf(int label) {
        return java.util.stream.IntStream.range(0, count).filter(i -> label(i) == label).toArray();
    }

    /** A new data set holding the images at {@code indices}, in that order (e.g. a train/held-out split). */
    public ImageDataset select(int[] indices) {
        int size = pixelCount();
        byte[] px = values != null ? null : new byte[indices.length * size];
        float[] vs = values != null ? new float[Math.multiplyExact(indices.length, size)] : null;
        byte[] lb = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= count) {
                throw new IllegalArgumentException("select: index " + src + " is outside 0.." + (count - 1) + " of " + name);
            }
            if (vs != null) {
                System.arraycopy(values, src * size, vs, i * size, size);
            } else {
                System.arraycopy(pixels, src * size, px, i * size, size);
            }
            lb[i] = labels[src];
        }
        if (vs != null) {
            return new ImageDataset(name + "[" + indices.length + "]", indices.length, channels, height, width, vs, lb,
                    classNames);
        }
        return new ImageDataset(name + "[" + indices.length + "]", new IdxArray(channels == 1
                ? new int[] {indices.length, height, width} : new int[] {indices.length, channels, height, width},
                px), new IdxArray(new int[] {indices.length}, lb), classNames);
    }

    /** Starts describing an iterator over this data set with the given batch size. */
    public DataPipeline batch(int batchSize) {
        return DataPipeline.over(this).batch(batchSize);
    }

    /** A pipeline with default options (batch 128, no shuffle, [0,1], flat, clean target). */
    public DataPipeline pipeline() {
        return DataPipeline.over(this);
    }

    /** The byte pixels, or null for real values. */
    byte[] rawPixels() {
        return pixels;
    }

    /** The real values, or null for byte pixels. */
    float[] rawValues() {
        return values;
    }

    @Override
    public String toString() {
        return values != null && height == 1
                ? name + " (" + count + " rows of " + width + " features, " + classNames.size() + " classes)"
                : name + " (" + count + " images " + height + "x" + width + (channels == 3 ? " RGB" : channels > 1
                        ? "x" + channels : "") + ", " + classNames.size() + " classes)";
    }
}
