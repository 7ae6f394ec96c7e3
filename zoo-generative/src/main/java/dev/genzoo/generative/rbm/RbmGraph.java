package dev.genzoo.generative.rbm;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * How an RBM lives in a DL4J {@link ComputationGraph}, so that the zoo's one artifact format
 * ({@code ModelSerializer} zip + model card) stores it:
 *
 * <pre>
 *   input "v"             [n, V] --> DenseLayer "hidden" (W [V, H], bias c [1, H], sigmoid)        = p(h = 1 | v)
 *   input "visibleField"  [n, V] --> ElementWiseMultiplicationLayer "visible"
 *                                    (scale [1, V] fixed to ones, bias b [1, V], sigmoid)           = p(v = 1 | h)
 *                                    when fed the field h W'
 * </pre>
 *
 * DL4J has no tied-weight layer, so the visible bias sits in a bias-carrying layer whose scale is
 * pinned to one (checked on restore) instead of a second V x H dense layer. The graph is never
 * fitted by DL4J (its updater is NoOp): the RBM's training and sampling run on views of these
 * parameters ({@link RbmWeights}); the graph's two outputs equal the model's conditionals, which
 * a test checks.
 */
final class RbmGraph {
    static final String VISIBLE_INPUT = "v";
    static final String FIELD_INPUT = "visibleField";
    static final String HIDDEN = "hidden";
    static final String VISIBLE = "visible";

    private RbmGraph() {
    }

    static ComputationGraphConfiguration configuration(int visible, int hidden, double initStd, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .graphBuilder()
                .addInputs(VISIBLE_INPUT, FIELD_INPUT)
                .setInputTypes(InputType.feedForward(visible), InputType.feedForward(visible));
        String h = addHidden(g, visible, hidden, initStd);
        String v = addVisible(g, visible);
        return g.setOutputs(h, v).build();
    }

    private static String addHidden(ComputationGraphConfiguration.GraphBuilder g, int visible, int hidden,
            double initStd) {
        g.addLayer(HIDDEN, new DenseLayer.Builder().nIn(visible).nOut(hidden).activation(Activation.SIGMOID)
                .weightInit(new NormalDistribution(0, initStd)).biasInit(0).build(), VISIBLE_INPUT);
        return HIDDEN;
    }

    private static String addVisible(ComputationGraphConfiguration.GraphBuilder g, int visible) {
        g.addLayer(VISIBLE, new ElementWiseMultiplicationLayer.Builder().nIn(visible).nOut(visible)
                .activation(Activation.SIGMOID).weightInit(WeightInit.ONES).biasInit(0).build(), FIELD_INPUT);
        return VISIBLE;
    }

    static ComputationGraph create(int visible, int hidden, double initStd, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(visible, hidden, initStd, seed));
        graph.init();
        return graph;
    }

    /** Views of W, b and c inside the graph's parameters. */
    static RbmWeights views(ComputationGraph graph) {
        var hidden = graph.getLayer(HIDDEN);
        var visible = graph.getLayer(VISIBLE);
        return new RbmWeights(hidden.getParam("W"), visible.getParam("b"), hidden.getParam("b"));
    }

    /**
     * Checks that a restored graph is an RBM graph of the configured size.
     *
     * @throws IllegalArgumentException naming what does not match
     */
    static void check(ComputationGraph graph, int visible, int hidden) {
        for (String layer : new String[] {HIDDEN, VISIBLE}) {
            if (graph.getLayer(layer) == null) {
                throw new IllegalArgumentException("an RBM graph has layers '" + HIDDEN + "' and '" + VISIBLE
                        + "', this one lacks '" + layer + "'");
            }
        }
        INDArray w = graph.getLayer(HIDDEN).getParam("W");
        INDArray scale = graph.getLayer(VISIBLE).getParam("W");
        if (w == null || w.rank() != 2 || w.size(0) != visible || w.size(1) != hidden) {
            throw new IllegalArgumentException("layer '" + HIDDEN + "' must hold W of shape [" + visible + ", "
                    + hidden + "] as configured, found " + (w == null ? "none" : java.util.Arrays.toString(w.shape())));
        }
        if (scale == null || scale.length() != visible || scale.minNumber().doubleValue() != 1.0
                || scale.maxNumber().doubleValue() != 1.0) {
            throw new IllegalArgumentException("layer '" + VISIBLE + "' must have its scale fixed to ones (it only"
                    + " carries the visible bias)");
        }
    }
}
