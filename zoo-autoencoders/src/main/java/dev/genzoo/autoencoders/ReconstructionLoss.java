package dev.genzoo.autoencoders;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Reconstruction loss chosen by data type (Goodfellow et al., Deep Learning, 14.1 and 6.2.2):
 * binary or [0,1] data is modelled as Bernoulli, giving binary cross-entropy on a sigmoid output;
 * real-valued data as Gaussian, giving squared error on a linear output. Both are summed over the
 * values of one example; DL4J averages over the minibatch.
 */
public enum ReconstructionLoss {
    /** Binary cross-entropy with a sigmoid output: for binary or [0,1] data (MNIST, Fashion-MNIST). */
    BCE(Activation.SIGMOID, LossFunction.XENT),
    /** Squared error with a linear output: for unbounded real values. */
    MSE(Activation.IDENTITY, LossFunction.MSE),
    /** Squared error with a sigmoid output: real values known to lie in [0,1]. */
    MSE_SIGMOID(Activation.SIGMOID, LossFunction.MSE);

    private static final double EPS = 1e-7;
    private final Activation outputActivation;
    private final LossFunction dl4jLoss;

    ReconstructionLoss(Activation outputActivation, LossFunction dl4jLoss) {
        this.outputActivation = outputActivation;
        this.dl4jLoss = dl4jLoss;
    }

    public Activation outputActivation() {
        return outputActivation;
    }

    public LossFunction dl4jLoss() {
        return dl4jLoss;
    }

    /**
     * Loss per example, summed over its values: BCE in nats, or the sum of squared errors.
     * {@code x} and {@code r} have the same shape [n, ...].
     */
    public INDArray perExample(INDArray x, INDArray r) {
        long n = x.size(0);
        INDArray xf = x.reshape('c', n, x.length() / n);
        INDArray rf = r.reshape('c', n, r.length() / n);
        if (this == BCE) {
            INDArray rc = Transforms.max(Transforms.min(rf, 1 - EPS, true), EPS, false);
            INDArray ll = xf.mul(Transforms.log(rc, true)).addi(xf.rsub(1.0).muli(Transforms.log(rc.rsub(1.0), false)));
            return ll.sum(1).negi();
        }
        // DL4J's MSE loss is the mean over the values of an example; the per-example error reported is the sum.
        INDArray d = xf.sub(rf);
        return d.muli(d).sum(1);
    }
}
