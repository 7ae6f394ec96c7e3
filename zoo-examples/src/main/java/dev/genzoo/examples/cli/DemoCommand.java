package dev.genzoo.examples.cli;

import dev.genzoo.autoencoders.DenoisingAutoencoder;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genzoo demo}: a tour on the bundled 1,000 MNIST images, no network, well under a minute:
 * an undercomplete autoencoder against PCA at the same code size, and a denoising autoencoder,
 * with measured held-out figures and PNG grids of what they do.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Train small autoencoders on the bundled"
        + " MNIST subset and compare them with PCA; writes PNG grids.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "genzoo-demo", description = "Folder for the PNG files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "15", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--code", defaultValue = "30", description = "Code size of the autoencoder and PCA (default: ${DEFAULT-VALUE}).")
    int code;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        ImageDataset all = Datasets.bundled(DatasetId.MNIST);
        int[] trainIdx = IntStream.range(0, 800).toArray();
        int[] testIdx = IntStream.range(800, 1000).toArray();
        INDArray train = all.batch(800).subset(trainIdx).iterator().next().getFeatures();
        INDArray test = all.batch(200).subset(testIdx).iterator().next().getFeatures();
        ImageDataset trainSet = all.select(trainIdx);
        w.printf("GenZoo demo: bundled MNIST, 800 training and 200 held-out images, code size %d%n", code);

        Pca pca = Pca.fit(train, code);
        UndercompleteAutoencoder ae = UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults()
                .withCodeSize(code));
        var report = ae.train(trainSet, TrainingOptions.epochs(epochs).withBatchSize(50));
        double ssePca = Reconstruction.sse(test, pca.reconstruct(test)).meanNumber().doubleValue();
        double sseAe = Reconstruction.sse(test, ae.reconstruct(test)).meanNumber().doubleValue();
        w.printf("  PCA         held-out SSE/image %7.2f%n", ssePca);
        w.printf("  autoencoder held-out SSE/image %7.2f  (%d epochs, %.1f s)%n", sseAe, epochs, report.seconds());

        DenoisingAutoencoder dae = DenoisingAutoencoder.create(DenoisingAutoencoder.Config.defaults()
                .withNoise(Noise.gaussian(0.4)));
        var dreport = dae.train(trainSet, TrainingOptions.epochs(epochs).withBatchSize(50));
        DataSet noisy = all.batch(200).subset(testIdx).noise(Noise.gaussian(0.4)).seed(7).iterator().next();
        INDArray denoised = dae.reconstruct(noisy.getFeatures());
        w.printf("  denoising   PSNR noisy %5.2f dB -> denoised %5.2f dB  (gaussian 0.4, %.1f s)%n",
                Reconstruction.psnr(noisy.getLabels(), noisy.getFeatures()).meanNumber().doubleValue(),
                Reconstruction.psnr(noisy.getLabels(), denoised).meanNumber().doubleValue(), dreport.seconds());

        int n = 12;
        INDArray x = test.getRows(IntStream.range(0, n).toArray());
        ImageGrid.writePng(ImageGrid.render(List.of(x, pca.reconstruct(x), ae.reconstruct(x)), 28, 0, 1, 3),
                out.resolve("reconstructions.png"));
        INDArray nx = noisy.getFeatures().getRows(IntStream.range(0, n).toArray());
        ImageGrid.writePng(ImageGrid.render(List.of(noisy.getLabels().getRows(IntStream.range(0, n).toArray()), nx,
                denoised.getRows(IntStream.range(0, n).toArray())), 28, 0, 1, 3), out.resolve("denoising.png"));
        w.printf("  wrote %s (rows: original, PCA, autoencoder) and %s (rows: clean, noisy, denoised)%n",
                out.resolve("reconstructions.png"), out.resolve("denoising.png"));
        w.flush();
        return 0;
    }
}
