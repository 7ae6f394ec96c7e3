package dev.genzoo.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference over one {@link ComputationGraph} through the engine's pass where the engine runs the
 * graph, and through DL4J's own {@code output}/{@code feedForward} where it does not: the one place
 * that holds the lazily built {@link FastGraphTrainer}, rebuilds it when the graph's parameter array
 * was replaced (a restore or resume: {@link FastGraphTrainer#isFor}), and remembers that the engine
 * declined the graph (its layers, hence the answer, never change).
 *
 * <p>Both answers are the graph's inference ({@code graph.output(false, ...)}): no dropout, batch
 * norm on running statistics. Methods are synchronized: the engine's trainer holds per-pass buffers,
 * and models hand one instance to every caller.
 */
public final class GraphInference {

    private final ComputationGraph graph;
    private final EngineOptions options;
    private FastGraphTrainer engine;
    private String declined;

    /** Inference over {@code graph} with the engine's default switches. */
    public GraphInference(ComputationGraph graph) {
        this(graph, EngineOptions.defaults());
    }

    public GraphInference(ComputationGraph graph, EngineOptions options) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The graph this runs. */
    public ComputationGraph graph() {
        return graph;
    }

    /**
     * The engine's trainer for the graph's current parameters (built on first use, rebuilt after the
     * parameter array was replaced), or empty where the engine does not run the graph
     * ({@link #declinedReason()} says why). For callers that need the engine's other passes, such
     * as the channel-major {@link FastGraphTrainer#forward}; use it under this object's lock.
     */
    public synchronized Optional<FastGraphTrainer> engine() {
        if (declined != null) {
            return Optional.empty();
        }
        if (engine == null || !engine.isFor(graph)) {
            engine = null;
            String reason = FastGraphTrainer.unsupportedReason(graph);
            if (reason != null) {
                declined = reason;
                return Optional.empty();
            }
            engine = FastGraphTrainer.of(graph, options).orElseThrow();
        }
        return Optional.of(engine);
    }

    /** The engine's trainer, or an {@link IllegalStateException} naming {@code what} and why the engine declined it. */
    public synchronized FastGraphTrainer requireEngine(String what) {
        return engine().orElseThrow(() -> new IllegalStateException(
                "the engine cannot run " + what + ": " + declined));
    }

    /** Why the engine does not run the graph, once {@link #engine()} found so; null before that or where it does. */
    public synchronized String declinedReason() {
        return declined;
    }

    /** True once a pass ran on the engine (its trainer is built and current). */
    public synchronized boolean onEngine() {
        return engine != null && engine.isFor(graph);
    }

    /** The graph's outputs, in its output order (fresh arrays; images NCHW), as {@code graph.output(false, features)}. */
    public synchronized INDArray[] output(INDArray... features) {
        Optional<FastGraphTrainer> t = engine();
        if (t.isPresent()) {
            return t.get().output(features);
        }
        INDArray[] out = graph.output(false, features);
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].detach();
        }
        return out;
    }

    /** The graph's single output ({@link #output}). */
    public INDArray outputSingle(INDArray... features) {
        INDArray[] out = output(features);
        if (out.length != 1) {
            throw new IllegalStateException("graph has " + out.length + " outputs; outputSingle needs exactly one");
        }
        return out[0];
    }

    /**
     * {@link #output} over the rows of {@code features} in equal passes of at most {@code maxRows}
     * rows, the last zero-padded ({@link RowPasses}): bounds the engine's buffers and keeps their
     * shape from pass to pass.
     */
    public INDArray[] outputInPasses(int maxRows, INDArray... features) {
        return RowPasses.map(maxRows, features, this::output);
    }

    /** {@link #activations} in passes of at most {@code maxRows} rows, as {@link #outputInPasses}. */
    public INDArray[] activationsInPasses(int maxRows, List<String> names, INDArray... features) {
        return RowPasses.map(maxRows, features, f -> activations(names, f));
    }

    /**
     * The inference activations of the named layers or vertices (fresh arrays, in the order of
     * {@code names}), as {@code graph.feedForward(features, false, false).get(name)} gives them.
     */
    public synchronized INDArray[] activations(List<String> names, INDArray... features) {
        Optional<FastGraphTrainer> t = engine();
        if (t.isPresent()) {
            return t.get().activations(names, features);
        }
        for (String name : names) {
            var v = graph.getVertex(name);
            if (v == null || v.isInputVertex()) {
                throw new IllegalArgumentException("graph has no layer or vertex '" + name + "'");
            }
        }
        Map<String, INDArray> all = graph.feedForward(features, false, false);
        return names.stream().map(n -> all.get(n).detach()).toArray(INDArray[]::new);
    }
}
