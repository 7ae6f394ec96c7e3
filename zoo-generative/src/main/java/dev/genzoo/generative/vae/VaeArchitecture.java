package dev.genzoo.generative.vae;

import dev.genzoo.core.nn.KlDivergenceLoss;
import dev.genzoo.core.nn.ReparameterizationVertex;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The three graphs of a VAE, sharing layer names:
 *
 * <pre>
 * training  x [,y] -&gt; body -&gt; mean, logvar -&gt; z (reparameterization) [,y] -&gt; body -&gt; recon (DecoderNllLoss)
 *                                 mean, logvar -&gt; meanLogvar (merge) -&gt; kl (KlDivergenceLoss)
 * encoder   x [,y] -&gt; body -&gt; mean, logvar
 * decoder   z [,y] -&gt; body -&gt; decoder's linear output
 * </pre>
 *
 * A conditional model merges one-hot labels {@code y} into the encoder input and into the code.
 *
 * @param body         encoder and decoder bodies
 * @param latentSize   size of z
 * @param numClasses   classes of the one-hot conditioning labels, 0 for an unconditional VAE
 * @param likelihood   the decoder distribution p(x|z)
 * @param beta         KL weight
 * @param klWarmUp     KL warm-up iterations (0: none)
 * @param learningRate Adam learning rate
 * @param seed         initialisation seed
 * @param weightInit   default weight initialisation
 */
record VaeArchitecture(VaeBody body, int latentSize, int numClasses, DecoderDistribution likelihood, double beta,
        int klWarmUp, double learningRate, long seed, WeightInit weightInit, int decaySteps) {

    static final String X = "x";
    static final String Y = "y";
    static final String Z = "z";
    static final String MEAN = "mean";
    static final String LOGVAR = "logvar";
    static final String RECON = "recon";
    static final String KL = "kl";

    boolean conditional() {
        return numClasses > 0;
    }

    /** The trained graph; outputs {@link #RECON} then {@link #KL}. */
    ComputationGraphConfiguration trainingGraph() {
        GraphBuilder g = builder();
        addInputs(g, X, body.inputType());
        String[] heads = addEncoder(g);
        g.addVertex(Z, new ReparameterizationVertex(), heads);
        String eta = body.addDecoder(g, conditioned(g, Z, "zy"));
        g.addLayer(RECON, new LossLayer.Builder().lossFunction(new DecoderNllLoss(likelihood))
                .activation(Activation.IDENTITY).build(), eta);
        g.addVertex("meanLogvar", new MergeVertex(), heads);
        g.addLayer(KL, new LossLayer.Builder().lossFunction(new KlDivergenceLoss(beta, klWarmUp))
                .activation(Activation.IDENTITY).build(), "meanLogvar");
        return g.setOutputs(RECON, KL).build();
    }

    /** Input (and labels) to posterior mean and log-variance. */
    ComputationGraphConfiguration encoderGraph() {
        GraphBuilder g = builder();
        addInputs(g, X, body.inputType());
        return g.setOutputs(addEncoder(g)).build();
    }

    /** Code (and labels) to the decoder's linear output, flat {@code [n, D]}. */
    ComputationGraphConfiguration decoderGraph() {
        GraphBuilder g = builder();
        addInputs(g, Z, InputType.feedForward(latentSize));
        return g.setOutputs(body.addDecoder(g, conditioned(g, Z, "zy"))).build();
    }

    List<String> encoderLayers() {
        List<String> names = new ArrayList<>(body.encoderLayers());
        names.add(MEAN);
        names.add(LOGVAR);
        return names;
    }

    List<String> decoderLayers() {
        return body.decoderLayers();
    }

    private String[] addEncoder(GraphBuilder g) {
        String h = body.addEncoder(g, conditioned(g, X, "xy"));
        g.addLayer(MEAN, new DenseLayer.Builder().nOut(latentSize).activation(Activation.IDENTITY).build(), h);
        g.addLayer(LOGVAR, new DenseLayer.Builder().nOut(latentSize).activation(Activation.IDENTITY).build(), h);
        return new String[] {MEAN, LOGVAR};
    }

    private void addInputs(GraphBuilder g, String first, InputType type) {
        if (conditional()) {
            g.addInputs(first, Y).setInputTypes(type, InputType.feedForward(numClasses));
        } else {
            g.addInputs(first).setInputTypes(type);
        }
    }

    /** {@code from} merged with the labels for a conditional model, else {@code from}. */
    private String conditioned(GraphBuilder g, String from, String mergedName) {
        if (!conditional()) {
            return from;
        }
        g.addVertex(mergedName, new MergeVertex(), from, Y);
        return mergedName;
    }

    private GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(dev.genzoo.core.nn.DecayingAdam.of(learningRate, decaySteps))
                .weightInit(weightInit).trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED).graphBuilder();
    }
}
