package dev.genzoo.examples;

import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import dev.genzoo.generative.vae.MlpVae;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A VAE: samples from the prior, linear and spherical interpolation, and a latent traversal. */
public final class VaeSamplingExample {
    private VaeSamplingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("vae", args);
        var data = ExampleSupport.mnist(false);
        MlpVae vae = MlpVae.create(MlpVae.Config.defaults());
        vae.train(data.train(), TrainingOptions.epochs(20).withBatchSize(50));
        INDArray test = data.test().batch(data.test().size()).iterator().next().getFeatures();
        System.out.printf("negative ELBO on the held-out images: %.1f nats (%s)%n",
                -vae.elbo(test, 1).meanNumber().doubleValue(), data.description());
        List<INDArray> rows = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            rows.add(vae.sample(10, r));
        }
        ImageGrid.writePng(ImageGrid.render(rows, 28, 0, 1, 3), out.resolve("samples.png"));
        INDArray a = test.getRows(0);
        INDArray b = test.getRows(1);
        ImageGrid.writePng(ImageGrid.render(List.of(vae.interpolate(a, b, 10, false), vae.interpolate(a, b, 10, true)),
                28, 0, 1, 3), out.resolve("interpolation.png"));
        ImageGrid.writePng(ImageGrid.render(List.of(vae.traverse(a, 0, -3, 3, 10), vae.traverse(a, 1, -3, 3, 10)), 28,
                0, 1, 3), out.resolve("traversal.png"));
        System.out.println("samples.png, interpolation.png (linear, spherical), traversal.png in " + out.toAbsolutePath());
    }
}
