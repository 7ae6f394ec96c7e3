package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class KlDivergenceLossTest {

    private static final Logger log = LoggerFactory.getLogger(KlDivergenceLossTest.class);
    private static final IActivation IDENTITY = new ActivationIdentity();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static INDArray meanAndLogVar(int n, int d, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, 2 * d).muli(0.8);
    }

    @Test
    void closedFormMatchesMonteCarloEstimate() {
        int d = 4;
        int samples = 200_000;
        INDArray in = meanAndLogVar(3, d, 11);
        INDArray closed = new KlDivergenceLoss().computeScoreArray(null, in, IDENTITY, null);
        for (int i = 0; i < 3; i++) {
            INDArray mean = in.get(NDArrayIndex.point(i), NDArrayIndex.interval(0, d)).reshape(1, d);
            INDArray logVar = in.get(NDArrayIndex.point(i), NDArrayIndex.interval(d, 2 * d)).reshape(1, d);
            INDArray eps = Nd4j.randn(DataType.DOUBLE, samples, d);
            INDArray z = eps.mulRowVector(org.nd4j.linalg.ops.transforms.Transforms.exp(logVar.mul(0.5)))
                    .addiRowVector(mean);
            // log q(z) - log p(z) per sample; the 2*pi terms cancel.
            INDArray logRatio = z.mul(z).subi(eps.mul(eps)).subiRowVector(logVar).muli(0.5).sum(1);
            double estimate = logRatio.meanNumber().doubleValue();
            double stdErr = logRatio.stdNumber().doubleValue() / Math.sqrt(samples);
            double exact = closed.getDouble(i, 0);
            log.info("KL example {}: closed form {}, Monte Carlo {} +- {}", i, exact, estimate, stdErr);
            assertEquals(exact, estimate, 5 * stdErr, "example " + i);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray in = meanAndLogVar(5, 3, 12);
        INDArray mask = Nd4j.create(new double[][] {{1}, {0}, {1}, {1}, {0.5}});
        for (INDArray m : new INDArray[] {null, mask}) {
            KlDivergenceLoss loss = new KlDivergenceLoss(1.7);
            INDArray analytic = loss.computeGradient(null, in, IDENTITY, m);
            INDArray numeric = FiniteDifferences.gradient(
                    x -> loss.computeScore(null, x, IDENTITY, m, false), in);
            double err = FiniteDifferences.maxRelativeError(analytic, numeric);
            log.info("KL loss gradient max relative error (mask {}): {}", m != null, err);
            assertTrue(err < 1e-5, "relative error " + err);
        }
    }

    @Test
    void scoreIsBetaTimesSumOverExamplesAndAverageDividesByBatch() {
        INDArray in = meanAndLogVar(4, 2, 13);
        KlDivergenceLoss unit = new KlDivergenceLoss();
        KlDivergenceLoss beta = new KlDivergenceLoss(0.25);
        double sum = unit.computeScore(null, in, IDENTITY, null, false);
        assertEquals(unit.computeScoreArray(null, in, IDENTITY, null).sumNumber().doubleValue(), sum, 1e-12);
        assertEquals(sum / 4, unit.computeScore(null, in, IDENTITY, null, true), 1e-12);
        assertEquals(0.25 * sum, beta.computeScore(null, in, IDENTITY, null, false), 1e-12);
        var both = beta.computeGradientAndScore(null, in, IDENTITY, null, true);
        assertEquals(0.25 * sum / 4, both.getFirst(), 1e-12);
        assertEquals(beta.computeGradient(null, in, IDENTITY, null), both.getSecond());
        // Standard normal posterior: KL = 0 and zero gradient.
        INDArray prior = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        assertEquals(0.0, unit.computeScore(null, prior, IDENTITY, null, false), 0.0);
        assertEquals(0.0, unit.computeGradient(null, prior, IDENTITY, null).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void warmUpRampsBetaLinearly() {
        KlDivergenceLoss loss = new KlDivergenceLoss(2.0, 100);
        assertEquals(0.0, loss.effectiveBeta());
        loss.setIteration(25);
        assertEquals(0.5, loss.effectiveBeta(), 1e-12);
        loss.setIteration(100);
        assertEquals(2.0, loss.effectiveBeta());
        loss.setIteration(5000);
        assertEquals(2.0, loss.effectiveBeta());
        assertEquals(1.5, new KlDivergenceLoss(1.5).effectiveBeta());
    }

    @Test
    void jsonRoundTripKeepsBetaScheduleAndIteration() throws Exception {
        KlDivergenceLoss loss = new KlDivergenceLoss(0.5, 40);
        loss.setIteration(7);
        ObjectMapper mapper = org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper();
        String json = mapper.writeValueAsString(loss);
        KlDivergenceLoss back = (KlDivergenceLoss) mapper.readValue(json,
                org.nd4j.linalg.lossfunctions.ILossFunction.class);
        assertEquals(loss, back);
        assertEquals(loss.effectiveBeta(), back.effectiveBeta());
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        var beta = assertThrows(IllegalArgumentException.class, () -> new KlDivergenceLoss(-1));
        assertTrue(beta.getMessage().contains("beta") && beta.getMessage().contains("-1"), beta.getMessage());
        var warm = assertThrows(IllegalArgumentException.class, () -> new KlDivergenceLoss(1, -3));
        assertTrue(warm.getMessage().contains("warmUpIterations") && warm.getMessage().contains("-3"));
        var odd = assertThrows(IllegalArgumentException.class,
                () -> new KlDivergenceLoss().computeScore(null, Nd4j.zeros(DataType.DOUBLE, 2, 3), IDENTITY, null, false));
        assertTrue(odd.getMessage().contains("[2, 3]"), odd.getMessage());
    }

    @Test
    void fusedKlEqualsTheOrdinaryScoreAndGradientWithWarmUp() {
        Nd4j.getRandom().setSeed(4);
        INDArray meanLogVar = Nd4j.randn(DataType.FLOAT, 8, 6).muli(2);
        var kl = new KlDivergenceLoss(0.7, 10);
        kl.setIteration(4); // weight 0.28 during warm-up
        var id = new org.nd4j.linalg.activations.impl.ActivationIdentity();
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 8, 6);
        double expected = kl.computeScore(zeros, meanLogVar, id, null, false);
        INDArray expectedGrad = kl.computeGradient(zeros, meanLogVar, id, null);
        INDArray before = meanLogVar.dup();
        INDArray grad = meanLogVar.ulike();
        double fused = kl.fusedScoreAndGradient(zeros, meanLogVar, id, grad);
        assertEquals(expected, fused, 1e-5 * Math.abs(expected));
        assertEquals(before, meanLogVar);
        double diff = Nd4j.math().abs(grad.sub(expectedGrad)).maxNumber().doubleValue();
        assertTrue(diff < 1e-5, "gradient differs by " + diff);
        assertTrue(Double.isNaN(kl.fusedScoreAndGradient(zeros, meanLogVar, new org.nd4j.linalg.activations.impl.ActivationSigmoid(), grad)));
    }
}
