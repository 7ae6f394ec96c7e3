package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.train.ArrayState;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The history of generated images a CycleGAN discriminator learns from (Shrivastava et al. 2017,
 * as CycleGAN's reference code does it): until the pool holds {@code capacity} images every new
 * fake is stored and shown; after that each new fake is, with probability 1/2, shown as is, else
 * swapped for a random stored one, which is shown instead. Keeps D from chasing G's latest
 * output only. Its draws come from ND4J's generator (reseeded by the training loop every step) and
 * its contents travel in the checkpoint, so a resumed run is exact.
 */
final class ImagePool {
    private final int capacity;
    private final long[] imageShape;
    private final int imageSize;
    private final List<float[]> images = new ArrayList<>();

    /** @param imageShape shape of one image, e.g. {@code [1, 28, 28]} */
    ImagePool(int capacity, long... imageShape) {
        this.capacity = capacity;
        this.imageShape = imageShape.clone();
        long size = 1;
        for (long d : imageShape) {
            size *= d;
        }
        this.imageSize = (int) size;
    }

    int size() {
        return images.size();
    }

    /** The batch D sees in place of {@code fakes} ({@code [n, ...imageShape]}); a new array. */
    INDArray query(INDArray fakes) {
        INDArray c = fakes.castTo(DataType.FLOAT).dup('c');
        if (capacity == 0) {
            return c;
        }
        int n = (int) c.size(0);
        float[] all = c.data().asFloat();
        float[] out = new float[all.length];
        Random rng = Nd4j.getRandom();
        for (int i = 0; i < n; i++) {
            float[] img = java.util.Arrays.copyOfRange(all, i * imageSize, (i + 1) * imageSize);
            float[] shown = img;
            if (images.size() < capacity) {
                images.add(img);
            } else if (rng.nextDouble() > 0.5) {
                int k = rng.nextInt(capacity);
                shown = images.get(k);
                images.set(k, img);
            }
            System.arraycopy(shown, 0, out, i * imageSize, imageSize);
        }
        return Nd4j.create(out, c.shape(), 'c').castTo(fakes.dataType());
    }

    /** The stored images as checkpoint text ({@code ""} when empty). */
    String encode() {
        if (images.isEmpty()) {
            return "";
        }
        long[] shape = new long[imageShape.length + 1];
        shape[0] = images.size();
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        float[] flat = new float[images.size() * imageSize];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, flat, i * imageSize, imageSize);
        }
        return ArrayState.encode(Nd4j.create(flat, shape, 'c'));
    }

    /** Replaces the contents with what {@link #encode} wrote, checked against the capacity and image shape first. */
    void restore(String text, String what) {
        images.clear();
        if (text == null || text.isEmpty()) {
            return;
        }
        long[] expected = new long[imageShape.length + 1];
        expected[0] = -Math.max(1, capacity);
        System.arraycopy(imageShape, 0, expected, 1, imageShape.length);
        INDArray a = ArrayState.decode(text, what, DataType.FLOAT, expected);
        float[] flat = a.dup('c').data().asFloat();
        for (int i = 0; i < a.size(0); i++) {
            images.add(java.util.Arrays.copyOfRange(flat, i * imageSize, (i + 1) * imageSize));
        }
    }
}
