package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Rbm.LogPartition;
import org.junit.jupiter.api.Test;

/**
 * AIS against exact enumeration. Tolerance: the mean importance weight is an unbiased estimate
 * of Z / Z_A, so by the delta method log Ẑ is within a few of its standard errors of log Z;
 * we accept 4 standard errors plus 0.01 nats, and require the standard error itself to be small
 * (so the check has teeth). The standard error is itself estimated from the weights and is too
 * small when their distribution is heavy-tailed: with 100 runs x 1,000 distributions one of these
 * models missed by 2.8 standard errors; 1,000 runs x 300 distributions cost less and stay within
 * about one.
 */
class RbmAisTest {

    static void assertAgrees(double exact, LogPartition ais, String what) {
        assertTrue(ais.standardError() < 0.05, what + ": standard error too large to test anything: " + ais);
        assertEquals(exact, ais.logZ(), 4 * ais.standardError() + 0.01, what + ": " + ais);
        assertTrue(ais.lower() - 0.01 <= exact && exact <= ais.upper() + 0.01, what + ": exact " + exact
                + " outside the +/- 3 standard error interval of " + ais);
    }

    @Test
    void aisAgreesWithExactLogZOnATenBySixModel() {
        for (long seed = 1; seed <= 3; seed++) {
            RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, seed);
            double exact = rbm.exactLogPartition();
            LogPartition ais = rbm.estimateLogPartition(1000, 300, null, seed);
            assertAgrees(exact, ais, "random 10x6 model, seed " + seed);
        }
    }

    @Test
    void aisAgreesOnATrainedModelWithDataBaseRates() {
        RestrictedBoltzmannMachine rbm = TinyRbms.trained(RestrictedBoltzmannMachine.Training.CD);
        var data = TinyRbms.data();
        double exact = rbm.exactLogPartition();
        LogPartition ais = rbm.estimateLogPartition(1000, 300, data.mean(0), 5);
        assertAgrees(exact, ais, "trained 10x6 model");
    }

    @Test
    void moreIntermediateDistributionsShrinkTheSpread() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.5, 1.0, 8);
        LogPartition coarse = rbm.estimateLogPartition(100, 10, null, 1);
        LogPartition fine = rbm.estimateLogPartition(100, 300, null, 1);
        assertTrue(fine.logWeightStd() < coarse.logWeightStd() / 2 && fine.standardError() < coarse.standardError(), coarse + " vs " + fine);
    }

    @Test
    void scheduleFollowsThePaperSpacing() {
        double[] b = AnnealedImportanceSampling.schedule(14_500);
        assertEquals(14_501, b.length);
        assertEquals(0.0, b[0]);
        assertEquals(1.0, b[14_500]);
        assertEquals(1e-3, b[1], 1e-12);
        assertEquals(0.5, b[500], 1e-12);
        assertEquals(0.9, b[4500], 1e-12);
        assertEquals(1e-5, b[14_500] - b[14_499], 1e-12);
        for (int k : new int[] {1, 2, 3, 100}) {
            double[] s = AnnealedImportanceSampling.schedule(k);
            assertEquals(k + 1, s.length);
            assertEquals(1.0, s[k]);
            for (int i = 1; i <= k; i++) {
                assertTrue(s[i] > s[i - 1], "increasing at " + i + " for k = " + k);
            }
        }
    }

    @Test
    void summaryOfKnownWeightsIsTheirLogMeanWithStandardError() {
        // weights 1 and 3: mean 2, sample sd sqrt(2), standard error 1
        LogPartition z = AnnealedImportanceSampling.summarise(5.0, new double[] {0.0, Math.log(3)}, 7);
        assertEquals(5.0 + Math.log(2), z.logZ(), 1e-12);
        assertEquals(0.5, z.standardError(), 1e-12);
        assertEquals(5.0 + Math.log(5), z.upper(), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, z.lower());
        assertEquals(Math.log(3) / Math.sqrt(2), z.logWeightStd(), 1e-12);
    }
}
