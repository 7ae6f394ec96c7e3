package dev.genzoo.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Checks on the networks handed to a model's restorer. */
public final class Networks {
    /** The role of the single network of a one-graph model. */
    public static final String GRAPH = "graph";

    private Networks() {
    }

    /** The networks of a one-graph model: {@code graph} under role {@value #GRAPH}. */
    public static Map<String, Model> single(Model graph) {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put(GRAPH, graph);
        return m;
    }

    /**
     * The ComputationGraph under role {@value #GRAPH}, or an error naming the model, the roles found
     * and the class found.
     */
    public static ComputationGraph singleGraph(String model, Map<String, Model> networks) {
        Model m = networks.get(GRAPH);
        if (!(m instanceof ComputationGraph g)) {
            throw new IllegalArgumentException(model + ": expected one ComputationGraph under role '" + GRAPH
                    + "', found " + networks.keySet() + (m == null ? "" : " (" + m.getClass().getSimpleName() + ")"));
        }
        return g;
    }
}
