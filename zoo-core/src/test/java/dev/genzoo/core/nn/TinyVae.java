package dev.genzoo.core.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny MLP VAE wired from this package's pieces, for tests. Outputs: "recon", then "kl". */
final class TinyVae {

    static final int IN = 6;
    static final int HIDDEN = 5;
    static final int LATENT = 2;

    private TinyVae() {
    }

    static ComputationGraph build(IUpdater updater, KlDivergenceLoss kl) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(DataType.DOUBLE)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x")
                .addLayer("enc", new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build(), "x")
                .addLayer("mean", new DenseLayer.Builder().nIn(HIDDEN).nOut(LATENT).activation(Activation.IDENTITY).build(), "enc")
                .addLayer("logvar", new DenseLayer.Builder().nIn(HIDDEN).nOut(LATENT).activation(Activation.IDENTITY).build(), "enc")
                .addVertex("z", new ReparameterizationVertex(), "mean", "logvar")
                .addLayer("dec", new DenseLayer.Builder().nIn(LATENT).nOut(HIDDEN).activation(Activation.TANH).build(), "z")
                .addLayer("recon", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(HIDDEN).nOut(IN)
                        .activation(Activation.SIGMOID).build(), "dec")
                .addVertex("meanLogvar", new MergeVertex(), "mean", "logvar")
                .addLayer("kl", new LossLayer.Builder().lossFunction(kl).activation(Activation.IDENTITY).build(),
                        "meanLogvar")
                .setOutputs("recon", "kl")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Binary data with structure (two prototypes plus flips), and dummy KL labels. */
    static MultiDataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, n, IN);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < IN; j++) {
                boolean on = (i % 2 == 0) == (j < IN / 2);
                x.putScalar(i, j, on ? 1.0 : 0.0);
            }
        }
        INDArray flips = Nd4j.rand(DataType.DOUBLE, n, IN).lt(0.1).castTo(DataType.DOUBLE);
        x = x.add(flips).fmodi(2.0);
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {x, Nd4j.zeros(DataType.DOUBLE, n, 2 * LATENT)});
    }
}
