package dev.genzoo.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.DatasetLocator;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.generative.rbm.RestrictedBoltzmannMachine;
import dev.genzoo.generative.vae.MlpVae;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The bundled pretrained VAE and RBM load offline and reproduce the figures on their cards. */
class PretrainedGenerativeTest {
    @TempDir
    Path home;

    <M extends GenZooModel> M loadOffline(String ref) throws Exception {
        System.setProperty("genzoo.home", home.toString()); // an empty cache: served from the jar
        System.setProperty("genzoo.offline", "true");
        try {
            return ModelZoo.load(ref);
        } finally {
            System.clearProperty("genzoo.home");
            System.clearProperty("genzoo.offline");
        }
    }

    static ModelCard card(String name) throws Exception {
        Path dir = Path.of(PretrainedGenerativeTest.class.getClassLoader()
                .getResource("genzoo/models/" + name + "/mnist/model-card.json").toURI()).getParent();
        return ModelArtifacts.readCard(dir);
    }

    static ImageDataset fullTestOrSkip() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(DatasetLocator.defaults().find(DatasetId.MNIST).isPresent(), "MNIST not installed");
        }
        return Datasets.load(DatasetId.MNIST, Split.TEST);
    }

    @Test
    void vaeLoadsSamplesAndReproducesItsCardElbo() throws Exception {
        MlpVae vae = loadOffline("vae-mlp:mnist");
        var bundled = Datasets.bundled(DatasetId.MNIST);
        INDArray x = bundled.batch(1000).binarize(Binarization.STATIC).seed(0).iterator().next().getFeatures();
        double negElbo = -vae.elbo(x, 1).meanNumber().doubleValue();
        assertTrue(negElbo < 110, "trained VAE: negative ELBO on the bundled images " + negElbo);
        assertEquals(card("vae-mlp").config().get("latentSize").asInt(), vae.latentSize(), "the card's latent size");
        double claimed = card("vae-mlp").metrics().get("neg_elbo_nats").value();
        double measured = vae.evaluate(fullTestOrSkip()).get("neg_elbo_nats").value();
        assertEquals(claimed, measured, 1e-6 * claimed);
    }

    @Test
    void mnistClassifierIsAccurateAndReproducesItsCard() throws Exception {
        dev.genzoo.generative.classifier.CnnClassifier judge = loadOffline("classifier-mnist:mnist");
        var bundled = Datasets.bundled(DatasetId.MNIST);
        var ds = bundled.batch(1000).layout(dev.genzoo.core.data.Layout.IMAGE)
                .target(dev.genzoo.core.data.Target.LABELS).iterator().next();
        double acc = judge.predict(ds.getFeatures()).argMax(1).eq(ds.getLabels().argMax(1))
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(acc >= 0.98, "accuracy on the bundled images " + acc);
        Path dir = Path.of(getClass().getClassLoader().getResource("genzoo/models/classifier-mnist/mnist/model-card.json")
                .toURI()).getParent();
        double claimed = ModelArtifacts.readCard(dir).metrics().get("test_accuracy").value();
        assertTrue(claimed >= 0.99, "card accuracy " + claimed);
        assertEquals(claimed, judge.evaluate(fullTestOrSkip()).get("test_accuracy").value(), 1e-9);
    }

    @Test
    void fashionClassifierReproducesItsCard() throws Exception {
        dev.genzoo.generative.classifier.CnnClassifier judge = loadOffline("classifier-fashion-mnist:fashion-mnist");
        Path dir = Path.of(getClass().getClassLoader().getResource(
                "genzoo/models/classifier-fashion-mnist/fashion-mnist/model-card.json").toURI()).getParent();
        double claimed = ModelArtifacts.readCard(dir).metrics().get("test_accuracy").value();
        assertTrue(claimed >= 0.90, "card accuracy " + claimed);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(DatasetLocator.defaults().find(DatasetId.FASHION_MNIST).isPresent(),
                    "Fashion-MNIST not installed");
        }
        assertEquals(claimed, judge.evaluate(Datasets.load(DatasetId.FASHION_MNIST, Split.TEST)).get("test_accuracy")
                .value(), 1e-9);
    }

    @Test
    void conditionalGanDrawsTheDigitAskedFor() throws Exception {
        dev.genzoo.generative.gan.ConditionalMlpGan gan = loadOffline("cgan-mlp:mnist");
        dev.genzoo.generative.classifier.CnnClassifier judge = loadOffline("classifier-mnist:mnist");
        int n = 500;
        INDArray labels = org.nd4j.linalg.factory.Nd4j.zeros(n, 10);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        INDArray images = gan.generate(labels, 3).add(1).divi(2).reshape(n, 1, 28, 28);
        double acc = judge.predict(images).argMax(1).eq(labels.argMax(1))
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        double card = card("cgan-mlp").metrics().get("conditional_accuracy").value();
        // the card's figure is over 10,000 samples; 500 give a standard error of about 0.017
        assertEquals(card, acc, 0.07, "conditional accuracy on 500 samples");
        assertTrue(acc > 0.5, "far above chance (0.1): " + acc);
    }

    @Test
    void rbmReproducesItsCardLogLikelihoodFromFreeEnergiesAndLogZ() throws Exception {
        RestrictedBoltzmannMachine rbm = loadOffline("rbm:mnist");
        ModelCard card = card("rbm");
        ImageDataset test = fullTestOrSkip();
        INDArray v = test.batch(test.size()).binarize(Binarization.STATIC).seed(0).iterator().next().getFeatures();
        double logZ = card.metrics().get("ais_log_z").value();
        double ll = rbm.freeEnergy(v).negi().meanNumber().doubleValue() - logZ;
        assertEquals(card.metrics().get("ais_log_likelihood_nats").value(), ll, 1e-6 * Math.abs(ll));
        double sse = Reconstruction.sse(v, rbm.reconstruct(v)).meanNumber().doubleValue();
        assertEquals(card.metrics().get("reconstruction_sse").value(), sse, 1e-4 * sse);
    }
}
