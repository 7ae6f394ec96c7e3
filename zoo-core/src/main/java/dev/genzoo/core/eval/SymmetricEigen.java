package dev.genzoo.core.eval;

/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method (Golub and Van Loan,
 * Matrix Computations, §8.5): plain double-precision Java, accurate to rounding for the small
 * covariance matrices of classifier features (a few hundred dimensions; cost O(d³) per sweep).
 *
 * @param values  eigenvalues, unsorted
 * @param vectors eigenvectors as columns, {@code vectors[row][k]} belongs to {@code values[k]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;

    /** Decomposes {@code m} (only read; symmetrised as (m + mᵀ) / 2). */
    static SymmetricEigen of(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][n];
        double[][] v = new double[n][n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            if (m[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " has " + m[i].length
                        + " entries for " + n + " rows");
            }
            v[i][i] = 1;
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (m[i][j] + m[j][i]);
                norm += a[i][j] * a[i][j];
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * norm || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** Applies the rotation that zeroes a[p][q]: a ← Jᵀ a J, v ← v J. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** The PSD square root V diag(√max(λ, 0)) Vᵀ of the decomposed matrix. */
    double[][] sqrtPsd() {
        int n = values.length;
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = Math.sqrt(Math.max(values[k], 0));
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i][k] * r[k] * vectors[j][k];
                }
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }
}
