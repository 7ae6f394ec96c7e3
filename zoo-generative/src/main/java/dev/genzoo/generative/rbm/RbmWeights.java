package dev.genzoo.generative.rbm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The parameters of a Bernoulli-Bernoulli RBM and its conditionals: W {@code [V, H]}, visible bias
 * b {@code [1, V]}, hidden bias c {@code [1, H]}, energy E(v, h) = -b'v - c'h - v'Wh. The arrays
 * are either views of the DL4J graph's parameters (training writes through them) or double
 * copies for evaluation ({@link #toDouble()}).
 */
record RbmWeights(INDArray w, INDArray b, INDArray c) {

    /** Biases as row vectors {@code [1, n]} (DL4J keeps them rank 1); a reshaped contiguous view stays a view. */
    RbmWeights {
        b = b.rank() == 2 ? b : b.reshape(1, b.length());
        c = c.rank() == 2 ? c : c.reshape(1, c.length());
    }

    int visible() {
        return (int) w.size(0);
    }

    int hidden() {
        return (int) w.size(1);
    }

    DataType dataType() {
        return w.dataType();
    }

    /** Detached double-precision copies (probability arithmetic for evaluation). */
    RbmWeights toDouble() {
        return new RbmWeights(w.castTo(DataType.DOUBLE).dup('c'), b.castTo(DataType.DOUBLE).dup('c'),
                c.castTo(DataType.DOUBLE).dup('c'));
    }

    /** c + v'W per row, {@code [n, H]}. */
    INDArray hiddenField(INDArray v) {
        return v.mmul(w).addiRowVector(c);
    }

    /** b + Wh per row, {@code [n, V]}. */
    INDArray visibleField(INDArray h) {
        return h.mmul(w.transpose()).addiRowVector(b);
    }

    INDArray hiddenProbabilities(INDArray v) {
        return Transforms.sigmoid(hiddenField(v), false);
    }

    INDArray visibleProbabilities(INDArray h) {
        return Transforms.sigmoid(visibleField(h), false);
    }

    /** F(v) = -b'v - sum_j softplus(c_j + (v'W)_j), {@code [n]}. */
    INDArray freeEnergy(INDArray v) {
        INDArray visibleTerm = v.mmul(b.transpose()).reshape(v.size(0));
        return softplus(hiddenField(v)).sum(1).addi(visibleTerm).negi();
    }

    /** One block Gibbs step on binary states: h ~ p(h|v), then v ~ p(v|h); returns the new v. */
    INDArray gibbsStep(INDArray v, Random rng) {
        return bernoulli(visibleProbabilities(bernoulli(hiddenProbabilities(v), rng)), rng);
    }

    /**
     * log(1 + exp(x)), in place. ND4J's softplus computes log(1 + exp(x)) literally and returns
     * infinity once exp overflows (x above ~709 in double, ~88 in float); there the slower
     * max(x, 0) + log(1 + exp(-|x|)) is used.
     */
    static INDArray softplus(INDArray x) {
        double limit = x.dataType() == DataType.DOUBLE ? 700 : 80;
        if (x.maxNumber().doubleValue() < limit) {
            return Transforms.softPlus(x, false);
        }
        INDArray tail = Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0);
        Transforms.log(tail, false);
        return Transforms.relu(x, false).addi(tail);
    }

    /** Frees a native generator; its close() declares Exception. */
    static void close(Random rng) {
        try {
            rng.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing an ND4J random generator failed: " + e.getMessage(), e);
        }
    }

    /** Binary states with P(1) = p, same shape and type as {@code p}. */
    static INDArray bernoulli(INDArray p, Random rng) {
        INDArray u = Nd4j.createUninitialized(p.dataType(), p.shape());
        Nd4j.getExecutioner().exec(new UniformDistribution(u, 0.0, 1.0), rng);
        return u.lt(p).castTo(p.dataType());
    }
}
