package dev.genzoo.examples;

import dev.genzoo.autoencoders.ContractiveAutoencoder;
import dev.genzoo.autoencoders.GraphAutoencoder;
import dev.genzoo.autoencoders.SparseAutoencoder;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What regularisers do to features: a sparse (KL target 0.05) and a contractive autoencoder next
 * to a plain one; mean code activation, the share of near-silent units, and the first-layer
 * weights of each drawn as 28x28 filters.
 */
public final class SparseContractiveFeaturesExample {
    private SparseContractiveFeaturesExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("sparse-contractive", args);
        var data = ExampleSupport.mnist(false);
        INDArray test = data.test().batch(data.test().size()).iterator().next().getFeatures();
        List<GraphAutoencoder> models = List.of(
                SparseAutoencoder.create(SparseAutoencoder.Config.defaults().withSparsity("kl", 1.0, 0.05)),
                ContractiveAutoencoder.create(ContractiveAutoencoder.Config.defaults()),
                UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults().withHidden(List.of())
                        .withCodeSize(64)));
        for (GraphAutoencoder m : models) {
            m.train(data.train(), TrainingOptions.epochs(15).withBatchSize(50));
            INDArray h = m.encode(test);
            double silent = h.lt(0.01).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
            System.out.printf("%-16s mean code activation %.3f, share below 0.01: %.2f, held-out SSE/image %.2f%n",
                    m.name(), h.meanNumber().doubleValue(), silent, m.reconstructionError(test).meanNumber()
                            .doubleValue());
            String first = m.graph().getLayer("enc0") != null ? "enc0" : "code";
            INDArray w = m.graph().getLayer(first).getParam("W"); // [784, units]
            List<INDArray> rows = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                INDArray filters = w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(r * 12, r * 12 + 12)).transpose().dup();
                INDArray lo = filters.min(1).reshape(12, 1);
                INDArray range = filters.max(1).reshape(12, 1).sub(lo).addi(1e-8);
                rows.add(filters.subColumnVector(lo).diviColumnVector(range));
            }
            ImageGrid.writePng(ImageGrid.render(rows, 28, 0, 1, 3), out.resolve(m.name() + "-filters.png"));
        }
        System.out.println("first-layer filters in " + out.toAbsolutePath() + " (" + data.description() + ")");
    }
}
