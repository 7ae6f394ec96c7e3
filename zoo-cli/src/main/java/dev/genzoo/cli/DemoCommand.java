package dev.genzoo.cli;

import dev.genzoo.autoencoders.DenoisingAutoencoder;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.eval.Ranking;
import dev.genzoo.generative.gan.MlpGan;
import dev.genzoo.generative.vae.MlpVae;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.nd4j.linalg.api.buffer.DataType;
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
 * {@code genzoo demo}: a tour on the bundled 1,000 MNIST images and the bundled pretrained models,
 * no network, no full data sets: the pretrained autoencoder against PCA at the same code size, the
 * denoising autoencoder, one-class anomaly detection (trained on the spot), the VAE, GAN,
 * conditional GAN and DCGAN, with measured held-out figures, PNG grids and a summary.json; then a
 * gallery with one picture per bundled pretrained variant ({@link Gallery}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Train small autoencoders on the bundled"
        + " MNIST subset and compare them with PCA; writes PNG grids.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "genzoo-demo", description = "Folder for the PNG files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    /** Code size of PCA, matching the pretrained autoencoder. */
    private final int code = 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "--epochs", epochs, 1);
        Args.outputFolder(spec, "--out", out);
        PrintWriter w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ImageDataset all = Datasets.bundled(DatasetId.MNIST);
        int[] trainIdx = IntStream.range(0, 800).toArray();
        int[] testIdx = IntStream.range(800, 1000).toArray();
        ImageDataset trainSet = all.select(trainIdx);
        ImageDataset testSet = all.select(testIdx);
        INDArray train = trainSet.batch(800).iterator().next().getFeatures();
        INDArray test = testSet.batch(200).iterator().next().getFeatures();
        ObjectNode summary = Json.MAPPER.createObjectNode();
        summary.put("data", "bundled MNIST: 800 training and 200 held-out test images");
        summary.put("note", "autoencoder:mnist, denoising-ae:mnist, vae-mlp:mnist, gan-mlp:mnist and cgan-mlp:mnist are"
                + " bundled pretrained models (trained on the 60,000 MNIST training images); the one-class anomaly"
                + " detector is trained now, for " + 3 * epochs + " epochs on the 800 images' zeros");
        w.printf("GenZoo demo on the bundled MNIST subset (800 train / 200 held out): pretrained models, plus a"
                + " one-class anomaly detector trained now for %d epochs%n", 3 * epochs);
        w.printf("  %-38s %s%n", "what", "held-out figure");

        Pca pca = Pca.fit(train, code);
        // pretrained and bundled: autoencoder:mnist (30-d code, 30 epochs on the 60,000 MNIST training images)
        UndercompleteAutoencoder ae = ModelZoo.load("autoencoder:mnist");
        double ssePca = Reconstruction.sse(test, pca.reconstruct(test)).meanNumber().doubleValue();
        double sseAe = Reconstruction.sse(test, ae.reconstruct(test)).meanNumber().doubleValue();
        row(w, summary, "pca_sse_per_image", "PCA (" + code + " components) SSE/image", ssePca, "%.2f");
        row(w, summary, "autoencoder_sse_per_image", "pretrained autoencoder:mnist SSE/image", sseAe, "%.2f");

        // pretrained on MNIST with Gaussian noise sigma 0.3 (its card: +11.1 dB on the test split)
        DenoisingAutoencoder dae = ModelZoo.load("denoising-ae:mnist");
        DataSet noisy = testSet.batch(200).noise(Noise.gaussian(0.3)).seed(7).iterator().next();
        INDArray denoised = dae.reconstruct(noisy.getFeatures());
        row(w, summary, "psnr_noisy_db", "noisy input PSNR (gaussian 0.3), dB",
                Reconstruction.psnr(noisy.getLabels(), noisy.getFeatures()).meanNumber().doubleValue(), "%.2f");
        row(w, summary, "psnr_denoised_db", "denoising autoencoder PSNR, dB",
                Reconstruction.psnr(noisy.getLabels(), denoised).meanNumber().doubleValue(), "%.2f");

        UndercompleteAutoencoder oneClass = UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults()
                .withHidden(List.of(128)).withCodeSize(16));
        oneClass.train(trainSet.select(trainSet.indicesOf(0)), TrainingOptions.epochs(3 * epochs).withBatchSize(20).withQuiet(true));
        double[] scores = oneClass.anomalyScore(test).castTo(DataType.DOUBLE).toDoubleVector();
        boolean[] anomalous = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            anomalous[i] = testSet.label(i) != 0;
        }
        row(w, summary, "anomaly_auroc", "anomaly AUROC (normal = digit 0)", Ranking.auroc(scores, anomalous), "%.3f");

        MlpVae vae = ModelZoo.load("vae-mlp:mnist");
        var binTest = testSet.batch(200).binarize(Binarization.STATIC).seed(0).iterator().next().getFeatures();
        row(w, summary, "vae_neg_elbo_nats", "VAE negative ELBO, nats", -vae.elbo(binTest, 1).meanNumber()
                .doubleValue(), "%.1f");

        MlpGan gan = ModelZoo.load("gan-mlp:mnist");
        dev.genzoo.generative.gan.ConditionalMlpGan cgan = ModelZoo.load("cgan-mlp:mnist");
        row(w, summary, "gan_d_fake_mean", "GAN D(G(z)) on 200 samples", gan.discriminate(gan.generate(200, 1))
                .meanNumber().doubleValue(), "%.3f");

        int n = 12;
        INDArray x = test.getRows(IntStream.range(0, n).toArray());
        int[] first = IntStream.range(0, n).toArray();
        Views.png(List.of(x, pca.reconstruct(x), ae.reconstruct(x)), 0, out.resolve("reconstructions.png"));
        Views.png(List.of(noisy.getLabels().getRows(first), noisy.getFeatures().getRows(first), denoised.getRows(first)),
                0, out.resolve("denoising.png"));
        Views.png(Views.rows(vae.sample(32, 42), 8), 0, out.resolve("vae-samples.png"));
        Views.png(Views.rows(gan.generate(32, 42), 8), -1, out.resolve("gan-samples.png"));
        Views.png(Views.rows(cgan.generate(Gallery.classRows(10), 42), 8), -1, out.resolve("cgan-digits.png"));
        dev.genzoo.generative.gan.Dcgan dcgan = ModelZoo.load("dcgan:fashion-mnist");
        Views.png(Views.rows(dcgan.generate(32, 42).reshape(32, 784), 8), -1, out.resolve("dcgan-fashion-samples.png"));
        List<String> gallery = Gallery.write(out.resolve("gallery"));
        summary.putPOJO("gallery", gallery);
        double seconds = (System.nanoTime() - t0) / 1e9;
        summary.put("seconds", seconds);
        summary.putPOJO("files", List.of("reconstructions.png (rows: original, PCA, autoencoder)",
                "denoising.png (rows: clean, noisy, denoised)", "vae-samples.png", "gan-samples.png",
                "cgan-digits.png (row r: the digit r asked for)", "dcgan-fashion-samples.png (dcgan:fashion-mnist)"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.json"), Json.MAPPER.writeValueAsString(summary));
        w.printf("wrote %s: reconstructions.png, denoising.png, vae-samples.png, gan-samples.png, cgan-digits.png,"
                + " dcgan-fashion-samples.png, summary.json, and gallery/ (one picture per bundled pretrained model: %d)"
                + " (%.0f s)%n", out, gallery.size(), seconds);
        w.flush();
        return 0;
    }

    private static void row(PrintWriter w, ObjectNode summary, String key, String label, double value, String fmt) {
        summary.put(key, value);
        w.printf("  %-38s " + fmt + "%n", label, value);
    }
}
