package dev.genzoo.examples;

import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import dev.genzoo.generative.gan.ConditionalMlpGan;
import dev.genzoo.generative.gan.MlpGan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The minimax game: an MLP GAN, with D(x) and D(G(z)) per epoch, and a conditional GAN asked for
 * each digit in turn. Grids of generated images are written after training.
 */
public final class GanTrainingExample {
    private GanTrainingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("gan", args);
        var data = ExampleSupport.mnist(false);
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults());
        var report = gan.train(data.train(), TrainingOptions.epochs(30).withBatchSize(50));
        System.out.printf("gan-mlp: %d iterations in %.1f s; discriminator loss per epoch %s%n", report.steps(),
                report.seconds(), report.epochLoss());
        gan.evaluate(data.test()).forEach((k, v) -> System.out.printf("  %-20s %.4f%n", k, v.value()));
        List<INDArray> rows = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            rows.add(gan.generate(10, r));
        }
        ImageGrid.writePng(ImageGrid.render(rows, 28, -1, 1, 3), out.resolve("gan-samples.png"));

        ConditionalMlpGan cgan = ConditionalMlpGan.create(ConditionalMlpGan.Config.defaults());
        cgan.train(data.train(), TrainingOptions.epochs(30).withBatchSize(50));
        INDArray labels = Nd4j.zeros(10, 10);
        for (int c = 0; c < 10; c++) {
            labels.putScalar(c, c, 1);
        }
        List<INDArray> crow = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            crow.add(cgan.generate(labels, r));
        }
        ImageGrid.writePng(ImageGrid.render(crow, 28, -1, 1, 3), out.resolve("cgan-digits-0-to-9.png"));
        System.out.println("gan-samples.png and cgan-digits-0-to-9.png (columns: digits 0..9) in " + out.toAbsolutePath());
    }
}
