package dev.genzoo.autoencoders;

import org.deeplearning4j.nn.conf.layers.BaseLayer;

/**
 * The weight term of the regularized loss L = L_rec + λ R(w): R = Σ|w| (L1) and/or Σw² (L2),
 * on weights only (not biases). DL4J's L2 coefficient c adds c/2 Σw², so λ₂ is passed as 2λ₂.
 *
 * @param l1 λ for Σ|w|, >= 0
 * @param l2 λ for Σw², >= 0
 */
public record WeightPenalty(double l1, double l2) {

    /** No weight penalty. */
    public static final WeightPenalty NONE = new WeightPenalty(0, 0);

    public WeightPenalty {
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("weight penalty l1 must be finite and >= 0, found " + l1);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("weight penalty l2 must be finite and >= 0, found " + l2);
        }
    }

    public static WeightPenalty l1(double lambda) {
        return new WeightPenalty(lambda, 0);
    }

    public static WeightPenalty l2(double lambda) {
        return new WeightPenalty(0, lambda);
    }

    /** Applies the penalty to a DL4J layer builder. */
    public <B extends BaseLayer.Builder<B>> B applyTo(B builder) {
        if (l1 > 0) {
            builder.l1(l1);
        }
        if (l2 > 0) {
            builder.l2(2 * l2);
        }
        return builder;
    }

    /** R(w) for the given weight matrices' values: l1·Σ|w| + l2·Σw². */
    public double value(Iterable<org.nd4j.linalg.api.ndarray.INDArray> weights) {
        double s = 0;
        for (var w : weights) {
            s += l1 * w.norm1Number().doubleValue() + l2 * Math.pow(w.norm2Number().doubleValue(), 2);
        }
        return s;
    }
}
