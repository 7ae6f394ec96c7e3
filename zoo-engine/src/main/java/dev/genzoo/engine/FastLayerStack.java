package dev.genzoo.engine;

import java.nio.FloatBuffer;
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
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
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
 * <p>Supported: {@code DenseLayer}, {@code OutputLayer} with a fusable loss (last layer only),
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
    private final List<Op> ops;
    private final OutputOp output;
    private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    private final DefaultGradient external;
    private long batch = -1;
    private INDArray outputActivation;
    private INDArray inputGradient;
    private INDArray imageInput;
    private double lastScore = Double.NaN;

    private final EngineOptions options;

    private FastLayerStack(Object network, INDArray params, List<Op> ops, EngineOptions options) {
        this.network = network;
        this.options = options;
        for (Op op : ops) {
            op.largeThreads = options.largeProductThreads();
        }
        this.params = params;
        this.ops = ops;
        this.output = ops.get(ops.size() - 1) instanceof OutputOp o ? o : null;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.gradient = Nd4j.create(params.dataType(), params.length());
        }
        this.external = new DefaultGradient(gradient);
        for (Op op : ops) {
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
        List<Op> ops = new ArrayList<>();
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
        List<Op> ops = new ArrayList<>();
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
        if (pre != null && !(pre instanceof FeedForwardToCnnPreProcessor)
                && !(pre instanceof CnnToFeedForwardPreProcessor c && c.getFormat() == CNN2DFormat.NCHW)) {
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
        if (layer.conf().getLayer().getClass() == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) conf;
            return bn.isLockGammaBeta() || bn.getCnn2DFormat() != CNN2DFormat.NCHW
                    ? Optional.of(name + ": locked gamma/beta or NHWC") : Optional.empty();
        }
        if (conf.getClass() == ActivationLayer.class) {
            return activationReason(name, ((ActivationLayer) conf).getActivationFn());
        }
        if (conf.getClass() == DenseLayer.class) {
            return activationReason(name, ((DenseLayer) conf).getActivationFn());
        }
        if (conf.getClass() == OutputLayer.class) {
            OutputLayer o = (OutputLayer) conf;
            if (!last) {
                return Optional.of(name + ": an output layer before the last layer");
            }
            if (FusedKernels.fusedLossOf(o, o.getLossFn()) == null) {
                return Optional.of(name + ": loss " + o.getLossFn() + " has no fused form");
            }
            return activationReason(name, o.getActivationFn());
        }
        if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Deconvolution2D.class) {
            ConvolutionLayer c = (ConvolutionLayer) conf;
            if (c.getConvolutionMode() != ConvolutionMode.Truncate && c.getConvolutionMode() != ConvolutionMode.Strict) {
                return Optional.of(name + ": convolution mode " + c.getConvolutionMode());
            }
            if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1 || c.getDilation()[1] != 1) {
                return Optional.of(name + ": NHWC or dilation");
            }
            return activationReason(name, c.getActivationFn());
        }
        return Optional.of(name + ": layer type not supported");
    }

    private static Optional<String> activationReason(String name, IActivation a) {
        return Act.of(a) == null ? Optional.of(name + ": activation " + a) : Optional.empty();
    }

    private static void addOps(List<Op> ops, InputPreProcessor pre, Layer layer, boolean last) {
        if (pre instanceof FeedForwardToCnnPreProcessor f) {
            ops.add(new ToCnn((int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth()));
        } else if (pre instanceof CnnToFeedForwardPreProcessor) {
            ops.add(new ToFlat());
        }
        var conf = layer.conf().getLayer();
        if (conf instanceof BatchNormalization) {
            ops.add(new BnOp(layer));
        } else if (conf instanceof ActivationLayer a) {
            ops.add(new ActOp(Act.of(a.getActivationFn())));
        } else if (conf instanceof Deconvolution2D) {
            ops.add(new ConvOp(layer, true));
        } else if (conf instanceof ConvolutionLayer) {
            ops.add(new ConvOp(layer, false));
        } else if (conf instanceof OutputLayer o) {
            ops.add(new OutputOp(layer, FusedKernels.fusedLossOf(o, o.getLossFn())));
        } else {
            ops.add(new DenseOp(layer));
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
        return forwardChannelMajor(x);
    }

    /** {@link #forward} on input already channel-major ({@code [C, N, H, W]}) or {@code [N, F]}. */
    public INDArray forwardChannelMajor(INDArray x) {
        long n = x.rank() == 4 ? x.size(1) : x.size(0);
        if (n != batch) {
            batch = n;
            for (Op op : ops) {
                op.resetBuffers();
            }
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray a = x;
            for (Op op : ops) {
                a = op.forward(a);
            }
            outputActivation = a;
            return a;
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

    // ---------------------------------------------------------------------------------------------

    /** Products at least this large (in flops) run on every core's BLAS thread. */
    static final long PARALLEL_GEMM_FLOPS = 400_000_000L;

    /**
     * c = op(a) op(b). The launcher keeps BLAS and OpenMP on one thread, which is right for the
     * MLPs' small products (two threads thrash on them); the convolution products here are
     * 0.8 GFLOP each and run on all cores (DCGAN on 2 cores: 3.1 to 3.8 iterations/s measured
     * with two BLAS threads for the whole run). Not below 400 MFLOP: two threads on the VAE's
     * 0.1 GFLOP products made {@code mlp-vae} 20-30% slower (waking the second thread, and the
     * prefetch thread wants that core). {@link EngineOptions#largeProductThreads()} 0 (a user who
     * set the BLAS thread count) leaves every product as BLAS is set.
     */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, int largeThreads) {
        long flops = 2L * c.size(0) * c.size(1) * (transA ? a.size(0) : a.size(1));
        if (flops < PARALLEL_GEMM_FLOPS || largeThreads < 2) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
            return;
        }
        var blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(largeThreads);
        try {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
        } finally {
            blas.setMaxThreads(before);
        }
    }

    /** Channel-major image shape. */
    record Shape4(int c, int n, int h, int w) {
    }

    /** One step of the stack. */
    private abstract static class Op {
        /** {@link EngineOptions#largeProductThreads()} of the stack this step belongs to. */
        int largeThreads;

        void bindGradients(INDArray params, INDArray gradient) {
        }

        void resetBuffers() {
        }

        abstract INDArray forward(INDArray x);

        abstract INDArray backward(INDArray dOut, boolean paramGradients, boolean needInput);

        static INDArray alloc(long... shape) {
            return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }

        static INDArray like(INDArray a) {
            return Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
        }

        /** The gradient view at the same place and layout as {@code param} (a view of {@code params}). */
        static INDArray gradientView(INDArray params, INDArray gradient, INDArray param) {
            long off = param.offset() - params.offset();
            return Nd4j.create(gradient.data(), param.shape(), param.stride(), gradient.offset() + off,
                    param.ordering());
        }
    }

    /** An activation function with its derivative, element-wise in Java or ND4J. */
    enum Kind { IDENTITY, RELU, LRELU, TANH, SIGMOID }

    record Act(Kind kind, float alpha) {
        static Act of(IActivation a) {
            if (a instanceof ActivationIdentity) {
                return new Act(Kind.IDENTITY, 0);
            }
            if (FusedKernels.isPlainRelu(a)) {
                return new Act(Kind.RELU, 0);
            }
            if (a instanceof ActivationLReLU l) {
                return new Act(Kind.LRELU, (float) l.getAlpha());
            }
            if (a instanceof ActivationTanH) {
                return new Act(Kind.TANH, 0);
            }
            if (a instanceof ActivationSigmoid) {
                return new Act(Kind.SIGMOID, 0);
            }
            return null;
        }

        /** out = f(z); out may be z for the piecewise-linear ones. */
        void forward(INDArray z, INDArray out) {
            switch (kind) {
                case IDENTITY -> {
                    if (out != z) {
                        out.assign(z);
                    }
                }
                case TANH -> Nd4j.exec(new Tanh(z, out));
                case SIGMOID -> Nd4j.exec(new Sigmoid(z, out));
                default -> Kernels.leaky(Kernels.buf(z), Kernels.buf(out), z.length(),
                        kind == Kind.RELU ? 0f : alpha);
            }
        }

        /** dz = da * f'(z), from z (piecewise linear) or from a = f(z) (tanh, sigmoid); dz may be da. */
        void backward(INDArray z, INDArray a, INDArray da, INDArray dz) {
            Kernels.activationBackward(kind, alpha, Kernels.buf(z), Kernels.buf(a), Kernels.buf(da), Kernels.buf(dz),
                    da.length());
        }
    }

    /** [N, C·H·W] (DL4J's flattening of NCHW) to channel-major [C, N, H, W]. */
    private static final class ToCnn extends Op {
        private final int c;
        private final int h;
        private final int w;
        private INDArray out;
        private INDArray back;

        ToCnn(int c, int h, int w) {
            this.c = c;
            this.h = h;
            this.w = w;
        }

        @Override
        void resetBuffers() {
            out = null;
            back = null;
        }

        @Override
        INDArray forward(INDArray x) {
            int n = (int) x.size(0);
            if (x.size(1) != (long) c * h * w) {
                throw new IllegalArgumentException("expected [N, " + c * h * w + "] before the reshape to (" + c
                        + ", " + h + ", " + w + "), found " + Arrays.toString(x.shape()));
            }
            if (out == null) {
                out = alloc(c, n, h, w);
            }
            Kernels.transpose(Kernels.buf(x), Kernels.buf(out), n, c, h * w);
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            int n = (int) d.size(1);
            if (back == null) {
                back = alloc(n, (long) c * h * w);
            }
            Kernels.transpose(Kernels.buf(d), Kernels.buf(back), c, n, h * w);
            return back;
        }
    }

    /** Channel-major [C, N, H, W] to [N, C·H·W] (DL4J's CnnToFeedForward of NCHW). */
    private static final class ToFlat extends Op {
        private INDArray out;
        private INDArray back;

        @Override
        void resetBuffers() {
            out = null;
            back = null;
        }

        @Override
        INDArray forward(INDArray x) {
            int c = (int) x.size(0);
            int n = (int) x.size(1);
            int hw = (int) (x.size(2) * x.size(3));
            if (out == null) {
                out = alloc(n, (long) c * hw);
                back = alloc(x.shape());
            }
            Kernels.transpose(Kernels.buf(x), Kernels.buf(out), c, n, hw);
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            int c = (int) back.size(0);
            int n = (int) back.size(1);
            int hw = (int) (back.size(2) * back.size(3));
            Kernels.transpose(Kernels.buf(d), Kernels.buf(back), n, c, hw);
            return back;
        }
    }

    /** ActivationLayer. */
    private static final class ActOp extends Op {
        private final Act act;
        private INDArray in;
        private INDArray out;
        private INDArray back;

        ActOp(Act act) {
            this.act = act;
        }

        @Override
        void resetBuffers() {
            out = null;
            back = null;
        }

        @Override
        INDArray forward(INDArray x) {
            in = x;
            if (out == null) {
                out = like(x);
                back = like(x);
            }
            act.forward(x, out);
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            act.backward(in, out, d, back);
            return back;
        }
    }

    /** DenseLayer, and the base of OutputLayer: z = x W + b, a = f(z), on [N, F]. */
    private static class DenseOp extends Op {
        final Act act;
        final INDArray w;
        final INDArray b;
        INDArray dw;
        INDArray db;
        INDArray in;
        INDArray z;
        INDArray a;
        INDArray dz;
        INDArray back;
        INDArray ones;
        INDArray dbRow;

        DenseOp(Layer layer) {
            this.act = Act.of(((BaseLayer) layer.conf().getLayer()).getActivationFn());
            this.w = layer.getParam("W");
            this.b = layer.paramTable().get("b");
        }

        @Override
        void bindGradients(INDArray params, INDArray gradient) {
            dw = gradientView(params, gradient, w);
            db = b == null ? null : gradientView(params, gradient, b);
        }

        @Override
        void resetBuffers() {
            z = null;
        }

        @Override
        INDArray forward(INDArray x) {
            in = x;
            long n = x.size(0);
            if (z == null) {
                z = alloc(n, w.size(1));
                a = act.kind() == Kind.IDENTITY ? z : like(z);
                dz = like(z);
                back = alloc(n, w.size(0));
                ones = Nd4j.ones(DataType.FLOAT, 1, n);
                dbRow = alloc(1, w.size(1));
            }
            gemm(x, w, z, false, false, largeThreads);
            if (b != null) {
                z.addiRowVector(b);
            }
            act.forward(z, a);
            return a;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            if (d != null) {
                act.backward(z, a, d, dz);
            }
            if (paramGradients) {
                gemm(in, dz, dw, true, false, largeThreads);
                if (db != null) {
                    gemm(ones, dz, dbRow, false, false, largeThreads);
                    db.assign(dbRow.reshape(db.shape()));
                }
            }
            if (needInput) {
                gemm(dz, w, back, false, true, largeThreads);
            }
            return back;
        }
    }

    /** OutputLayer with a fused loss; {@link #backward} starts from the loss gradient. */
    private static final class OutputOp extends DenseOp {
        private final FusedLoss loss;
        private final IActivation activation;
        private INDArray probs;

        OutputOp(Layer layer, FusedLoss loss) {
            super(layer);
            this.loss = loss;
            this.activation = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
        }

        @Override
        INDArray forward(INDArray x) {
            super.forward(x);
            probs = null;
            return z;
        }

        double loss(INDArray labels) {
            double s = loss.fusedScoreAndGradient(labels, z, activation, dz);
            if (Double.isNaN(s)) {
                throw new IllegalStateException("the output layer's loss did not fuse for labels of type "
                        + labels.dataType());
            }
            return s;
        }

        INDArray activations() {
            if (probs == null) {
                probs = like(z);
                act.forward(z, probs);
            }
            return probs;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            if (d != null) {
                throw new IllegalArgumentException("an output layer starts from its loss; pass null");
            }
            return super.backward(null, paramGradients, needInput);
        }
    }

    /** BatchNormalization in training mode, on [N, F] (per feature) or channel-major images (per channel). */
    private static final class BnOp extends Op {
        private final BatchNormalization conf;
        private final INDArray gamma;
        private final INDArray beta;
        private final INDArray globalMean;
        private final INDArray globalVar;
        private final INDArray globalLogStd;
        private INDArray dGamma;
        private INDArray dBeta;
        private INDArray dMean;
        private INDArray dVar;
        private INDArray xHat;
        private INDArray out;
        private INDArray back;
        private float[] mean;
        private float[] var;
        private float[] std;
        private boolean image;

        BnOp(Layer layer) {
            this.conf = (BatchNormalization) layer.conf().getLayer();
            this.gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA);
            this.beta = layer.getParam(BatchNormalizationParamInitializer.BETA);
            this.globalMean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            this.globalVar = layer.paramTable().get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            this.globalLogStd = layer.paramTable().get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        }

        @Override
        void bindGradients(INDArray params, INDArray gradient) {
            dGamma = gradientView(params, gradient, gamma);
            dBeta = gradientView(params, gradient, beta);
            dMean = gradientView(params, gradient, globalMean);
            dVar = gradientView(params, gradient, globalVar != null ? globalVar : globalLogStd);
        }

        @Override
        void resetBuffers() {
            out = null;
        }

        @Override
        INDArray forward(INDArray x) {
            image = x.rank() == 4;
            int channels = (int) (image ? x.size(0) : x.size(1));
            if (channels != conf.getNOut()) {
                throw new IllegalArgumentException("batch norm " + conf.getLayerName() + " expects " + conf.getNOut()
                        + " channels, found " + Arrays.toString(x.shape()));
            }
            if (out == null) {
                out = like(x);
                back = like(x);
                xHat = like(x);
                mean = new float[channels];
                var = new float[channels];
                std = new float[channels];
            }
            float[] g = gamma.toFloatVector();
            float[] b = beta.toFloatVector();
            if (image) {
                Kernels.bnForwardRows(Kernels.buf(x), Kernels.buf(xHat), Kernels.buf(out), channels,
                        (int) (x.length() / channels), g, b, (float) conf.getEps(), mean, var, std);
            } else {
                Kernels.bnForwardCols(Kernels.buf(x), Kernels.buf(xHat), Kernels.buf(out), (int) x.size(0), channels,
                        g, b, (float) conf.getEps(), mean, var, std);
            }
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            int channels = mean.length;
            float[] g = gamma.toFloatVector();
            float[] dg = new float[channels];
            float[] db = new float[channels];
            if (image) {
                Kernels.bnBackwardRows(Kernels.buf(d), Kernels.buf(xHat), Kernels.buf(back), channels,
                        (int) (d.length() / channels), g, std, dg, db, needInput);
            } else {
                Kernels.bnBackwardCols(Kernels.buf(d), Kernels.buf(xHat), Kernels.buf(back), (int) d.size(0), channels,
                        g, std, dg, db, needInput);
            }
            if (paramGradients) {
                dGamma.assign(Nd4j.createFromArray(dg).reshape(dGamma.shape()));
                dBeta.assign(Nd4j.createFromArray(db).reshape(dBeta.shape()));
                // DL4J's running statistics: the "gradient" its no-op updater subtracts
                double decay = conf.getDecay();
                float[] gm = globalMean.toFloatVector();
                float[] dm = new float[channels];
                float[] dv = new float[channels];
                float[] gv = (globalVar != null ? globalVar : globalLogStd).toFloatVector();
                for (int c = 0; c < channels; c++) {
                    dm[c] = (float) ((gm[c] - mean[c]) * (1 - decay));
                    if (globalVar != null) {
                        dv[c] = (float) ((gv[c] - var[c]) * (1 - decay));
                    } else {
                        double vi = Math.pow(10, 2 * (double) gv[c]);
                        double vi1 = vi * decay + var[c] * (1 - decay);
                        dv[c] = (float) (Math.log(vi / vi1) / (2 * Math.log(10)));
                    }
                }
                dMean.assign(Nd4j.createFromArray(dm).reshape(dMean.shape()));
                dVar.assign(Nd4j.createFromArray(dv).reshape(dVar.shape()));
            }
            return back;
        }
    }

    /**
     * ConvolutionLayer (im2col, then [out, in·k·k] × cols) and Deconvolution2D ([in, out·k·k]ᵀ ×
     * x, then col2im), on channel-major images.
     */
    private static final class ConvOp extends Op {
        private final boolean transposed;
        private final Act act;
        private final INDArray w;
        private final INDArray b;
        private final int k;
        private final int kw;
        private final int s;
        private final int sw;
        private final int p;
        private final int pw;
        private final int cIn;
        private final int cOut;
        private INDArray wm;
        private INDArray dwm;
        private INDArray db;
        private Shape4 inShape;
        private Shape4 outShape;
        private INDArray in;
        private INDArray cols;
        private INDArray z;
        private INDArray a;
        private INDArray dz;
        private INDArray back;

        ConvOp(Layer layer, boolean transposed) {
            this.transposed = transposed;
            ConvolutionLayer conf = (ConvolutionLayer) layer.conf().getLayer();
            this.act = Act.of(conf.getActivationFn());
            this.w = layer.getParam("W");
            this.b = layer.paramTable().get("b");
            this.k = conf.getKernelSize()[0];
            this.kw = conf.getKernelSize()[1];
            this.s = conf.getStride()[0];
            this.sw = conf.getStride()[1];
            this.p = conf.getPadding()[0];
            this.pw = conf.getPadding()[1];
            this.cIn = (int) (transposed ? w.size(0) : w.size(1));
            this.cOut = (int) (transposed ? w.size(1) : w.size(0));
            // [out, in·k·k] for a convolution, [in, out·k·k] for a transposed one: 'c' views of W
            this.wm = w.reshape('c', w.size(0), w.size(1) * k * kw);
        }

        @Override
        void bindGradients(INDArray params, INDArray gradient) {
            dwm = gradientView(params, gradient, w).reshape('c', w.size(0), w.size(1) * k * kw);
            db = b == null ? null : gradientView(params, gradient, b);
        }

        @Override
        void resetBuffers() {
            inShape = null;
        }

        @Override
        INDArray forward(INDArray x) {
            if (x.rank() != 4 || x.size(0) != cIn) {
                throw new IllegalArgumentException("convolution expects channel-major [" + cIn
                        + ", N, H, W], found " + Arrays.toString(x.shape()));
            }
            in = x;
            Shape4 is = new Shape4(cIn, (int) x.size(1), (int) x.size(2), (int) x.size(3));
            if (!is.equals(inShape)) {
                inShape = is;
                int oh;
                int ow;
                if (transposed) {
                    oh = s * (is.h() - 1) + k - 2 * p;
                    ow = sw * (is.w() - 1) + kw - 2 * pw;
                } else {
                    oh = (is.h() + 2 * p - k) / s + 1;
                    ow = (is.w() + 2 * pw - kw) / sw + 1;
                }
                outShape = new Shape4(cOut, is.n(), oh, ow);
                // the patch grid is the smaller image: the output of a convolution, the input of a transposed one
                long patches = transposed ? (long) is.n() * is.h() * is.w() : (long) is.n() * oh * ow;
                long rows = (long) (transposed ? cOut : cIn) * k * kw;
                cols = alloc(rows, patches);
                z = alloc(cOut, is.n(), oh, ow);
                a = act.kind() == Kind.IDENTITY ? z : like(z);
                dz = like(z);
                back = like(x);
            }
            INDArray z2 = z.reshape('c', cOut, z.length() / cOut);
            if (transposed) {
                gemm(wm, x.reshape('c', cIn, x.length() / cIn), cols, true, false, largeThreads);
                Kernels.col2im(Kernels.buf(cols), outShape, inShape.h(), inShape.w(), k, kw, s, sw, p, pw,
                        Kernels.buf(z));
            } else {
                Kernels.im2col(Kernels.buf(x), inShape, outShape.h(), outShape.w(), k, kw, s, sw, p, pw,
                        Kernels.buf(cols));
                gemm(wm, cols, z2, false, false, largeThreads);
            }
            if (b != null) {
                Kernels.addRowBias(Kernels.buf(z), b.toFloatVector(), cOut, (int) (z.length() / cOut));
            }
            act.forward(z, a);
            return a;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            act.backward(z, a, d, dz);
            INDArray dz2 = dz.reshape('c', cOut, dz.length() / cOut);
            if (paramGradients && db != null) {
                db.assign(Nd4j.createFromArray(Kernels.rowSums(Kernels.buf(dz), cOut, (int) (dz.length() / cOut)))
                        .reshape(db.shape()));
            }
            INDArray x2 = in.reshape('c', cIn, in.length() / cIn);
            INDArray back2 = back.reshape('c', cIn, back.length() / cIn);
            if (transposed) {
                // cols = im2col(dz) over the input grid; dW = x · colsᵀ, dx = W · cols
                Kernels.im2col(Kernels.buf(dz), outShape, inShape.h(), inShape.w(), k, kw, s, sw, p, pw,
                        Kernels.buf(cols));
                if (paramGradients) {
                    gemm(x2, cols, dwm, false, true, largeThreads);
                }
                if (needInput) {
                    gemm(wm, cols, back2, false, false, largeThreads);
                }
            } else {
                // cols still holds im2col(x) from the forward pass
                if (paramGradients) {
                    gemm(dz2, cols, dwm, false, true, largeThreads);
                }
                if (needInput) {
                    gemm(wm, dz2, cols, true, false, largeThreads);
                    Kernels.col2im(Kernels.buf(cols), inShape, outShape.h(), outShape.w(), k, kw, s, sw, p, pw,
                            Kernels.buf(back));
                }
            }
            return back;
        }
    }

    /**
     * The Java loops. They read and write the native arrays through direct buffers, but only in
     * bulk: element-wise access to a direct buffer is bounds- and scope-checked per element and
     * never vectorised on Java 17 (a JFR profile put a LeakyReLU pass at ~10 ns per element), so
     * every loop works on heap arrays of up to one row or {@link #CHUNK} elements (C2 vectorises
     * those), copied in and out with one bulk transfer each.
     */
    static final class Kernels {
        static final int CHUNK = 16384;
        private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][CHUNK]);

        private Kernels() {}

        /** A direct buffer on a 'c'-contiguous float array's elements. */
        static FloatBuffer buf(INDArray a) {
            if (a.ordering() != 'c' || !org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a)) {
                throw new IllegalStateException("needs a contiguous 'c'-ordered array, found " + a.shapeInfoToString());
            }
            var ptr = FusedKernels.pointer(a.reshape('c', new long[] {a.length()}));
            long pos = ptr.position();
            return ptr.limit(pos + a.length()).asBuffer();
        }

        private static float[][] scratch(int len) {
            float[][] s = SCRATCH.get();
            if (s[0].length < len) {
                s = new float[][] {new float[len], new float[len], new float[len]};
                SCRATCH.set(s);
            }
            return s;
        }

        /** out[j][i][r] = in[i][j][r] for in [a][b][r]: block copies of r elements. */
        static void transpose(FloatBuffer in, FloatBuffer out, int a, int b, int r) {
            float[] row = scratch(r)[0];
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    in.get((i * b + j) * r, row, 0, r);
                    out.put((j * a + i) * r, row, 0, r);
                }
            }
        }

        /** out = max(z, 0) + alpha min(z, 0) (ReLU for alpha 0). */
        static void leaky(FloatBuffer z, FloatBuffer out, long len, float alpha) {
            float[] h = scratch(CHUNK)[0];
            for (int off = 0; off < len; off += CHUNK) {
                int n = (int) Math.min(CHUNK, len - off);
                z.get(off, h, 0, n);
                for (int i = 0; i < n; i++) {
                    float v = h[i];
                    h[i] = Math.max(v, 0f) + alpha * Math.min(v, 0f);   // branch-free: vectorised
                }
                out.put(off, h, 0, n);
            }
        }

        static void activationBackward(Kind kind, float alpha, FloatBuffer z, FloatBuffer a, FloatBuffer da,
                FloatBuffer dz, long len) {
            float[][] s = scratch(CHUNK);
            float[] g = s[0];
            float[] v = s[1];
            for (int off = 0; off < len; off += CHUNK) {
                int n = (int) Math.min(CHUNK, len - off);
                da.get(off, g, 0, n);
                switch (kind) {
                    case IDENTITY -> { }
                    case RELU, LRELU -> {
                        z.get(off, v, 0, n);
                        float k = 1 - alpha;
                        for (int i = 0; i < n; i++) {
                            g[i] *= alpha + k * step(v[i]);
                        }
                    }
                    case TANH -> {
                        a.get(off, v, 0, n);
                        for (int i = 0; i < n; i++) {
                            g[i] = g[i] * (1 - v[i] * v[i]);
                        }
                    }
                    case SIGMOID -> {
                        a.get(off, v, 0, n);
                        for (int i = 0; i < n; i++) {
                            g[i] = g[i] * v[i] * (1 - v[i]);
                        }
                    }
                    default -> throw new IllegalStateException(kind.toString());
                }
                dz.put(off, g, 0, n);
            }
        }

        /**
         * 1 for z > 0, else 0, without a branch (random signs made the branchy form 5 ns per
         * element; this one vectorises): exact for every z >= 1e-30 and z <= 0, a fraction only
         * for positive z below 1e-30, where the kink of ReLU makes the derivative moot anyway.
         */
        private static float step(float z) {
            return Math.min(Math.max(z * 1e30f, 0f), 1f);
        }

        static float[] rowSums(FloatBuffer z, int rows, int len) {
            float[] out = new float[rows];
            float[] h = scratch(CHUNK)[0];
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int off = 0; off < len; off += CHUNK) {
                    int n = Math.min(CHUNK, len - off);
                    z.get(r * len + off, h, 0, n);
                    float part = 0;
                    for (int i = 0; i < n; i++) {
                        part += h[i];
                    }
                    sum += part;
                }
                out[r] = (float) sum;
            }
            return out;
        }

        static void addRowBias(FloatBuffer z, float[] bias, int rows, int len) {
            float[] h = scratch(CHUNK)[0];
            for (int r = 0; r < rows; r++) {
                float v = bias[r];
                for (int off = 0; off < len; off += CHUNK) {
                    int n = Math.min(CHUNK, len - off);
                    z.get(r * len + off, h, 0, n);
                    for (int i = 0; i < n; i++) {
                        h[i] += v;
                    }
                    z.put(r * len + off, h, 0, n);
                }
            }
        }

        /**
         * cols[(c·kh + ky)·kw + kx][(n·oh + oy)·ow + ox] = img[c][n][oy·s − p + ky][ox·sw − pw + kx]
         * (0 outside the image), for a channel-major image of shape {@code img} and a patch grid oh × ow.
         * One channel of the image and one row of cols at a time on the heap.
         */
        static void im2col(FloatBuffer img, Shape4 is, int oh, int ow, int kh, int kw, int s, int sw, int p, int pw,
                FloatBuffer cols) {
            int n = is.n();
            int h = is.h();
            int w = is.w();
            int np = n * oh * ow;
            int plane = n * h * w;
            float[][] sc = scratch(Math.max(plane, np));
            float[] image = sc[0];
            float[] row = sc[1];
            for (int c = 0; c < is.c(); c++) {
                img.get(c * plane, image, 0, plane);
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int lo = firstInside(kx, pw, sw, w, ow);
                        int hi = endInside(kx, pw, sw, w, ow);
                        for (int b = 0; b < n; b++) {
                            int imgBase = b * h * w;
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * s - p + ky;
                                int dst = (b * oh + oy) * ow;
                                if (iy < 0 || iy >= h) {
                                    java.util.Arrays.fill(row, dst, dst + ow, 0f);
                                    continue;
                                }
                                int src = imgBase + iy * w - pw + kx;
                                for (int ox = 0; ox < lo; ox++) {
                                    row[dst + ox] = 0f;
                                }
                                for (int ox = lo; ox < hi; ox++) {
                                    row[dst + ox] = image[src + ox * sw];
                                }
                                for (int ox = hi; ox < ow; ox++) {
                                    row[dst + ox] = 0f;
                                }
                            }
                        }
                        cols.put(((c * kh + ky) * kw + kx) * np, row, 0, np);
                    }
                }
            }
        }

        /** The first patch column ox whose pixel ox·sw − pw + kx lies inside [0, w) (ow if none). */
        static int firstInside(int kx, int pw, int sw, int w, int ow) {
            int ox = 0;
            while (ox < ow && ox * sw - pw + kx < 0) {
                ox++;
            }
            return ox;
        }

        /** One past the last patch column whose pixel lies inside [0, w) (at least firstInside). */
        static int endInside(int kx, int pw, int sw, int w, int ow) {
            int ox = ow;
            while (ox > 0 && (ox - 1) * sw - pw + kx >= w) {
                ox--;
            }
            return Math.max(ox, firstInside(kx, pw, sw, w, ow));
        }

        /** The adjoint of {@link #im2col}: img = 0, then img[...] += cols[...] for every in-image entry. */
        static void col2im(FloatBuffer cols, Shape4 is, int oh, int ow, int kh, int kw, int s, int sw, int p, int pw,
                FloatBuffer img) {
            int n = is.n();
            int h = is.h();
            int w = is.w();
            int np = n * oh * ow;
            int plane = n * h * w;
            float[][] sc = scratch(Math.max(plane, np));
            float[] image = sc[0];
            float[] row = sc[1];
            for (int c = 0; c < is.c(); c++) {
                java.util.Arrays.fill(image, 0, plane, 0f);
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int lo = firstInside(kx, pw, sw, w, ow);
                        int hi = endInside(kx, pw, sw, w, ow);
                        cols.get(((c * kh + ky) * kw + kx) * np, row, 0, np);
                        for (int b = 0; b < n; b++) {
                            int imgBase = b * h * w;
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * s - p + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                int src = (b * oh + oy) * ow;
                                int dst = imgBase + iy * w - pw + kx;
                                for (int ox = lo; ox < hi; ox++) {
                                    image[dst + ox * sw] += row[src + ox];
                                }
                            }
                        }
                    }
                }
                img.put(c * plane, image, 0, plane);
            }
        }

        /** Batch norm over contiguous rows (channel-major images: one row of m values per channel). */
        static void bnForwardRows(FloatBuffer x, FloatBuffer xHat, FloatBuffer y, int channels, int m, float[] gamma,
                float[] beta, float eps, float[] mean, float[] var, float[] std) {
            float[][] sc = scratch(m);
            float[] v = sc[0];
            float[] o = sc[1];
            for (int c = 0; c < channels; c++) {
                int base = c * m;
                x.get(base, v, 0, m);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += v[i];
                }
                double mu = sum / m;
                double sq = 0;
                for (int i = 0; i < m; i++) {
                    double d = v[i] - mu;
                    sq += d * d;
                }
                mean[c] = (float) mu;
                var[c] = (float) (sq / m);
                std[c] = (float) Math.sqrt(var[c] + eps);
                float fm = mean[c];
                float inv = 1f / std[c];
                float g = gamma[c];
                float b = beta[c];
                for (int i = 0; i < m; i++) {
                    float hh = (v[i] - fm) * inv;
                    v[i] = hh;
                    o[i] = g * hh + b;
                }
                xHat.put(base, v, 0, m);
                y.put(base, o, 0, m);
            }
        }

        /** Batch norm per column of a row-major [n, f] array. */
        static void bnForwardCols(FloatBuffer x, FloatBuffer xHat, FloatBuffer y, int n, int f, float[] gamma,
                float[] beta, float eps, float[] mean, float[] var, float[] std) {
            float[][] sc = scratch(f);
            float[] v = sc[0];
            float[] o = sc[1];
            double[] sum = new double[f];
            for (int r = 0; r < n; r++) {
                x.get(r * f, v, 0, f);
                for (int j = 0; j < f; j++) {
                    sum[j] += v[j];
                }
            }
            double[] sq = new double[f];
            for (int r = 0; r < n; r++) {
                x.get(r * f, v, 0, f);
                for (int j = 0; j < f; j++) {
                    double d = v[j] - sum[j] / n;
                    sq[j] += d * d;
                }
            }
            float[] inv = new float[f];
            for (int j = 0; j < f; j++) {
                mean[j] = (float) (sum[j] / n);
                var[j] = (float) (sq[j] / n);
                std[j] = (float) Math.sqrt(var[j] + eps);
                inv[j] = 1f / std[j];
            }
            for (int r = 0; r < n; r++) {
                x.get(r * f, v, 0, f);
                for (int j = 0; j < f; j++) {
                    float hh = (v[j] - mean[j]) * inv[j];
                    v[j] = hh;
                    o[j] = gamma[j] * hh + beta[j];
                }
                xHat.put(r * f, v, 0, f);
                y.put(r * f, o, 0, f);
            }
        }

        /**
         * dγ = Σ dy x̂, dβ = Σ dy, dx = (γ/σ)(dy − mean(dy) − x̂ mean(dy x̂)) per row (DL4J's
         * formula with Σ(x − μ) = 0 used).
         */
        static void bnBackwardRows(FloatBuffer dy, FloatBuffer xHat, FloatBuffer dx, int channels, int m,
                float[] gamma, float[] std, float[] dGamma, float[] dBeta, boolean needInput) {
            float[][] sc = scratch(m);
            float[] g = sc[0];
            float[] hh = sc[1];
            for (int c = 0; c < channels; c++) {
                int base = c * m;
                dy.get(base, g, 0, m);
                xHat.get(base, hh, 0, m);
                double sb = 0;
                double sg = 0;
                for (int i = 0; i < m; i++) {
                    sb += g[i];
                    sg += g[i] * hh[i];
                }
                dBeta[c] = (float) sb;
                dGamma[c] = (float) sg;
                if (needInput) {
                    float scale = gamma[c] / std[c];
                    float mb = (float) (sb / m);
                    float mg = (float) (sg / m);
                    for (int i = 0; i < m; i++) {
                        g[i] = scale * (g[i] - mb - hh[i] * mg);
                    }
                    dx.put(base, g, 0, m);
                }
            }
        }

        /** {@link #bnBackwardRows} per column of a row-major [n, f] array. */
        static void bnBackwardCols(FloatBuffer dy, FloatBuffer xHat, FloatBuffer dx, int n, int f, float[] gamma,
                float[] std, float[] dGamma, float[] dBeta, boolean needInput) {
            float[][] sc = scratch(f);
            float[] g = sc[0];
            float[] hh = sc[1];
            double[] sb = new double[f];
            double[] sg = new double[f];
            for (int r = 0; r < n; r++) {
                dy.get(r * f, g, 0, f);
                xHat.get(r * f, hh, 0, f);
                for (int j = 0; j < f; j++) {
                    sb[j] += g[j];
                    sg[j] += g[j] * hh[j];
                }
            }
            float[] scale = new float[f];
            float[] mb = new float[f];
            float[] mg = new float[f];
            for (int j = 0; j < f; j++) {
                dBeta[j] = (float) sb[j];
                dGamma[j] = (float) sg[j];
                scale[j] = gamma[j] / std[j];
                mb[j] = (float) (sb[j] / n);
                mg[j] = (float) (sg[j] / n);
            }
            if (!needInput) {
                return;
            }
            for (int r = 0; r < n; r++) {
                dy.get(r * f, g, 0, f);
                xHat.get(r * f, hh, 0, f);
                for (int j = 0; j < f; j++) {
                    g[j] = scale[j] * (g[j] - mb[j] - hh[j] * mg[j]);
                }
                dx.put(r * f, g, 0, f);
            }
        }
    }
}
