package dev.genzoo.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear stack of DL4J layers (a {@link MultiLayerNetwork}, or a {@link ComputationGraph} that is
 * a chain from one input to one output) trained by hand: forward pass in training mode, backward
 * pass into a gradient array laid out like the network's parameters, and the update through the
 * network's own updater, so Adam state, counters, checkpoints and {@code fit} stay DL4J's.
 *
 * <p>Why: for convolutional GANs DL4J's layers spend most of a step outside the matrix products. A
 * JFR profile of the {@code dcgan} workload put {@code Deconvolution2DLayer} (libnd4j's
 * {@code deconv2d}: strided copies, fills and freshly zeroed temporaries) at 42% of the training
 * thread and {@code ConvolutionLayer}'s {@code im2col} and backward pass at 32%, against 9% in
 * {@code sgemm}. Here every 4-D activation lives channel-major ({@code [C, N, H, W]}), so that a
 * convolution is one product of the {@code [out, in·k·k]} weights with the {@code im2col} matrix, a
 * transposed convolution one product followed by {@code col2im}, and batch norm a pass over one
 * contiguous row per channel. {@code im2col}/{@code col2im}, batch norm and the activations are
 * Java loops over the native buffers; buffers are allocated once per batch size and reused.
 *
 * <p>The maths is DL4J's, to float summation order: the same layer formulas (convolution mode
 * {@code Truncate}/{@code Strict}, DL4J's weight layouts {@code [out, in, kH, kW]} and, for
 * transposed convolutions, {@code [in, out, kH, kW]}), batch norm with batch statistics and DL4J's
 * running-statistics update written as a "gradient" its no-op updater applies (variance or
 * log10-std parameterisation), and the output layer's loss through {@link FusedLoss} (DL4J's
 * clipped sigmoid + binary cross-entropy). Tests compare activations, gradients and whole GAN
 * trajectories with DL4J's.
 *
 * <p>Supported: {@code DenseLayer}, {@code OutputLayer} (last layer only; its loss fused where
 * {@link FusedKernels} has the form, else through DL4J's own {@code ILossFunction}),
 * {@code BatchNormalization} (learned gamma/beta), {@code ActivationLayer}, {@code ConvolutionLayer}
 * and {@code Deconvolution2D} (NCHW, no dilation), the preprocessors between dense and convolutional
 * layers, and the activations identity, ReLU, LeakyReLU, tanh and sigmoid; float32; no dropout,
 * weight noise, constraints or gradient normalisation. {@link #unsupportedReason} names what is not.
 * Not thread-safe.
 */
public final class FastLayerStack {
    private final Object network;
    private final INDArray params;
    private final INDArray gradient;
    private final List<Ops.Op> ops;
    private final Ops.OutputOp output;
    private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    private final DefaultGradient external;
    private long batch = -1;
    private INDArray outputActivation;
    private INDArray inputGradient;
    private INDArray imageInput;
    private double lastScore = Double.NaN;

    private final EngineOptions options;

    private FastLayerStack(Object network, INDArray params, List<Ops.Op> ops, EngineOptions options) {
        this.network = network;
        this.options = options;
        for (Ops.Op op : ops) {
            op.largeThreads = options.largeProductThreads();
        }
        this.params = params;
        this.ops = ops;
        this.output = ops.get(ops.size() - 1) instanceof Ops.OutputOp o ? o : null;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.gradient = Nd4j.create(params.dataType(), params.length());
        }
        this.external = new DefaultGradient(gradient);
        for (Ops.Op op : ops) {
            op.bindGradients(params, gradient);
        }
    }

    /** The stack for {@code net}, or empty when a layer is not supported (see {@link #unsupportedReason}). */
    public static Optional<FastLayerStack> of(MultiLayerNetwork net) {
        return of(net, EngineOptions.defaults());
    }

    /** The stack for {@code net} with the given switches, or empty as {@link #of(MultiLayerNetwork)}. */
    public static Optional<FastLayerStack> of(MultiLayerNetwork net, EngineOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        if (unsupportedReason(net).isPresent()) {
            return Optional.empty();
        }
        List<Ops.Op> ops = new ArrayList<>();
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            addOps(ops, net.getLayerWiseConfigurations().getInputPreProcess(i), layers[i], i == layers.length - 1);
        }
        return Optional.of(new FastLayerStack(net, net.params(), ops, options));
    }

    /** The stack for {@code graph}, or empty when it is not a chain of supported layers. */
    public static Optional<FastLayerStack> of(ComputationGraph graph) {
        return of(graph, EngineOptions.defaults());
    }

    /** The stack for {@code graph} with the given switches, or empty as {@link #of(ComputationGraph)}. */
    public static Optional<FastLayerStack> of(ComputationGraph graph, EngineOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        if (unsupportedReason(graph).isPresent()) {
            return Optional.empty();
        }
        List<Ops.Op> ops = new ArrayList<>();
        List<String> chain = chain(graph).orElseThrow();
        for (int i = 0; i < chain.size(); i++) {
            var v = (org.deeplearning4j.nn.graph.vertex.impl.LayerVertex) graph.getVertex(chain.get(i));
            addOps(ops, v.getLayerPreProcessor(), v.getLayer(), i == chain.size() - 1);
        }
        return Optional.of(new FastLayerStack(graph, graph.params(), ops, options));
    }

    /** Why {@code net} cannot run here, or empty when it can. */
    public static Optional<String> unsupportedReason(MultiLayerNetwork net) {
        if (net.params().dataType() != DataType.FLOAT) {
            return Optional.of("parameters are " + net.params().dataType() + ", only FLOAT runs fast");
        }
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Optional<String> r = layerReason(net.getLayerWiseConfigurations().getInputPreProcess(i), layers[i],
                    i == layers.length - 1);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** Why {@code graph} cannot run here, or empty when it can. */
    public static Optional<String> unsupportedReason(ComputationGraph graph) {
        if (graph.params().dataType() != DataType.FLOAT) {
            return Optional.of("parameters are " + graph.params().dataType() + ", only FLOAT runs fast");
        }
        Optional<List<String>> chain = chain(graph);
        if (chain.isEmpty()) {
            return Optional.of("the graph is not a chain of layers from one input to one output");
        }
        List<String> names = chain.get();
        for (int i = 0; i < names.size(); i++) {
            var v = (org.deeplearning4j.nn.graph.vertex.impl.LayerVertex) graph.getVertex(names.get(i));
            Optional<String> r = layerReason(v.getLayerPreProcessor(), v.getLayer(), i == names.size() - 1);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** The layer vertices from the graph's input to its output, or empty when it is not a chain. */
    private static Optional<List<String>> chain(ComputationGraph graph) {
        var conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            return Optional.empty();
        }
        List<String> chain = new ArrayList<>();
        String current = conf.getNetworkInputs().get(0);
        while (!current.equals(conf.getNetworkOutputs().get(0))) {
            String next = null;
            for (var e : conf.getVertexInputs().entrySet()) {
                if (e.getValue().contains(current)) {
                    if (next != null || e.getValue().size() != 1) {
                        return Optional.empty();
                    }
                    next = e.getKey();
                }
            }
            GraphVertex vc = next == null ? null : conf.getVertices().get(next);
            if (!(vc instanceof LayerVertex)) {
                return Optional.empty();
            }
            chain.add(next);
            current = next;
        }
        return chain.size() == conf.getVertices().size() ? Optional.of(chain) : Optional.empty();
    }

    private static Optional<String> layerReason(InputPreProcessor pre, Layer layer, boolean last) {
        var conf = layer.conf().getLayer();
        String name = conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ")";
        if (pre != null && Ops.of(pre) == null) {
            return Optional.of(name + ": input preprocessor " + pre.getClass().getSimpleName());
        }
        if (conf.getIDropout() != null) {
            return Optional.of(name + ": dropout");
        }
        if (conf instanceof BaseLayer b) {
            if (b.getWeightNoise() != null) {
                return Optional.of(name + ": weight noise");
            }
            if (b.getGradientNormalization() != null && b.getGradientNormalization() != GradientNormalization.None) {
                return Optional.of(name + ": gradient normalisation");
            }
        }
        if (conf.getClass() == DenseLayer.class) {
            return activationReason(name, ((DenseLayer) conf).getActivationFn());
        }
        if (conf.getClass() == OutputLayer.class) {
            OutputLayer o = (OutputLayer) conf;
            if (!last) {
                return Optional.of(name + ": an output layer before the last layer");
            }
            if (o.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax) {
                return Optional.empty(); // the output op takes DL4J's softmax and loss
            }
            return activationReason(name, o.getActivationFn());
        }
        return Optional.ofNullable(Ops.reason(conf));
    }

    private static Optional<String> activationReason(String name, IActivation a) {
        return Ops.Act.of(a) == null ? Optional.of(name + ": activation " + a) : Optional.empty();
    }

    private static void addOps(List<Ops.Op> ops, InputPreProcessor pre, Layer layer, boolean last) {
        if (pre != null) {
            ops.add(Ops.of(pre));
        }
        var conf = layer.conf().getLayer();
        if (conf instanceof OutputLayer o) {
            ops.add(new Ops.OutputOp(layer, FusedKernels.fusedLossOf(o, o.getLossFn())));
        } else if (conf.getClass() == DenseLayer.class) {
            ops.add(new Ops.DenseOp(layer));
        } else {
            ops.add(Ops.of(layer));
        }
    }

    /**
     * Forward pass in training mode (batch statistics in batch norm; running statistics change
     * only with {@link #update}). {@code input}: {@code [N, F]}, or images {@code [N, C, H, W]}
     * (NCHW); or the channel-major output of another stack ({@link #forwardChannelMajor}).
     *
     * @return the last layer's activations: {@code [N, F]}, or channel-major {@code [C, N, H, W]}
     *         for a convolutional last layer; a buffer of this stack, valid until the next call
     */
    public INDArray forward(INDArray input) {
        INDArray x = input;
        if (input.rank() == 4) {
            long[] shape = {input.size(1), input.size(0), input.size(2), input.size(3)};
            if (imageInput == null || !Arrays.equals(imageInput.shape(), shape)) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    imageInput = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
                }
            }
            x = imageInput.assign(input.castTo(DataType.FLOAT).permute(1, 0, 2, 3));
        }
        INDArray out = forwardChannelMajor(x);
        java.lang.ref.Reference.reachabilityFence(input); // see forwardChannelMajor
        return out;
    }

    /** {@link #forward} on input already channel-major ({@code [C, N, H, W]}) or {@code [N, F]}. */
    public INDArray forwardChannelMajor(INDArray x) {
        long n = x.rank() == 4 ? x.size(1) : x.size(0);
        if (n != batch) {
            batch = n;
            for (Ops.Op op : ops) {
                op.resetBuffers();
            }
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray a = x;
            for (Ops.Op op : ops) {
                a = op.forward(a);
            }
            outputActivation = a;
            // the kernels read arrays through raw pointers that do not hold them: the caller's input
            // (often a temporary) stays reachable until every step has read it (FusedKernels.keepAlive)
            java.lang.ref.Reference.reachabilityFence(x);
            return a;
        }
    }

    /**
     * Inference, as DL4J's {@code output(x, false)} computes it: batch norm on its running statistics,
     * a sigmoid or softmax output layer's activations (not its logits). {@code input} as for
     * {@link #forward}. Moves no statistic; a {@link #backward} needs a new {@link #forward} after it.
     *
     * @return a fresh array: {@code [N, F]}, or images in DL4J's NCHW layout
     */
    public INDArray output(INDArray input) {
        for (Ops.Op op : ops) {
            op.training = false;
        }
        try {
            forward(input);
            INDArray out = outputActivations();
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return out.rank() == 4 ? toNchw(out) : out.dup();
            }
        } finally {
            for (Ops.Op op : ops) {
                op.training = true;
            }
        }
    }

    /**
     * The output layer's loss against {@code labels} ({@code [N, outputs]}) after {@link #forward}:
     * writes dL/dz and returns the mean loss over the batch (DL4J's score without regularisation).
     */
    public double loss(INDArray labels) {
        if (output == null) {
            throw new IllegalStateException("the stack has no output layer with a loss");
        }
        if (labels.size(0) != batch || labels.size(1) != outputActivation.size(1)) {
            throw new IllegalArgumentException("labels must be [" + batch + ", " + outputActivation.size(1)
                    + "], found " + Arrays.toString(labels.shape()));
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            lastScore = SideThread.using(options, () -> output.loss(labels)) / batch;
        }
        java.lang.ref.Reference.reachabilityFence(labels);
        return lastScore;
    }

    /** The output layer's activations (probabilities for a sigmoid output) after {@link #forward}. */
    public INDArray outputActivations() {
        return output == null ? outputActivation : output.activations();
    }

    /**
     * Backward pass from the loss gradient of {@link #loss}, or from {@code dOut} (dL/d output
     * activations, the shape {@link #forward} returned) for a stack without loss (pass null after
     * {@link #loss}). {@code paramGradients}: fill {@link #gradient()} (summed over the batch, as
     * DL4J's backprop); {@code inputGradient}: keep dL/d input for {@link #inputGradient()}.
     */
    public void backward(INDArray dOut, boolean paramGradients, boolean inputGradient) {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray d = dOut;
            for (int i = ops.size() - 1; i >= 0; i--) {
                boolean needInput = i > 0 || inputGradient;
                d = ops.get(i).backward(d, paramGradients, needInput);
                if (!needInput) {
                    break;
                }
            }
            this.inputGradient = inputGradient ? d : null;
        }
        java.lang.ref.Reference.reachabilityFence(dOut);
    }

    /** dL/d input of the last {@link #backward} (channel-major for image input); a buffer of this stack. */
    public INDArray inputGradient() {
        if (inputGradient == null) {
            throw new IllegalStateException("backward was not asked for the input gradient");
        }
        return inputGradient;
    }

    /** The parameter gradient of the last {@link #backward}, laid out like the network's parameters. */
    public INDArray gradient() {
        return gradient;
    }

    /** The mean loss of the last {@link #loss}. */
    public double score() {
        return lastScore;
    }

    /**
     * Applies {@link #gradient()} through the network's updater (which divides by the batch size
     * where DL4J does, and turns batch norm's entries into the running-statistics update), then
     * {@code params -= update} and the network's iteration count + 1, as {@code fit} does.
     */
    public void update(int batchSize) {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (network instanceof MultiLayerNetwork net) {
                int iter = net.getIterationCount();
                net.getUpdater().update(net, external, iter, net.getEpochCount(), batchSize, mgr);
                params.subi(gradient);
                net.setIterationCount(iter + 1);
                net.setScore(lastScore);
            } else {
                ComputationGraph g = (ComputationGraph) network;
                var conf = g.getConfiguration();
                int iter = conf.getIterationCount();
                g.getUpdater().update(external, iter, conf.getEpochCount(), batchSize, mgr);
                params.subi(gradient);
                conf.setIterationCount(iter + 1);
            }
        }
    }

    /** True when this stack runs {@code network} with its current parameter array. */
    public boolean isFor(Object net) {
        INDArray p = net instanceof MultiLayerNetwork m ? m.params()
                : net instanceof ComputationGraph g ? g.params() : null;
        // params() is a fresh reshaped view on every call: compare the memory it points at
        return net == network && p != null && p.length() == params.length()
                && p.data().address() == params.data().address() && p.offset() == params.offset();
    }

    /** A channel-major [C, N, H, W] array as a fresh NCHW [N, C, H, W] one; [N, F] unchanged. */
    public static INDArray toNchw(INDArray channelMajor) {
        return channelMajor.rank() == 4 ? channelMajor.permute(1, 0, 2, 3).dup('c') : channelMajor;
    }

    /** Forward, loss, backward and update: one {@code fit(x, labels)}; returns the mean loss. */
    public double fit(INDArray input, INDArray labels) {
        forward(input);
        return lossBackwardUpdate(labels);
    }

    /** {@link #fit} on input already channel-major (another stack's output). */
    public double fitChannelMajor(INDArray input, INDArray labels) {
        forwardChannelMajor(input);
        return lossBackwardUpdate(labels);
    }

    private double lossBackwardUpdate(INDArray labels) {
        double score = loss(labels);
        backward(null, true, false);
        update((int) batch);
        return score;
    }

}
