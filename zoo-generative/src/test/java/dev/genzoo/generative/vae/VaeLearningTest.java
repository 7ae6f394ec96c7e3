package dev.genzoo.generative.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default MLP VAE learns on the bundled MNIST subset (dynamically binarized) within seconds,
 * and the likelihood estimates of the trained model are ordered as theory says: ELBO &lt;= IS_k,
 * rising with k.
 */
class VaeLearningTest {

    private static final Logger log = LoggerFactory.getLogger(VaeLearningTest.class);
    private static final int EPOCHS = 5;

    private static MlpVae vae;
    private static INDArray eval;
    private static double negElboBefore;
    private static double negElboAfter;

    @BeforeAll
    static void train() {
        ImageDataset mnist = Datasets.bundled(DatasetId.MNIST);
        // A fixed binarization of all 1,000 images for evaluation; training sees fresh draws each epoch.
        eval = mnist.batch(Datasets.BUNDLED_SIZE).binarize(Binarization.STATIC).iterator().next().getFeatures();
        vae = MlpVae.create(MlpVae.Config.defaults());
        negElboBefore = -vae.elbo(eval).meanNumber().doubleValue();
        long t0 = System.nanoTime();
        vae.fit(mnist.batch(100).shuffle(1).binarize(Binarization.DYNAMIC).iterator(), EPOCHS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        negElboAfter = -vae.elbo(eval).meanNumber().doubleValue();
        log.info("vae-mlp on the bundled MNIST subset: -ELBO {} -> {} nats after {} epochs of 1,000 dynamically"
                + " binarized images ({} s)", negElboBefore, negElboAfter, EPOCHS, seconds);
    }

    @Test
    void theNegativeElboFallsMarkedly() {
        assertTrue(negElboBefore > 400, "untrained: about 784 log 2 = 543 nats, found " + negElboBefore);
        assertTrue(negElboAfter < 0.5 * negElboBefore, negElboBefore + " -> " + negElboAfter);
    }

    @Test
    void decayStepsLowersAdamsRateOverIterations() throws Exception {
        ImageDataset mnist = Datasets.bundled(DatasetId.MNIST);
        MlpVae decayed = MlpVae.create(new MlpVae.Config(784, List.of(64), 8, DecoderDistribution.BERNOULLI, 1.0, 0,
                1e-3, 42, 5));
        decayed.fit(mnist.batch(100).shuffle(1).binarize(Binarization.DYNAMIC).iterator(), 1);
        int t = decayed.graph().getIterationCount();
        assertEquals(10, t, "1,000 images in batches of 100");
        for (var layer : decayed.graph().getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) {
                assertEquals(1e-3 / (1 + t / 5.0), b.getIUpdater().getLearningRate(t, 1), 1e-15, layer.getConfig()
                        .getLayerName());
            }
        }
        // a card records the schedule; one written before the field existed reads as a constant rate
        MlpVae scheduled = dev.genzoo.core.registry.ModelZoo.load("vae-mlp:mnist");
        assertEquals(10_000, ((MlpVae.Config) scheduled.config()).decaySteps());
        MlpVae older = dev.genzoo.core.registry.ModelZoo.load("vae-mlp:fashion-mnist");
        assertEquals(0, ((MlpVae.Config) older.config()).decaySteps());
        ConvVae conv = dev.genzoo.core.registry.ModelZoo.load("vae-conv:fashion-mnist");
        assertEquals(0, ((ConvVae.Config) conv.config()).decaySteps());
    }

    @Test
    void importanceSampledLikelihoodIsAboveTheElboAndRisesWithK() {
        INDArray x = eval.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32));
        double elbo = vae.elbo(x, 10).meanNumber().doubleValue();
        int[] ks = {1, 10, 100};
        double[] ll = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            ll[j] = vae.logLikelihood(x, ks[j]).meanNumber().doubleValue();
        }
        log.info("trained vae-mlp on 32 images: ELBO {} ; IS log-likelihood for k = {}: {}", elbo,
                java.util.Arrays.toString(ks), java.util.Arrays.toString(ll));
        assertEquals(elbo, ll[0], 2.0, "IS with k = 1 is a one-sample ELBO estimate");
        assertTrue(ll[1] > elbo, "IS_10 above the ELBO");
        for (int j = 1; j < ks.length; j++) {
            assertTrue(ll[j] > ll[j - 1], "IS must rise with k: " + java.util.Arrays.toString(ll));
        }
        assertTrue(Double.isFinite(ll[ks.length - 1]));
    }

    @Test
    void anomalyScoreIsTheNegativeElboAndFlagsNoise() {
        INDArray x = eval.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32));
        assertEquals(vae.elbo(x).neg(), vae.anomalyScore(x));
        INDArray noise = org.nd4j.linalg.factory.Nd4j.rand(eval.dataType(), 32, 784).lt(0.5)
                .castTo(eval.dataType());
        assertTrue(vae.anomalyScore(noise).minNumber().doubleValue() > vae.anomalyScore(x).maxNumber().doubleValue(),
                "uniform noise must score as more anomalous than every digit");
    }

    @Test
    void betaZeroReducesToTheAutoencoderReconstructionLoss() {
        MlpVae ae = MlpVae.create(MlpVae.Config.defaults().withHidden(List.of(64)).withLatentSize(4).withBeta(0));
        INDArray x = eval.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32));
        ae.fit(x);
        ae.fit(x);
        // Binary cross-entropy of the reconstruction from the posterior mean, summed over pixels, mean over examples.
        INDArray p = ae.reconstruct(x);
        double bce = -x.mul(Transforms.log(p, true)).addi(x.rsub(1.0).muli(Transforms.log(p.rsub(1.0), false)))
                .sumNumber().doubleValue() / x.size(0);
        assertEquals(bce, ae.score(x), 1e-3 * bce);
        // The KL term is still reported by the handle's ELBO (beta = 1 there), so ELBO < -reconstruction loss.
        assertTrue(-ae.elbo(x, 5).meanNumber().doubleValue() > bce - 1.0);
    }
}
