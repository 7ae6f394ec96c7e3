package dev.genzoo.core.data;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A per-column transform x' = (x − shift) / scale fitted on training rows and then applied, the
 * same, to every other row (held-out, new data at inference), so it is a record that goes onto a
 * model card as JSON. A constant column gets scale 1 (it stays constant: 0 after the shift).
 *
 * @param kind  how it was fitted
 * @param shift per column
 * @param scale per column, > 0
 */
public record ColumnScaling(Kind kind, double[] shift, double[] scale) {
    /** How the shift and scale are fitted. */
    public enum Kind {
        /** Mean 0 and standard deviation 1 per column on the training rows. */
        STANDARDIZE,
        /** The training rows' minimum to 0 and maximum to 1 per column. */
        MIN_MAX
    }

    public ColumnScaling {
        Objects.requireNonNull(kind, "kind");
        if (shift == null || scale == null || shift.length != scale.length || shift.length == 0) {
            throw new IllegalArgumentException("shift and scale must be non-empty and of one length, found "
                    + (shift == null ? "null" : shift.length) + " and " + (scale == null ? "null" : scale.length));
        }
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(scale[j]) || !Double.isFinite(shift[j])) {
                throw new IllegalArgumentException("column " + j + ": shift " + shift[j] + " and scale " + scale[j]
                        + "; expected finite values and a scale > 0");
            }
        }
        shift = shift.clone();
        scale = scale.clone();
    }

    /** Fits on the rows of {@code x} ({@code [rows, columns]}, at least one row). */
    public static ColumnScaling fit(Kind kind, INDArray x) {
        if (x.rank() != 2 || x.size(0) == 0) {
            throw new IllegalArgumentException("fit needs a [rows, columns] array with at least one row, found "
                    + Arrays.toString(x.shape()));
        }
        INDArray d = x.castTo(DataType.DOUBLE);
        int columns = (int) d.size(1);
        double[] shift = new double[columns];
        double[] scale = new double[columns];
        double[] lo = d.min(0).toDoubleVector();
        double[] hi = d.max(0).toDoubleVector();
        double[] mean = d.mean(0).toDoubleVector();
        double[] std = d.std(false, 0).toDoubleVector();
        for (int j = 0; j < columns; j++) {
            shift[j] = kind == Kind.STANDARDIZE ? mean[j] : lo[j];
            double s = kind == Kind.STANDARDIZE ? std[j] : hi[j] - lo[j];
            scale[j] = s > 1e-12 * Math.max(1, Math.abs(shift[j])) ? s : 1;
        }
        return new ColumnScaling(kind, shift, scale);
    }

    /** Columns it was fitted on. */
    public int columns() {
        return shift.length;
    }

    /** {@code (x − shift) / scale} as a new float array; {@code x} must have {@link #columns()} columns. */
    public INDArray apply(INDArray x) {
        if (x.rank() != 2 || x.size(1) != columns()) {
            throw new IllegalArgumentException("expected [rows, " + columns() + "] (the columns this scaling was fitted"
                    + " on), found " + Arrays.toString(x.shape()));
        }
        INDArray s = Nd4j.createFromArray(shift).castTo(DataType.FLOAT).reshape(1, columns());
        INDArray k = Nd4j.createFromArray(scale).castTo(DataType.FLOAT).reshape(1, columns());
        return x.castTo(DataType.FLOAT).dup().subiRowVector(s).diviRowVector(k);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnScaling c && c.kind == kind && Arrays.equals(c.shift, shift)
                && Arrays.equals(c.scale, scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(shift), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "ColumnScaling[" + kind + ", " + columns() + " columns]";
    }
}
