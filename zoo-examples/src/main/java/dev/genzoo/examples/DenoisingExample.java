package dev.genzoo.examples;

import dev.genzoo.autoencoders.DenoisingAutoencoder;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.ImageGrid;
import java.nio.file.Path;
import java.util.List;

/** Denoising autoencoders, one per kind of corruption: PSNR of noisy input and of the output. */
public final class DenoisingExample {
    private DenoisingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("denoising", args);
        var data = ExampleSupport.mnist(false);
        for (Noise noise : List.of(Noise.gaussian(0.4), Noise.masking(0.5), Noise.saltPepper(0.2))) {
            var dae = DenoisingAutoencoder.create(DenoisingAutoencoder.Config.defaults().withNoise(noise));
            dae.train(data.train(), TrainingOptions.epochs(15).withBatchSize(50));
            var batch = data.test().batch(data.test().size()).noise(noise).seed(3).iterator().next();
            var denoised = dae.reconstruct(batch.getFeatures());
            System.out.printf("%-16s PSNR noisy %5.2f dB -> denoised %5.2f dB%n", noise,
                    Reconstruction.psnr(batch.getLabels(), batch.getFeatures()).meanNumber().doubleValue(),
                    Reconstruction.psnr(batch.getLabels(), denoised).meanNumber().doubleValue());
            int[] first = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
            ImageGrid.writePng(ImageGrid.render(List.of(batch.getLabels().getRows(first), batch.getFeatures()
                    .getRows(first), denoised.getRows(first)), 28, 0, 1, 3), out.resolve(noise.toString()
                    .replace(':', '-') + ".png"));
        }
        System.out.println("pictures (rows: clean, noisy, denoised) in " + out.toAbsolutePath());
    }
}
