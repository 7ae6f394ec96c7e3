package dev.genzoo.generative.vae;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * Dense encoder and decoder bodies: input → hidden… (ReLU) → heads; code → hidden (mirrored)… →
 * linear output of {@code inputSize} values. With no hidden layers both are linear (the
 * linear-Gaussian VAE).
 */
record MlpBody(int inputSize, List<Integer> hidden) implements VaeBody {

    static final String ETA = "eta";

    MlpBody {
        hidden = List.copyOf(hidden);
    }

    @Override
    public InputType inputType() {
        return InputType.feedForward(inputSize);
    }

    @Override
    public String addEncoder(GraphBuilder g, String from) {
        String prev = from;
        List<String> names = encoderLayers();
        for (int i = 0; i < hidden.size(); i++) {
            g.addLayer(names.get(i), new DenseLayer.Builder().nOut(hidden.get(i)).activation(Activation.RELU).build(),
                    prev);
            prev = names.get(i);
        }
        return prev;
    }

    @Override
    public String addDecoder(GraphBuilder g, String from) {
        String prev = from;
        List<String> names = decoderLayers();
        for (int i = 0; i < hidden.size(); i++) {
            int nOut = hidden.get(hidden.size() - 1 - i);
            g.addLayer(names.get(i), new DenseLayer.Builder().nOut(nOut).activation(Activation.RELU).build(), prev);
            prev = names.get(i);
        }
        g.addLayer(ETA, new DenseLayer.Builder().nOut(inputSize).activation(Activation.IDENTITY).build(), prev);
        return ETA;
    }

    @Override
    public List<String> encoderLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            names.add("enc" + i);
        }
        return names;
    }

    @Override
    public List<String> decoderLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            names.add("dec" + i);
        }
        names.add(ETA);
        return names;
    }
}
