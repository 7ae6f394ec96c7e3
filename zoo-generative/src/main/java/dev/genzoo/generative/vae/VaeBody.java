package dev.genzoo.generative.vae;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * What distinguishes one VAE of the zoo from another: the encoder body up to the layer feeding the
 * mean and log-variance heads, and the decoder body from the code to the decoder's linear output.
 * {@link VaeArchitecture} adds the heads, the reparameterization, the conditioning and the two
 * losses around it. Layer sizes flowing in are inferred from input types, so a body never states
 * an {@code nIn}.
 */
interface VaeBody {

    /** DL4J input type of {@code x}. */
    InputType inputType();

    /** Adds the encoder body after {@code from}; returns the vertex the heads read. */
    String addEncoder(GraphBuilder g, String from);

    /** Adds the decoder body after {@code from}; returns the vertex holding the flat [n, D] linear output. */
    String addDecoder(GraphBuilder g, String from);

    /** Names of the parameterised layers {@link #addEncoder} adds. */
    List<String> encoderLayers();

    /** Names of the parameterised layers {@link #addDecoder} adds. */
    List<String> decoderLayers();
}
