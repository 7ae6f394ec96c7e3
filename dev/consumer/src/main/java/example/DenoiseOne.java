package example;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.registry.ModelZoo;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * GenZoo used as a library: the pretrained {@code denoising-ae:mnist} cleans one bundled MNIST test
 * image corrupted with Gaussian noise (sigma 0.3, fixed seed). Prints the mean squared error of the
 * noisy and the denoised image against the clean one; exits 1 unless denoising lowered it.
 */
public final class DenoiseOne {
    private DenoiseOne() {
    }

    public static void main(String[] args) throws Exception {
        int index = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Autoencoder dae = ModelZoo.load("denoising-ae", "mnist");
        // one image, flat [1, 784] in [0, 1]; features = clean + N(0, 0.3^2) noise, labels = clean
        DataSet one = Datasets.bundled(DatasetId.MNIST).pipeline().subset(new int[] {index}).batch(1)
                .noise(Noise.gaussian(0.3)).seed(42).iterator().next();
        INDArray clean = one.getLabels();
        INDArray noisy = one.getFeatures();
        INDArray denoised = dae.reconstruct(noisy);

        double noisyMse = mse(noisy, clean);
        double denoisedMse = mse(denoised, clean);
        System.out.printf("denoising-ae:mnist, bundled MNIST test image %d, gaussian noise sigma 0.3 (seed 42)%n",
                index);
        System.out.printf("MSE noisy    vs clean: %.5f%n", noisyMse);
        System.out.printf("MSE denoised vs clean: %.5f%n", denoisedMse);
        if (!(denoisedMse < noisyMse)) {
            System.err.println("FAIL: the denoised image is no closer to the clean one than the noisy input");
            System.exit(1);
        }
        System.out.println("OK: denoising lowered the error");
    }

    private static double mse(INDArray a, INDArray b) {
        return a.squaredDistance(b) / a.length();
    }
}
