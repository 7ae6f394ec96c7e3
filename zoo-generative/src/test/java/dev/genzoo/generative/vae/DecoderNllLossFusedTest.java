package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DecoderNllLossFusedTest {

    @Test
    void fusedBernoulliEqualsTheOrdinaryScoreAndGradient() {
        Nd4j.getRandom().setSeed(9);
        INDArray eta = Nd4j.randn(DataType.FLOAT, 12, 40).muli(10);
        eta.putScalar(0, 0, 120f);   // far past where exp overflows a float
        eta.putScalar(0, 1, -120f);
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 40);
        var loss = new DecoderNllLoss(DecoderDistribution.BERNOULLI);
        var id = new ActivationIdentity();
        double expected = loss.computeScore(x, eta, id, null, false);
        INDArray expectedGrad = loss.computeGradient(x, eta, id, null);
        INDArray etaBefore = eta.dup();
        INDArray grad = eta.ulike();
        double fused = loss.fusedScoreAndGradient(x, eta, id, grad);
        assertEquals(expected, fused, 1e-5 * Math.abs(expected));
        assertEquals(etaBefore, eta);
        double diff = Nd4j.math().abs(grad.sub(expectedGrad)).maxNumber().doubleValue();
        assertTrue(diff < 1e-6, "gradient differs by " + diff);
        // not fusable: another activation or the Gaussian decoder fall back to the ordinary path
        assertTrue(Double.isNaN(loss.fusedScoreAndGradient(x, eta, new ActivationSigmoid(), grad)));
        assertTrue(Double.isNaN(new DecoderNllLoss(DecoderDistribution.gaussian(0.1))
                .fusedScoreAndGradient(x, eta, id, grad)));
    }
}
