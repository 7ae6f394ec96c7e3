package dev.genzoo.autoencoders;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The dense autoencoder every MLP family member is built from: input → hidden… → code →
 * hidden (mirrored)… → output. Family members differ in what they attach: input corruption
 * (denoising), code noise (stochastic encoder), a code regulariser (sparse), a contractive code
 * layer, weight penalties. The same description builds three graphs with the same layer names: the
 * full autoencoder (trained), the encoder alone and the decoder alone (used for encode / decode,
 * parameters copied from the full graph).
 *
 * @param inputSize      values per example
 * @param hidden         encoder hidden layer sizes, outermost first; the decoder mirrors them
 * @param codeSize       size of the code
 * @param hiddenActivation activation of hidden layers
 * @param codeActivation activation of the code layer
 * @param loss           reconstruction loss (fixes the output activation)
 * @param penalty        weight penalty on every layer
 * @param inputNoise     corruption applied to the input at training time, or null
 * @param codeNoise      noise added to the code at training time, or null
 * @param codeLayer      a custom code layer factory (contractive), or null for a dense layer
 * @param codeRegularizer a layer placed after the code (sparsity), or null
 * @param learningRate   Adam learning rate
 * @param seed           weight initialisation seed
 * @param decaySteps     τ of the learning-rate schedule lr / (1 + t / τ) over iterations t (DL4J's
 *                       {@code InverseSchedule} with power 1); 0 keeps the rate constant
 */
record MlpArchitecture(int inputSize, List<Integer> hidden, int codeSize, Activation hiddenActivation,
        Activation codeActivation, ReconstructionLoss loss, WeightPenalty penalty, IDropout inputNoise,
        IDropout codeNoise, CodeLayerFactory codeLayer, Layer codeRegularizer, double learningRate, long seed,
        int decaySteps) {

    static final String INPUT = "x";
    static final String CODE_INPUT = "z";
    static final String CODE = "code";
    static final String OUTPUT = "out";

    /** Builds the code layer (for layers other than a plain dense one). */
    @FunctionalInterface
    interface CodeLayerFactory {
        Layer create(int nIn, int nOut, Activation activation, WeightPenalty penalty);
    }

    MlpArchitecture {
        hidden = List.copyOf(hidden);
    }

    /** The full autoencoder: input → code → reconstruction. */
    ComputationGraphConfiguration full() {
        var g = base().graphBuilder().addInputs(INPUT);
        String last = addEncoder(g, INPUT);
        addDecoder(g, last);
        return g.setOutputs(OUTPUT).build();
    }

    /** The encoder alone: input → code (its last layer named {@link #CODE}). */
    ComputationGraphConfiguration encoder() {
        var g = base().graphBuilder().addInputs(INPUT);
        String code = addEncoder(g, INPUT);
        return g.setOutputs(code).build();
    }

    /** The decoder alone: code → reconstruction. */
    ComputationGraphConfiguration decoder() {
        var g = base().graphBuilder().addInputs(CODE_INPUT);
        addDecoder(g, CODE_INPUT);
        return g.setOutputs(OUTPUT).build();
    }

    /** Names of the layers of the encoder, in order. */
    List<String> encoderLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            names.add("enc" + i);
        }
        names.add(CODE);
        return names;
    }

    /** Names of the layers of the decoder, in order. */
    List<String> decoderLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            names.add("dec" + i);
        }
        names.add(OUTPUT);
        return names;
    }

    private NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(dev.genzoo.core.nn.DecayingAdam.of(learningRate, decaySteps))
                .weightInit(WeightInit.XAVIER).trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    /** Adds the encoder after {@code from}; returns the name of its last vertex (the code). */
    private String addEncoder(ComputationGraphConfiguration.GraphBuilder g, String from) {
        String prev = from;
        int nIn = inputSize;
        List<String> names = encoderLayers();
        for (int i = 0; i < hidden.size(); i++) {
            var b = penalty.applyTo(new DenseLayer.Builder().nIn(nIn).nOut(hidden.get(i)).activation(hiddenActivation));
            if (i == 0 && inputNoise != null) {
                b.dropOut(inputNoise);
            }
            g.addLayer(names.get(i), b.build(), prev);
            prev = names.get(i);
            nIn = hidden.get(i);
        }
        Layer code;
        if (codeLayer != null) {
            code = codeLayer.create(nIn, codeSize, codeActivation, penalty);
            if (hidden.isEmpty() && inputNoise != null) {
                code.setIDropout(inputNoise);
            }
        } else {
            var b = penalty.applyTo(new DenseLayer.Builder().nIn(nIn).nOut(codeSize).activation(codeActivation));
            if (hidden.isEmpty() && inputNoise != null) {
                b.dropOut(inputNoise);
            }
            code = b.build();
        }
        g.addLayer(CODE, code, prev);
        if (codeRegularizer != null) {
            g.addLayer("code_reg", codeRegularizer.clone(), CODE);
            return "code_reg";
        }
        return CODE;
    }

    /** Adds the decoder after {@code from}; its output layer is {@link #OUTPUT}. */
    private void addDecoder(ComputationGraphConfiguration.GraphBuilder g, String from) {
        String prev = from;
        int nIn = codeSize;
        List<String> names = decoderLayers();
        for (int i = 0; i < hidden.size(); i++) {
            int nOut = hidden.get(hidden.size() - 1 - i);
            var b = penalty.applyTo(new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(hiddenActivation));
            if (i == 0 && codeNoise != null) {
                b.dropOut(codeNoise);
            }
            g.addLayer(names.get(i), b.build(), prev);
            prev = names.get(i);
            nIn = nOut;
        }
        var out = penalty.applyTo(new OutputLayer.Builder(loss.dl4jLoss()).nIn(nIn).nOut(inputSize)
                .activation(loss.outputActivation()));
        if (hidden.isEmpty() && codeNoise != null) {
            out.dropOut(codeNoise);
        }
        g.addLayer(OUTPUT, out.build(), prev);
    }
}
