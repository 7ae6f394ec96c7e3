package dev.genzoo.generative.rbm;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small RBMs and data sets whose distributions can be enumerated, shared by the RBM tests. */
final class TinyRbms {
    private TinyRbms() {
    }

    private static final java.util.Map<RestrictedBoltzmannMachine.Training, RestrictedBoltzmannMachine> TRAINED =
            new java.util.EnumMap<>(RestrictedBoltzmannMachine.Training.class);

    /** The training data of {@link #trained}: 90 noisy copies of three prototypes. */
    static INDArray data() {
        return prototypes(90, 0.05, 4);
    }

    /** The untrained 10 x 6 model that {@link #trained} starts from. */
    static RestrictedBoltzmannMachine untrained(RestrictedBoltzmannMachine.Training training) {
        return RestrictedBoltzmannMachine.create(config(10, 6).withTraining(training, 1).withLearningRate(0.1)
                .withWeightDecay(0));
    }

    /**
     * A 10 x 6 model trained by CD-1 or PCD-1 on {@link #data()} (50 epochs of batch 10, learning
     * rate 0.1), made once per test JVM. Callers must not change it.
     */
    static synchronized RestrictedBoltzmannMachine trained(RestrictedBoltzmannMachine.Training training) {
        return TRAINED.computeIfAbsent(training, t -> {
            RestrictedBoltzmannMachine rbm = untrained(t);
            rbm.fit(data(), 50, 10, 4);
            return rbm;
        });
    }

    /** A V x H model with W ~ N(0, weightStd^2) and biases ~ N(0, biasStd^2), from {@code seed}. */
    static RestrictedBoltzmannMachine random(int visible, int hidden, double weightStd, double biasStd, long seed) {
        RestrictedBoltzmannMachine rbm = RestrictedBoltzmannMachine.create(config(visible, hidden).withSeed(seed));
        Random r = new Random(seed);
        RbmWeights p = rbm.parameters();
        fill(p.w(), r, weightStd);
        fill(p.b(), r, biasStd);
        fill(p.c(), r, biasStd);
        return rbm;
    }

    /** A V x H configuration with AIS settings small enough for tests. */
    static RestrictedBoltzmannMachine.Config config(int visible, int hidden) {
        return RestrictedBoltzmannMachine.Config.defaults().withSizes(visible, hidden).withAis(100, 1000);
    }

    private static void fill(INDArray a, Random r, double std) {
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * r.nextGaussian();
        }
        a.assign(Nd4j.createFromArray(v).reshape(a.shape()).castTo(a.dataType()));
    }

    /**
     * {@code n} binary vectors of length 10, each one of three prototypes with every bit flipped
     * with probability {@code flip}.
     */
    static INDArray prototypes(int n, double flip, long seed) {
        int[][] protos = {
            {1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 1, 1, 1, 1, 1},
            {1, 0, 1, 0, 1, 0, 1, 0, 1, 0}};
        Random r = new Random(seed);
        double[][] x = new double[n][10];
        for (int i = 0; i < n; i++) {
            int[] p = protos[i % protos.length];
            for (int j = 0; j < 10; j++) {
                x[i][j] = r.nextDouble() < flip ? 1 - p[j] : p[j];
            }
        }
        return Nd4j.create(x).castTo(DataType.FLOAT);
    }

    /** Index of each binary row in the enumeration order of {@code exactLogProbabilities} (bit i = unit i). */
    static int[] codes(INDArray states) {
        double[][] s = states.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] codes = new int[s.length];
        for (int r = 0; r < s.length; r++) {
            for (int i = 0; i < s[r].length; i++) {
                codes[r] |= (s[r][i] > 0.5 ? 1 : 0) << i;
            }
        }
        return codes;
    }

    /** Mean exact log p(v) of the rows of {@code data}. */
    static double meanLogLikelihood(RestrictedBoltzmannMachine rbm, INDArray data) {
        double[] logP = rbm.exactLogProbabilities().toDoubleVector();
        double sum = 0;
        int[] codes = codes(data);
        for (int c : codes) {
            sum += logP[c];
        }
        return sum / codes.length;
    }
}
