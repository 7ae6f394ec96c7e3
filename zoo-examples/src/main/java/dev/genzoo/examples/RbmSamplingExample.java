package dev.genzoo.examples;

import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.viz.ImageGrid;
import dev.genzoo.generative.rbm.RestrictedBoltzmannMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pretrained RBM (rbm:mnist): block Gibbs chains from random states after 10, 100 and 1,000
 * steps, the free energy of real against random images, and the card's AIS log-likelihood.
 */
public final class RbmSamplingExample {
    private RbmSamplingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("rbm", args);
        RestrictedBoltzmannMachine rbm = ModelZoo.load("rbm:mnist");
        var data = ExampleSupport.mnist(false);
        INDArray real = data.test().batch(100).binarize(dev.genzoo.core.data.Binarization.STATIC).seed(0).iterator()
                .next().getFeatures();
        INDArray noise = org.nd4j.linalg.factory.Nd4j.rand(real.dataType(), real.shape()).gt(0.5)
                .castTo(real.dataType());
        System.out.printf("mean free energy: real digits %.1f, random binary images %.1f (lower = more probable)%n",
                rbm.freeEnergy(real).meanNumber().doubleValue(), rbm.freeEnergy(noise).meanNumber().doubleValue());
        List<INDArray> rows = new ArrayList<>();
        for (int steps : new int[] {10, 100, 1000}) {
            rows.add(rbm.sample(10, steps, 7));
        }
        ImageGrid.writePng(ImageGrid.render(rows, 28, 0, 1, 3), out.resolve("gibbs-10-100-1000.png"));
        System.out.println("Gibbs samples (rows: 10, 100, 1000 steps) in " + out.toAbsolutePath());
    }
}
