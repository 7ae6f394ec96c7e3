package dev.genzoo.generative.vae;

import dev.genzoo.core.model.InputShape;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;

/**
 * Convolutional bodies: two stride-2 3x3 convolutions (28 → 14 → 7) and a dense layer into the
 * heads; a dense layer, a dense projection to the 7x7 maps and two stride-2 4x4 transposed
 * convolutions (7 → 14 → 28) back to linear per-pixel outputs, flattened to [n, c*h*w].
 */
record ConvBody(InputShape input, List<Integer> channels, int hidden) implements VaeBody {

    static final String ETA = "eta";

    ConvBody {
        channels = List.copyOf(channels);
    }

    @Override
    public InputType inputType() {
        return InputType.convolutional(input.height(), input.width(), input.channels());
    }

    @Override
    public String addEncoder(GraphBuilder g, String from) {
        g.addLayer("enc0", new ConvolutionLayer.Builder(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                .nOut(channels.get(0)).activation(Activation.RELU).build(), from);
        g.addLayer("enc1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                .nOut(channels.get(1)).activation(Activation.RELU).build(), "enc0");
        g.addLayer("enc2", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), "enc1");
        return "enc2";
    }

    @Override
    public String addDecoder(GraphBuilder g, String from) {
        int h4 = input.height() / 4;
        int w4 = input.width() / 4;
        int c1 = channels.get(1);
        g.addLayer("dec0", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), from);
        g.addLayer("dec1", new DenseLayer.Builder().nOut(c1 * h4 * w4).activation(Activation.RELU).build(), "dec0");
        g.addLayer("dec2", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).nOut(channels.get(0)).activation(Activation.RELU).build(),
                "dec1");
        g.inputPreProcessor("dec2", new FeedForwardToCnnPreProcessor(h4, w4, c1));
        g.addLayer("dec3", new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).nOut(input.channels()).activation(Activation.IDENTITY)
                .build(), "dec2");
        g.addVertex(ETA, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(input.height(), input.width(),
                input.channels())), "dec3");
        return ETA;
    }

    @Override
    public List<String> encoderLayers() {
        return List.of("enc0", "enc1", "enc2");
    }

    @Override
    public List<String> decoderLayers() {
        return List.of("dec0", "dec1", "dec2", "dec3");
    }
}
