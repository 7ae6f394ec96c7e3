package dev.genzoo.core.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.DatasetLocator;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PcaTest {
    @Test
    void recoversTheAxesOfAKnownGaussian() {
        // x = diag(3, 1, 0.1) * e rotated: variances 9, 1, 0.01 along known orthonormal axes
        Nd4j.getRandom().setSeed(1);
        INDArray e = Nd4j.randn(DataType.DOUBLE, 20000, 3).muliRowVector(Nd4j.createFromArray(3.0, 1.0, 0.1));
        double c = Math.cos(0.5);
        double s = Math.sin(0.5);
        INDArray rot = Nd4j.createFromArray(new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        INDArray x = e.mmul(rot.transpose()).addiRowVector(Nd4j.createFromArray(5.0, -2.0, 1.0));
        Pca pca = Pca.fit(x, 2);
        assertEquals(9.0, pca.eigenvalues().getDouble(0), 0.3);
        assertEquals(1.0, pca.eigenvalues().getDouble(1), 0.05);
        INDArray v0 = pca.components().getColumn(0);
        assertEquals(1.0, Math.abs(v0.getDouble(0) * c + v0.getDouble(1) * s), 1e-3);
        // the error left by 2 components is the variance of the third: 0.01 per example
        assertEquals(0.01, pca.reconstructionError(x).meanNumber().doubleValue(), 0.001);
        // all components: exact reconstruction
        assertEquals(0.0, Pca.fit(x, 3).reconstructionError(x).maxNumber().doubleValue(), 1e-9);
        assertEquals(2, pca.truncate(2).latentSize());
    }

    @Test
    void badArgumentsAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.zeros(10, 4), 5));
        assertTrue(e.getMessage().contains("k must be in 1..4"), e.getMessage());
        Pca pca = Pca.fit(Nd4j.rand(10, 4), 2);
        e = assertThrows(IllegalArgumentException.class, () -> pca.encode(Nd4j.zeros(3, 5)));
        assertTrue(e.getMessage().contains("[n, 4]"), e.getMessage());
    }

    @Test
    void reproducesTheReferenceMnistFigureAt30Components() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(DatasetLocator.defaults().find(DatasetId.MNIST).isPresent(), "MNIST not installed");
        }
        ImageDataset train = Datasets.load(DatasetId.MNIST, Split.TRAIN);
        ImageDataset test = Datasets.load(DatasetId.MNIST, Split.TEST);
        INDArray xTrain = train.batch(train.size()).iterator().next().getFeatures();
        INDArray xTest = test.batch(test.size()).iterator().next().getFeatures();
        Pca pca = Pca.fit(xTrain, 64);
        double sse30 = pca.truncate(30).reconstructionError(xTest).meanNumber().doubleValue();
        double sse2 = pca.truncate(2).reconstructionError(xTest).meanNumber().doubleValue();
        // ../shared/DATA.md: 13.87 at k=30 (Hinton & Salakhutdinov 2006), 43.65 at k=2
        assertEquals(13.87, sse30, 0.005);
        assertEquals(43.65, sse2, 0.01);
    }
}
