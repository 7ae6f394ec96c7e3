package dev.genzoo.engine.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain implementation of {@link InstanceNormalization} on NCHW arrays (any floating type), in
 * double arithmetic per plane: the reference for the engine's channel-major step, and what DL4J's
 * own {@code fit} runs. Backward: {@code dgamma_c = sum dy x^}, {@code dbeta_c = sum dy} over
 * images and pixels, {@code dx = gamma/sigma (dy - mean(dy) - x^ mean(dy x^))} per plane.
 */
public class InstanceNormalizationImpl extends BaseLayer<InstanceNormalization> {
    private static final long serialVersionUID = 1L;

    public InstanceNormalizationImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Planes p = new Planes(input, layerConf());
        double[] y = new double[p.x.length];
        double[] g = getParam(InstanceNormalization.GAMMA).dup().data().asDouble();
        double[] b = getParam(InstanceNormalization.BETA).dup().data().asDouble();
        for (int q = 0; q < p.n * p.c; q++) {
            int c = q % p.c;
            for (int i = q * p.m; i < (q + 1) * p.m; i++) {
                y[i] = g[c] * p.xHat[i] + b[c];
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        return out.assign(Nd4j.create(y, input.shape(), DataType.DOUBLE).castTo(input.dataType()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!Arrays.equals(epsilon.shape(), input.shape())) {
            throw new IllegalArgumentException("InstanceNormalization: the gradient must be "
                    + Arrays.toString(input.shape()) + ", found " + Arrays.toString(epsilon.shape()));
        }
        Planes p = new Planes(input, layerConf());
        double[] dy = epsilon.dup('c').data().asDouble();
        double[] g = getParam(InstanceNormalization.GAMMA).dup().data().asDouble();
        double[] dg = new double[p.c];
        double[] db = new double[p.c];
        double[] dx = new double[p.x.length];
        for (int q = 0; q < p.n * p.c; q++) {
            int c = q % p.c;
            double sb = 0;
            double sg = 0;
            for (int i = q * p.m; i < (q + 1) * p.m; i++) {
                sb += dy[i];
                sg += dy[i] * p.xHat[i];
            }
            dg[c] += sg;
            db[c] += sb;
            double scale = g[c] / p.std[q];
            for (int i = q * p.m; i < (q + 1) * p.m; i++) {
                dx[i] = scale * (dy[i] - sb / p.m - p.xHat[i] * sg / p.m);
            }
        }
        INDArray gGamma = gradientViews.get(InstanceNormalization.GAMMA);
        INDArray gBeta = gradientViews.get(InstanceNormalization.BETA);
        gGamma.assign(Nd4j.create(dg, gGamma.shape(), DataType.DOUBLE).castTo(gGamma.dataType()));
        gBeta.assign(Nd4j.create(db, gBeta.shape(), DataType.DOUBLE).castTo(gBeta.dataType()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(InstanceNormalization.GAMMA, gGamma);
        gradient.setGradientFor(InstanceNormalization.BETA, gBeta);
        INDArray back = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        back.assign(Nd4j.create(dx, input.shape(), DataType.DOUBLE).castTo(input.dataType()));
        return new Pair<>(gradient, back);
    }

    /** The input's planes in double: values, normalised values and each plane's sqrt(var + eps). */
    private static final class Planes {
        final int n;
        final int c;
        final int m;
        final double[] x;
        final double[] xHat;
        final double[] std;

        Planes(INDArray input, InstanceNormalization conf) {
            if (input.rank() != 4 || input.size(1) != conf.getNOut()) {
                throw new IllegalArgumentException("InstanceNormalization '" + conf.getLayerName() + "' needs NCHW"
                        + " input with " + conf.getNOut() + " channels, found " + Arrays.toString(input.shape()));
            }
            n = (int) input.size(0);
            c = (int) input.size(1);
            m = (int) (input.size(2) * input.size(3));
            x = input.dup('c').data().asDouble();
            xHat = new double[x.length];
            std = new double[n * c];
            for (int q = 0; q < n * c; q++) {
                double mean = 0;
                for (int i = q * m; i < (q + 1) * m; i++) {
                    mean += x[i];
                }
                mean /= m;
                double var = 0;
                for (int i = q * m; i < (q + 1) * m; i++) {
                    var += (x[i] - mean) * (x[i] - mean);
                }
                std[q] = Math.sqrt(var / m + conf.getEps());
                for (int i = q * m; i < (q + 1) * m; i++) {
                    xHat[i] = (x[i] - mean) / std[q];
                }
            }
        }
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
        return Type.NORMALIZATION;
    }

    @Override
    public INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return activate(training, workspaceMgr);
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
