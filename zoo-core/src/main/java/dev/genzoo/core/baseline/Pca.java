package dev.genzoo.core.baseline;

import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Principal component analysis with the autoencoder interface, the baseline every autoencoder is
 * measured against: encode(x) = (x − μ)V_k, decode(z) = zV_kᵀ + μ, with V_k the k leading
 * eigenvectors of the training covariance. A linear autoencoder trained with squared error spans
 * the same subspace (Baldi &amp; Hornik 1989), so PCA is what a non-linear autoencoder must beat
 * (Hinton &amp; Salakhutdinov 2006: 30-d MNIST SSE/image 13.87 for PCA, 3.00 for a deep
 * autoencoder). The covariance is accumulated and decomposed in double precision.
 */
public final class Pca implements Autoencoder {
    private final INDArray mean;
    private final INDArray components;
    private final INDArray eigenvalues;
    private final int k;

    private Pca(INDArray mean, INDArray components, INDArray eigenvalues) {
        this.mean = mean;
        this.components = components;
        this.eigenvalues = eigenvalues;
        this.k = (int) components.size(1);
    }

    /** Fits PCA with {@code k} components on the rows of {@code x} ([n, d]). */
    public static Pca fit(INDArray x, int k) {
        if (x.rank() != 2 || x.size(0) < 2) {
            throw new IllegalArgumentException("PCA needs a matrix [n, d] with n >= 2 rows, found shape "
                    + Arrays.toString(x.shape()));
        }
        int d = (int) x.size(1);
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k must be in 1.." + d + ", found " + k);
        }
        if (!Double.isFinite(x.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("PCA input contains NaN or infinite values");
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray mu = xd.mean(0).reshape(1, d);
        INDArray centered = xd.subRowVector(mu);
        INDArray cov = centered.transpose().mmul(centered).divi(x.size(0));
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(cov, true); // ascending; cov now holds eigenvectors
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = d - 1 - i;
        }
        INDArray v = Nd4j.createUninitialized(DataType.DOUBLE, d, k);
        INDArray lambda = Nd4j.createUninitialized(DataType.DOUBLE, k);
        for (int i = 0; i < k; i++) {
            v.putColumn(i, cov.getColumn(top[i]));
            lambda.putScalar(i, values.getDouble(top[i]));
        }
        return new Pca(mu, v, lambda);
    }

    /** Eigenvalues (variances along the components), largest first. */
    public INDArray eigenvalues() {
        return eigenvalues.dup();
    }

    /** The components as columns, [d, k]. */
    public INDArray components() {
        return components.dup();
    }

    @Override
    public String name() {
        return "pca";
    }

    @Override
    public Family family() {
        return Family.BASELINE;
    }

    /** PCA has no configuration record; its state is the fitted mean and components. */
    @Override
    public Record config() {
        return new Settings(k);
    }

    /** The number of components, as a record for {@link #config()}. */
    public record Settings(int components) {
    }

    @Override
    public InputShape inputShape() {
        return InputShape.flat((int) mean.size(1));
    }

    /** PCA has no DL4J network. */
    @Override
    public Map<String, Model> networks() {
        return Map.of();
    }

    @Override
    public int latentSize() {
        return k;
    }

    @Override
    public INDArray encode(INDArray x) {
        check(x, mean.size(1), "input");
        return x.castTo(DataType.DOUBLE).subRowVector(mean).mmul(components).castTo(x.dataType());
    }

    @Override
    public INDArray decode(INDArray z) {
        check(z, k, "code");
        return z.castTo(DataType.DOUBLE).mmul(components.transpose()).addiRowVector(mean).castTo(z.dataType());
    }

    /** Squared error summed over the values of each example (SSE per image). */
    @Override
    public INDArray reconstructionError(INDArray x) {
        INDArray d = x.castTo(DataType.DOUBLE).sub(reconstruct(x).castTo(DataType.DOUBLE));
        return d.muli(d).sum(1);
    }

    /** Keeps only the first {@code j <= k} components (cheaper than refitting). */
    public Pca truncate(int j) {
        if (j < 1 || j > k) {
            throw new IllegalArgumentException("truncate: j must be in 1.." + k + ", found " + j);
        }
        return new Pca(mean, components.get(NDArrayIndex.all(), NDArrayIndex.interval(0, j)).dup(),
                eigenvalues.get(NDArrayIndex.interval(0, j)).dup());
    }

    private static void check(INDArray a, long cols, String what) {
        if (a.rank() != 2 || a.size(1) != cols) {
            throw new IllegalArgumentException("PCA " + what + " must have shape [n, " + cols + "], found "
                    + Arrays.toString(a.shape()));
        }
    }
}
