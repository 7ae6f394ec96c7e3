package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Rbm.LogPartition;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java AIS runs ({@link AisChains}) against closed forms, against the ND4J implementation
 * they replaced ({@link ReferenceAis}) and against themselves on other thread counts.
 */
class AisChainsTest {

    @Test
    void oneTemperatureFromAPointMassIsMinusTheFreeEnergyOfThatState() {
        // Base marginals at the clip, 1 - 1e-6: every run starts at v = 1 (10 units, P(miss) ~ 1e-5), and with
        // one step log Z_A + log w = -F(1) + sum_i softplus(-b_A,i), b_A,i = logit(1 - 1e-6).
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, 3);
        RbmWeights exact = rbm.parameters().toDouble();
        double freeEnergy = exact.freeEnergy(Nd4j.ones(DataType.DOUBLE, 1, 10)).getDouble(0);
        double baseTail = 10 * Math.log1p(1e-6 / (1 - 1e-6));
        LogPartition z = AnnealedImportanceSampling.estimate(rbm.parameters(), Nd4j.ones(DataType.DOUBLE, 10), 8, 1, 4);
        assertEquals(-freeEnergy + baseTail, z.logZ(), 1e-5, z.toString());
        assertEquals(0, z.logWeightStd(), 1e-12, "all runs start in the same state");
        // and from v = 0: log Z_A + log w = sum_j softplus(c_j) + sum_i softplus(b_A,i), b_A,i = logit(1e-6)
        LogPartition z0 = AnnealedImportanceSampling.estimate(rbm.parameters(), Nd4j.zeros(DataType.DOUBLE, 10), 8, 1, 4);
        double c = 0;
        for (double cj : exact.c().toDoubleVector()) {
            c += Math.log1p(Math.exp(cj));
        }
        assertEquals(c + baseTail, z0.logZ(), 1e-5, z0.toString());
    }

    @Test
    void theSeedAloneFixesTheEstimateWhateverTheThreads() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(12, 9, 1.0, 0.5, 5);
        var base = Nd4j.valueArrayOf(new long[] {12}, 0.3, DataType.DOUBLE);
        // 150 runs: blocks of unequal length on every thread count
        LogPartition one = AnnealedImportanceSampling.estimate(rbm.parameters(), base, 150, 50, 11, 1);
        for (int threads : new int[] {2, 3, 7}) {
            LogPartition many = AnnealedImportanceSampling.estimate(rbm.parameters(), base, 150, 50, 11, threads);
            assertEquals(one, many, threads + " threads");
        }
        LogPartition other = AnnealedImportanceSampling.estimate(rbm.parameters(), base, 150, 50, 12, 2);
        assertNotEquals(one.logZ(), other.logZ(), "another seed draws other runs");
    }

    @Test
    void agreesWithTheNd4jImplementationOnAModelTooLargeToEnumerate() {
        // 24 x 24: exact enumeration is refused (min(V, H) > 20); the two implementations estimate the same Z
        RestrictedBoltzmannMachine rbm = TinyRbms.random(24, 24, 0.5, 0.5, 9);
        var base = Nd4j.valueArrayOf(new long[] {24}, 0.4, DataType.DOUBLE);
        LogPartition fast = AnnealedImportanceSampling.estimate(rbm.parameters(), base, 1000, 300, 1);
        LogPartition reference = ReferenceAis.estimate(rbm.parameters(), base, 1000, 300, 1);
        assertTrue(fast.standardError() < 0.05 && reference.standardError() < 0.05, fast + " / " + reference);
        double tolerance = 4 * Math.hypot(fast.standardError(), reference.standardError()) + 0.01;
        assertEquals(reference.logZ(), fast.logZ(), tolerance, fast + " vs reference " + reference);
        assertEquals(reference.logWeightStd(), fast.logWeightStd(), 0.25 * reference.logWeightStd() + 0.01,
                "spread of the log weights");
    }

    @Test
    void theReferenceItselfMatchesExactEnumeration() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, 2);
        RbmAisTest.assertAgrees(rbm.exactLogPartition(),
                ReferenceAis.estimate(rbm.parameters(), Nd4j.valueArrayOf(new long[] {10}, 0.5, DataType.DOUBLE), 1000,
                        300, 2), "ND4J reference, random 10x6 model");
    }

    @Test
    void baseModelTermsMatchTheirDefinition() {
        double[] p = {0.2, 0.5, 0.9};
        AisChains chains = new AisChains(new float[3 * 2], new double[3], new float[2], p, new double[] {0, 1});
        double expected = 2 * Math.log(2) + Math.log(1 / 0.8) + Math.log(2) + Math.log(10);
        assertEquals(expected, chains.logZBase(), 1e-12);
        // a model with no weights and b = b_A is the base model: every weight is exactly 1
        double[] bA = {Math.log(0.25), 0, Math.log(9)};
        double[] logW = new AisChains(new float[6], bA, new float[2], p, AnnealedImportanceSampling.schedule(20))
                .logWeights(5, 3, 2);
        assertArrayEquals(new double[5], logW, 1e-6);
    }
}
