package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Generative;
import dev.genzoo.core.model.LikelihoodModel;
import dev.genzoo.core.model.MarkovChainSampler;
import dev.genzoo.core.model.Reconstructing;
import dev.genzoo.core.registry.ModelZoo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every capability method of every registered model refuses an empty batch (or a count of zero)
 * with a message naming the model, never with ND4J's "Cannot perform operation ... on empty array".
 */
class EmptyInputsTest {

    static java.util.stream.Stream<String> entries() {
        return RegistryContractTest.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyCapabilityRefusesAnEmptyBatchNamingTheModel(String name) throws Exception {
        GenZooModel m = ModelZoo.create(name);
        long[] shape = RegistryContractTest.batch(m).shape();
        shape[0] = 0;
        INDArray x = Nd4j.create(DataType.FLOAT, shape);
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        if (m instanceof Reconstructing r) {
            calls.put("reconstruct", () -> r.reconstruct(x));
        }
        if (m instanceof AnomalyScoring a) {
            calls.put("anomalyScore", () -> a.anomalyScore(x));
        }
        if (m instanceof Encoding e) {
            calls.put("encode", () -> e.encode(x));
            calls.put("decode", () -> e.decode(Nd4j.create(DataType.FLOAT, 0, e.latentSize())));
        }
        if (m instanceof LikelihoodModel l) {
            calls.put("logLikelihood", () -> l.logLikelihood(x, 2));
        }
        if (m instanceof Classifier c) {
            calls.put("predict", () -> c.predict(x));
            calls.put("features", () -> c.features(x));
        }
        if (m instanceof ClassConditional c) {
            calls.put("sample(labels)", () -> c.sample(Nd4j.create(DataType.FLOAT, 0, c.numClasses()), 1));
        }
        if (m instanceof MarkovChainSampler s) {
            calls.put("sample(0, steps)", () -> s.sample(0, 1, 1));
        }
        if (m instanceof Generative g) {
            calls.put("sample(0)", () -> g.sample(0, 1));
        }
        for (Map.Entry<String, Supplier<Object>> call : calls.entrySet()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> call.getValue().get(),
                    name + "." + call.getKey() + " took an empty batch");
            assertTrue(e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().contains(name), name + "." + call.getKey() + ": " + e);
        }
    }
}
