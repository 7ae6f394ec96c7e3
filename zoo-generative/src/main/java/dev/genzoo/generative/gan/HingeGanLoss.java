package dev.genzoo.generative.gan;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The hinge GAN objective on a one-unit linear output (Lim &amp; Ye 2017, https://arxiv.org/abs/1705.02894;
 * Miyato et al. 2018), as one DL4J loss whose label says which term applies to an example:
 * <ul>
 * <li>label +1 (a real example, D's step): {@code max(0, 1 − D(x))};</li>
 * <li>label −1 (a generated example, D's step): {@code max(0, 1 + D(x))};</li>
 * <li>label 0 (a generated example, G's step): {@code −D(x)}, which never saturates.</li>
 * </ul>
 * DL4J's {@code LossHinge} gives the first two but not G's linear term, which is why the generator's
 * step of the hinge GAN needs its own label. Per example, summed over the (one) output; no fields,
 * for DL4J's JSON.
 */
public class HingeGanLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray d = activationFn.getActivation(preOutput.dup(), true);
        check(labels, d);
        double[] y = labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] v = d.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] s = new double[(int) d.size(0)];
        int width = (int) d.size(1);
        for (int i = 0; i < v.length; i++) {
            s[i / width] += y[i] == 0 ? -v[i] : Math.max(0, 1 - y[i] * v[i]);
        }
        INDArray out = Nd4j.createFromArray(s).reshape(s.length, 1).castTo(d.dataType());
        return mask == null ? out : out.muliColumnVector(mask.castTo(out.dataType()).reshape(s.length, 1));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray d = activationFn.getActivation(preOutput.dup(), true);
        check(labels, d);
        double[] y = labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] v = d.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            g[i] = y[i] == 0 ? -1 : (1 - y[i] * v[i] > 0 ? -y[i] : 0);
        }
        INDArray grad = Nd4j.createFromArray(g).reshape(d.shape()).castTo(d.dataType());
        if (mask != null) {
            grad.muliColumnVector(mask.castTo(grad.dataType()).reshape(d.size(0), 1));
        }
        return activationFn.backprop(preOutput.dup(), grad).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private static void check(INDArray labels, INDArray d) {
        if (!java.util.Arrays.equals(labels.shape(), d.shape())) {
            throw new IllegalArgumentException("hinge GAN loss: labels must have the output's shape "
                    + java.util.Arrays.toString(d.shape()) + ", found " + java.util.Arrays.toString(labels.shape()));
        }
        for (double y : labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble()) {
            if (y != 1 && y != -1 && y != 0) {
                throw new IllegalArgumentException("hinge GAN loss: labels must be +1 (real), -1 (generated, D's step)"
                        + " or 0 (generated, G's step), found " + y);
            }
        }
    }

    @Override
    public String name() {
        return "HingeGanLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HingeGanLoss;
    }

    @Override
    public int hashCode() {
        return HingeGanLoss.class.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
