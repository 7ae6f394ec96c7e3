package dev.genzoo.generative.rbm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.generative.rbm.RestrictedBoltzmannMachine.Training;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Learning and sampling, judged by the exact distribution of a 10 x 6 RBM. */
class RbmLearningTest {

    @Test
    void cd1RaisesTheExactLogLikelihood() {
        INDArray data = TinyRbms.data();
        double before = TinyRbms.meanLogLikelihood(TinyRbms.untrained(Training.CD), data);
        double after = TinyRbms.meanLogLikelihood(TinyRbms.trained(Training.CD), data);
        // before: about -10 log 2 = -6.93 (small weights); three prototypes with 5% noise allow about -3.5
        assertTrue(after > before + 2, "CD-1: mean log p(v) " + before + " -> " + after);
    }

    @Test
    void pcdRaisesTheExactLogLikelihood() {
        INDArray data = TinyRbms.data();
        double before = TinyRbms.meanLogLikelihood(TinyRbms.untrained(Training.PCD), data);
        double after = TinyRbms.meanLogLikelihood(TinyRbms.trained(Training.PCD), data);
        assertTrue(after > before + 2, "PCD-1: mean log p(v) " + before + " -> " + after);
    }

    @Test
    void reconstructionErrorFallsDuringTraining() {
        RestrictedBoltzmannMachine rbm = TinyRbms.untrained(Training.CD);
        TrainingReport report = rbm.fit(TinyRbms.data(), 10, 10, 4);
        var loss = report.epochLoss();
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), "reconstruction error per epoch: " + loss);
        assertTrue(report.steps() == 90, "9 batches of 10 per epoch: " + report.steps());
    }

    /**
     * Gibbs chains of a trained model against its exact distribution over the 1,024 visible
     * states. Reference: the total variation of as many independent exact draws (finite-sample
     * noise alone); the chains must come within 1.5 times that plus 0.02, and their starting
     * states (0 steps) must not.
     */
    @Test
    void gibbsSamplesMatchTheExactDistribution() {
        RestrictedBoltzmannMachine rbm = TinyRbms.trained(Training.CD);
        double[] p = rbm.exactLogProbabilities().toDoubleVector();
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(p[i]);
        }
        int chains = 20_000;
        double[] gibbs = new double[p.length];
        double[] start = new double[p.length];
        count(gibbs, rbm.sampleStates(chains, 100, 100));
        count(start, rbm.sampleStates(chains, 0, 100));
        double[] iid = exactDraws(p, chains, new Random(1));
        double tvGibbs = totalVariation(p, gibbs);
        double tvIid = totalVariation(p, iid);
        double tvStart = totalVariation(p, start);
        String report = "TV gibbs " + tvGibbs + ", iid exact draws " + tvIid + ", start " + tvStart;
        assertTrue(tvGibbs < 1.5 * tvIid + 0.02, report);
        assertTrue(tvStart > 3 * tvIid, report);
    }

    static void count(double[] hist, INDArray states) {
        for (int c : TinyRbms.codes(states)) {
            hist[c]++;
        }
    }

    static double[] exactDraws(double[] p, int n, Random r) {
        double[] hist = new double[p.length];
        for (int s = 0; s < n; s++) {
            double u = r.nextDouble();
            int i = 0;
            while (i < p.length - 1 && (u -= p[i]) > 0) {
                i++;
            }
            hist[i]++;
        }
        return hist;
    }

    static double totalVariation(double[] p, double[] hist) {
        double n = 0;
        for (double h : hist) {
            n += h;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += Math.abs(hist[i] / n - p[i]);
        }
        return tv / 2;
    }
}
