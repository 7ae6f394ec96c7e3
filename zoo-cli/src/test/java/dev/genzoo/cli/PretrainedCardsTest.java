package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.generative.rbm.RestrictedBoltzmannMachine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every bundled pretrained variant of every registered model loads offline from the jar (its
 * files' SHA-256 checked against the card) and reproduces the {@code subset_*} figures on its
 * card: {@code genzoo evaluate NAME:VARIANT --bundled} (with the data set's classifier and 1,000
 * samples for GANs) on the 1,000 bundled test images, the evaluation CI can afford. The protocols
 * are deterministic (seeded noise, binarisation and samples), so the tolerance only absorbs float
 * differences between CPUs: 1e-4 relative, and 3e-3 for classifier-feature metrics of generated
 * images (a sample whose nearest neighbour flips moves precision/recall by 0.001). The RBM's AIS
 * takes minutes, so its subset log-likelihood is recomputed exactly from free energies and the
 * card's log Z.
 */
class PretrainedCardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void offline() {
        System.setProperty("genzoo.offline", "true");
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (var e : ModelZoo.list()) {
            for (String v : e.variants().keySet()) {
                out.add(Arguments.of(e.name(), v, e.family()));
            }
        }
        return out.stream();
    }

    static JsonNode card(String name, String variant) throws Exception {
        try (InputStream in = PretrainedCardsTest.class.getClassLoader()
                .getResourceAsStream("genzoo/models/" + name + "/" + variant + "/model-card.json")) {
            assertNotNull(in, "card of " + name + ":" + variant + " on the classpath");
            return JSON.readTree(in);
        }
    }

    /** Figures of generated samples judged by a classifier (tolerance 3e-3, see the class notes). */
    private static final List<String> JUDGE_METRICS = List.of("fid", "kid", "classifier_score", "precision", "recall",
            "class_coverage", "conditional_accuracy");

    @Test
    void everyFamilyHasABundledVariant() {
        List<Family> families = variants().map(a -> (Family) a.get()[2]).distinct().toList();
        for (Family f : List.of(Family.AUTOENCODER, Family.VAE, Family.GAN, Family.RBM, Family.CLASSIFIER)) {
            assertTrue(families.contains(f), f + " has no pretrained variant: " + families);
        }
    }

    @ParameterizedTest(name = "{0}:{1}")
    @MethodSource("variants")
    void subsetFiguresOnTheCardAreReproduced(String name, String variant, Family family) throws Exception {
        JsonNode metrics = card(name, variant).get("metrics");
        String dataset = card(name, variant).get("dataset").get("name").asText();
        List<String> subset = new ArrayList<>();
        metrics.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("subset_")) {
                subset.add(k);
            }
        });
        assertFalse(subset.isEmpty(), name + ":" + variant + " has no subset_ figures on its card");
        if (family == Family.RBM) {
            checkRbm(name + ":" + variant, metrics, dataset);
            return;
        }
        List<String> args = new ArrayList<>(List.of("evaluate", name + ":" + variant, "--dataset", dataset, "--bundled",
                "--json"));
        // sample-quality figures (a GAN's, a conditional VAE's) come from a classifier's judgement of
        // samples; a translator's (CycleGAN) from its own protocol, which brings its classifiers
        boolean generated = family == Family.GAN && subset.contains("subset_fid");
        boolean judged = subset.contains("subset_fid");
        if (judged) {
            String judge = dataset.equals("mnist") ? "classifier-mnist:mnist" : "classifier-fashion-mnist:fashion-mnist";
            args.addAll(List.of("--classifier", judge, "--samples", "1000"));
        }
        CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        JsonNode measured = JSON.readTree(r.out()).get("metrics");
        for (String k : subset) {
            String metric = k.substring("subset_".length());
            assertTrue(measured.has(metric), metric + " not reported by evaluate for " + name + ":" + variant);
            double claimed = metrics.get(k).get("value").asDouble();
            double got = measured.get(metric).get("value").asDouble();
            boolean ofSamples = generated || JUDGE_METRICS.contains(metric) || metric.contains("fid") || metric.contains("kid");
            double tol = ofSamples ? 3e-3 * Math.max(1, Math.abs(claimed)) : 1e-4 * Math.max(1, Math.abs(claimed));
            assertEquals(claimed, got, tol, name + ":" + variant + " " + metric);
        }
    }

    private static void checkRbm(String ref, JsonNode metrics, String dataset) throws Exception {
        RestrictedBoltzmannMachine rbm = ModelZoo.load(ref);
        var subset = Datasets.bundled(DatasetId.of(dataset));
        INDArray v = subset.batch(subset.size()).binarize(Binarization.STATIC).seed(0).iterator().next().getFeatures();
        double logZ = metrics.get("subset_ais_log_z").get("value").asDouble();
        double ll = rbm.freeEnergy(v).negi().meanNumber().doubleValue() - logZ;
        assertEquals(metrics.get("subset_ais_log_likelihood_nats").get("value").asDouble(), ll, 1e-4 * Math.abs(ll), ref);
        double sse = Reconstruction.sse(v, rbm.reconstruct(v)).meanNumber().doubleValue();
        assertEquals(metrics.get("subset_reconstruction_sse").get("value").asDouble(), sse, 1e-4 * sse, ref);
    }

    @Test
    void cardsParseAsModelCards() throws Exception {
        for (Arguments a : variants().toList()) {
            String name = (String) a.get()[0];
            String variant = (String) a.get()[1];
            ModelCard card = ModelCard.parse(JSON.writeValueAsBytes(card(name, variant)), name + ":" + variant);
            assertEquals(name, card.name());
            assertEquals(variant, card.variant());
            for (Map.Entry<String, ModelCard.Metric> m : card.metrics().entrySet()) {
                assertTrue(Double.isFinite(m.getValue().value()), name + ":" + variant + " " + m.getKey());
            }
        }
    }
}
