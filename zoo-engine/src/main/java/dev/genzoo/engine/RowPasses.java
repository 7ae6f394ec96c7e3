package dev.genzoo.engine;

import java.util.Arrays;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference over many rows in passes of one shape. The engine sizes its buffers for the number of
 * rows of a pass and re-sizes them whenever that number changes, and fresh native memory costs a
 * page fault per 4 KB on the machines measured (docs/dl4j-findings.md): a short last pass, or a
 * different size per pass, re-allocates the patch matrices of every convolution. So the rows are
 * cut into equal passes, the last one zero-padded to the same size, and the padding's outputs
 * dropped. That is exact for inference, where every row is computed on its own (no batch
 * statistics, no dropout).
 */
public final class RowPasses {

    private RowPasses() {
    }

    /**
     * Rows per pass for {@code n} rows and at most {@code maxRows} per pass: {@code n} itself where it
     * fits, else the size of {@code ceil(n / maxRows)} equal passes (the last padded up to it).
     */
    public static long rowsPerPass(long n, long maxRows) {
        if (n < 1 || maxRows < 1) {
            throw new IllegalArgumentException("need n >= 1 and maxRows >= 1, found n = " + n + ", maxRows = " + maxRows);
        }
        if (n <= maxRows) {
            return n;
        }
        long passes = (n + maxRows - 1) / maxRows;
        return (n + passes - 1) / passes;
    }

    /**
     * {@code f} over the rows of {@code inputs} (all with the same number of rows) in equal passes of
     * at most {@code maxRows} rows ({@link #rowsPerPass}); the outputs of the passes stacked, one array
     * per output of {@code f}, each with the inputs' number of rows.
     */
    public static INDArray[] map(long maxRows, INDArray[] inputs, Function<INDArray[], INDArray[]> f) {
        return inPassesOf(rowsPerPass(rowsOf(inputs), maxRows), inputs, f);
    }

    /**
     * {@code f} over the rows of {@code inputs} in passes of exactly {@code rows} rows, the last
     * zero-padded up to that size (fewer rows than {@code rows} make one padded pass): for callers
     * that choose the pass size themselves, e.g. to keep it the same over calls with different
     * numbers of rows.
     */
    public static INDArray[] inPassesOf(long rows, INDArray[] inputs, Function<INDArray[], INDArray[]> f) {
        return passes(rows, inputs, f, true);
    }

    /**
     * {@code f} over consecutive passes of {@code rows} rows, the last one with what is left and not
     * padded: for a graph whose rows are not independent, such as one with a minibatch standard
     * deviation over groups of consecutive rows, where padding rows would join the last group. With
     * {@code rows} a multiple of the group size, every group is the one a single pass over all rows
     * forms.
     */
    public static INDArray[] unpadded(long rows, INDArray[] inputs, Function<INDArray[], INDArray[]> f) {
        return passes(rows, inputs, f, false);
    }

    private static INDArray[] passes(long rows, INDArray[] inputs, Function<INDArray[], INDArray[]> f, boolean pad) {
        long n = rowsOf(inputs);
        if (rows < 1) {
            throw new IllegalArgumentException("rows per pass must be >= 1, found " + rows);
        }
        if (n == rows || (!pad && n < rows)) {
            return f.apply(inputs);
        }
        INDArray[] out = null;
        for (long from = 0; from < n; from += rows) {
            long take = Math.min(rows, n - from);
            long size = pad ? rows : take;
            INDArray[] part = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                part[i] = slice(inputs[i], from, take, size);
            }
            INDArray[] y = f.apply(part);
            NativeGarbage.collectIfDueShared();
            if (out == null) {
                out = new INDArray[y.length];
                for (int o = 0; o < y.length; o++) {
                    long[] shape = y[o].shape().clone();
                    shape[0] = n;
                    out[o] = Nd4j.create(y[o].dataType(), shape);
                }
            }
            for (int o = 0; o < y.length; o++) {
                if (y[o].size(0) != size) {
                    throw new IllegalStateException("a pass over " + size + " rows returned " + y[o].size(0)
                            + " rows in output " + o);
                }
                out[o].get(NDArrayIndex.interval(from, from + take)).assign(
                        take == size ? y[o] : y[o].get(NDArrayIndex.interval(0, take)));
            }
        }
        return out;
    }

    /** Rows {@code from .. from + take} of {@code x} as a fresh C-order array of {@code rows} rows, zeros after {@code take}. */
    private static INDArray slice(INDArray x, long from, long take, long rows) {
        INDArray part = x.get(NDArrayIndex.interval(from, from + take));
        if (take == rows) {
            return part.dup('c');
        }
        long[] shape = x.shape().clone();
        shape[0] = rows;
        INDArray padded = Nd4j.zeros(x.dataType(), shape);
        padded.get(NDArrayIndex.interval(0, take)).assign(part);
        return padded;
    }

    private static long rowsOf(INDArray[] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("need at least one input array");
        }
        long n = inputs[0].size(0);
        if (n < 1) {
            throw new IllegalArgumentException("inputs have no rows: shape " + Arrays.toString(inputs[0].shape()));
        }
        for (INDArray x : inputs) {
            if (x.size(0) != n) {
                throw new IllegalArgumentException("inputs differ in their number of rows: "
                        + Arrays.toString(inputs[0].shape()) + " and " + Arrays.toString(x.shape()));
            }
        }
        return n;
    }
}
