package dev.genzoo.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.layers.LossLayer;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A training step for dense {@link ComputationGraph}s that does what {@code graph.fit(batch)} does
 * with far fewer native calls: forward pass, backward pass, DL4J's own updater (so Adam state,
 * learning-rate schedules, L1/L2 and weight decay are the graph's), {@code params -= update}, the
 * iteration counter and the listeners, in that order.
 *
 * <p>Why: on a small CPU, {@code ComputationGraph.fit} spends about a third of an {@code mlp-ae}
 * step outside the matrix products (workspace scopes, validation, duplicated activations, per-call
 * allocation). This trainer keeps one buffer per layer output and writes parameter gradients
 * straight into the graph's flattened gradient view with {@code gemm}. The maths is DL4J's: every
 * activation goes through the layer's {@link IActivation} ({@code getActivation}/{@code backprop}),
 * every loss through the output layer's {@link ILossFunction}, every vertex that is not a layer
 * (merge, reparameterisation, ...) through its own {@code doForward}/{@code doBackward}, and the
 * update through {@code graph.getUpdater()}, so the graph trained here and by {@code fit} follow
 * the same trajectory up to float summation order (checked by tests). Where a profile showed
 * DL4J's kernels to cost as much as the products, the same formulas run fused ({@link FusedKernels}:
 * sigmoid + binary cross-entropy output layers, losses implementing {@link FusedLoss}, a single
 * Adam block, plain ReLU backward, bias gradients), still on DL4J's parameter and updater arrays.
 *
 * <p>On a machine with a second core, products of 40 MFLOP and more are split by rows between
 * the two threads, and each layer's parameter gradient (and, when no listener looks at gradients
 * before the update, its Adam step and {@code params -= update}) goes to {@link SideThread} once
 * the layer's weights are no longer needed below it; the calling thread goes on down the graph and
 * takes over whatever the side thread has not started when it is done. On the {@code mlp-vae} step
 * (batch 128, fixed batch): 12.0 to 8.7 ms.
 *
 * <p>Supported: {@code DenseLayer}, {@code OutputLayer} and {@code LossLayer} on the dense path
 * above, with or without input dropout/noise ({@code IDropout}: applied and back-propagated as the
 * layer would), but without weight noise, constraints, layer norm or gradient normalisation; the
 * layers of {@link Ops} (convolution in Truncate, Strict or Same mode, transposed convolution, batch
 * norm, activation layers, max/average pooling, {@code Upsampling2D}) and {@code CnnLossLayer} on
 * images, which live channel-major ({@code [C, N, H, W]}) inside the step: network inputs are
 * transposed once, DL4J's dense/convolutional preprocessors are engine steps, a channel merge is a
 * concatenation, element-wise vertices on same-shaped maps run as they are, and any other
 * parameter-free vertex gets NCHW copies (listeners see NCHW too); several inputs and outputs; no
 * masks. {@link #of} returns empty for anything else, saying once per graph at INFO which layer or
 * vertex and why (see {@link #unsupportedReason}), and callers fall back to {@code fit}.
 */
public final class FastGraphTrainer {
    private final ComputationGraph graph;
    private final int[] order;
    private final GraphVertex[] vertices;
    private final List<String> inputs;
    private final List<String> outputs;
    private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    /** DL4J vertices' arrays during an inference pass: in that pass's workspace, which {@link #activations} opens. */
    private final LayerWorkspaceMgr inferenceMgr = LayerWorkspaceMgr.builder()
            .defaultWorkspace(INFERENCE_WORKSPACE_ID, STEP_WORKSPACE).build();
    private final Map<Integer, INDArray[]> buffers = new HashMap<>();
    private final boolean regularized;
    private Gradient gradient;
    private long batchOfBuffers = -1;
    private FusedKernels.Adam1 adam;
    private boolean adamChecked;

    private final EngineOptions options;
    /** Per vertex: a layer's input preprocessor as an engine step, or a {@code PreprocessorVertex}'s. */
    private final Ops.Op[] preSteps;
    /** Per vertex: the engine step of a layer that is not dense (convolution, batch norm, pooling, ...). */
    private final Ops.Op[] steps;
    /** Per vertex: a layer the engine runs through DL4J's own {@code activate}/{@code backpropGradient}. */
    private final boolean[] generic;
    /** Per vertex: a {@code CnnLossLayer} (loss on channel-major images). */
    private final boolean[] imageLoss;
    /** Per vertex: how a parameter-free vertex ran its last forward pass (see {@link #vertexForward}). */
    private final int[] route;
    /** Per network input: the channel-major copy of 4-D features. */
    private final INDArray[] imageInputs;
    private boolean stepsBound;
    /** Address and offset of the parameter array the layer steps were built on (see {@link #isFor}). */
    private final long paramsAddress;
    private final long paramsOffset;

    private FastGraphTrainer(ComputationGraph graph, EngineOptions options) {
        this.graph = graph;
        this.options = options;
        this.order = graph.topologicalSortOrder();
        this.vertices = graph.getVertices();
        this.inputs = graph.getConfiguration().getNetworkInputs();
        this.outputs = graph.getConfiguration().getNetworkOutputs();
        boolean reg = false;
        for (Layer l : graph.getLayers()) {
            if (l.conf().getLayer() instanceof BaseLayer b) {
                reg |= !b.getRegularization().isEmpty() || !b.getRegularizationBias().isEmpty();
            }
        }
        int nv = vertices.length;
        this.preSteps = new Ops.Op[nv];
        this.steps = new Ops.Op[nv];
        this.imageLoss = new boolean[nv];
        this.generic = new boolean[nv];
        this.route = new int[nv];
        this.imageInputs = new INDArray[inputs.size()];
        this.paramsAddress = graph.params().data().address();
        this.paramsOffset = graph.params().offset();
        for (int i = 0; i < nv; i++) {
            GraphVertex v = vertices[i];
            if (v instanceof LayerVertex lv) {
                if (lv.getLayerPreProcessor() != null) {
                    preSteps[i] = Ops.of(lv.getLayerPreProcessor());
                }
                Layer l = lv.getLayer();
                if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer) {
                    imageLoss[i] = true;
                } else if (!denseRoute(l)) {
                    steps[i] = Ops.reason(l.conf().getLayer()) == null ? Ops.of(l) : new Dl4jLayer(l);
                    generic[i] = steps[i] instanceof Dl4jLayer;
                }
            } else if (v instanceof PreprocessorVertex pv) {
                preSteps[i] = Ops.of(pv.getPreProcessor());
            }
        }
        for (boolean g : generic) {
            // a layer of its own kind may add to the score (activity or Jacobian penalties) and to the
            // gradient beyond weight decay: the score asks the graph, and the update goes through DL4J's updater
            reg |= g;
        }
        this.regularized = reg;
        for (Ops.Op[] all : new Ops.Op[][] {preSteps, steps}) {
            for (Ops.Op op : all) {
                if (op != null) {
                    op.largeThreads = options.largeProductThreads();
                }
            }
        }
    }

    /** Dense, output and loss layers run on the trainer's own dense path; the rest as {@link Ops.Op}s. */
    private static boolean denseRoute(Layer l) {
        return l instanceof DenseLayer || l instanceof OutputLayer || l instanceof LossLayer;
    }

    /** A fast trainer for {@code graph}, or empty when the graph has something it does not support. */
    public static Optional<FastGraphTrainer> of(ComputationGraph graph) {
        return of(graph, EngineOptions.defaults());
    }

    /** A fast trainer for {@code graph} with the given switches, or empty as {@link #of(ComputationGraph)}. */
    public static Optional<FastGraphTrainer> of(ComputationGraph graph, EngineOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        String reason = unsupportedReason(graph);
        if (reason == null) {
            return Optional.of(new FastGraphTrainer(graph, options));
        }
        if (TOLD.put(graph, Boolean.TRUE) == null) {
            LOG.info("this graph trains through DL4J's fit, not the engine: {}", reason);
        }
        return Optional.empty();
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FastGraphTrainer.class);
    /** Graphs whose fallback to {@code fit} was already reported (once per graph). */
    private static final Map<ComputationGraph, Boolean> TOLD =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Why {@link #of} refuses {@code graph}, or null when it is supported. */
    public static String unsupportedReason(ComputationGraph graph) {
        if (graph.getConfiguration().getBackpropType() != org.deeplearning4j.nn.conf.BackpropType.Standard) {
            return "truncated BPTT";
        }
        for (GraphVertex v : graph.getVertices()) {
            if (v.isInputVertex()) {
                continue;
            }
            if (!v.hasLayer()) {
                if (v.numParams() > 0) {
                    return "vertex " + v.getVertexName() + " has parameters";
                }
                continue;
            }
            Layer l = v.getLayer();
            if (v instanceof LayerVertex lv && lv.getLayerPreProcessor() != null
                    && Ops.of(lv.getLayerPreProcessor()) == null) {
                return "layer " + v.getVertexName() + " has input preprocessor "
                        + lv.getLayerPreProcessor().getClass().getSimpleName();
            }
            if (!denseRoute(l)) {
                var c = l.conf().getLayer();
                if (graph.params().dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
                    return "layer " + v.getVertexName() + " is a " + c.getClass().getSimpleName()
                            + " and the parameters are " + graph.params().dataType() + " (only FLOAT)";
                }
                String r = c instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer cl
                        ? cl.getFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NCHW ? null : "NHWC loss layer"
                        : Ops.reason(c) == null ? null : Dl4jLayer.reason(l);
                if (r != null) {
                    return "layer " + v.getVertexName() + ": " + r;
                }
            }
            var conf = l.conf().getLayer();
            if (conf.getConstraints() != null && !conf.getConstraints().isEmpty()) {
                return "layer " + v.getVertexName() + " has constraints";
            }
            if (conf instanceof BaseLayer b) {
                if (b.getWeightNoise() != null) {
                    return "layer " + v.getVertexName() + " has weight noise";
                }
                if (b.getGradientNormalization() != null && b.getGradientNormalization() != GradientNormalization.None) {
                    return "layer " + v.getVertexName() + " has gradient normalisation";
                }
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d && (d.hasLayerNorm() || !d.hasBias())) {
                return "layer " + v.getVertexName() + " has layer norm or no bias";
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer o && !o.hasBias()) {
                return "layer " + v.getVertexName() + " has no bias";
            }
        }
        return null;
    }

    /**
     * {@code epochs} passes over {@code data}, as {@code graph.fit(data, epochs)}: listeners' epoch
     * callbacks and the epoch counter included.
     */
    public void fit(org.nd4j.linalg.dataset.api.iterator.DataSetIterator data, int epochs) {
        fitEpochs(() -> {
            data.reset();
            pass(data, data.asyncSupported(), this::fit);
        }, epochs);
    }

    /** {@code epochs} passes over multi-input/-output {@code data}. */
    public void fit(org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator data, int epochs) {
        fitEpochs(() -> {
            data.reset();
            pass(data, data.asyncSupported(), this::fit);
        }, epochs);
    }

    /**
     * One step per batch of {@code data}; batches are prepared on another thread while this one
     * trains when the iterator allows it (as {@code fit(iterator)} does; a VAE's batches took 1-2 ms
     * each to build on the training thread).
     */
    private static <T> void pass(java.util.Iterator<T> data, boolean async, java.util.function.Consumer<T> step) {
        if (!async) {
            data.forEachRemaining(step);
            return;
        }
        try (var it = new Prefetch<>(data, 2, "genzoo-prefetch")) {
            it.forEachRemaining(step);
        }
    }

    private void fitEpochs(Runnable pass, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        for (int e = 0; e < epochs; e++) {
            for (TrainingListener t : graph.getListeners()) {
                t.onEpochStart(graph);
            }
            pass.run();
            for (TrainingListener t : graph.getListeners()) {
                t.onEpochEnd(graph);
            }
            graph.incrementEpochCount();
        }
    }

    /** One step on a single-input, single-output batch. */
    public double fit(DataSet batch) {
        if (batch.getFeaturesMaskArray() != null) {
            throw new IllegalArgumentException("the engine takes no feature masks (they are for sequences)");
        }
        return fit(new INDArray[] {batch.getFeatures()}, new INDArray[] {batch.getLabels()},
                batch.getLabelsMaskArray() == null ? null : new INDArray[] {batch.getLabelsMaskArray()});
    }

    /** One step on a multi-input/-output batch. */
    public double fit(MultiDataSet batch) {
        if (batch.getFeaturesMaskArrays() != null && java.util.Arrays.stream(batch.getFeaturesMaskArrays())
                .anyMatch(java.util.Objects::nonNull)) {
            throw new IllegalArgumentException("the engine takes no feature masks (they are for sequences)");
        }
        return fit(batch.getFeatures(), batch.getLabels(), batch.getLabelsMaskArrays());
    }

    /**
     * One optimisation step: what {@code graph.fit(new MultiDataSet(features, labels))} does.
     *
     * @return the score before the update (mean loss per example plus regularisation), as
     *         {@code graph.score()} would report it
     */
    public double fit(INDArray[] features, INDArray[] labels) {
        return fit(features, labels, null);
    }

    /**
     * {@link #fit(INDArray[], INDArray[])} with per-example loss weights: {@code labelMasks[o]}, when
     * not null, is output {@code o}'s {@code [N, 1]} (or per-output {@code [N, F]}) weight array, with
     * the meaning of DL4J's label mask: each example's loss and gradient scaled by its weight, the
     * score still divided by N (what {@code fit} does with the same masks).
     */
    public double fit(INDArray[] features, INDArray[] labels, INDArray[] labelMasks) {
        try {
            return fitReachable(features, labels, labelMasks);
        } finally {
            // the kernels read through raw pointers that do not hold the arrays (FusedKernels.keepAlive)
            java.lang.ref.Reference.reachabilityFence(features);
            java.lang.ref.Reference.reachabilityFence(labels);
            java.lang.ref.Reference.reachabilityFence(labelMasks);
        }
    }

    private double fitReachable(INDArray[] features, INDArray[] labels, INDArray[] labelMasks) {
        if (labelMasks != null) {
            if (labelMasks.length != outputs.size()) {
                throw new IllegalArgumentException("graph has " + outputs.size() + " output(s); got "
                        + labelMasks.length + " label mask arrays");
            }
            for (int o = 0; o < labelMasks.length; o++) {
                INDArray m = labelMasks[o];
                if (m != null && (m.rank() != 2 || m.size(0) != labels[o].size(0)
                        || (m.size(1) != 1 && m.size(1) != labels[o].size(1)) || labels[o].rank() != 2)) {
                    throw new IllegalArgumentException("label mask of output " + outputs.get(o) + " must be [N, 1] or"
                            + " [N, " + labels[o].size(1) + "] for [N, F] labels, found " + java.util.Arrays.toString(
                                    m.shape()) + " for labels " + java.util.Arrays.toString(labels[o].shape()));
                }
                if (m != null && !m.isEmpty() && m.minNumber().doubleValue() < 0) {
                    throw new IllegalArgumentException("label mask of output " + outputs.get(o)
                            + " has a negative weight");
                }
            }
        }
        this.masks = labelMasks;
        try {
            return SideThread.using(options, () -> step(features, labels));
        } finally {
            this.masks = null;
        }
    }

    /** The label masks (per-example loss weights) of the step in progress, or null. */
    private INDArray[] masks;

    private double step(INDArray[] features, INDArray[] labels) {
        if (features.length != inputs.size() || labels.length != outputs.size()) {
            throw new IllegalArgumentException("graph has " + inputs.size() + " input(s) and " + outputs.size()
                    + " output(s); got " + features.length + " feature and " + labels.length + " label arrays");
        }
        long n = features[0].size(0);
        prepare(n);
        graph.getUpdater(); // creates the updater state outside the step's workspace
        double score;
        // every temporary of the step lives in one workspace, reused from step to step: no native
        // allocation or zero-fill per array once the first step has sized it
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, WORKSPACE_ID)) {
            score = step(features, labels, n);
        }
        int iteration = graph.getIterationCount();
        int epoch = graph.getEpochCount();
        graph.setScore(score);
        try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (TrainingListener t : graph.getListeners()) {
                t.iterationDone(graph, iteration, epoch);
            }
        }
        BaseOptimizer.incrementIterationCount(graph, 1);
        return score;
    }

    private static final String WORKSPACE_ID = "GENZOO_FAST_GRAPH_STEP";
    private static final String INFERENCE_WORKSPACE_ID = "GENZOO_FAST_GRAPH_INFERENCE";
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.2).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();

    /** Gradient view, parameter-gradient bindings and per-batch-size buffers, before a pass on {@code n} examples. */
    private void prepare(long n) {
        if (graph.getFlattenedGradients() == null) {
            graph.initGradientsView();
        }
        if (gradient == null) {
            gradient = new DefaultGradient(graph.getFlattenedGradients());
            for (GraphVertex v : vertices) {
                if (v.hasLayer() && v.getLayer().numParams() > 0 && denseRoute(v.getLayer())) {
                    Layer l = v.getLayer();
                    gradient.setGradientFor(v.getVertexName() + "_W", weightGradient(l));
                    gradient.setGradientFor(v.getVertexName() + "_b", biasGradient(l));
                }
            }
        }
        if (!stepsBound) {
            for (Ops.Op op : steps) {
                if (op != null) {
                    op.bindGradients(graph.params(), graph.getFlattenedGradients());
                }
            }
            stepsBound = true;
        }
        if (n != batchOfBuffers) {
            buffers.clear();
            batchOfBuffers = n;
            for (int i = 0; i < vertices.length; i++) {
                if (vertices[i].hasLayer() && vertices[i].getLayer().numParams() > 0 && steps[i] == null
                        && !imageLoss[i]) {
                    buffers(i, vertices[i].getLayer());
                }
                for (Ops.Op op : new Ops.Op[] {preSteps[i], steps[i]}) {
                    if (op != null) {
                        op.resetBuffers();
                    }
                }
            }
            java.util.Arrays.fill(imageInputs, null);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Passes for custom loops (GANs): forward, backward from any output gradient, input gradients,
    // gradient accumulation, update.

    private Pass lastPass;
    private INDArray[] lastInputGradients;

    /**
     * Forward pass in training mode (dropout, batch statistics) for a custom loop, as
     * {@code graph.feedForward(features, true)} computes it. Batch norm's running statistics move
     * with the next {@link #update}, as with {@code fit}.
     *
     * @return each network output's activations, in the order of the graph's outputs: {@code [N, F]},
     *         or images channel-major ({@code [C, N, H, W]}; {@link FastLayerStack#toNchw} gives
     *         DL4J's layout); buffers of this trainer, valid until the next forward pass
     */
    public INDArray[] forward(INDArray... features) {
        if (features.length != inputs.size()) {
            throw new IllegalArgumentException("graph has " + inputs.size() + " input(s); got " + features.length
                    + " feature arrays");
        }
        long n = features[0].size(0);
        for (INDArray f : features) {
            if (f.size(0) != n) {
                throw new IllegalArgumentException("every input needs the same number of examples, found "
                        + f.size(0) + " and " + n);
            }
        }
        return SideThread.using(options, () -> {
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                prepare(n);
                graph.getUpdater();
                lastPass = forwardPass(features, n, graph.getIterationCount(), graph.getEpochCount());
                lastInputGradients = null;
                INDArray[] out = new INDArray[outputs.size()];
                for (int o = 0; o < out.length; o++) {
                    int idx = graph.getVertex(outputs.get(o)).getVertexIndex();
                    out[o] = lossOutput(idx) ? activation(vertices[idx].getLayer()).getActivation(
                            lastPass.pre[idx].dup(), true) : lastPass.act[idx];
                }
                return out;
            }
        });
    }

    /** True during {@link #output}: dropout off, batch norm on running statistics, DL4J layers and vertices in inference mode. */
    private boolean inference;

    /**
     * Inference pass, as {@code graph.output(false, features)} computes it: no dropout, batch norm
     * with its running statistics, noise and sampling layers and vertices in inference mode. Moves
     * no statistic and no parameter; a {@link #backward} needs a new {@link #forward} after it.
     *
     * @return each network output's activations (fresh arrays), in the order of the graph's outputs;
     *         images in DL4J's NCHW layout
     */
    public INDArray[] output(INDArray... features) {
        return activations(outputs, features);
    }

    /**
     * The inference pass of {@link #output}, returning the activations of the named vertices (any
     * layer or vertex of the graph, e.g. a classifier's penultimate layer, as
     * {@code graph.feedForward(features, false, false).get(name)} gives them).
     *
     * @return one fresh array per name, in their order; images in DL4J's NCHW layout
     */
    public INDArray[] activations(List<String> names, INDArray... features) {
        if (features.length != inputs.size()) {
            throw new IllegalArgumentException("graph has " + inputs.size() + " input(s); got " + features.length
                    + " feature arrays");
        }
        int[] idx = new int[names.size()];
        for (int i = 0; i < idx.length; i++) {
            var v = graph.getVertex(names.get(i));
            if (v == null || v.isInputVertex()) {
                throw new IllegalArgumentException("graph has no layer or vertex '" + names.get(i) + "'");
            }
            idx[i] = v.getVertexIndex();
        }
        long n = features[0].size(0);
        return SideThread.using(options, () -> {
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                prepare(n);
                inference = true;
                setTraining(false);
                lastPass = null;
                lastInputGradients = null;
                // the pass's temporaries (what vertices and DL4J's layers allocate; the engine's own steps keep
                // their buffers outside) in one workspace reused from pass to pass, as a training step's are:
                // fresh native memory costs a page fault per 4 KB here (docs/dl4j-findings.md)
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE,
                        INFERENCE_WORKSPACE_ID)) {
                    Pass pass = forwardPass(features, n, graph.getIterationCount(), graph.getEpochCount());
                    try (MemoryWorkspace out0 = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                        INDArray[] out = new INDArray[idx.length];
                        for (int o = 0; o < out.length; o++) {
                            if (lossOutput(idx[o])) {
                                INDArray a = activation(vertices[idx[o]].getLayer()).getActivation(
                                        pass.pre[idx[o]].dup(), false);
                                out[o] = a.rank() == 4 ? FastLayerStack.toNchw(a) : a;
                            } else {
                                INDArray a = pass.act[idx[o]];
                                // one copy: the permuted copy of a channel-major image is already fresh
                                out[o] = a.rank() == 4 ? FastLayerStack.toNchw(a) : a.dup();
                            }
                        }
                        return out;
                    }
                }
            } finally {
                inference = false;
                setTraining(true);
            }
        });
    }

    private void setTraining(boolean training) {
        for (Ops.Op[] ops : new Ops.Op[][] {steps, preSteps}) {
            for (Ops.Op op : ops) {
                if (op != null) {
                    op.training = training;
                }
            }
        }
    }

    private boolean lossOutput(int idx) {
        Layer l = vertices[idx].getLayer();
        return l instanceof OutputLayer || l instanceof LossLayer || imageLoss[idx];
    }

    /**
     * Backward pass of the last {@link #forward} from dL/d each output's activations (the layout
     * {@link #forward} returned them in; null for an output that does not contribute). Parameter
     * gradients, summed over the batch as DL4J's backprop sums them, go into {@link #gradient()}:
     * replacing what it held, or added to it with {@code accumulate} (several passes, then one
     * {@link #update}). With {@code inputGradients}, dL/d each input is kept for
     * {@link #inputGradient}; without, the first layers skip that product.
     */
    public void backward(INDArray[] dOutputs, boolean inputGradients, boolean accumulate) {
        backward(dOutputs, true, inputGradients, accumulate);
    }

    /**
     * {@link #backward(INDArray[], boolean, boolean)}, with {@code paramGradients} false for a pass
     * that only wants input gradients (a GAN's generator step through the critic): the engine's own
     * steps then skip every parameter-gradient product and leave {@link #gradient()} as it was
     * (layers run through DL4J's own code still write theirs).
     */
    public void backward(INDArray[] dOutputs, boolean paramGradients, boolean inputGradients, boolean accumulate) {
        if (!paramGradients && !inputGradients) {
            throw new IllegalArgumentException("a backward pass needs parameter or input gradients, or both");
        }
        if (lastPass == null) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        if (dOutputs.length != outputs.size()) {
            throw new IllegalArgumentException("graph has " + outputs.size() + " output(s); got " + dOutputs.length
                    + " gradient arrays");
        }
        Pass pass = lastPass;
        SideThread.using(options, () -> {
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray[] eps = new INDArray[vertices.length];
                for (int o = 0; o < dOutputs.length; o++) {
                    if (dOutputs[o] == null) {
                        continue;
                    }
                    int idx = graph.getVertex(outputs.get(o)).getVertexIndex();
                    INDArray expected = lossOutput(idx) ? pass.pre[idx] : pass.act[idx];
                    if (!java.util.Arrays.equals(dOutputs[o].shape(), expected.shape())) {
                        throw new IllegalArgumentException("the gradient of output " + outputs.get(o) + " must be "
                                + java.util.Arrays.toString(expected.shape()) + ", found "
                                + java.util.Arrays.toString(dOutputs[o].shape()));
                    }
                    // a loss layer's backward starts from dL/dz: through its activation here
                    eps[idx] = lossOutput(idx) ? activation(vertices[idx].getLayer()).backprop(
                            pass.pre[idx].dup(), dOutputs[o].dup()).getFirst() : dOutputs[o];
                }
                INDArray before = accumulate && paramGradients ? graph.getFlattenedGradients().dup() : null;
                List<java.util.concurrent.FutureTask<Object>> pending = new ArrayList<>();
                backwardPass(pass, eps, paramGradients, inputGradients, false, pending, new java.util.HashSet<>());
                SideThread.finish(pending);
                if (before != null) {
                    graph.getFlattenedGradients().addi(before);
                }
                if (inputGradients) {
                    lastInputGradients = new INDArray[inputs.size()];
                    for (int k = 0; k < inputs.size(); k++) {
                        INDArray g = eps[graph.getVertex(inputs.get(k)).getVertexIndex()];
                        lastInputGradients[k] = g == null ? null : g.rank() == 4 ? FastLayerStack.toNchw(g) : g.dup();
                    }
                }
            }
            return null;
        });
    }

    /**
     * True when this trainer runs {@code g} with its current parameter array (false once a restore
     * or resume replaced the array its layer steps hold views of: build a new trainer then).
     */
    public boolean isFor(ComputationGraph g) {
        return g == graph && g.params().data().address() == paramsAddress && g.params().offset() == paramsOffset;
    }

    /** dL/d input {@code k} of the last {@link #backward} with input gradients (NCHW for images; null if unreached). */
    public INDArray inputGradient(int k) {
        if (lastInputGradients == null) {
            throw new IllegalStateException("the last backward pass was not asked for input gradients");
        }
        return lastInputGradients[k];
    }

    /** The graph's flattened parameter gradient (laid out like its parameters), as the last backward left it. */
    public INDArray gradient() {
        return graph.getFlattenedGradients();
    }

    /**
     * Applies {@link #gradient()} through the graph's updater (which divides by {@code batchSize}
     * where DL4J does, and turns batch norm's entries into its running-statistics update), then
     * {@code params -= update} and the iteration count + 1, as {@code fit} does.
     */
    public void update(int batchSize) {
        if (gradient == null) {
            throw new IllegalStateException("update needs a backward pass first");
        }
        try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            int iteration = graph.getIterationCount();
            graph.getUpdater().update(gradient, iteration, graph.getEpochCount(), batchSize, mgr);
            INDArray params = graph.params();
            INDArray update = graph.getFlattenedGradients();
            params.subi(update.rank() == params.rank() ? update : update.reshape(params.shape()));
            BaseOptimizer.incrementIterationCount(graph, 1);
        }
    }

    /** The arrays of one forward pass, per vertex, kept for its backward pass. */
    private static final class Pass {
        final INDArray[] act;
        final INDArray[] pre;
        final INDArray[] layerIn;
        final long n;
        final int iteration;
        final int epoch;

        Pass(int vertices, long n, int iteration, int epoch) {
            this.act = new INDArray[vertices];
            this.pre = new INDArray[vertices];
            this.layerIn = new INDArray[vertices];
            this.n = n;
            this.iteration = iteration;
            this.epoch = epoch;
        }
    }

    /** Forward pass in training mode: activations, pre-activations and (dropped-out) layer inputs. */
    private Pass forwardPass(INDArray[] features, long n, int iteration, int epoch) {
        int nv = vertices.length;
        Pass pass = new Pass(nv, n, iteration, epoch);
        INDArray[] act = pass.act;
        INDArray[] pre = pass.pre;
        INDArray[] layerIn = pass.layerIn;
        // forward
        for (int idx : order) {
            GraphVertex v = vertices[idx];
            if (v.isInputVertex()) {
                int k = inputs.indexOf(v.getVertexName());
                act[idx] = features[k].rank() == 4 ? imageInput(k, features[k]) : features[k];
                continue;
            }
            INDArray[] in = inputsOf(v, act);
            if (!v.hasLayer()) {
                act[idx] = vertexForward(idx, v, in);
                continue;
            }
            Layer l = v.getLayer();
            INDArray x = preSteps[idx] == null ? in[0] : outside(preSteps[idx], in[0]);
            // a layer run through DL4J's own activate applies its dropout there; none at inference
            var dropout = generic[idx] || inference ? null : l.conf().getLayer().getIDropout();
            layerIn[idx] = dropout == null ? x : dropout.applyDropout(x,
                    Nd4j.createUninitialized(x.dataType(), x.shape()), iteration, epoch, mgr);
            if (l instanceof LossLayer || imageLoss[idx]) {
                pre[idx] = layerIn[idx];
                act[idx] = layerIn[idx];
                continue;
            }
            if (steps[idx] != null) {
                act[idx] = outside(steps[idx], layerIn[idx]);
                continue;
            }
            INDArray[] buf = buffers(idx, l);
            INDArray z = buf[0];
            SideThread.gemm(layerIn[idx], l.getParam("W"), z, false);
            pre[idx] = z;
            IActivation a = l instanceof DenseLayer ? activation(l) : null;
            boolean relu = a != null && FusedKernels.isPlainRelu(a);
            if (!FusedKernels.addBiasRelu(z, l.getParam("b"), relu ? buf[1] : null)) {
                z.addiRowVector(l.getParam("b"));
                relu = false;
            }
            if (a != null) {
                act[idx] = a instanceof ActivationIdentity ? z : relu ? buf[1] : a.getActivation(buf[1].assign(z), true);
            }
        }
        return pass;
    }

    private double step(INDArray[] features, INDArray[] labels, long n) {
        int nv = vertices.length;
        int iteration = graph.getIterationCount();
        int epoch = graph.getEpochCount();
        Pass pass = forwardPass(features, n, iteration, epoch);
        INDArray[] act = pass.act;
        INDArray[] pre = pass.pre;
        List<TrainingListener> listeners = new ArrayList<>(graph.getListeners());
        if (!listeners.isEmpty()) {
            Map<String, INDArray> activations = new HashMap<>();
            for (int i = 0; i < nv; i++) {
                if (act[i] != null) {
                    // listeners see DL4J's NCHW images, not the engine's channel-major ones
                    activations.put(vertices[i].getVertexName(), FastLayerStack.toNchw(act[i]));
                }
            }
            for (TrainingListener t : listeners) {
                t.onForwardPass(graph, activations);
            }
        }
        // score, as ComputationGraph.computeGradientAndScore: sum over output layers of loss / n, plus
        // the regularisation score once
        double score = regularized ? graph.calcRegularizationScore(true) : 0.0;
        INDArray[] eps = new INDArray[nv];
        for (int o = 0; o < outputs.size(); o++) {
            int idx = graph.getVertex(outputs.get(o)).getVertexIndex();
            Layer l = vertices[idx].getLayer();
            ILossFunction loss = lossOf(l);
            INDArray mask = masks == null ? null : masks[o];
            if (mask != null) {
                // weighted examples: DL4J's own loss with the mask (the fused forms take none)
                if (imageLoss[idx]) {
                    throw new IllegalArgumentException("label masks on image outputs are not supported");
                }
                INDArray m = mask.castTo(pre[idx].dataType());
                score += loss.computeScore(labels[o], pre[idx], activation(l), m, false) / n;
                eps[idx] = loss.computeGradient(labels[o], pre[idx], activation(l), m);
                continue;
            }
            FusedLoss f = FusedKernels.fusedLossOf(l.conf().getLayer(), loss);
            if (imageLoss[idx]) {
                // DL4J's CnnLossLayer: the loss on [N·H·W, C] rows, summed, over N
                INDArray z = imageRows(pre[idx]);
                INDArray y = labels[o].rank() == 4 ? nchwRows(labels[o]) : labels[o];
                INDArray g = Nd4j.createUninitialized(z.dataType(), z.shape());
                double sum = f == null ? Double.NaN : f.fusedScoreAndGradient(y, z, activation(l), g);
                if (Double.isNaN(sum)) {
                    sum = loss.computeScore(y, z, activation(l), null, false);
                    g = loss.computeGradient(y, z, activation(l), null);
                }
                score += sum / n;
                eps[idx] = channelMajor(g, pre[idx]);
                continue;
            }
            if (f != null) {
                INDArray z = pre[idx];
                INDArray g = Nd4j.createUninitialized(z.dataType(), z.shape());
                double sum = f.fusedScoreAndGradient(labels[o], z, activation(l), g);
                if (!Double.isNaN(sum)) {
                    score += sum / n;
                    eps[idx] = g;
                    continue;
                }
            }
            score += loss.computeScore(labels[o], pre[idx], activation(l), null, false) / n;
            eps[idx] = loss.computeGradient(labels[o], pre[idx], activation(l), null); // dL/dz
        }
        // backward (epsilon of an output layer is already dL/dz)
        List<java.util.concurrent.FutureTask<Object>> pending = new ArrayList<>();
        if (!adamChecked) {
            adam = regularized ? null : FusedKernels.Adam1.of(graph);
            adamChecked = true;
        }
        // with no listener to see the gradients before the update, each layer's Adam step (and params -= update)
        // runs on the gradient thread as soon as its gradient is done and its weights are no longer
        // needed below it: off the critical path, like the gradient products
        boolean layerwiseAdam = adam != null && adam.ready() && listeners.stream().allMatch(FastGraphTrainer::gradientBlind);
        java.util.Set<Layer> updated = new java.util.HashSet<>();
        backwardPass(pass, eps, true, false, layerwiseAdam, pending, updated);
        if (layerwiseAdam) {
            for (Layer l : graph.getLayers()) {
                if (l.numParams() > 0 && !updated.contains(l)) {
                    // unreached by the loss: DL4J's updater steps it on its current gradient view too
                    SideThread.submit(pending, () -> {
                        adamOn(l, iteration, epoch, n);
                        return null;
                    });
                }
            }
        }
        SideThread.finish(pending);
        for (TrainingListener t : listeners) {
            t.onBackwardPass(graph);
        }
        for (TrainingListener t : listeners) {
            t.onGradientCalculation(graph);
        }
        if (layerwiseAdam) {
            return score;
        }
        if (adam != null && adam.ready()) {
            adam.update(iteration, epoch, (int) n);
        } else {
            graph.getUpdater().update(gradient, iteration, epoch, (int) n, mgr);
        }
        INDArray params = graph.params();
        INDArray update = graph.getFlattenedGradients();
        params.subi(update.rank() == params.rank() ? update : update.reshape(params.shape()));
        return score;
    }

    /**
     * Backward pass from {@code eps} (dL/dz at loss outputs, dL/d activations at other outputs):
     * parameter gradients into the graph's gradient view; with {@code inputGradients}, dL/d input
     * left in {@code eps} at the input vertices; layer-wise Adam steps queued when asked.
     */
    private void backwardPass(Pass pass, INDArray[] eps, boolean paramGradients, boolean inputGradients,
            boolean layerwiseAdam,
            List<java.util.concurrent.FutureTask<Object>> pending, java.util.Set<Layer> updated) {
        INDArray[] pre = pass.pre;
        INDArray[] layerIn = pass.layerIn;
        long n = pass.n;
        int iteration = pass.iteration;
        int epoch = pass.epoch;
        for (int k = order.length - 1; k >= 0; k--) {
            int idx = order[k];
            GraphVertex v = vertices[idx];
            if (v.isInputVertex() || eps[idx] == null) {
                continue;
            }
            VertexIndices[] from = v.getInputVertices();
            if (!v.hasLayer()) {
                INDArray[] back = vertexBackward(idx, v, eps[idx]);
                for (int i = 0; i < from.length; i++) {
                    accumulate(eps, from[i].getVertexIndex(), back[i]);
                }
                continue;
            }
            Layer l = v.getLayer();
            int src = from[0].getVertexIndex();
            var dropout = generic[idx] ? null : l.conf().getLayer().getIDropout();
            if (l instanceof LossLayer || imageLoss[idx]) {
                if (dropout != null) {
                    dropout.backprop(eps[idx], eps[idx], iteration, epoch);
                }
                accumulate(eps, src, preSteps[idx] == null ? eps[idx] : outsideBack(preSteps[idx], eps[idx]));
                continue;
            }
            if (steps[idx] != null) {
                boolean needInput = inputGradients || !vertices[src].isInputVertex();
                INDArray back;
                try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    back = steps[idx].backward(eps[idx], paramGradients, needInput);
                }
                if (needInput) {
                    if (dropout != null) {
                        dropout.backprop(back, back, iteration, epoch);
                    }
                    accumulate(eps, src, preSteps[idx] == null ? back : outsideBack(preSteps[idx], back));
                }
                if (layerwiseAdam && l.numParams() > 0) {
                    SideThread.submit(pending, () -> {
                        adamOn(l, iteration, epoch, n);
                        return null;
                    });
                }
                updated.add(l);
                continue;
            }
            INDArray dz = eps[idx];
            if (l instanceof DenseLayer) {
                IActivation a = activation(l);
                dz = a instanceof ActivationIdentity ? dz : FusedKernels.isPlainRelu(a)
                        ? FusedKernels.reluBackward(pre[idx], dz) : a.backprop(pre[idx], dz).getFirst();
            }
            INDArray in = layerIn[idx];
            if (inputGradients || !vertices[src].isInputVertex()) {
                INDArray back = buffers(idx, l)[2];
                SideThread.gemm(dz, l.getParam("W"), back, true);
                if (dropout != null) {
                    dropout.backprop(back, back, iteration, epoch);
                }
                accumulate(eps, src, preSteps[idx] == null ? back : outsideBack(preSteps[idx], back));
            }
            // the parameter gradient (and, layer-wise, the Adam step) is off the critical path: it
            // goes to the side thread once this layer's weights are no longer needed below it
            if (!paramGradients) {
                continue;
            }
            INDArray layerDz = dz;
            boolean adamHere = layerwiseAdam;
            SideThread.submit(pending, () -> {
                Nd4j.gemm(in, layerDz, weightGradient(l), true, false, 1.0, 0.0);
                // column sums in one Java pass (else a product with a ones row: dz.sum(.., 0) runs a per-element lambda)
                if (!FusedKernels.columnSums(layerDz, biasGradient(l))) {
                    Nd4j.gemm(Nd4j.ones(layerDz.dataType(), 1, layerDz.size(0)), layerDz, biasGradient(l), false,
                            false, 1.0, 0.0);
                }
                if (adamHere) {
                    adamOn(l, iteration, epoch, n);
                }
                return null;
            });
            updated.add(l);
        }
    }

    /**
     * A layer the engine has no step of its own for (the zoo's contractive and activity-regularising
     * layers, global pooling, ...), run through DL4J's own {@code activate(training)} and
     * {@code backpropGradient}: its parameter gradients land in the graph's gradient view, where DL4J
     * initialised the layer's views, its dropout and its penalties are its own. Images are handed to
     * it as NCHW copies and come back channel-major.
     */
    private static final class Dl4jLayer extends Ops.Op {
        private final Layer layer;
        private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        Dl4jLayer(Layer layer) {
            this.layer = layer;
        }

        /** Why {@code l} cannot run this way (recurrent or sequence layers, output layers), or null. */
        static String reason(Layer l) {
            var c = l.conf().getLayer();
            String name = c.getLayerName() + " (" + c.getClass().getSimpleName() + ")";
            if (c instanceof org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer
                    || c.getClass().getName().contains(".recurrent.")
                    || c instanceof org.deeplearning4j.nn.conf.layers.Convolution1DLayer
                    || c instanceof org.deeplearning4j.nn.conf.layers.Subsampling1DLayer) {
                return name + ": sequence layers are not supported";
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer
                    || c instanceof org.deeplearning4j.nn.conf.layers.LossLayer
                    || l instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
                return name + ": output layer type not supported";
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer) {
                return name + ": SameDiff layers are not supported";
            }
            return null;
        }

        @Override
        INDArray forward(INDArray x) {
            layer.setInput(x.rank() == 4 ? FastLayerStack.toNchw(x) : x, mgr);
            INDArray out = layer.activate(training, mgr);
            return out.rank() == 4 ? fromNchw(out) : out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            INDArray back = layer.backpropGradient(d.rank() == 4 ? FastLayerStack.toNchw(d) : d, mgr).getSecond();
            return back == null || back.rank() != 4 ? back : fromNchw(back);
        }
    }

    /** Routes of a parameter-free vertex: DL4J's own, an engine step, channel concat, DL4J on NCHW copies. */
    private static final int DL4J = 0;
    private static final int STEP = 1;
    private static final int CHANNEL_MERGE = 2;
    private static final int NCHW_COPIES = 3;
    private static final int CHANNEL_AFFINE = 4;

    /**
     * A parameter-free vertex's forward pass. 2-D inputs (and element-wise vertices on images of one
     * shape, where the layout does not matter) go through the vertex's own {@code doForward}; DL4J's
     * dense/convolutional reshapes through the engine's steps; a merge of images along channels is a
     * concatenation of channel-major arrays; any other vertex on images gets NCHW copies.
     */
    private INDArray vertexForward(int idx, GraphVertex v, INDArray[] in) {
        if (preSteps[idx] != null) {
            route[idx] = STEP;
            return outside(preSteps[idx], in[0]);
        }
        boolean images = false;
        boolean oneShape = true;
        for (INDArray x : in) {
            images |= x.rank() == 4;
            oneShape &= java.util.Arrays.equals(x.shape(), in[0].shape());
        }
        var conf = graph.getConfiguration().getVertices().get(v.getVertexName());
        if (!images || (oneShape && conf instanceof org.deeplearning4j.nn.conf.graph.ElementWiseVertex)) {
            v.setInputs(in);
            INDArray out = v.doForward(!inference, inference ? inferenceMgr : mgr);
            if (!images && out.rank() == 4) {
                // a reshape of dense input to images (e.g. a style vector to [N, C, 1, 1]): DL4J's NCHW
                // result made channel-major, its gradient made NCHW again on the way back
                route[idx] = NCHW_COPIES;
                return fromNchw(out);
            }
            route[idx] = DL4J;
            return out;
        }
        if (conf instanceof dev.genzoo.engine.layers.ChannelAffineVertex a && in.length == 3 && in[0].rank() == 4
                && in[1].rank() == 2 && in[2].rank() == 2) {
            // AdaIN's style scale and shift, [N, C] each, against channel-major maps
            route[idx] = CHANNEL_AFFINE;
            v.setInputs(in);
            return in[0].mul(perChannel(in[1], a.getScaleOffset())).addi(perChannel(in[2], 0));
        }
        if (conf instanceof org.deeplearning4j.nn.conf.graph.MergeVertex m && m.getMergeAxis() == 1
                && java.util.Arrays.stream(in).allMatch(x -> x.rank() == 4)) {
            route[idx] = CHANNEL_MERGE;
            v.setInputs(in); // kept for the channel counts of the backward pass
            return Nd4j.concat(0, in);
        }
        route[idx] = NCHW_COPIES;
        INDArray[] nchw = new INDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            nchw[i] = FastLayerStack.toNchw(in[i]);
        }
        v.setInputs(nchw);
        INDArray out = v.doForward(!inference, inference ? inferenceMgr : mgr);
        return out.rank() == 4 ? fromNchw(out) : out;
    }

    /** The backward pass of {@link #vertexForward}: dL/d each input, in the layout the input had. */
    private INDArray[] vertexBackward(int idx, GraphVertex v, INDArray e) {
        switch (route[idx]) {
            case STEP -> {
                return new INDArray[] {outsideBack(preSteps[idx], e)};
            }
            case CHANNEL_MERGE -> {
                VertexIndices[] from = v.getInputVertices();
                INDArray[] back = new INDArray[from.length];
                long c0 = 0;
                for (int i = 0; i < from.length; i++) {
                    long c = v.getInputs()[i].size(0);
                    back[i] = e.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(c0, c0 + c),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
                    c0 += c;
                }
                return back;
            }
            case CHANNEL_AFFINE -> {
                INDArray[] in = v.getInputs();
                double offset = ((dev.genzoo.engine.layers.ChannelAffineVertex) graph.getConfiguration().getVertices()
                        .get(v.getVertexName())).getScaleOffset();
                INDArray dx = e.mul(perChannel(in[1], offset));
                INDArray dScale = e.mul(in[0]).sum(2, 3).transpose().dup('c');
                INDArray dShift = e.sum(2, 3).transpose().dup('c');
                return new INDArray[] {dx, dScale, dShift};
            }
            case NCHW_COPIES -> {
                v.setEpsilon(FastLayerStack.toNchw(e));
                INDArray[] back = v.doBackward(false, mgr).getSecond();
                for (int i = 0; i < back.length; i++) {
                    if (back[i] != null && back[i].rank() == 4) {
                        back[i] = fromNchw(back[i]);
                    }
                }
                return back;
            }
            default -> {
                v.setEpsilon(e);
                return v.doBackward(false, mgr).getSecond();
            }
        }
    }

    /** {@code [N, C]} values (plus {@code offset}) as channel-major {@code [C, N, 1, 1]}. */
    private static INDArray perChannel(INDArray v, double offset) {
        INDArray t = v.transpose().dup('c');
        if (offset != 0) {
            t.addi(offset);
        }
        return t.reshape('c', v.size(1), v.size(0), 1, 1);
    }

    /** {@code step.forward(x)} with the step's buffers outside the training step's workspace. */
    private static INDArray outside(Ops.Op step, INDArray x) {
        try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return step.forward(x);
        }
    }

    /** {@code step.backward(d)} (input gradient only) outside the training step's workspace. */
    private static INDArray outsideBack(Ops.Op step, INDArray d) {
        try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return step.backward(d, false, true);
        }
    }

    /** NCHW features of network input {@code k} as a channel-major copy (one buffer per input). */
    private INDArray imageInput(int k, INDArray f) {
        long[] shape = {f.size(1), f.size(0), f.size(2), f.size(3)};
        if (imageInputs[k] == null || !java.util.Arrays.equals(imageInputs[k].shape(), shape)) {
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                imageInputs[k] = Nd4j.createUninitialized(graph.params().dataType(), shape, 'c');
            }
        }
        return imageInputs[k].assign(f.permute(1, 0, 2, 3));
    }

    /** An NCHW array as a fresh channel-major [C, N, H, W] one (the inverse of {@link FastLayerStack#toNchw}). */
    private static INDArray fromNchw(INDArray nchw) {
        return nchw.permute(1, 0, 2, 3).dup('c');
    }

    /** Channel-major [C, N, H, W] as DL4J's CnnLossLayer rows [N·H·W, C]. */
    private static INDArray imageRows(INDArray cm) {
        long c = cm.size(0);
        long m = cm.length() / c;
        return c == 1 ? cm.reshape('c', m, 1) : cm.reshape('c', c, m).transpose().dup('c');
    }

    /** NCHW labels as rows [N·H·W, C]. */
    private static INDArray nchwRows(INDArray y) {
        long c = y.size(1);
        return c == 1 ? y.dup('c').reshape('c', y.length(), 1)
                : y.permute(0, 2, 3, 1).dup('c').reshape('c', y.length() / c, c);
    }

    /** Rows [N·H·W, C] back to channel-major, shaped like {@code cm}. */
    private static INDArray channelMajor(INDArray rows, INDArray cm) {
        long c = cm.size(0);
        return c == 1 ? rows.reshape('c', cm.shape()) : rows.transpose().dup('c').reshape('c', cm.shape());
    }

    private INDArray[] inputsOf(GraphVertex v, INDArray[] act) {
        VertexIndices[] from = v.getInputVertices();
        INDArray[] in = new INDArray[from.length];
        for (int i = 0; i < from.length; i++) {
            in[i] = act[from[i].getVertexIndex()];
        }
        return in;
    }

    /** Pre-activation, activation and input-gradient buffers of a layer for the current batch size. */
    private INDArray[] buffers(int idx, Layer l) {
        return buffers.computeIfAbsent(idx, k -> {
            INDArray w = l.getParam("W");
            try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return new INDArray[] {
                Nd4j.createUninitialized(w.dataType(), batchOfBuffers, w.size(1)),
                Nd4j.createUninitialized(w.dataType(), batchOfBuffers, w.size(1)),
                    Nd4j.createUninitialized(w.dataType(), batchOfBuffers, w.size(0))};
            }
        });
    }

    /**
     * True when {@code t} does not look at gradients between the backward pass and the update
     * (it overrides neither {@code onBackwardPass} nor {@code onGradientCalculation}), e.g. the
     * VAE's KL warm-up listener, which only reads the iteration count on the forward pass.
     */
    static boolean gradientBlind(TrainingListener t) {
        try {
            Class<?> c = t.getClass();
            return c.getMethod("onBackwardPass", org.deeplearning4j.nn.api.Model.class).getDeclaringClass()
                    == org.deeplearning4j.optimize.api.BaseTrainingListener.class
                    && c.getMethod("onGradientCalculation", org.deeplearning4j.nn.api.Model.class)
                            .getDeclaringClass() == org.deeplearning4j.optimize.api.BaseTrainingListener.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Adam + {@code params -= update} on the parameter range of {@code l}. */
    private void adamOn(Layer l, int iteration, int epoch, long n) {
        INDArray flat = graph.getFlattenedGradients();
        INDArray view = l.getGradientsViewArray();
        long from = view.offset() - flat.offset();
        adam.update(iteration, epoch, (int) n, from, from + view.length(), true);
    }

    private static void accumulate(INDArray[] eps, int idx, INDArray e) {
        eps[idx] = eps[idx] == null ? e : eps[idx].add(e);
    }

    private static IActivation activation(Layer l) {
        var conf = l.conf().getLayer();
        if (conf instanceof BaseLayer b) {
            return b.getActivationFn();
        }
        return ((org.deeplearning4j.nn.conf.layers.LossLayer) conf).getActivationFn();
    }

    /** The loss function of an output layer (DL4J's output, loss or CNN loss layer). */
    public static ILossFunction lossOf(Layer l) {
        var conf = l.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
            return o.getLossFn();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.LossLayer o) {
            return o.getLossFn();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer o) {
            return o.getLossFn();
        }
        throw new IllegalStateException("output vertex " + l.conf().getLayer().getLayerName() + " is not an output layer");
    }

    /** The [nIn, nOut] 'f'-order view of W's gradient in the graph's flattened gradient array. */
    private static INDArray weightGradient(Layer l) {
        INDArray w = l.getParam("W");
        return slice(l.getGradientsViewArray(), 0, w.length()).reshape('f', w.size(0), w.size(1));
    }

    /** The [1, nOut] view of b's gradient. */
    private static INDArray biasGradient(Layer l) {
        INDArray w = l.getParam("W");
        return slice(l.getGradientsViewArray(), w.length(), w.length() + w.size(1)).reshape(1, w.size(1));
    }

    /** Elements [from, to) of a flat (rank 1 or [1, n]) view, as a rank-1 view. */
    private static INDArray slice(INDArray flat, long from, long to) {
        var range = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
        return flat.rank() == 1 ? flat.get(range)
                : flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), range);
    }

    /** Names of the graph's layers in the order the trainer visits them (for messages and tests). */
    List<String> visitOrder() {
        List<String> names = new ArrayList<>();
        for (int idx : order) {
            names.add(vertices[idx].getVertexName());
        }
        return names;
    }
}
