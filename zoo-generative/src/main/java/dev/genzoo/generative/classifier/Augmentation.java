package dev.genzoo.generative.classifier;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random changes to the training images of a classifier that keep their class: {@link #SHIFT} moves
 * each image by a whole number of pixels drawn uniformly from [-{@value #MAX_SHIFT},
 * {@value #MAX_SHIFT}] in each direction (zeros fill what is uncovered); {@link #FLIP_SHIFT} also
 * mirrors it left-right with probability 1/2 (right for clothing, wrong for digits). Draws come from
 * ND4J's generator, which the training loop reseeds before every step from (seed, step), so an
 * augmented run is as reproducible, and resumes as exactly, as one without. Evaluation never
 * augments.
 */
public enum Augmentation {
    /** The images as they are. */
    NONE,
    /** Random shifts of up to {@value #MAX_SHIFT} pixels. */
    SHIFT,
    /** Random shifts and random left-right mirroring. */
    FLIP_SHIFT;

    /** Largest shift, in pixels, in each direction. */
    public static final int MAX_SHIFT = 2;

    /** The name in configs: {@code none}, {@code shift}, {@code flip-shift}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@link #id()} (or the constant's name). */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Augmentation of(String s) {
        for (Augmentation a : values()) {
            if (a.id().equals(s) || a.name().equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("augmentation must be one of none, shift, flip-shift, found '" + s + "'");
    }

    /**
     * Augmented copies of {@code images} ({@code [n, c, h, w]}), the input untouched; the input
     * itself for {@link #NONE}.
     */
    public INDArray apply(INDArray images) {
        if (this == NONE) {
            return images;
        }
        if (images.rank() != 4) {
            throw new IllegalArgumentException("augmentation needs images [n, c, h, w], found rank " + images.rank());
        }
        int n = (int) images.size(0);
        int c = (int) images.size(1);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        float[] in = images.dup('c').castTo(DataType.FLOAT).data().asFloat();
        float[] out = new float[in.length];
        Random rng = Nd4j.getRandom();
        int span = 2 * MAX_SHIFT + 1;
        for (int i = 0; i < n; i++) {
            int dy = rng.nextInt(span) - MAX_SHIFT;
            int dx = rng.nextInt(span) - MAX_SHIFT;
            boolean flip = this == FLIP_SHIFT && rng.nextInt(2) == 1;
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y - dy;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int x = 0; x < w; x++) {
                        int sx = x - dx;
                        if (sx < 0 || sx >= w) {
                            continue;
                        }
                        out[base + y * w + x] = in[base + sy * w + (flip ? w - 1 - sx : sx)];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, c, h, w}, 'c');
    }
}
