package dev.genzoo.generative.gan;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** A tiny double-precision G (3 → 4 tanh → 2 tanh) and D (2 → 5 → batch norm → LeakyReLU → 1) for exact checks. */
final class TinyGan {
    static final int LATENT = 3;
    static final int DATA = 2;

    private TinyGan() {
    }

    static ComputationGraph generator() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE).graphBuilder().addInputs("z")
                .addLayer("h", new DenseLayer.Builder().nIn(LATENT).nOut(4).activation(new ActivationTanH()).build(), "z")
                .addLayer("x", new DenseLayer.Builder().nIn(4).nOut(DATA).activation(new ActivationTanH()).build(), "h")
                .setOutputs("x").build());
        g.init();
        return g;
    }

    static MultiLayerNetwork discriminator(GanLoss loss) {
        MultiLayerNetwork d = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(DATA).nOut(5).activation(new ActivationIdentity()).build())
                .layer(new BatchNormalization.Builder().nOut(5).build())
                .layer(new ActivationLayer(new ActivationLReLU(0.2)))
                .layer(Networks.output(5, loss))
                .build());
        d.init();
        return d;
    }
}
