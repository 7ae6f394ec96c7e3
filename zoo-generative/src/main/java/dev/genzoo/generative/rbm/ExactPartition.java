package dev.genzoo.generative.rbm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact log Z of a small RBM by enumerating the smaller layer: with the other layer summed out,
 * log Z = logsumexp over v of -F(v), or over h of c'h + sum_i softplus(b_i + (Wh)_i). Cost
 * 2^min(V, H) rows, in chunks; allowed up to {@value #MAX_UNITS} units in the smaller layer.
 */
final class ExactPartition {
    static final int MAX_UNITS = 20;
    private static final int CHUNK = 4096;

    private ExactPartition() {
    }

    /** log Z of {@code m} (double precision). */
    static double logPartition(RbmWeights m) {
        boolean overVisible = m.visible() <= m.hidden();
        int units = Math.min(m.visible(), m.hidden());
        require(units, "min(visibleSize, hiddenSize)");
        RbmWeights t = overVisible ? m : new RbmWeights(m.w().transpose(), m.c(), m.b());
        double[] logF = new double[1 << units];
        for (int start = 0; start < logF.length; start += CHUNK) {
            INDArray states = states(units, start, Math.min(CHUNK, logF.length - start));
            double[] chunk = t.freeEnergy(states).negi().toDoubleVector();
            System.arraycopy(chunk, 0, logF, start, chunk.length);
        }
        return logSumExp(logF);
    }

    /**
     * log p(v) of every visible state, index = sum_i v_i 2^i (unit i is bit i).
     */
    static INDArray logProbabilities(RbmWeights m) {
        require(m.visible(), "visibleSize");
        double logZ = logPartition(m);
        int count = 1 << m.visible();
        INDArray out = Nd4j.create(DataType.DOUBLE, count);
        for (int start = 0; start < count; start += CHUNK) {
            int n = Math.min(CHUNK, count - start);
            INDArray lp = m.freeEnergy(states(m.visible(), start, n)).negi().subi(logZ);
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + n)).assign(lp);
        }
        return out;
    }

    /** Rows {@code start .. start + n - 1} of the enumeration of {@code units} binary units, bit i = unit i. */
    static INDArray states(int units, int start, int n) {
        double[][] s = new double[n][units];
        for (int r = 0; r < n; r++) {
            int code = start + r;
            for (int i = 0; i < units; i++) {
                s[r][i] = (code >> i) & 1;
            }
        }
        return Nd4j.create(s);
    }

    static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static void require(int units, String what) {
        if (units > MAX_UNITS) {
            throw new IllegalStateException("exact enumeration needs " + what + " <= " + MAX_UNITS + " (2^" + units
                    + " states), found " + units + "; estimate log Z by AIS (estimateLogPartition) instead");
        }
    }
}
