package dev.genzoo.core.weights;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The DL4J class a network file restores to; recorded in the model card for each file. */
public enum NetworkKind {
    /** {@link ComputationGraph}. */
    COMPUTATION_GRAPH,
    /** {@link MultiLayerNetwork}. */
    MULTI_LAYER_NETWORK;

    /**
     * The kind of a network instance.
     *
     * @throws IllegalArgumentException for anything but a ComputationGraph or MultiLayerNetwork
     */
    public static NetworkKind of(Model network) {
        if (network instanceof ComputationGraph) {
            return COMPUTATION_GRAPH;
        }
        if (network instanceof MultiLayerNetwork) {
            return MULTI_LAYER_NETWORK;
        }
        throw new IllegalArgumentException("network must be a ComputationGraph or MultiLayerNetwork, found "
                + (network == null ? "null" : network.getClass().getName()));
    }
}
