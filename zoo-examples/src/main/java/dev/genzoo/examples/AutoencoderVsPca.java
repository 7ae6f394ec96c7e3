package dev.genzoo.examples;

import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An undercomplete autoencoder against PCA at the same code size: held-out SSE/image and a picture. */
public final class AutoencoderVsPca {
    private AutoencoderVsPca() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("ae-vs-pca", args);
        var data = ExampleSupport.mnist(false);
        INDArray train = data.train().batch(data.train().size()).iterator().next().getFeatures();
        INDArray test = data.test().batch(data.test().size()).iterator().next().getFeatures();
        for (int k : new int[] {2, 10, 30}) {
            Pca pca = Pca.fit(train, k);
            var ae = UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults().withCodeSize(k));
            ae.train(data.train(), TrainingOptions.epochs(15).withBatchSize(50));
            System.out.printf("code %2d: PCA SSE/image %6.2f, autoencoder %6.2f (%s)%n", k,
                    Reconstruction.sse(test, pca.reconstruct(test)).meanNumber().doubleValue(),
                    Reconstruction.sse(test, ae.reconstruct(test)).meanNumber().doubleValue(), data.description());
            INDArray x = test.getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            ImageGrid.writePng(ImageGrid.render(List.of(x, pca.reconstruct(x), ae.reconstruct(x)), 28, 0, 1, 3),
                    out.resolve("code-" + k + ".png"));
        }
        System.out.println("pictures (rows: original, PCA, autoencoder) in " + out.toAbsolutePath());
    }
}
