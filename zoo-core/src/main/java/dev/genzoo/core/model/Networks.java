package dev.genzoo.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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

    /**
     * A model's network of role {@code role}: a fresh graph of {@code conf} when {@code restored} is
     * null, else the restored graph of that role, checked to be a ComputationGraph with the number of
     * parameters {@code conf} builds (an error names the model, the role, what was found and the config).
     */
    public static ComputationGraph graph(String model, Record config, ComputationGraphConfiguration conf,
            Map<String, Model> restored, String role) {
        ComputationGraph fresh = new ComputationGraph(conf);
        fresh.init();
        if (restored == null) {
            return fresh;
        }
        Model m = restored.get(role);
        if (!(m instanceof ComputationGraph g)) {
            throw new IllegalArgumentException(model + ": expected a ComputationGraph under role '" + role + "', found "
                    + (m == null ? "none among " + restored.keySet() : m.getClass().getSimpleName()));
        }
        if (g.numParams() != fresh.numParams()) {
            throw new IllegalArgumentException(model + ": the " + role + " has " + g.numParams()
                    + " parameters but the configuration " + config + " builds " + fresh.numParams());
        }
        return g;
    }
}
