package dev.genzoo.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * One split of an image data set held in memory as unsigned bytes (60,000 MNIST images take
 * 47 MB), with its labels. Immutable. Iterators over it are made with {@link #batch(int)}.
 */
public final class ImageDataset {
    private final String name;
    private final int count;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] labels;
    private final List<String> classNames;

    /**
     * @param name       a description, e.g. "mnist/test"
     * @param images     IDX array [n, height, width]
     * @param labels     IDX array [n] of class indices
     * @param classNames class names, index = label; every label must be below their count
     */
    public ImageDataset(String name, IdxArray images, IdxArray labels, List<String> classNames) {
        int numClasses = classNames.size();
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IllegalArgumentException(name + ": images must have 3 dimensions [n, height, width], found "
                    + Arrays.toString(d));
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
        this.height = d[1];
        this.width = d[2];
        this.pixels = images.data();
        this.labels = labels.data();
        this.classNames = List.copyOf(classNames);
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

    /** Pixels per image. */
    public int pixelCount() {
        return height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Pixel {@code p} of image {@code i} as 0..255. */
    public int pixel(int i, int p) {
        return pixels[i * pixelCount() + p] & 0xFF;
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
        byte[] px = new byte[indices.length * size];
        byte[] lb = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= count) {
                throw new IllegalArgumentException("select: index " + src + " is outside 0.." + (count - 1) + " of " + name);
            }
            System.arraycopy(pixels, src * size, px, i * size, size);
            lb[i] = labels[src];
        }
        return new ImageDataset(name + "[" + indices.length + "]", new IdxArray(new int[] {indices.length, height, width},
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

    byte[] rawPixels() {
        return pixels;
    }

    @Override
    public String toString() {
        return name + " (" + count + " images " + height + "x" + width + ", " + classNames.size() + " classes)";
    }
}
