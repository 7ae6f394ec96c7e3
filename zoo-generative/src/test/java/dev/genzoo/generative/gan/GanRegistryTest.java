package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.testing.ModelAssertions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, checked for every registered GAN (STYLE.md example 6). */
class GanRegistryTest {
    @TempDir
    Path tmp;

    static Stream<String> gans() {
        return new GanZooProvider().entries().stream().map(ZooEntry::name);
    }

    static DataSet batch(AbstractGan gan, int n) {
        boolean image = gan.inputShape().height() > 1;
        return Datasets.bundled(DatasetId.MNIST).batch(n).scale(Scale.SYMMETRIC)
                .layout(image ? Layout.IMAGE : Layout.FLAT).target(Target.LABELS).iterator().next();
    }

    static DataSet[] batches(AbstractGan gan, int n) {
        DataSet[] b = new DataSet[gan.trainingSettings().discriminatorStepsAt(gan.trainer().iteration())];
        java.util.Arrays.fill(b, batch(gan, n));
        return b;
    }

    static INDArray discriminate(Gan gan, INDArray x) {
        if (gan instanceof Gan.Conditional c) {
            int[] classes = new int[(int) x.size(0)];
            return c.discriminate(x, ((ConditionalMlpGan) c).oneHot(classes));
        }
        return gan.discriminate(x);
    }

    @Test
    void theFamilyIsRegistered() {
        List<String> names = ModelZoo.list(Family.GAN).stream().map(ZooEntry::name).toList();
        assertTrue(names.containsAll(List.of("gan-mlp", "dcgan", "cgan-mlp", "wgan", "wgan-gp", "lsgan")),
                names.toString());
    }

    @ParameterizedTest
    @MethodSource("gans")
    void generatesFiniteSamplesOfTheRightShapeInTanhRange(String name) throws Exception {
        AbstractGan gan = ModelZoo.create(name);
        INDArray x = gan.generate(6, 1L);
        long[] expected = gan.inputShape().height() > 1 ? new long[] {6, 1, 28, 28} : new long[] {6, 784};
        assertArrayEquals(expected, x.shape());
        assertTrue(Double.isFinite(x.sumNumber().doubleValue()));
        assertTrue(x.maxNumber().doubleValue() <= 1 && x.minNumber().doubleValue() >= -1);
        INDArray d = discriminate(gan, x);
        assertArrayEquals(new long[] {6, 1}, d.shape());
        assertTrue(Double.isFinite(d.sumNumber().doubleValue()));
        if (!gan.trainingSettings().loss().linearOutput()) {
            assertTrue(d.minNumber().doubleValue() > 0 && d.maxNumber().doubleValue() < 1, "probabilities");
        }
    }

    @ParameterizedTest
    @MethodSource("gans")
    void oneIterationChangesBothNetworks(String name) throws Exception {
        AbstractGan gan = ModelZoo.create(name);
        INDArray g = gan.generator().params().dup();
        INDArray d = gan.discriminator().params().dup();
        IterationStats stats = gan.trainer().step(batches(gan, 16));
        assertNotEquals(g, gan.generator().params());
        assertNotEquals(d, gan.discriminator().params());
        assertTrue(stats.finite(), stats.toString());
        assertEquals(1, stats.iteration());
    }



    @ParameterizedTest
    @MethodSource("gans")
    void badInputIsRejectedWithAClearMessage(String name) throws Exception {
        AbstractGan gan = ModelZoo.create(name);
        var e = assertThrows(IllegalArgumentException.class, () -> gan.generate(Nd4j.zeros(2, gan.latentSize() + 1)));
        assertTrue(e.getMessage().contains("[n, " + gan.latentSize() + "]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> discriminate(gan, Nd4j.zeros(3, 100)));
        assertTrue(e.getMessage().contains("input must have shape"), e.getMessage());
        INDArray x = batch(gan, 3).getFeatures().dup();
        x.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> discriminate(gan, x));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gan.generate(0, 1L));
        assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
    }

    @Test
    void configsValidateWithTheParameterNameAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MlpGan.Config.defaults().withTraining(GanLoss.WASSERSTEIN, 1, 1, 1e-3, 1e-3));
        assertTrue(e.getMessage().contains("wgan"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MlpGan.Config.defaults().withTraining(GanLoss.MINIMAX, 1, 0.3, 1e-3, 1e-3));
        assertTrue(e.getMessage().contains("realLabel") && e.getMessage().contains("0.3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WassersteinGan.Config.defaults().withTraining(0, 0.01, 1e-4, 1e-4));
        assertTrue(e.getMessage().contains("discriminatorSteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dcgan.Config(100, GanLoss.NON_SATURATING, 1, 2e-4, 2e-4, 1.5, 1));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
    }

    @Test
    void conditionalGanTakesLabels() throws Exception {
        ConditionalMlpGan gan = ModelZoo.create("cgan-mlp");
        INDArray labels = gan.oneHot(3, 3, 7);
        INDArray x = gan.generate(labels, 5L);
        assertArrayEquals(new long[] {3, 784}, x.shape());
        INDArray z = gan.noise(3, 5L);
        ModelAssertions.assertIdentical(x, gan.generate(z, labels));
        assertNotEquals(x, gan.generate(z, gan.oneHot(1, 1, 1)));
        var e = assertThrows(IllegalArgumentException.class, () -> gan.generate(z, Nd4j.zeros(3, 4)));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> gan.discriminate(x));
    }
}
