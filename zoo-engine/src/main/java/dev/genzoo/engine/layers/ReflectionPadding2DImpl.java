package dev.genzoo.engine.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain implementation of {@link ReflectionPadding2D} on NCHW arrays (any floating type): the
 * reference the engine's channel-major step is tested against, and what DL4J's own {@code fit} runs.
 * Forward copies each output pixel from its reflected source; backward adds each output gradient
 * into its source, so edge-adjacent pixels collect the gradients of their mirror images.
 */
public class ReflectionPadding2DImpl extends AbstractLayer<ReflectionPadding2D> {
    private static final long serialVersionUID = 1L;

    public ReflectionPadding2DImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int[] p = layerConf().getPadding();
        long[] s = checked(input, p);
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = h + p[0] + p[1];
        int ow = w + p[2] + p[3];
        double[] x = input.dup('c').data().asDouble();
        double[] y = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int r = 0; r < oh; r++) {
                int sr = ReflectionPadding2D.source(r, p[0], h);
                for (int q = 0; q < ow; q++) {
                    y[(plane * oh + r) * ow + q] = x[(plane * h + sr) * w + ReflectionPadding2D.source(q, p[2], w)];
                }
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {n, c, oh, ow}, 'c');
        return out.assign(Nd4j.create(y, new long[] {n, c, oh, ow}, DataType.DOUBLE).castTo(input.dataType()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int[] p = layerConf().getPadding();
        long[] s = checked(input, p);
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = h + p[0] + p[1];
        int ow = w + p[2] + p[3];
        if (!Arrays.equals(epsilon.shape(), new long[] {n, c, oh, ow})) {
            throw new IllegalArgumentException("ReflectionPadding2D: the gradient must be " + Arrays.toString(
                    new long[] {n, c, oh, ow}) + ", found " + Arrays.toString(epsilon.shape()));
        }
        double[] dy = epsilon.dup('c').data().asDouble();
        double[] dx = new double[n * c * h * w];
        for (int plane = 0; plane < n * c; plane++) {
            for (int r = 0; r < oh; r++) {
                int sr = ReflectionPadding2D.source(r, p[0], h);
                for (int q = 0; q < ow; q++) {
                    dx[(plane * h + sr) * w + ReflectionPadding2D.source(q, p[2], w)] += dy[(plane * oh + r) * ow + q];
                }
            }
        }
        INDArray back = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        back.assign(Nd4j.create(dx, input.shape(), DataType.DOUBLE).castTo(input.dataType()));
        return new Pair<>(new DefaultGradient(), back);
    }

    private long[] checked(INDArray x, int[] p) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("ReflectionPadding2D '" + layerConf().getLayerName()
                    + "' needs NCHW input [N, C, H, W], found " + Arrays.toString(x.shape()));
        }
        if (p[0] >= x.size(2) || p[1] >= x.size(2) || p[2] >= x.size(3) || p[3] >= x.size(3)) {
            throw new IllegalArgumentException("ReflectionPadding2D '" + layerConf().getLayerName() + "': padding "
                    + Arrays.toString(p) + " must be smaller than the image, found " + Arrays.toString(x.shape()));
        }
        return x.shape();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }
}
