package dev.genzoo.core.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard-normal matrices that repeat for a seed in every process: drawn with
 * {@code java.util.Random(seed).nextGaussian()} in row-major order. ND4J's own seeded draws did not
 * repeat from one JVM to the next in M2.1 (docs/dl4j-findings.md), so latent codes behind
 * published figures (GAN samples, VAE prior samples) come from here.
 */
public final class SeededNormal {
    private SeededNormal() {
    }

    /** A {@code [rows, cols]} array of N(0, 1) values for {@code seed}, in {@code type}. */
    public static INDArray matrix(long seed, int rows, int cols, DataType type) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("need rows >= 1 and cols >= 1, found " + rows + " x " + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " values per matrix, found "
                    + rows + " x " + cols + " = " + (long) rows * cols);
        }
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(type);
    }
}
