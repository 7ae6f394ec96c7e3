package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.genzoo.autoencoders.GraphAutoencoder;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.engine.EngineOptions;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.generative.classifier.CnnClassifier;
import dev.genzoo.generative.gan.AbstractGan;
import dev.genzoo.generative.vae.GraphVae;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which registered models train through GenZoo's engine and which through DL4J's {@code fit}, and
 * why: the list below is the claim docs/benchmarks.md makes, so a family that slips back to
 * {@code fit} (a new layer the engine lacks) fails here with the engine's reason.
 */
class EngineCoverageTest {
    /** Models that do not train through the engine, with the reason the engine gives. */
    private static final Map<String, String> NOT_ON_THE_ENGINE = Map.of(
            "rbm", "(its own CD/PCD loop, not a DL4J graph)");

    @Test
    void everyGraphModelTrainsThroughTheEngine() throws Exception {
        Map<String, String> off = new TreeMap<>();
        for (ZooEntry<?, ?> e : ModelZoo.list()) {
            if (e.tags().contains("test")) {
                continue;
            }
            GenZooModel m = ModelZoo.create(e.name());
            String reason = reason(m);
            if (reason != null) {
                off.put(e.name(), reason);
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (var e : NOT_ON_THE_ENGINE.entrySet()) {
            String seen = off.get(e.getKey());
            expected.put(e.getKey(), seen != null && seen.contains(e.getValue()) ? seen : e.getValue());
        }
        assertEquals(expected, off, "models off the engine (name -> reason)");
    }

    /** Why {@code m} does not train through the engine, or null when it does. */
    private static String reason(GenZooModel m) {
        EngineOptions o = EngineOptions.defaults();
        if (m instanceof GraphAutoencoder a) {
            return a.fastTrainer(o).isPresent() ? null : FastGraphTrainer.unsupportedReason(a.graph());
        }
        if (m instanceof GraphVae v) {
            return v.fastTrainer(o).isPresent() ? null : FastGraphTrainer.unsupportedReason(v.graph());
        }
        if (m instanceof CnnClassifier c) {
            return FastGraphTrainer.unsupportedReason(c.graph());
        }
        if (m instanceof dev.genzoo.generative.classifier.GeometricAnomalyDetector g) {
            return FastGraphTrainer.unsupportedReason(g.graph());
        }
        if (m instanceof dev.genzoo.generative.cyclegan.CycleGan c) {
            for (var net : c.networks().values()) {
                String why = FastGraphTrainer.unsupportedReason((org.deeplearning4j.nn.graph.ComputationGraph) net);
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (m instanceof dev.genzoo.generative.stylegan.StyleGan s) {
            // the networks it trains; the moving averages and w's running mean are updated outside any pass
            for (var net : List.of(s.mappingNetwork(), s.synthesisNetwork(), s.discriminator())) {
                String why = FastGraphTrainer.unsupportedReason(net);
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (m instanceof AbstractGan g) {
            return g.trainer().usesFastPath() ? null : "GAN loop through DL4J's layers";
        }
        return "(its own CD/PCD loop, not a DL4J graph)";
    }
}
