package dev.genzoo.generative.gan;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.learning.config.IUpdater;
import org.deeplearning4j.nn.weights.WeightInit;

/** Builders of the dense generators and discriminators shared by the MLP GANs. */
final class Networks {
    /** Generator input of the noise. */
    static final String Z = "z";
    /** Generator input of the one-hot label (conditional GANs). */
    static final String LABEL = "label";

    private Networks() {
    }

    /**
     * z [+ label] → dense ReLU layers → dataSize tanh, as a ComputationGraph in workspace mode
     * NONE (DL4J-NOTES: batch-norm backprop with external errors fails otherwise).
     */
    static ComputationGraphConfiguration mlpGenerator(int latentSize, int numClasses, List<Integer> hidden,
            int dataSize, IUpdater updater, long seed) {
        var b = new NeuralNetConfiguration.Builder().seed(seed).updater(updater).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder();
        String previous;
        int width;
        if (numClasses > 0) {
            b.addInputs(Z, LABEL);
            b.setInputTypes(InputType.feedForward(latentSize), InputType.feedForward(numClasses));
            previous = "zLabel";
            b.addVertex(previous, new MergeVertex(), Z, LABEL);
            width = latentSize + numClasses;
        } else {
            b.addInputs(Z);
            b.setInputTypes(InputType.feedForward(latentSize));
            previous = Z;
            width = latentSize;
        }
        for (int i = 0; i < hidden.size(); i++) {
            String name = "g" + (i + 1);
            b.addLayer(name, dense(width, hidden.get(i), new ActivationReLU()), previous);
            previous = name;
            width = hidden.get(i);
        }
        b.addLayer("x", dense(width, dataSize, new ActivationTanH()), previous);
        return b.setOutputs("x").build();
    }

    /**
     * inputSize → dense LeakyReLU(0.2) layers → 1 output: a sigmoid probability with binary
     * cross-entropy, or, for the Wasserstein critic, a linear score.
     */
    static MultiLayerConfiguration mlpDiscriminator(int inputSize, List<Integer> hidden, GanLoss loss,
            IUpdater updater, long seed) {
        return leakyMlp(inputSize, hidden, updater, seed, width -> output(width, loss));
    }

    /**
     * inputSize → dense LeakyReLU(0.2) layers → {@code classes} softmax outputs with cross-entropy:
     * the K+1 discriminator of a conditional GAN (the classes, then "generated").
     */
    static MultiLayerConfiguration mlpClassDiscriminator(int inputSize, List<Integer> hidden, int classes,
            IUpdater updater, long seed) {
        return leakyMlp(inputSize, hidden, updater, seed, width -> new OutputLayer.Builder(
                new org.nd4j.linalg.lossfunctions.impl.LossMCXENT()).nIn(width).nOut(classes)
                .activation(new org.nd4j.linalg.activations.impl.ActivationSoftmax()).build());
    }

    /** inputSize → dense LeakyReLU(0.2) layers → the output layer {@code output} makes for the last width. */
    private static MultiLayerConfiguration leakyMlp(int inputSize, List<Integer> hidden, IUpdater updater, long seed,
            java.util.function.IntFunction<OutputLayer> output) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater).weightInit(WeightInit.XAVIER)
                .list();
        int width = inputSize;
        for (int h : hidden) {
            list.layer(dense(width, h, new ActivationLReLU(0.2)));
            width = h;
        }
        list.layer(output.apply(width));
        return list.build();
    }

    /** D's one-unit output layer for {@code loss}. */
    static OutputLayer output(int nIn, GanLoss loss) {
        IActivation act = loss.linearOutput() ? new ActivationIdentity() : new ActivationSigmoid();
        return new OutputLayer.Builder(loss.discriminatorLossFunction()).nIn(nIn).nOut(1).activation(act).build();
    }

    private static DenseLayer dense(int nIn, int nOut, IActivation act) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(act).build();
    }
}
