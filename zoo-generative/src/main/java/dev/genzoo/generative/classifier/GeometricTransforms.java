package dev.genzoo.generative.classifier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The set of geometric transformations a {@link GeometricAnomalyDetector} learns to tell apart
 * (Golan &amp; El-Yaniv 2018, "Deep Anomaly Detection Using Geometric Transformations",
 * https://arxiv.org/abs/1805.10917): each is an optional left-right flip, then a translation by
 * {@code -shift}, 0 or {@code +shift} pixels in each direction (zeros fill what is uncovered), then a
 * rotation by a multiple of 360/{@code rotations} degrees. The paper's set, 72 transformations, is
 * {@code (rotations 4, flip true, shift 8)} on 32x32 images, a quarter of the side; 7 is that quarter
 * of 28.
 *
 * <p>Transformation {@code t} is the rotation {@code t % rotations}, then the flip and the shift
 * from {@code t / rotations}: {@code 0} is always the identity.
 *
 * @param rotations 1, 2 or 4 rotations by multiples of 90 degrees (square images only when above 1)
 * @param flip      whether each is also taken left-right mirrored
 * @param shift     translation in pixels; 0 for none, else the 9 translations {-shift, 0, shift}²
 */
public record GeometricTransforms(int rotations, boolean flip, int shift) {
    public GeometricTransforms {
        if (rotations != 1 && rotations != 2 && rotations != 4) {
            throw new IllegalArgumentException("rotations must be 1, 2 or 4 (multiples of 90 degrees), found "
                    + rotations);
        }
        if (shift < 0) {
            throw new IllegalArgumentException("shift must be >= 0 pixels (0: no translations), found " + shift);
        }
        if (rotations == 1 && !flip && shift == 0) {
            throw new IllegalArgumentException("the transformations must be at least two (rotations, flip or shift),"
                    + " found only the identity");
        }
    }

    /** The paper's 72 transformations for 28x28 images: 4 rotations, flip, shifts of 7 pixels. */
    public static GeometricTransforms paper28() {
        return new GeometricTransforms(4, true, 7);
    }

    /** How many transformations: the classes of the detector's classifier. */
    @JsonIgnore
    public int count() {
        return rotations * (flip ? 2 : 1) * (shift > 0 ? 9 : 1);
    }

    /**
     * {@code images} ({@code [n, c, h, w]}) each under its transformation {@code t[i]}, as a new
     * {@code [n, c, h, w]} float array (the input untouched).
     *
     * @throws IllegalArgumentException a t outside [0, count), a rotation of a non-square image,
     *                                  a shift not smaller than the image
     */
    public INDArray apply(INDArray images, int[] t) {
        if (images.rank() != 4 || images.size(0) != t.length) {
            throw new IllegalArgumentException("images must be [n, c, h, w] with one transformation each, found shape "
                    + Arrays.toString(images.shape()) + " and " + t.length + " transformations");
        }
        int n = (int) images.size(0);
        int c = (int) images.size(1);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        check(h, w);
        float[] in = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[in.length];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            if (t[i] < 0 || t[i] >= count()) {
                throw new IllegalArgumentException("transformation must be in [0, " + count() + "), found " + t[i]);
            }
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                transform(in, out, base, h, w, t[i]);
            }
        }
        return Nd4j.create(out, new long[] {n, c, h, w}, 'c');
    }

    /** Every image of {@code images} under every transformation: {@code [n * count, c, h, w]}, image-major. */
    public INDArray applyAll(INDArray images) {
        int n = (int) images.size(0);
        int k = count();
        int[] t = new int[n * k];
        for (int i = 0; i < t.length; i++) {
            t[i] = i % k;
        }
        INDArray repeated = images.castTo(DataType.FLOAT).repeat(0, k); // each image k times in a row
        return apply(repeated, t);
    }

    private void check(int h, int w) {
        if (rotations > 1 && h != w) {
            throw new IllegalArgumentException("rotations by 90 degrees need square images, found " + h + "x" + w);
        }
        if (shift >= Math.min(h, w)) {
            throw new IllegalArgumentException("shift " + shift + " must be smaller than the image, " + h + "x" + w);
        }
    }

    /** Output pixel (y, x) reads the source pixel that the flip, shift and rotation move there. */
    private void transform(float[] in, float[] out, int base, int h, int w, int t) {
        int quarterTurns = (t % rotations) * (4 / rotations);
        int rest = t / rotations;
        boolean mirror = flip && rest % 2 == 1;
        int position = flip ? rest / 2 : rest; // 0..8 when shifting: (dy, dx) in {-1, 0, 1}²
        int dy = shift > 0 ? (position / 3 - 1) * shift : 0;
        int dx = shift > 0 ? (position % 3 - 1) * shift : 0;
        if (shift > 0) {
            // position 4 is (0, 0); keep t = 0 the identity by swapping it with position 0
            if (position == 0) {
                dy = 0;
                dx = 0;
            } else if (position == 4) {
                dy = -shift;
                dx = -shift;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // undo the rotation: the pixel at (y, x) after k counter-clockwise quarter turns
                int ry = y;
                int rx = x;
                for (int q = 0; q < quarterTurns; q++) {
                    int ny = rx;
                    int nx = w - 1 - ry;
                    ry = ny;
                    rx = nx;
                }
                // undo the shift
                int sy = ry - dy;
                int sx = rx - dx;
                if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                    continue;
                }
                // undo the flip
                int fx = mirror ? w - 1 - sx : sx;
                out[base + y * w + x] = in[base + sy * w + fx];
            }
        }
    }
}
