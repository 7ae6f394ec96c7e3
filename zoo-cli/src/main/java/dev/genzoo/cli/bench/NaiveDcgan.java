package dev.genzoo.cli.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The `dcgan` workload the way DL4J's GAN examples train it: three MultiLayerNetworks, G, D and
 * GAN = G's layers followed by D's layers with D's updaters set to {@code Sgd(0)} (the examples'
 * freezing; {@code FrozenLayerWithBackprop} breaks batch norm in M2.1). Per iteration: D fits a
 * real batch (target 1) and a fake batch (target 0), D's parameters are copied into GAN, GAN fits
 * noise with target 1 (the non-saturating G loss), and GAN's G part is copied back into G. Same
 * layers, initialisation, optimiser and batch size as GenZoo's {@code dcgan}; default workspace
 * modes and thread settings.
 *
 * <p>Two choices make it the same algorithm as GenZoo's loop, so that the benchmark compares speed
 * and nothing else ({@code NaiveDcganTest} checks the losses step by step): the noise comes from a
 * generator seeded like the trainer's, in the same order, and D's fake batch is generated in
 * training mode (batch-norm batch statistics, as in the DCGAN paper and GenZoo's loop; DL4J's
 * example calls {@code output(z)}, inference mode, which would make the two loops differ in more
 * than speed).
 */
final class NaiveDcgan {
    private static final int Z = 100;
    final MultiLayerNetwork g;
    final MultiLayerNetwork d;
    final MultiLayerNetwork gan;
    final int gLayers;
    double lastDLoss;
    private final org.nd4j.linalg.api.rng.Random noise;

    NaiveDcgan(long seed) {
        Layer[] gl = generatorLayers();
        Layer[] dl = discriminatorLayers();
        gLayers = gl.length;
        g = new MultiLayerNetwork(stack(seed, new Adam(2e-4, 0.5, 0.999, 1e-8), null, gl, new Layer[0]));
        d = new MultiLayerNetwork(stack(seed + 1, new Adam(2e-4, 0.5, 0.999, 1e-8), null, new Layer[0], dl));
        gan = new MultiLayerNetwork(stack(seed, new Adam(2e-4, 0.5, 0.999, 1e-8), new Sgd(0), generatorLayers(),
                discriminatorLayers()));
        g.init();
        d.init();
        gan.init();
        copy(g, 0, gan, 0, gLayers);
        copy(d, 0, gan, gLayers, dl.length);
        noise = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** One iteration; returns nothing, keeps D's last loss for the RESULT line. */
    void step(INDArray real) {
        long n = real.size(0);
        d.fit(real, Nd4j.ones(n, 1));
        double lossReal = d.score();
        INDArray fake = g.output(Nd4j.randn(noise, n, Z), true);
        d.fit(fake, Nd4j.zeros(n, 1));
        lastDLoss = lossReal + d.score();
        copy(d, 0, gan, gLayers, d.getnLayers());
        gan.fit(Nd4j.randn(noise, n, Z), Nd4j.ones(n, 1));
        copy(gan, 0, g, 0, gLayers);
    }

    private static void copy(MultiLayerNetwork from, int fromStart, MultiLayerNetwork to, int toStart, int count) {
        for (int i = 0; i < count; i++) {
            if (from.getLayer(fromStart + i).numParams() > 0) {
                to.getLayer(toStart + i).setParams(from.getLayer(fromStart + i).params().dup());
            }
        }
    }

    private static MultiLayerConfiguration stack(long seed, IUpdater updater, IUpdater frozen, Layer[] gl,
            Layer[] dl) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(new NormalDistribution(0, 0.02)).convolutionMode(ConvolutionMode.Truncate).list();
        int i = 0;
        for (Layer l : gl) {
            list.layer(i++, l);
        }
        for (Layer l : dl) {
            if (frozen != null && l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) {
                b.setIUpdater(frozen);
                b.setBiasUpdater(frozen);
            }
            list.layer(i++, l);
        }
        if (gl.length > 0) {
            list.inputPreProcessor(3, new FeedForwardToCnnPreProcessor(7, 7, 128));
        }
        return list.setInputType(gl.length > 0 ? InputType.feedForward(Z) : InputType.convolutional(28, 28, 1))
                .build();
    }

    private static Layer[] generatorLayers() {
        return new Layer[] {
            new DenseLayer.Builder().nIn(Z).nOut(7 * 7 * 128).activation(Activation.IDENTITY).build(),
            new BatchNormalization.Builder().build(),
            new ActivationLayer(Activation.RELU),
            new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(64).activation(Activation.IDENTITY)
                    .build(),
            new BatchNormalization.Builder().build(),
            new ActivationLayer(Activation.RELU),
            new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(1).activation(Activation.TANH).build()};
    }

    private static Layer[] discriminatorLayers() {
        return new Layer[] {
            new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(64)
                    .activation(new ActivationLReLU(0.2)).build(),
            new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(128).activation(Activation.IDENTITY)
                    .build(),
            new BatchNormalization.Builder().build(),
            new ActivationLayer(new ActivationLReLU(0.2)),
            new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build()};
    }
}
