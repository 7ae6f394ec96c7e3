package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

class ImageDataSetIteratorTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);

    @Test
    void bundledSubsetsHaveTheDocumentedSizeAndLabels() {
        for (DatasetId id : DatasetId.values()) {
            ImageDataset d = Datasets.bundled(id);
            assertEquals(1000, d.size());
            assertEquals(28, d.height());
            assertEquals(10, d.numClasses());
        }
        // the first MNIST test digits are 7, 2, 1, 0, 4
        assertArrayEquals(new int[] {7, 2, 1, 0, 4},
                new int[] {MNIST.label(0), MNIST.label(1), MNIST.label(2), MNIST.label(3), MNIST.label(4)});
    }

    @Test
    void flatUnitScaleShapesAndRange() {
        ImageDataSetIterator it = MNIST.batch(64).iterator();
        DataSet ds = it.next();
        assertArrayEquals(new long[] {64, 784}, ds.getFeatures().shape());
        assertEquals(ds.getFeatures(), ds.getLabels());
        assertEquals(0.0, ds.getFeatures().minNumber().doubleValue(), 0);
        assertEquals(1.0, ds.getFeatures().maxNumber().doubleValue(), 0);
        assertEquals(MNIST.pixel(0, 300) / 255.0, ds.getFeatures().getDouble(0, 300), 1e-6);
        assertEquals(784, it.inputColumns());
    }

    @Test
    void symmetricScaleAndImageLayout() {
        DataSet ds = MNIST.batch(10).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).iterator().next();
        assertArrayEquals(new long[] {10, 1, 28, 28}, ds.getFeatures().shape());
        assertEquals(-1.0, ds.getFeatures().minNumber().doubleValue(), 0);
        assertEquals(1.0, ds.getFeatures().maxNumber().doubleValue(), 0);
        int row = 300 / 28;
        int col = 300 % 28;
        assertEquals(MNIST.pixel(0, 300) / 127.5 - 1, ds.getFeatures().getDouble(0, 0, row, col), 1e-6);
    }

    @Test
    void oneHotLabels() {
        ImageDataSetIterator it = MNIST.batch(5).target(Target.LABELS).iterator();
        DataSet ds = it.next();
        assertArrayEquals(new long[] {5, 10}, ds.getLabels().shape());
        assertEquals(5.0, ds.getLabels().sumNumber().doubleValue(), 0);
        assertEquals(1.0, ds.getLabels().getDouble(0, 7), 0);
        assertEquals(1.0, ds.getLabels().getDouble(1, 2), 0);
        assertEquals(10, it.totalOutcomes());
        assertEquals(10, it.getLabels().size());
    }

    @Test
    void epochCoversAllImagesWithAPartialLastBatchOrDropsIt() {
        ImageDataSetIterator it = MNIST.batch(300).iterator();
        int seen = 0;
        int batches = 0;
        while (it.hasNext()) {
            seen += it.next().numExamples();
            batches++;
        }
        assertEquals(1000, seen);
        assertEquals(4, batches);
        assertEquals(4, it.batchesPerEpoch());
        ImageDataSetIterator dropped = MNIST.batch(300).dropLast(true).iterator();
        int n = 0;
        while (dropped.hasNext()) {
            assertEquals(300, dropped.next().numExamples());
            n++;
        }
        assertEquals(3, n);
        assertThrows(java.util.NoSuchElementException.class, dropped::next);
    }

    @Test
    void limitAndOneClassSubset() {
        ImageDataSetIterator it = MNIST.batch(1000).limit(123).iterator();
        assertEquals(123, it.next().numExamples());
        assertFalse(it.hasNext());
        DataSet sevens = MNIST.batch(1000).onlyClass(7).target(Target.LABELS).iterator().next();
        assertEquals(MNIST.indicesOf(7).length, sevens.numExamples());
        assertEquals(sevens.numExamples(), sevens.getLabels().getColumn(7).sumNumber().intValue());
        assertThrows(IllegalArgumentException.class, () -> MNIST.batch(10).onlyClass(10));
        assertThrows(IllegalArgumentException.class, () -> MNIST.batch(0));
    }

    @Test
    void shuffleIsAPermutationReproducibleBySeedAndNewEachEpoch() {
        INDArray a = MNIST.batch(1000).shuffle(1).target(Target.LABELS).iterator().next().getLabels();
        INDArray b = MNIST.batch(1000).shuffle(1).target(Target.LABELS).iterator().next().getLabels();
        INDArray plain = MNIST.batch(1000).target(Target.LABELS).iterator().next().getLabels();
        assertEquals(a, b);
        assertNotEquals(a, plain);
        assertEquals(plain.sum(0), a.sum(0), "same class counts: a permutation");
        ImageDataSetIterator it = MNIST.batch(1000).shuffle(1).iterator();
        INDArray e0 = it.next().getFeatures().dup();
        it.reset();
        assertEquals(1, it.epoch());
        INDArray e1 = it.next().getFeatures();
        assertNotEquals(e0, e1);
        assertEquals(e0.sumNumber().doubleValue(), e1.sumNumber().doubleValue(), 1.0);
    }

    @Test
    void positionResumesExactly() {
        ImageDataSetIterator a = MNIST.batch(100).shuffle(3).noise(Noise.gaussian(0.2)).iterator();
        a.next();
        a.next();
        a.reset();
        a.next();
        INDArray expected = a.next().getFeatures();
        ImageDataSetIterator b = MNIST.batch(100).shuffle(3).noise(Noise.gaussian(0.2)).iterator();
        b.position(1, 1);
        assertEquals(expected, b.next().getFeatures());
    }

    @Test
    void thresholdBinarizationGivesOnlyTwoValues() {
        INDArray x = MNIST.batch(100).binarize(Binarization.THRESHOLD).scale(Scale.SYMMETRIC).iterator().next()
                .getFeatures();
        assertEquals(784 * 100, x.cond(Conditions.equals(-1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().intValue() + x.cond(Conditions.equals(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().intValue());
        assertEquals(MNIST.pixel(0, 300) > 127 ? 1.0 : -1.0, x.getDouble(0, 300), 0);
    }

    @Test
    void stochasticBinarizationMatchesIntensityStaticIsFixedDynamicIsNot() {
        double meanIntensity = MNIST.batch(1000).iterator().next().getFeatures().meanNumber().doubleValue();
        ImageDataSetIterator st = MNIST.batch(1000).binarize(Binarization.STATIC).iterator();
        INDArray s0 = st.next().getFeatures().dup();
        st.reset();
        INDArray s1 = st.next().getFeatures();
        assertEquals(s0, s1, "static binarization is the same every epoch");
        ImageDataSetIterator dy = MNIST.batch(1000).binarize(Binarization.DYNAMIC).iterator();
        INDArray d0 = dy.next().getFeatures().dup();
        dy.reset();
        INDArray d1 = dy.next().getFeatures();
        assertNotEquals(d0, d1, "dynamic binarization draws anew");
        for (INDArray b : new INDArray[] {s0, d0, d1}) {
            Set<Double> values = new HashSet<>();
            for (double v : b.data().asDouble()) {
                values.add(v);
            }
            assertEquals(Set.of(0.0, 1.0), values);
            // E[bernoulli(p)] = p: 784,000 draws, standard error < 0.0006
            assertEquals(meanIntensity, b.meanNumber().doubleValue(), 0.003);
        }
    }

    @Test
    void gaussianNoiseHasTheRequestedSigmaAndTheTargetStaysClean() {
        DataSet ds = MNIST.batch(500).noise(Noise.gaussian(0.3)).iterator().next();
        INDArray clean = MNIST.batch(500).iterator().next().getFeatures();
        assertEquals(clean, ds.getLabels());
        INDArray diff = ds.getFeatures().sub(ds.getLabels());
        assertEquals(0.0, diff.meanNumber().doubleValue(), 0.002);
        assertEquals(0.3, diff.stdNumber().doubleValue(), 0.003);
    }

    @Test
    void maskingZeroesTheRequestedFraction() {
        DataSet ds = MNIST.batch(1000).noise(Noise.masking(0.5)).iterator().next();
        INDArray clean = ds.getLabels();
        INDArray noisy = ds.getFeatures();
        double[] c = clean.data().asDouble();
        double[] z = noisy.data().asDouble();
        long on = 0;
        long zeroed = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] > 0) {
                on++;
                if (z[i] == 0) {
                    zeroed++;
                }
            }
        }
        assertEquals(0.5, (double) zeroed / on, 0.01);
        assertTrue(noisy.sub(clean).maxNumber().doubleValue() <= 0, "masking only removes ink");
    }

    @Test
    void saltAndPepperSetsTheRequestedFractionToTheExtremesInEqualParts() {
        float lo = -1f;
        ImageDataSetIterator it = MNIST.batch(1000).scale(Scale.SYMMETRIC).noise(Noise.saltPepper(0.2)).iterator();
        DataSet ds = it.next();
        double[] noisy = ds.getFeatures().data().asDouble();
        double[] clean = ds.getLabels().data().asDouble();
        long changedToHi = 0;
        long changedToLo = 0;
        long hiBefore = 0;
        long loBefore = 0;
        for (int i = 0; i < noisy.length; i++) {
            if (clean[i] == lo) {
                loBefore++;
                if (noisy[i] == 1) {
                    changedToHi++;
                }
            } else {
                hiBefore++;
                if (noisy[i] == lo) {
                    changedToLo++;
                }
            }
        }
        // a background pixel turns white with probability p/2, an inked one black with p/2
        assertEquals(0.1, (double) changedToHi / loBefore, 0.005);
        assertEquals(0.1, (double) changedToLo / hiBefore, 0.01);
    }

    @Test
    void noiseSpecsParseAndBadOnesAreExplained() {
        assertEquals(Noise.gaussian(0.3), Noise.parse("gaussian:0.3"));
        assertEquals(Noise.masking(0.5), Noise.parse("masking:0.5"));
        assertEquals(Noise.saltPepper(0.2), Noise.parse("saltpepper:0.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Noise.parse("blur:1"));
        assertTrue(e.getMessage().contains("gaussian"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Noise.masking(1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Noise.gaussian(Double.NaN));
    }

    @Test
    void worksWithDl4jFit() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(784).nOut(8).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(8).nOut(784)
                        .activation(org.nd4j.linalg.activations.Activation.SIGMOID)
                        .lossFunction(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.XENT).build())
                .build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        ImageDataSetIterator it = MNIST.batch(100).iterator();
        net.fit(it, 2);
        assertTrue(Nd4j.getExecutioner() != null);
        assertTrue(Double.isFinite(net.score()));
    }
}
