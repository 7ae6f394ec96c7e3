package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Free energy, conditionals and exact log Z of tiny RBMs against brute-force sums over (v, h). */
class RbmExactTest {

    /** -log sum_h exp(-E(v, h)) with E(v, h) = -b'v - c'h - v'Wh, summed term by term. */
    static double bruteFreeEnergy(double[][] w, double[] b, double[] c, double[] v) {
        int hidden = c.length;
        double[] terms = new double[1 << hidden];
        for (int code = 0; code < terms.length; code++) {
            terms[code] = -energy(w, b, c, v, bits(code, hidden));
        }
        return -ExactPartition.logSumExp(terms);
    }

    static double energy(double[][] w, double[] b, double[] c, double[] v, double[] h) {
        double e = 0;
        for (int i = 0; i < v.length; i++) {
            e -= b[i] * v[i];
            for (int j = 0; j < h.length; j++) {
                e -= v[i] * w[i][j] * h[j];
            }
        }
        for (int j = 0; j < h.length; j++) {
            e -= c[j] * h[j];
        }
        return e;
    }

    static double[] bits(int code, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = (code >> i) & 1;
        }
        return s;
    }

    /** log Z by summing exp(-E) over every (v, h) pair. */
    static double bruteLogZ(RestrictedBoltzmannMachine rbm) {
        RbmWeights p = rbm.parameters().toDouble();
        double[][] w = p.w().toDoubleMatrix();
        double[] b = p.b().toDoubleVector();
        double[] c = p.c().toDoubleVector();
        int v = b.length;
        int h = c.length;
        double[] terms = new double[1 << (v + h)];
        for (int code = 0; code < terms.length; code++) {
            terms[code] = -energy(w, b, c, bits(code & ((1 << v) - 1), v), bits(code >> v, h));
        }
        return ExactPartition.logSumExp(terms);
    }

    @Test
    void freeEnergyMatchesTheBruteForceSumOverHiddenStates() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, 3);
        RbmWeights p = rbm.parameters().toDouble();
        INDArray v = ExactPartition.states(10, 0, 1024);
        double[] f = rbm.freeEnergy(v).toDoubleVector();
        double[][] vs = v.toDoubleMatrix();
        for (int i = 0; i < vs.length; i++) {
            double expected = bruteFreeEnergy(p.w().toDoubleMatrix(), p.b().toDoubleVector(), p.c().toDoubleVector(),
                    vs[i]);
            assertEquals(expected, f[i], 1e-10 * Math.max(1, Math.abs(expected)), "F(v) of state " + i);
        }
    }

    @Test
    void freeEnergyDoesNotOverflowForLargeFields() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(4, 3, 400.0, 0.0, 5);
        double[] f = rbm.freeEnergy(Nd4j.ones(DataType.FLOAT, 2, 4)).toDoubleVector();
        assertTrue(Double.isFinite(f[0]) && Double.isFinite(f[1]), java.util.Arrays.toString(f));
    }

    @Test
    void exactLogPartitionMatchesTheSumOverAllStates() {
        for (int[] size : new int[][] {{10, 6}, {6, 10}, {7, 7}}) {
            RestrictedBoltzmannMachine rbm = TinyRbms.random(size[0], size[1], 1.0, 0.5, 11);
            assertEquals(bruteLogZ(rbm), rbm.exactLogPartition(), 1e-9, size[0] + "x" + size[1]);
        }
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 0.5, 11);
        double total = 0;
        for (double lp : rbm.exactLogProbabilities().toDoubleVector()) {
            total += Math.exp(lp);
        }
        assertEquals(1.0, total, 1e-12, "exact p(v) sums to one");
    }

    @Test
    void conditionalsAreSigmoidsOfTheFields() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, 7);
        RbmWeights p = rbm.parameters().toDouble();
        double[][] w = p.w().toDoubleMatrix();
        double[] b = p.b().toDoubleVector();
        double[] c = p.c().toDoubleVector();
        INDArray v = TinyRbms.prototypes(5, 0.2, 1);
        double[][] ph = rbm.hiddenProbabilities(v).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] vs = v.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int n = 0; n < vs.length; n++) {
            for (int j = 0; j < c.length; j++) {
                double a = c[j];
                for (int i = 0; i < b.length; i++) {
                    a += vs[n][i] * w[i][j];
                }
                assertEquals(1 / (1 + Math.exp(-a)), ph[n][j], 1e-6);
            }
        }
        INDArray h = Nd4j.createFromArray(new float[][] {{1, 0, 1, 1, 0, 0}});
        double[] pv = rbm.visibleProbabilities(h).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < b.length; i++) {
            double a = b[i] + w[i][0] + w[i][2] + w[i][3];
            assertEquals(1 / (1 + Math.exp(-a)), pv[i], 1e-6);
        }
    }

    @Test
    void theDl4jGraphOutputsAreTheConditionals() {
        RestrictedBoltzmannMachine rbm = TinyRbms.random(10, 6, 1.0, 1.0, 9);
        INDArray v = TinyRbms.prototypes(4, 0.2, 2);
        INDArray h = rbm.hiddenProbabilities(v);
        INDArray field = h.mmul(rbm.parameters().w().transpose());
        INDArray[] out = rbm.graph().output(v, field);
        assertArrayEquals(h.ravel().toDoubleVector(), out[0].ravel().toDoubleVector(), 1e-6);
        assertArrayEquals(rbm.visibleProbabilities(h).ravel().toDoubleVector(), out[1].ravel().toDoubleVector(), 1e-6);
    }

    @Test
    void enumerationRefusesLargeModelsAndNamesTheAlternative() {
        RestrictedBoltzmannMachine rbm = RestrictedBoltzmannMachine.create(TinyRbms.config(30, 25));
        IllegalStateException e = assertThrows(IllegalStateException.class, rbm::exactLogPartition);
        assertTrue(e.getMessage().contains("AIS"), e.getMessage());
        assertThrows(IllegalStateException.class, RestrictedBoltzmannMachine.create(TinyRbms.config(21, 3))
                ::exactLogProbabilities);
    }
}
