package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** ModelSerializer round trip with updater state, checked on parameters, outputs and score. */
final class RoundTrip {

    private RoundTrip() {
    }

    static ComputationGraph viaModelSerializer(ComputationGraph graph, INDArray x) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, bytes, true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                    new ByteArrayInputStream(bytes.toByteArray()), true);
            assertEquals(graph.getConfiguration(), restored.getConfiguration());
            assertEquals(graph.params(), restored.params());
            assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
            assertEquals(graph.output(false, x)[0], restored.output(false, x)[0]);
            assertEquals(graph.score(new DataSet(x, x)), restored.score(new DataSet(x, x)), 0.0);
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
