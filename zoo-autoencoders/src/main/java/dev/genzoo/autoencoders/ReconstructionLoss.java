package dev.genzoo.autoencoders;

import dev.genzoo.core.eval.Reconstruction;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

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
        return this == BCE ? Reconstruction.bce(x, r) : Reconstruction.sse(x, r);
    }
}
