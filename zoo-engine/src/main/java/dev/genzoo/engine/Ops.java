package dev.genzoo.engine;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The engine's layer steps: each DL4J layer the engine runs is one {@link Op} with a forward pass
 * in training mode and a backward pass writing the parameter gradient into a gradient array laid
 * out like the network's parameters. Images are channel-major ({@code [C, N, H, W]}) throughout.
 * Shared by {@link FastLayerStack} (chains, the GAN loop) and {@link FastGraphTrainer} (graphs).
 */
final class Ops {
    private Ops() {
    }


    /**
     * Why the layer with configuration {@code conf} cannot run as an {@link Op} (null when it can):
     * batch norm, activation layers, convolutions and transposed convolutions, pooling and
     * upsampling. Dense and output layers are checked by the callers, which run them their own way.
     */
    static String reason(org.deeplearning4j.nn.conf.layers.Layer conf) {
        String name = conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ")";
        if (conf.getClass() == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) conf;
            return bn.isLockGammaBeta() || bn.getCnn2DFormat() != CNN2DFormat.NCHW
                    ? name + ": locked gamma/beta or NHWC" : null;
        }
        if (conf.getClass() == ActivationLayer.class) {
            return activationReason(name, ((ActivationLayer) conf).getActivationFn());
        }
        if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Deconvolution2D.class) {
            ConvolutionLayer c = (ConvolutionLayer) conf;
            ConvolutionMode mode = c.getConvolutionMode();
            boolean same = mode == ConvolutionMode.Same && conf.getClass() == ConvolutionLayer.class;
            if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict && !same) {
                return name + ": convolution mode " + mode;
            }
            if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1 || c.getDilation()[1] != 1) {
                return name + ": NHWC or dilation";
            }
            return activationReason(name, c.getActivationFn());
        }
        if (conf.getClass() == org.deeplearning4j.nn.conf.layers.SubsamplingLayer.class) {
            var p = (org.deeplearning4j.nn.conf.layers.SubsamplingLayer) conf;
            ConvolutionMode mode = p.getConvolutionMode();
            if (mode != null && mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
                return name + ": convolution mode " + mode;
            }
            if (p.getCnn2dDataFormat() != CNN2DFormat.NCHW || p.getDilation()[0] != 1 || p.getDilation()[1] != 1) {
                return name + ": NHWC or dilation";
            }
            var type = p.getPoolingType();
            return type == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    || type == org.deeplearning4j.nn.conf.layers.PoolingType.AVG ? null
                    : name + ": pooling " + type;
        }
        if (conf.getClass() == dev.genzoo.engine.layers.ReflectionPadding2D.class
                || conf.getClass() == dev.genzoo.engine.layers.InstanceNormalization.class) {
            return null;
        }
        if (conf.getClass() == org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer.class) {
            return ((org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer) conf).getDataFormat() == CNN2DFormat.NCHW
                    ? null : name + ": NHWC";
        }
        if (conf.getClass() == org.deeplearning4j.nn.conf.layers.Upsampling2D.class) {
            return ((org.deeplearning4j.nn.conf.layers.Upsampling2D) conf).getFormat() == CNN2DFormat.NCHW ? null
                    : name + ": NHWC";
        }
        return name + ": layer type not supported";
    }

    static String activationReason(String name, IActivation a) {
        return Act.of(a) == null ? name + ": activation " + a : null;
    }

    /** The step for a layer {@link #reason} accepts. */
    static Op of(Layer layer) {
        var conf = layer.conf().getLayer();
        if (conf instanceof BatchNormalization) {
            return new BnOp(layer);
        }
        if (conf instanceof ActivationLayer a) {
            return new ActOp(Act.of(a.getActivationFn()));
        }
        if (conf instanceof Deconvolution2D) {
            return new ConvOp(layer, true);
        }
        if (conf instanceof ConvolutionLayer) {
            return new ConvOp(layer, false);
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer p) {
            return new PoolOp(p);
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.Upsampling2D u) {
            return new UpsampleOp(u);
        }
        if (conf instanceof dev.genzoo.engine.layers.InstanceNormalization) {
            return new InstanceNormOp(layer);
        }
        if (conf instanceof dev.genzoo.engine.layers.ReflectionPadding2D r) {
            return new PadOp(r.getPadding(), true);
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer z) {
            return new PadOp(z.getPadding(), false);
        }
        throw new IllegalArgumentException(reason(conf));
    }

    /** The step for DL4J's reshapes between dense and convolutional layers (NCHW), or null for any other preprocessor. */
    static Op of(org.deeplearning4j.nn.conf.InputPreProcessor pre) {
        if (pre instanceof org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor f) {
            return new ToCnn((int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth());
        }
        if (pre instanceof org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor c
                && c.getFormat() == CNN2DFormat.NCHW) {
            return new ToFlat();
        }
        return null;
    }

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
        gemm(a, b, c, transA, transB, false, largeThreads);
    }

    /** c = a·b, or c += a·b where {@code add}; c must not be a view with gaps (ND4J's rule for gemm). */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, boolean add,
            int largeThreads) {
        double beta = add ? 1.0 : 0.0;
        long flops = 2L * c.size(0) * c.size(1) * (transA ? a.size(0) : a.size(1));
        if (flops < PARALLEL_GEMM_FLOPS || largeThreads < 2) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
            return;
        }
        var blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(largeThreads);
        try {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
        } finally {
            blas.setMaxThreads(before);
        }
    }

    /**
     * Per-thread native buffers for a convolution's patch matrices that need not outlive one call:
     * every convolution of every engine on a thread shares them, instead of each keeping its own
     * (a CycleGAN trainer held eight generators' worth). Two slots, for the patches and for one
     * product's output slice; each grows to the largest request and is then reused.
     */
    static final class Scratch {
        private static final ThreadLocal<INDArray[]> SLOTS = ThreadLocal.withInitial(() -> new INDArray[2]);

        private Scratch() {
        }

        /** A [rows, cols] 'c' matrix over slot {@code slot}'s buffer (contents undefined). */
        static INDArray matrix(int slot, long rows, long cols) {
            INDArray[] s = SLOTS.get();
            long need = rows * cols;
            if (s[slot] == null || s[slot].length() < need) {
                s[slot] = null; // the old buffer is garbage before the new one is allocated
                s[slot] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {need}, 'c');
            }
            return Nd4j.create(s[slot].data(), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
        }
    }

    /** Channel-major image shape. */
    record Shape4(int c, int n, int h, int w) {
    }

    /** One step of the stack. */
    abstract static class Op {
        /** {@link EngineOptions#largeProductThreads()} of the stack this step belongs to. */
        int largeThreads;
        /**
         * False during an inference pass ({@code FastGraphTrainer.output}): batch norm then uses its
         * running statistics and a layer run through DL4J activates in inference mode.
         */
        boolean training = true;

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
    static final class ToCnn extends Op {
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
    static final class ToFlat extends Op {
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
    static final class ActOp extends Op {
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
            }
            act.forward(x, out);
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            if (back == null) {
                back = like(in); // with the first backward pass: inference never needs it
            }
            act.backward(in, out, d, back);
            return back;
        }
    }

    /** DenseLayer, and the base of OutputLayer: z = x W + b, a = f(z), on [N, F]. */
    static class DenseOp extends Op {
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
                a = act == null || act.kind() == Kind.IDENTITY ? z : like(z);
                dz = like(z);
                back = alloc(n, w.size(0));
                ones = Nd4j.ones(DataType.FLOAT, 1, n);
                dbRow = alloc(1, w.size(1));
            }
            gemm(x, w, z, false, false, largeThreads);
            if (b != null) {
                z.addiRowVector(b);
            }
            if (act != null) {
                act.forward(z, a);
            }
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

    /**
     * OutputLayer with a fused loss; {@link #backward} starts from the loss gradient. Besides the
     * element-wise activations of {@link Act}, the output may be a softmax (a classifier's, a K+1
     * discriminator's): its loss and gradient then come from DL4J's loss function.
     */
    static final class OutputOp extends DenseOp {
        private final FusedLoss loss;
        private final org.nd4j.linalg.lossfunctions.ILossFunction lossFunction;
        private final IActivation activation;
        private INDArray probs;

        /** {@code loss}: the fused form of the layer's loss, or null for DL4J's own {@code ILossFunction}. */
        OutputOp(Layer layer, FusedLoss loss) {
            super(layer);
            this.loss = loss;
            this.lossFunction = ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) layer.conf().getLayer())
                    .getLossFn();
            this.activation = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
        }

        @Override
        INDArray forward(INDArray x) {
            super.forward(x);
            probs = null;
            return z;
        }

        /** The loss summed over the batch; writes dL/dz (DL4J's loss gradient, not divided by the batch). */
        double loss(INDArray labels) {
            double s = loss == null ? Double.NaN : loss.fusedScoreAndGradient(labels, z, activation, dz);
            if (Double.isNaN(s)) {
                // any other DL4J loss (MSE, Wasserstein, ...) through its own score and gradient: the
                // output layers here are small (a GAN discriminator's one unit)
                INDArray y = labels.castTo(z.dataType());
                s = lossFunction.computeScore(y, z.dup(), activation, null, false);
                dz.assign(lossFunction.computeGradient(y, z.dup(), activation, null));
            }
            return s;
        }

        INDArray activations() {
            if (probs == null) {
                if (act == null) {
                    // an activation of the whole row (softmax): DL4J's own, on a copy
                    probs = activation.getActivation(z.dup(), false);
                } else {
                    probs = like(z);
                    act.forward(z, probs);
                }
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
    static final class BnOp extends Op {
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
            inferOut = null;
        }

        /** The inference output of images, reused while the batch size stays. */
        private INDArray inferOut;

        @Override
        INDArray forward(INDArray x) {
            if (!training) {
                return infer(x);
            }
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

        /**
         * Inference: {@code gamma (x - runningMean) / runningStd + beta} per channel, as DL4J's
         * layer computes it outside training; the running standard deviation is
         * {@code sqrt(globalVar + eps)}, or, where DL4J keeps its logarithm (which already includes
         * eps), {@code sqrt((10^globalLogStd)^2 + eps)}: DL4J adds eps a second time there.
         */
        private INDArray infer(INDArray x) {
            boolean images = x.rank() == 4;
            int channels = (int) (images ? x.size(0) : x.size(1));
            if (channels != conf.getNOut()) {
                throw new IllegalArgumentException("batch norm " + conf.getLayerName() + " expects " + conf.getNOut()
                        + " channels, found " + Arrays.toString(x.shape()));
            }
            float[] g = gamma.toFloatVector();
            float[] b = beta.toFloatVector();
            float[] m = globalMean.toFloatVector();
            float[] sd = new float[channels];
            if (globalVar != null) {
                float[] v = globalVar.toFloatVector();
                for (int c = 0; c < channels; c++) {
                    sd[c] = (float) Math.sqrt(v[c] + conf.getEps());
                }
            } else {
                float[] ls = globalLogStd.toFloatVector();
                for (int c = 0; c < channels; c++) {
                    double std = Math.pow(10, ls[c]); // already includes eps, yet DL4J adds it again
                    sd[c] = (float) Math.sqrt(std * std + conf.getEps()); // (docs/dl4j-findings.md)
                }
            }
            // (x - mean) * (gamma / std) + beta, in DL4J's order (the 2e-4 relative error once seen on the
            // Fashion judge came from the missing second eps above, not from this order)
            float[] scale = new float[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = g[c] / sd[c];
            }
            if (images) {
                // channel-major: one contiguous block per channel, into a buffer kept for the batch size
                // (a fresh image-sized array per call cost more than the arithmetic)
                if (inferOut == null || !Arrays.equals(inferOut.shape(), x.shape())) {
                    inferOut = like(x);
                }
                Kernels.normalizeRows(Kernels.buf(x), Kernels.buf(inferOut), channels, (int) (x.length() / channels),
                        m, scale, b);
                return inferOut;
            }
            return x.subRowVector(Nd4j.createFromArray(m)).muliRowVector(Nd4j.createFromArray(scale))
                    .addiRowVector(Nd4j.createFromArray(b));
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
     *
     * <p>The patch matrix is {@code k·k} times an activation, the largest buffer of most networks
     * (a CycleGAN generator's last 7x7 convolution: 79 MB at batch 16). Only a training convolution's
     * im2col(x) must live from forward to backward; it is kept when it has at most
     * {@link #keepPatchFloats} floats. Every other patch matrix (a transposed convolution's, an
     * inference pass's, a larger one, which backward then unfolds again) goes through the thread's
     * {@link Scratch}, a slice of at most {@link #chunkPatchFloats} floats' worth of images at a time.
     */
    static final class ConvOp extends Op {
        /** Largest patch matrix (floats) a training convolution keeps for its backward pass: 32 MB. */
        static long keepPatchFloats = 8L << 20;
        /** Largest patch matrix slice (floats) of a pass through the shared scratch: 16 MB. */
        static long chunkPatchFloats = 4L << 20;

        private final boolean transposed;
        private final Act act;
        private final INDArray w;
        private final INDArray b;
        private final int k;
        private final int kw;
        private final int s;
        private final int sw;
        private final boolean same;
        private int p;
        private int pw;
        private final int cIn;
        private final int cOut;
        private INDArray wm;
        private INDArray dwm;
        private INDArray db;
        private Shape4 inShape;
        private Shape4 outShape;
        private long rows;
        private int perImage;
        private INDArray in;
        private INDArray cols;
        private boolean kept;
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
            this.same = conf.getConvolutionMode() == ConvolutionMode.Same;
            if (same && transposed) {
                throw new IllegalArgumentException("transposed convolution in Same mode is not supported");
            }
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

        /** Images per slice of a patch matrix that goes through the scratch (at least one). */
        private int sliceImages() {
            long perImageFloats = rows * perImage;
            return (int) Math.max(1, Math.min(inShape.n(), chunkPatchFloats / perImageFloats));
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
                } else if (same) {
                    // DL4J's Same mode: ceil(in / stride) outputs, top-left padding half the total (rounded
                    // down), the rest below and right
                    oh = (is.h() + s - 1) / s;
                    ow = (is.w() + sw - 1) / sw;
                    p = Math.max(0, ((oh - 1) * s + k - is.h()) / 2);
                    pw = Math.max(0, ((ow - 1) * sw + kw - is.w()) / 2);
                } else {
                    oh = (is.h() + 2 * p - k) / s + 1;
                    ow = (is.w() + 2 * pw - kw) / sw + 1;
                }
                outShape = new Shape4(cOut, is.n(), oh, ow);
                // the patch grid is the smaller image: the output of a convolution, the input of a transposed one
                perImage = transposed ? is.h() * is.w() : oh * ow;
                rows = (long) (transposed ? cOut : cIn) * k * kw;
                cols = null;
                z = alloc(cOut, is.n(), oh, ow);
                a = act.kind() == Kind.IDENTITY ? z : like(z);
                // the backward pass's buffers come with the first backward pass: an inference pass never
                // needs them (two of a layer's five activation-sized buffers)
                dz = null;
                back = null;
            }
            int n = is.n();
            long total = (long) perImage * n;
            INDArray z2 = z.reshape('c', cOut, z.length() / cOut);
            kept = !transposed && training && rows * total <= keepPatchFloats;
            if (kept) {
                if (cols == null) {
                    cols = alloc(rows, total);
                }
                Kernels.im2col(Kernels.buf(x), inShape, outShape.h(), outShape.w(), k, kw, s, sw, p, pw,
                        Kernels.buf(cols));
                gemm(wm, cols, z2, false, false, largeThreads);
            } else {
                INDArray x2 = transposed ? x.reshape('c', cIn, x.length() / cIn) : null;
                slices((n0, n1, patches) -> {
                    if (transposed) {
                        gemm(wm, columns(x2, n0, n1), patches, true, false, largeThreads);
                        Kernels.col2im(Kernels.buf(patches), outShape, n0, n1, inShape.h(), inShape.w(), k, kw, s,
                                sw, p, pw, Kernels.buf(z));
                    } else {
                        Kernels.im2col(Kernels.buf(x), inShape, n0, n1, outShape.h(), outShape.w(), k, kw, s, sw, p,
                                pw, Kernels.buf(patches));
                        productInto(wm, patches, z2, n0, n1);
                    }
                });
            }
            if (b != null) {
                Kernels.addRowBias(Kernels.buf(z), b.toFloatVector(), cOut, (int) (z.length() / cOut));
            }
            act.forward(z, a);
            return a;
        }

        /** Columns of images [n0, n1) of a [rows, N·perImage] matrix: the matrix itself when that is all of it. */
        private INDArray columns(INDArray m, int n0, int n1) {
            if (n0 == 0 && n1 == inShape.n()) {
                return m;
            }
            return m.get(NDArrayIndex.all(), NDArrayIndex.interval((long) n0 * perImage, (long) n1 * perImage));
        }

        /**
         * target's columns of images [n0, n1) = left · right: straight into target
         * when the slice is all of it, else through the scratch's second slot (ND4J's gemm writes only
         * into arrays without gaps).
         */
        private void productInto(INDArray left, INDArray right, INDArray target, int n0, int n1) {
            if (n0 == 0 && n1 == inShape.n()) {
                gemm(left, right, target, false, false, largeThreads);
                return;
            }
            long cnt = (long) (n1 - n0) * perImage;
            INDArray out = Scratch.matrix(1, target.size(0), cnt);
            gemm(left, right, out, false, false, largeThreads);
            Kernels.putColumns(Kernels.buf(out), Kernels.buf(target), (int) target.size(0), (int) cnt, target.size(1),
                    (long) n0 * perImage);
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            if (dz == null) {
                dz = like(z);
                back = like(in);
            }
            act.backward(z, a, d, dz);
            INDArray dz2 = dz.reshape('c', cOut, dz.length() / cOut);
            if (paramGradients && db != null) {
                db.assign(Nd4j.createFromArray(Kernels.rowSums(Kernels.buf(dz), cOut, (int) (dz.length() / cOut)))
                        .reshape(db.shape()));
            }
            INDArray x2 = in.reshape('c', cIn, in.length() / cIn);
            INDArray back2 = back.reshape('c', cIn, back.length() / cIn);
            if (kept) {
                // cols still holds im2col(x) from the forward pass
                if (paramGradients) {
                    gemm(dz2, cols, dwm, false, true, largeThreads);
                }
                if (needInput) {
                    gemm(wm, dz2, cols, true, false, largeThreads);
                    Kernels.col2im(Kernels.buf(cols), inShape, outShape.h(), outShape.w(), k, kw, s, sw, p, pw,
                            Kernels.buf(back));
                }
                return back;
            }
            slices((n0, n1, patches) -> {
                if (transposed) {
                    // patches = im2col(dz) over the input grid; dW = x · patchesᵀ, dx = W · patches
                    Kernels.im2col(Kernels.buf(dz), outShape, n0, n1, inShape.h(), inShape.w(), k, kw, s, sw, p, pw,
                            Kernels.buf(patches));
                    if (paramGradients) {
                        gemm(columns(x2, n0, n1), patches, dwm, false, true, n0 > 0, largeThreads);
                    }
                    if (needInput) {
                        productInto(wm, patches, back2, n0, n1);
                    }
                } else {
                    INDArray dzSlice = columns(dz2, n0, n1);
                    if (paramGradients) {
                        // im2col(x) again, a slice at a time: the forward pass did not keep it
                        Kernels.im2col(Kernels.buf(in), inShape, n0, n1, outShape.h(), outShape.w(), k, kw, s, sw, p,
                                pw, Kernels.buf(patches));
                        gemm(dzSlice, patches, dwm, false, true, n0 > 0, largeThreads);
                    }
                    if (needInput) {
                        gemm(wm, dzSlice, patches, true, false, largeThreads);
                        Kernels.col2im(Kernels.buf(patches), inShape, n0, n1, outShape.h(), outShape.w(), k, kw, s, sw,
                                p, pw, Kernels.buf(back));
                    }
                }
            });
            return back;
        }

        /** A step over the images [n0, n1) of one slice, given the scratch matrix for their patches. */
        private interface Slice {
            void run(int n0, int n1, INDArray patches);
        }

        /** {@code body} for each slice of {@link #sliceImages()} images, in order. */
        private void slices(Slice body) {
            int n = inShape.n();
            int slice = sliceImages();
            for (int n0 = 0; n0 < n; n0 += slice) {
                int n1 = Math.min(n, n0 + slice);
                body.run(n0, n1, Scratch.matrix(0, rows, (long) (n1 - n0) * perImage));
            }
        }
    }

    /**
     * A parameter-free step that maps every (channel, image) plane of channel-major images on its
     * own: the input copied to the heap once, the planes split over both threads, the result copied
     * back; backward the same way into a zeroed input gradient. Subclasses give the output plane's
     * size and the two per-plane loops.
     */
    abstract static class PlaneOp extends Op {
        private final String what;
        Shape4 inShape;
        int oh;
        int ow;
        float[] inHeap;
        float[] outHeap;
        private INDArray out;
        private INDArray back;

        PlaneOp(String what) {
            this.what = what;
        }

        @Override
        void resetBuffers() {
            inShape = null;
        }

        /** Output {height, width} for input planes of {@code is} (which it may refuse). */
        abstract int[] outputSize(Shape4 is);

        /** Output planes [from, to) from {@link #inHeap} into {@link #outHeap}. */
        abstract void forwardPlanes(int from, int to);

        /** Output gradients ({@link #outHeap}) of planes [from, to) added into the zeroed {@link #inHeap}. */
        abstract void backwardPlanes(int from, int to);

        /** Called once the buffers for a new input shape exist. */
        void resized() {
        }

        @Override
        final INDArray forward(INDArray x) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException(what + " expects channel-major [C, N, H, W], found "
                        + Arrays.toString(x.shape()));
            }
            Shape4 is = new Shape4((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3));
            int[] size = outputSize(is);
            if (!is.equals(inShape)) {
                inShape = is;
                oh = size[0];
                ow = size[1];
                out = alloc(is.c(), is.n(), oh, ow);
                back = null; // with the first backward pass (inference never needs it)
                inHeap = new float[(int) x.length()];
                outHeap = new float[(int) out.length()];
                resized();
            }
            Kernels.buf(x).get(inHeap);
            SideThread.parallel(is.c() * is.n(), this::forwardPlanes);
            Kernels.buf(out).put(outHeap);
            return out;
        }

        @Override
        final INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            if (!needInput) {
                return null;
            }
            if (back == null) {
                back = alloc(inShape.c(), inShape.n(), inShape.h(), inShape.w());
            }
            Kernels.buf(d).get(outHeap);
            Arrays.fill(inHeap, 0f);
            SideThread.parallel(inShape.c() * inShape.n(), this::backwardPlanes);
            Kernels.buf(back).put(inHeap);
            return back;
        }
    }

    /**
     * SubsamplingLayer, max or average pooling (Truncate/Strict mode), on channel-major images:
     * each of the C·N planes pooled on its own. Max pooling sends the gradient to the first
     * maximum of a window in row-major order (as libnd4j's {@code maxpool2d_bp}); padding is never
     * a maximum, and average pooling divides by the window's in-image size unless DL4J's
     * {@code avgPoolIncludePadInDivisor} is set.
     */
    static final class PoolOp extends PlaneOp {
        private final boolean max;
        private final boolean padInDivisor;
        private final int k;
        private final int kw;
        private final int s;
        private final int sw;
        private final int p;
        private final int pw;
        private int[] argmax;

        PoolOp(org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf) {
            super("pooling");
            this.max = conf.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX;
            this.padInDivisor = conf.isAvgPoolIncludePadInDivisor();
            this.k = conf.getKernelSize()[0];
            this.kw = conf.getKernelSize()[1];
            this.s = conf.getStride()[0];
            this.sw = conf.getStride()[1];
            this.p = conf.getPadding()[0];
            this.pw = conf.getPadding()[1];
        }

        @Override
        int[] outputSize(Shape4 is) {
            return new int[] {(is.h() + 2 * p - k) / s + 1, (is.w() + 2 * pw - kw) / sw + 1};
        }

        @Override
        void resized() {
            argmax = max ? new int[outHeap.length] : null;
        }

        @Override
        void forwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            if (max && k == 2 && kw == 2 && s == 2 && sw == 2 && p == 0 && pw == 0) {
                maxPool2x2(from, to, h, w);
                return;
            }
            for (int q = from; q < to; q++) {
                int base = q * h * w;
                int ob = q * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * s - p;
                    int ya = Math.max(y0, 0);
                    int yb = Math.min(y0 + k, h);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * sw - pw;
                        int xa = Math.max(x0, 0);
                        int xb = Math.min(x0 + kw, w);
                        if (max) {
                            float best = Float.NEGATIVE_INFINITY;
                            int at = base + ya * w + xa;
                            for (int y = ya; y < yb; y++) {
                                for (int xx = xa; xx < xb; xx++) {
                                    float v = inHeap[base + y * w + xx];
                                    if (v > best) {
                                        best = v;
                                        at = base + y * w + xx;
                                    }
                                }
                            }
                            outHeap[ob + oy * ow + ox] = best;
                            argmax[ob + oy * ow + ox] = at;
                        } else {
                            float sum = 0;
                            for (int y = ya; y < yb; y++) {
                                for (int xx = xa; xx < xb; xx++) {
                                    sum += inHeap[base + y * w + xx];
                                }
                            }
                            outHeap[ob + oy * ow + ox] = sum / divisor(ya, yb, xa, xb);
                        }
                    }
                }
            }
        }

        /**
         * 2x2 windows with stride 2 and no padding (LeNet's and most pools): four loads, the first
         * maximum in row-major order picked with selects the JIT turns into conditional moves (the
         * general loop's data-dependent branch cost most of a classifier step's Java time in JFR).
         */
        private void maxPool2x2(int from, int to, int h, int w) {
            for (int q = from; q < to; q++) {
                int base = q * h * w;
                int ob = q * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int r0 = base + 2 * oy * w;
                    int o = ob + oy * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        int i0 = r0 + 2 * ox;
                        int i2 = i0 + w;
                        float a = inHeap[i0];
                        float b = inHeap[i0 + 1];
                        float c = inHeap[i2];
                        float d = inHeap[i2 + 1];
                        boolean gb = b > a;
                        float top = gb ? b : a;
                        int at = gb ? i0 + 1 : i0;
                        boolean gd = d > c;
                        float bottom = gd ? d : c;
                        int bt = gd ? i2 + 1 : i2;
                        boolean low = bottom > top;
                        outHeap[o + ox] = low ? bottom : top;
                        argmax[o + ox] = low ? bt : at;
                    }
                }
            }
        }

        private int divisor(int ya, int yb, int xa, int xb) {
            return padInDivisor ? k * kw : (yb - ya) * (xb - xa);
        }

        @Override
        void backwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            for (int q = from; q < to; q++) {
                int ob = q * oh * ow;
                int base = q * h * w;
                for (int o = ob; o < ob + oh * ow; o++) {
                    if (max) {
                        inHeap[argmax[o]] += outHeap[o];
                        continue;
                    }
                    int oy = (o - ob) / ow;
                    int ox = (o - ob) % ow;
                    int ya = Math.max(oy * s - p, 0);
                    int yb = Math.min(oy * s - p + k, h);
                    int xa = Math.max(ox * sw - pw, 0);
                    int xb = Math.min(ox * sw - pw + kw, w);
                    float g = outHeap[o] / divisor(ya, yb, xa, xb);
                    for (int y = ya; y < yb; y++) {
                        for (int xx = xa; xx < xb; xx++) {
                            inHeap[base + y * w + xx] += g;
                        }
                    }
                }
            }
        }
    }

    /** Upsampling2D (nearest neighbour, NCHW), on channel-major images; backward sums each block. */
    static final class UpsampleOp extends PlaneOp {
        private final int sh;
        private final int sw;

        UpsampleOp(org.deeplearning4j.nn.conf.layers.Upsampling2D conf) {
            super("upsampling");
            this.sh = conf.getSize()[0];
            this.sw = conf.getSize()[1];
        }

        @Override
        int[] outputSize(Shape4 is) {
            return new int[] {is.h() * sh, is.w() * sw};
        }

        @Override
        void forwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            for (int q = from; q < to; q++) {
                for (int y = 0; y < oh; y++) {
                    int src = q * h * w + (y / sh) * w;
                    int dst = (q * oh + y) * ow;
                    for (int xx = 0; xx < ow; xx++) {
                        outHeap[dst + xx] = inHeap[src + xx / sw];
                    }
                }
            }
        }

        @Override
        void backwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            for (int q = from; q < to; q++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        float sum = 0;
                        for (int dy = 0; dy < sh; dy++) {
                            int row = (q * oh + y * sh + dy) * ow + xx * sw;
                            for (int dx = 0; dx < sw; dx++) {
                                sum += outHeap[row + dx];
                            }
                        }
                        inHeap[q * h * w + y * w + xx] = sum;
                    }
                }
            }
        }
    }

    /**
     * Zero padding ({@code ZeroPaddingLayer}) or reflection padding ({@code ReflectionPadding2D}) of
     * channel-major images, one plane at a time; backward adds each output gradient into its source
     * pixel (reflection) or crops (zeros).
     */
    static final class PadOp extends PlaneOp {
        private final int top;
        private final int left;
        private final int bottom;
        private final int right;
        private final boolean reflect;

        PadOp(int[] padding, boolean reflect) {
            super("padding");
            this.top = padding[0];
            this.bottom = padding[1];
            this.left = padding[2];
            this.right = padding[3];
            this.reflect = reflect;
        }

        private int source(int i, int before, int n) {
            if (reflect) {
                return dev.genzoo.engine.layers.ReflectionPadding2D.source(i, before, n);
            }
            int s = i - before;
            return s < 0 || s >= n ? -1 : s;
        }

        @Override
        int[] outputSize(Shape4 is) {
            if (reflect && (top >= is.h() || bottom >= is.h() || left >= is.w() || right >= is.w())) {
                throw new IllegalArgumentException("reflection padding " + top + "/" + bottom + "/" + left + "/"
                        + right + " must be smaller than the image, found " + is.h() + "x" + is.w());
            }
            return new int[] {is.h() + top + bottom, is.w() + left + right};
        }

        @Override
        void forwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            for (int q = from; q < to; q++) {
                for (int r = 0; r < oh; r++) {
                    int sr = source(r, top, h);
                    for (int col = 0; col < ow; col++) {
                        int sc = source(col, left, w);
                        outHeap[(q * oh + r) * ow + col] = sr < 0 || sc < 0 ? 0f : inHeap[(q * h + sr) * w + sc];
                    }
                }
            }
        }

        @Override
        void backwardPlanes(int from, int to) {
            int h = inShape.h();
            int w = inShape.w();
            for (int q = from; q < to; q++) {
                for (int r = 0; r < oh; r++) {
                    int sr = source(r, top, h);
                    if (sr < 0) {
                        continue;
                    }
                    for (int col = 0; col < ow; col++) {
                        int sc = source(col, left, w);
                        if (sc >= 0) {
                            inHeap[(q * h + sr) * w + sc] += outHeap[(q * oh + r) * ow + col];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code InstanceNormalization} on channel-major images: each (channel, image) plane is one
     * contiguous row of H x W values, so batch norm's row kernels do the work with gamma and beta
     * repeated per image, and the per-row parameter gradients are summed over images.
     */
    static final class InstanceNormOp extends Op {
        private final INDArray gamma;
        private final INDArray beta;
        private final float eps;
        private INDArray dGamma;
        private INDArray dBeta;
        private INDArray xHat;
        private INDArray out;
        private INDArray back;
        private float[] mean;
        private float[] var;
        private float[] std;
        private int channels;
        private int images;

        InstanceNormOp(Layer layer) {
            var conf = (dev.genzoo.engine.layers.InstanceNormalization) layer.conf().getLayer();
            this.gamma = layer.getParam(dev.genzoo.engine.layers.InstanceNormalization.GAMMA);
            this.beta = layer.getParam(dev.genzoo.engine.layers.InstanceNormalization.BETA);
            this.eps = (float) conf.getEps();
        }

        @Override
        void bindGradients(INDArray params, INDArray gradient) {
            dGamma = gradientView(params, gradient, gamma);
            dBeta = gradientView(params, gradient, beta);
        }

        @Override
        void resetBuffers() {
            out = null;
        }

        private float[] perRow(float[] perChannel) {
            float[] r = new float[channels * images];
            for (int c = 0; c < channels; c++) {
                java.util.Arrays.fill(r, c * images, (c + 1) * images, perChannel[c]);
            }
            return r;
        }

        @Override
        INDArray forward(INDArray x) {
            if (x.rank() != 4 || x.size(0) != gamma.length()) {
                throw new IllegalArgumentException("instance norm expects channel-major [" + gamma.length()
                        + ", N, H, W], found " + Arrays.toString(x.shape()));
            }
            channels = (int) x.size(0);
            images = (int) x.size(1);
            if (out == null || !Arrays.equals(out.shape(), x.shape())) {
                out = like(x);
                back = null; // with the first backward pass (inference never needs it)
                xHat = like(x);
                mean = new float[channels * images];
                var = new float[channels * images];
                std = new float[channels * images];
            }
            Kernels.bnForwardRows(Kernels.buf(x), Kernels.buf(xHat), Kernels.buf(out), channels * images,
                    (int) (x.length() / (channels * (long) images)), perRow(gamma.toFloatVector()),
                    perRow(beta.toFloatVector()), eps, mean, var, std);
            return out;
        }

        @Override
        INDArray backward(INDArray d, boolean paramGradients, boolean needInput) {
            int rows = channels * images;
            float[] dg = new float[rows];
            float[] db = new float[rows];
            if (back == null) {
                back = like(out);
            }
            Kernels.bnBackwardRows(Kernels.buf(d), Kernels.buf(xHat), Kernels.buf(back), rows,
                    (int) (d.length() / rows), perRow(gamma.toFloatVector()), std, dg, db, needInput);
            if (paramGradients) {
                float[] g = new float[channels];
                float[] b = new float[channels];
                for (int r = 0; r < rows; r++) {
                    g[r / images] += dg[r];
                    b[r / images] += db[r];
                }
                dGamma.assign(Nd4j.createFromArray(g).reshape(dGamma.shape()));
                dBeta.assign(Nd4j.createFromArray(b).reshape(dBeta.shape()));
            }
            return back;
        }
    }
}
