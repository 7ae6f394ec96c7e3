package dev.genzoo.generative.vae;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The decoder's distribution p(x|z), parameterised by the decoder's linear output {@code eta}
 * (Kingma and Welling 2014, Appendix C): Bernoulli with logits {@code eta} for binary or [0,1]
 * data (its negative log-likelihood is the binary cross-entropy), or Gaussian with mean
 * {@code eta} and a fixed variance for real values (squared error / (2 variance) plus a constant).
 * Log-likelihoods are exact, summed over the values of an example, in nats.
 *
 * @param type     BERNOULLI or GAUSSIAN
 * @param variance the Gaussian's fixed variance, &gt; 0; must be 0 for BERNOULLI
 */
public record DecoderDistribution(Type type, double variance) {

    /** Bernoulli decoder (binary cross-entropy on logits). */
    public static final DecoderDistribution BERNOULLI = new DecoderDistribution(Type.BERNOULLI, 0);

    /** The family of p(x|z). */
    public enum Type {
        /** Independent Bernoulli per value, logits from the decoder. */
        BERNOULLI,
        /** Independent Gaussian per value, mean from the decoder, fixed variance. */
        GAUSSIAN
    }

    public DecoderDistribution {
        if (type == null) {
            throw new IllegalArgumentException("decoder type must be BERNOULLI or GAUSSIAN, found null");
        }
        if (type == Type.BERNOULLI && variance != 0) {
            throw new IllegalArgumentException("variance applies to a GAUSSIAN decoder only; BERNOULLI needs 0, found "
                    + variance);
        }
        if (type == Type.GAUSSIAN && !(variance > 0 && Double.isFinite(variance))) {
            throw new IllegalArgumentException("variance of a GAUSSIAN decoder must be finite and > 0, found "
                    + variance);
        }
    }

    /** Gaussian decoder with fixed {@code variance}; maximising it is minimising squared error. */
    public static DecoderDistribution gaussian(double variance) {
        return new DecoderDistribution(Type.GAUSSIAN, variance);
    }

    /** The mean of p(x|z) given the decoder's linear output: sigmoid(eta) or eta. */
    public INDArray mean(INDArray eta) {
        return type == Type.BERNOULLI ? Transforms.sigmoid(eta, true) : eta.dup();
    }

    /**
     * log p(x|eta) per row, shape {@code [n]}, for {@code x} and {@code eta} of shape {@code [n, D]},
     * computed in double precision. Bernoulli: {@code sum x*eta - softplus(eta)}, with the softplus
     * in its overflow-free form {@code max(eta, 0) + log1p(exp(-|eta|))}.
     */
    public INDArray logProbability(INDArray x, INDArray eta) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray ed = eta.castTo(DataType.DOUBLE);
        return elementwiseLogProbability(xd, ed).sum(1);
    }

    /** Elementwise log-likelihood terms, in the data type of the arguments. */
    INDArray elementwiseLogProbability(INDArray x, INDArray eta) {
        if (type == Type.BERNOULLI) {
            INDArray softplus = Transforms.log1p(Transforms.exp(Transforms.abs(eta, true).negi(), false), false)
                    .addi(Transforms.relu(eta, true));
            return x.mul(eta).subi(softplus);
        }
        INDArray d = x.sub(eta);
        return d.muli(d).muli(-0.5 / variance).subi(0.5 * Math.log(2 * Math.PI * variance));
    }

    /** d(-log p(x|eta))/d eta, elementwise: {@code sigmoid(eta) - x} or {@code (eta - x) / variance}. */
    INDArray negLogProbabilityGradient(INDArray x, INDArray eta) {
        if (type == Type.BERNOULLI) {
            return Transforms.sigmoid(eta, true).subi(x);
        }
        return eta.sub(x).muli(1.0 / variance);
    }

    @Override
    public String toString() {
        return type == Type.BERNOULLI ? "Bernoulli" : "Gaussian(variance=" + variance + ")";
    }
}
