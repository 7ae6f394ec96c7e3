package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The K+1-class discriminator ({@link ConditionalMlpGan.Conditioning#CLASSES}): the engine follows
 * DL4J's route step by step, and on the ring of 8 Gaussians with the mode as the class, G learns to
 * put the samples asked for class k at mode k.
 */
class ClassConditioningTest {
    private static ConditionalMlpGan.Config ring(long seed) {
        return new ConditionalMlpGan.Config(2, ToyDistributions.MODES, 4, List.of(64, 64), List.of(64, 64),
                GanLoss.NON_SATURATING, 1.0, 1e-3, 1e-3, seed, ConditionalMlpGan.Conditioning.CLASSES);
    }

    /** n points of the ring with their mode as a one-hot class. */
    private static DataSet ringBatch(Random r, int n) {
        float[][] x = new float[n][2];
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, ToyDistributions.MODES);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(ToyDistributions.MODES);
            double[] m = ToyDistributions.mode(k);
            x[i][0] = (float) (m[0] + ToyDistributions.SIGMA * r.nextGaussian());
            x[i][1] = (float) (m[1] + ToyDistributions.SIGMA * r.nextGaussian());
            labels.putScalar(i, k, 1f);
        }
        return new DataSet(Nd4j.create(x), labels);
    }

    @Test
    void theDiscriminatorHasOneOutputPerClassAndOneForGenerated() {
        ConditionalMlpGan gan = ConditionalMlpGan.create(ring(1));
        assertTrue(GanTrainer.classOutput(gan.discriminator(), ToyDistributions.MODES));
        assertFalse(GanTrainer.classOutput(ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults())
                .discriminator(), 10));
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2);
        INDArray p = gan.classProbabilities(x);
        assertArrayEquals(new long[] {5, 9}, p.shape());
        INDArray real = gan.discriminate(x, gan.oneHot(0, 1, 2, 3, 4));
        for (int i = 0; i < 5; i++) {
            assertEquals(1 - p.getDouble(i, 8), real.getDouble(i, 0), 1e-6);
        }
        assertTrue(assertThrows(IllegalStateException.class, () -> ConditionalMlpGan.create(
                ConditionalMlpGan.Config.defaults()).classProbabilities(Nd4j.zeros(1, 784))).getMessage()
                .contains("CONCAT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConditionalMlpGan.Config(2,
                8, 4, List.of(8), List.of(8), GanLoss.NON_SATURATING, 0.9, 1e-3, 1e-3, 1,
                ConditionalMlpGan.Conditioning.CLASSES));
        assertTrue(e.getMessage().contains("realLabel"), e.getMessage());
    }

    @Test
    void theEngineFollowsDl4jsRoute() {
        ConditionalMlpGan fast = ConditionalMlpGan.create(ring(3));
        ConditionalMlpGan slow = ConditionalMlpGan.create(ring(3));
        assertTrue(fast.trainer().usesFastPath());
        assertFalse(slow.trainer().fastPath(false).usesFastPath());
        Random r = new Random(5);
        for (int i = 0; i < 5; i++) {
            DataSet batch = ringBatch(r, 32);
            IterationStats a = fast.trainer().step(batch);
            IterationStats b = slow.trainer().step(batch);
            String at = " at iteration " + (i + 1);
            assertEquals(b.discriminatorLoss(), a.discriminatorLoss(), 1e-4, "D loss" + at);
            assertEquals(b.generatorLoss(), a.generatorLoss(), 1e-4, "G loss" + at);
            assertEquals(b.dReal(), a.dReal(), 1e-5, "D(real)" + at);
            assertEquals(b.dFake(), a.dFake(), 1e-5, "D(fake)" + at);
        }
        double diff = slow.generator().params().sub(fast.generator().params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "G's parameters differ by " + diff);
    }

    @Test
    void samplesLandInTheModeTheirClassAsksFor() {
        ConditionalMlpGan gan = ConditionalMlpGan.create(ring(7));
        Random r = new Random(11);
        double before = shareAtAskedMode(gan);
        for (int i = 0; i < 1500; i++) {
            gan.trainer().step(ringBatch(r, 64));
        }
        double after = shareAtAskedMode(gan);
        assertTrue(after > 0.9 && after > before + 0.5, "share of samples nearest the mode asked for: " + before
                + " -> " + after);
    }

    /** Share of 800 samples (100 per class) whose nearest mode is the one their class asks for. */
    private static double shareAtAskedMode(ConditionalMlpGan gan) {
        int[] classes = new int[800];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = i % ToyDistributions.MODES;
        }
        double[][] s = gan.generate(gan.oneHot(classes), 99).toDoubleMatrix();
        int hits = 0;
        for (int i = 0; i < s.length; i++) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int k = 0; k < ToyDistributions.MODES; k++) {
                double[] m = ToyDistributions.mode(k);
                double d = Math.hypot(s[i][0] - m[0], s[i][1] - m[1]);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            hits += best == classes[i] ? 1 : 0;
        }
        return (double) hits / s.length;
    }
}
