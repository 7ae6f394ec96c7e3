package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class FusedKernelsTest {

    /** Pre-activations from moderate to far past the clip point (|z| > 11.5 for eps 1e-5). */
    private static INDArray saturating(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray z = Nd4j.randn(DataType.FLOAT, 16, 50).muli(8);
        z.putScalar(0, 0, 40f);
        z.putScalar(0, 1, -40f);
        return z;
    }

    @Test
    void sigmoidBceMatchesDl4jIncludingClippedOutputs() {
        INDArray z = saturating(3);
        INDArray y = Nd4j.rand(DataType.FLOAT, 16, 50);
        y.putScalar(0, 0, 0f);  // confidently wrong: DL4J's clipped gradient, not s - y
        y.putScalar(0, 1, 1f);
        var loss = new LossBinaryXENT();
        var sigmoid = new ActivationSigmoid();
        double expectedScore = loss.computeScore(y, z.dup(), sigmoid, null, false);
        INDArray expectedGrad = loss.computeGradient(y, z.dup(), sigmoid, null);
        INDArray zBefore = z.dup();
        INDArray dz = z.ulike();
        double score = FusedKernels.sigmoidBce(z, y, loss.getClipEps(), dz);
        assertEquals(expectedScore, score, 1e-5 * Math.abs(expectedScore));
        assertEquals(zBefore, z, "z is not modified");
        double maxDiff = Nd4j.math().abs(dz.sub(expectedGrad)).maxNumber().doubleValue();
        double scale = expectedGrad.amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5 * scale, "gradient differs by " + maxDiff + " (scale " + scale + ")");
        // the saturated, wrong pixel keeps DL4J's vanishing clipped gradient (s - y would be ~1)
        assertTrue(Math.abs(dz.getDouble(0, 0)) < 1e-3, "clipped gradient " + dz.getDouble(0, 0));
        // the ND4J-ops version (other data types) computes the same
        INDArray dzOps = z.ulike();
        double scoreOps = FusedKernels.sigmoidBceOps(z, y, loss.getClipEps(), dzOps, z.ulike(), z.ulike(), z.ulike());
        assertEquals(expectedScore, scoreOps, 1e-5 * Math.abs(expectedScore));
        double opsDiff = Nd4j.math().abs(dzOps.sub(expectedGrad)).maxNumber().doubleValue();
        assertTrue(opsDiff <= 1e-5 * scale, "ops gradient differs by " + opsDiff + " (scale " + scale + ")");
        // a strided (non-contiguous) label view gives the same result as its copy
        INDArray wide = Nd4j.rand(DataType.FLOAT, 16, 100);
        INDArray yView = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50));
        double viaView = FusedKernels.sigmoidBce(z, yView, 1e-5, z.ulike());
        double viaCopy = FusedKernels.sigmoidBce(z, yView.dup(), 1e-5, z.ulike());
        assertEquals(viaCopy, viaView, 1e-6 * Math.abs(viaCopy));
    }

    /**
     * The build's tests run with {@code --add-modules jdk.incubator.vector} (surefire's argLine), so
     * the Vector API route is the one tested above; here it is held to the ND4J route that a JVM without
     * the module takes, on saturated logits, a length that is no multiple of the vector width, and a
     * batch long enough to be split across both threads.
     */
    @Test
    void vectorApiRouteMatchesTheNd4jRoute() {
        assertTrue(VectorKernels.Available.YES, "the tests' JVM has jdk.incubator.vector (surefire argLine)");
        for (INDArray z : List.of(saturating(7), saturating(8).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), Nd4j.randn(DataType.FLOAT, 128, 784).muli(6))) {
            z.putScalar(0, 2, 100f);                                   // exp overflows / underflows in float
            z.putScalar(0, 3, -100f);
            INDArray y = Nd4j.rand(DataType.FLOAT, z.shape());
            y.putScalar(0, 0, 0f);
            y.putScalar(0, 1, 1f);
            INDArray dzVec = z.ulike();
            INDArray dzNd4j = z.ulike();
            double vec = FusedKernels.sigmoidBce(z, y, 1e-5, dzVec);
            double nd4j = FusedKernels.sigmoidBceNd4j(z, y, 1e-5, dzNd4j);
            assertEquals(nd4j, vec, 1e-6 * Math.abs(nd4j), "BCE score, length " + z.length());
            double scale = dzNd4j.amaxNumber().doubleValue();
            double diff = dzVec.sub(dzNd4j).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-6 * scale, "BCE gradient differs by " + diff + " (scale " + scale + ")");
            assertFalse(Double.isNaN(vec) || dzVec.isNaN().any(), "no NaN from saturated logits");

            INDArray x = y.gt(0.5).castTo(DataType.FLOAT);
            INDArray gVec = z.ulike();
            INDArray gNd4j = z.ulike();
            double nllVec = FusedKernels.bernoulliLogits(x, z, gVec);
            double nllNd4j = FusedKernels.bernoulliLogitsNd4j(x, z, gNd4j);
            assertEquals(nllNd4j, nllVec, 1e-6 * Math.abs(nllNd4j), "Bernoulli NLL, length " + z.length());
            assertTrue(gVec.sub(gNd4j).amaxNumber().doubleValue() <= 1e-6, "Bernoulli gradient");
        }
    }

    /** Every 97th float between two floats of the same sign, by bit pattern. */
    private static float[] every97thFloat(float from, float to) {
        int a = Math.min(Float.floatToIntBits(from), Float.floatToIntBits(to));
        int b = Math.max(Float.floatToIntBits(from), Float.floatToIntBits(to));
        float[] x = new float[(b - a) / 97];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(a + 97 * i);
        }
        return x;
    }

    /** Distance in units in the last place between two floats of the same sign. */
    private static int ulps(float a, float b) {
        return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /**
     * The Vector API route's own exp and log (polynomials over exactly specified lane operations, so
     * a result cannot change when the JIT compiles the kernel) against {@link Math}, rounded to float:
     * within 2 ulp over their working ranges (every 97th float there), the saturated ends as
     * documented, NaN kept.
     */
    @Test
    void vectorExpAndLogAreWithinTwoUlpOfMath() {
        for (float[] range : new float[][] {{-87f, -1e-30f}, {1e-30f, 88f}}) {
            float[] x = every97thFloat(range[0], range[1]);
            int count = x.length;
            float[] e = new float[count];
            VectorKernels.exp(x, e, count);
            for (int i = 0; i < count; i++) {
                assertTrue(ulps(e[i], (float) Math.exp(x[i])) <= 2, "exp(" + x[i] + ") = " + e[i] + ", Math: "
                        + (float) Math.exp(x[i]));
            }
            assertTrue(count > 1_000_000, "sampled " + count);
        }
        float[] x = every97thFloat(Float.MIN_NORMAL, 1e6f);
        int count = x.length;
        float[] l = new float[count];
        VectorKernels.log(x, l, count);
        for (int i = 0; i < count; i++) {
            float want = (float) Math.log(x[i]);
            assertTrue(ulps(l[i], want) <= 2 || Math.abs(l[i] - want) <= 1e-7f,  // near x = 1, log ~ 0
                    "log(" + x[i] + ") = " + l[i] + ", Math: " + want);
        }
        float[] edge = {89f, 200f, Float.POSITIVE_INFINITY, -104f, -1000f, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, 1f};
        float[] out = new float[edge.length];
        VectorKernels.exp(edge, out, edge.length);
        float[] want = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, 0f, 0f, Float.NaN, 1f, 1f,
            (float) Math.E};
        for (int i = 0; i < edge.length; i++) {
            assertTrue(Float.compare(want[i], out[i]) == 0 || (i >= 7 && ulps(want[i], out[i]) <= 1),
                    "exp(" + edge[i] + ") = " + out[i]);
        }
        float[] nan = {Float.NaN, 0.5f};
        VectorKernels.log(nan, nan, 2);
        assertTrue(Float.isNaN(nan[0]) && ulps(nan[1], (float) Math.log(0.5)) <= 1, "log(NaN), log(0.5)");
    }

    /** A NaN among the logits gives a NaN score and gradient there (the trainers' divergence checks rely on it). */
    @Test
    void vectorRouteKeepsNaN() {
        INDArray z = Nd4j.randn(DataType.FLOAT, 4, 40);
        z.putScalar(1, 3, Float.NaN);
        INDArray y = Nd4j.rand(DataType.FLOAT, 4, 40);
        INDArray dz = z.ulike();
        assertTrue(Double.isNaN(FusedKernels.sigmoidBce(z, y, 1e-5, dz)));
        assertTrue(Double.isNaN(dz.getDouble(1, 3)) && !Double.isNaN(dz.getDouble(0, 0)));
        INDArray g = z.ulike();
        assertTrue(Double.isNaN(FusedKernels.bernoulliLogits(y, z, g)));
        assertTrue(Double.isNaN(g.getDouble(1, 3)) && !Double.isNaN(g.getDouble(0, 0)));
    }

    @Test
    void fusedPiecesApplyOnlyWhereTheyAreExact() {
        var bce = new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(4)
                .activation(Activation.SIGMOID).build();
        assertEquals(1e-5, FusedKernels.sigmoidBceClip(bce), 0.0);
        var weighted = new OutputLayer.Builder(new LossBinaryXENT(Nd4j.ones(4))).nIn(4).nOut(4)
                .activation(Activation.SIGMOID).build();
        assertTrue(Double.isNaN(FusedKernels.sigmoidBceClip(weighted)));
        var mse = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(4)
                .activation(Activation.SIGMOID).build();
        assertTrue(Double.isNaN(FusedKernels.sigmoidBceClip(mse)));
        assertTrue(FusedKernels.isPlainRelu(new ActivationReLU()));
        assertFalse(FusedKernels.isPlainRelu(new ActivationReLU(6.0, 0.0, 0.0)));
    }

    @Test
    void reluBackwardMatchesDl4j() {
        INDArray z = saturating(5);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 16, 50);
        INDArray expected = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();
        assertEquals(expected, FusedKernels.reluBackward(z, eps));
    }

    /** Arrays long enough to have their transforms split across both threads give the same result. */
    @Test
    void splitTransformsOnLargeBatchesMatchDl4j() {
        Nd4j.getRandom().setSeed(12);
        INDArray z = Nd4j.randn(DataType.FLOAT, 128, 784).muli(6);
        assertTrue(z.length() >= FusedKernels.SPLIT_LENGTH);
        INDArray y = Nd4j.rand(DataType.FLOAT, 128, 784);
        var loss = new LossBinaryXENT();
        var sigmoid = new ActivationSigmoid();
        double expected = loss.computeScore(y, z.dup(), sigmoid, null, false);
        INDArray expectedGrad = loss.computeGradient(y, z.dup(), sigmoid, null);
        INDArray dz = z.ulike();
        double score = FusedKernels.sigmoidBce(z, y, loss.getClipEps(), dz);
        assertEquals(expected, score, 1e-5 * Math.abs(expected));
        assertTrue(dz.sub(expectedGrad).amaxNumber().doubleValue() <= 1e-5 * expectedGrad.amaxNumber().doubleValue());
        // Bernoulli on logits: -sum x log s + (1 - x) log(1 - s), and s - x
        INDArray x = y.gt(0.5).castTo(DataType.FLOAT);
        INDArray g = z.ulike();
        double nll = FusedKernels.bernoulliLogits(x, z, g);
        INDArray s = Transforms.sigmoid(z.castTo(DataType.DOUBLE), true);
        double expectedNll = -x.castTo(DataType.DOUBLE).mul(Transforms.log(s, true)).add(
                x.castTo(DataType.DOUBLE).rsub(1).mul(Transforms.log(s.rsub(1), true))).sumNumber().doubleValue();
        assertEquals(expectedNll, nll, 1e-4 * Math.abs(expectedNll));
        assertTrue(g.castTo(DataType.DOUBLE).sub(s.sub(x.castTo(DataType.DOUBLE))).amaxNumber().doubleValue() < 1e-5);
    }

    @Test
    void biasReluAndColumnSumsMatchNd4j() {
        INDArray z = saturating(6);
        INDArray b = Nd4j.randn(DataType.FLOAT, 1, 50);
        INDArray expectedZ = z.addRowVector(b);
        INDArray expectedA = new ActivationReLU().getActivation(expectedZ.dup(), true);
        INDArray a = z.ulike();
        assertTrue(FusedKernels.addBiasRelu(z, b, a));
        assertEquals(expectedZ, z);
        assertEquals(expectedA, a);
        INDArray sums = Nd4j.zeros(DataType.FLOAT, 1, 50);
        assertTrue(FusedKernels.columnSums(z, sums));
        double diff = sums.sub(z.sum(true, 0)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * z.sum(true, 0).amaxNumber().doubleValue() + 1e-5, "column sums differ by " + diff);
        // a view that is not contiguous is left to ND4J
        assertFalse(FusedKernels.columnSums(z.transpose(), Nd4j.zeros(DataType.FLOAT, 1, 16)));
        assertFalse(FusedKernels.addBiasRelu(z.castTo(DataType.DOUBLE), b, null));
    }

    private static ComputationGraph net(double lr) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(lr))
                .graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(20).nOut(30).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(30).nOut(20)
                        .activation(Activation.SIGMOID).build(), "h")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void fusedAdamKeepsDl4jStateAndResumesUnderFit() {
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 20);
        ComputationGraph slow = net(1e-2);
        ComputationGraph fast = net(1e-2);
        var trainer = FastGraphTrainer.of(fast).orElseThrow();
        for (int i = 0; i < 40; i++) {
            slow.fit(new DataSet(x, x));
            trainer.fit(new DataSet(x, x));
        }
        assertTrue(Nd4j.math().abs(slow.params().sub(fast.params())).maxNumber().doubleValue() < 1e-4);
        INDArray slowState = slow.getUpdater().getStateViewArray();
        INDArray fastState = fast.getUpdater().getStateViewArray();
        assertTrue(Nd4j.math().abs(slowState.sub(fastState)).maxNumber().doubleValue() < 1e-5,
                "Adam's m and v live in DL4J's updater state");
        // ...so DL4J's own fit carries on from them: both graphs take the same next 10 steps
        for (int i = 0; i < 10; i++) {
            slow.fit(new DataSet(x, x));
            fast.fit(new DataSet(x, x));
        }
        assertTrue(Nd4j.math().abs(slow.params().sub(fast.params())).maxNumber().doubleValue() < 2e-4);
    }

    @Test
    void aFailingBatchIsRethrownNotAHang() {
        ComputationGraph g = net(1e-3);
        var trainer = FastGraphTrainer.of(g).orElseThrow();
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batches.add(new DataSet(Nd4j.rand(DataType.FLOAT, 4, 20), Nd4j.rand(DataType.FLOAT, 4, 20)));
        }
        var failing = new org.nd4j.linalg.dataset.api.iterator.DataSetIterator() {
            private int served;

            @Override
            public DataSet next() {
                if (++served == 3) {
                    throw new IllegalArgumentException("batch 3 holds NaN");
                }
                return batches.get(served - 1);
            }

            @Override
            public DataSet next(int num) {
                return next();
            }

            @Override
            public boolean hasNext() {
                return served < batches.size();
            }

            @Override
            public void reset() {
                served = 0;
            }

            @Override
            public boolean asyncSupported() {
                return true;
            }

            @Override
            public boolean resetSupported() {
                return true;
            }

            @Override
            public int inputColumns() {
                return 20;
            }

            @Override
            public int totalOutcomes() {
                return 20;
            }

            @Override
            public int batch() {
                return 4;
            }

            @Override
            public void setPreProcessor(org.nd4j.linalg.dataset.api.DataSetPreProcessor p) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.nd4j.linalg.dataset.api.DataSetPreProcessor getPreProcessor() {
                return null;
            }

            @Override
            public List<String> getLabels() {
                return null;
            }
        };
        var e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalArgumentException.class, () -> trainer.fit(failing, 1)));
        assertEquals("batch 3 holds NaN", e.getMessage());
        assertEquals(2, g.getIterationCount(), "the two good batches were trained on");
    }

    @Test
    void prefetchServesEveryItemInOrder() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(i);
        }
        List<Integer> seen = new ArrayList<>();
        try (var p = new Prefetch<>(items.iterator(), 2, "test")) {
            p.forEachRemaining(seen::add);
        }
        assertEquals(items, seen);
        var empty = new Prefetch<>(List.<Integer>of().iterator(), 2, "test");
        assertFalse(empty.hasNext());
        assertThrows(java.util.NoSuchElementException.class, empty::next);
        empty.close();
    }
}
