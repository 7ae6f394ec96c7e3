package dev.genzoo.generative.gan;

import dev.genzoo.engine.FastLayerStack;
import java.util.Objects;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossWasserstein;

/**
 * Penalties on a critic's input gradient g(x) = ∇ₓ s(x) (s: the critic's score) and their parameter
 * gradients without second derivatives, which DL4J M2.1's layers do not give.
 *
 * <p>For a penalty Σᵢ φ(‖gᵢ‖), ∇θ φ(‖gᵢ‖) = φ'(‖gᵢ‖) J_θ(gᵢ)ᵀ uᵢ with uᵢ = gᵢ/‖gᵢ‖, and because the
 * mixed second derivatives of s are symmetric, J_θ(gᵢ)ᵀ uᵢ = ∂/∂ε ∇θ s(xᵢ + ε uᵢ) at ε = 0: a
 * directional derivative of the ordinary parameter gradient along the unit input direction. Two
 * first-order backward passes give it by central differences:
 * ∇θ P ≈ Σᵢ φ'(‖gᵢ‖) [∇θ s(xᵢ + h uᵢ) − ∇θ s(xᵢ − h uᵢ)] / (2h), each side one pass with per-sample
 * weights ±φ'(‖gᵢ‖)/(2h). The error is O(h²) in exact arithmetic and O(ε_machine/h) from rounding:
 * h = 0.01 input units (data in [−1, 1]) balances the two in float32 ({@code GradientPenaltyTest}
 * measures both). Three backward passes in all, one for g.
 *
 * <ul>
 *   <li>{@link Kind#WGAN_GP} (Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028): λ (‖g‖ − 1)²
 *       on random interpolates between real and generated examples, per example.</li>
 *   <li>{@link Kind#R1} (Mescheder et al. 2018, https://arxiv.org/abs/1801.04406): γ/2 ‖g‖² on real
 *       examples.</li>
 * </ul>
 *
 * <p>The critic must be a {@code MultiLayerNetwork} with one output unit, either identity with the
 * Wasserstein loss (the score is the output) or sigmoid with cross-entropy (the score is the logit,
 * as R1 is defined: the penalty then runs on a twin network that shares the discriminator's
 * parameter array, with the output layer's activation made identity), and must not hold batch
 * normalisation: batch statistics couple the examples, so gᵢ would depend on the other examples and
 * the per-example penalty of the papers is not what would be computed.
 */
public final class GradientPenalty {
    /** The default step of the central differences, in input units. */
    public static final double DEFAULT_STEP = 0.01;

    /** Which penalty. */
    public enum Kind {
        /** λ (‖g‖ − 1)² per example. */
        WGAN_GP,
        /** γ/2 ‖g‖² per example. */
        R1;

        double value(double norm, double weight) {
            return this == WGAN_GP ? weight * (norm - 1) * (norm - 1) : 0.5 * weight * norm * norm;
        }

        double derivative(double norm, double weight) {
            return this == WGAN_GP ? 2 * weight * (norm - 1) : weight * norm;
        }
    }

    /**
     * A penalty evaluated on a batch.
     *
     * @param sum               Σᵢ φ(‖gᵢ‖)
     * @param meanGradNorm      mean of ‖gᵢ‖
     * @param parameterGradient ∇θ Σᵢ φ(‖gᵢ‖), laid out like the critic's parameters (a fresh array)
     */
    public record Result(double sum, double meanGradNorm, INDArray parameterGradient) {
    }

    private final Kind kind;
    private final double weight;
    private final double step;

    /**
     * @param kind   which penalty
     * @param weight λ or γ, > 0
     * @param step   h of the central differences, > 0
     */
    public GradientPenalty(Kind kind, double weight, double step) {
        Objects.requireNonNull(kind, "kind");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("penalty weight must be finite and > 0, found " + weight);
        }
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("penalty step must be finite and > 0, found " + step);
        }
        this.kind = kind;
        this.weight = weight;
        this.step = step;
    }

    /** Throws, naming the problem, unless {@code critic} can carry a gradient penalty. */
    public static void check(MultiLayerNetwork critic) {
        for (Layer l : critic.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                throw new IllegalArgumentException("a gradient penalty needs a critic without batch normalisation"
                        + " (batch statistics couple the examples, so the per-example input gradient is not"
                        + " defined); layer " + l.getIndex() + " is a BatchNormalization layer");
            }
        }
        var out = critic.getOutputLayer().conf().getLayer();
        if (!(out instanceof OutputLayer o) || o.getNOut() != 1 || !(isLinear(o) || isSigmoidCrossEntropy(o))) {
            throw new IllegalArgumentException("a gradient penalty needs a critic whose output layer is one unit,"
                    + " linear (identity activation: the Wasserstein, least-squares or hinge critic) or sigmoid with"
                    + " binary cross-entropy; found " + describe(out));
        }
    }

    private static boolean isWasserstein(OutputLayer o) {
        return o.getLossFn() instanceof LossWasserstein && o.getActivationFn() instanceof ActivationIdentity;
    }

    /** A linear score whatever the loss (Wasserstein, least squares, hinge): the penalty is on that score. */
    private static boolean isLinear(OutputLayer o) {
        return o.getActivationFn() instanceof ActivationIdentity;
    }

    private static boolean isSigmoidCrossEntropy(OutputLayer o) {
        return o.getLossFn() instanceof LossBinaryXENT && o.getActivationFn() instanceof ActivationSigmoid;
    }

    private static String describe(org.deeplearning4j.nn.conf.layers.Layer l) {
        return l instanceof OutputLayer o ? o.getNOut() + " unit(s), " + o.getActivationFn() + ", " + o.getLossFn()
                : l.getClass().getSimpleName();
    }

    /**
     * The network whose output is the critic's score: {@code critic} itself for a Wasserstein output;
     * for another linear or a sigmoid one, a twin on the same parameter array (no copy: updates to one are the other's)
     * whose output layer is identity with the Wasserstein loss, so its output is D's logit.
     */
    static MultiLayerNetwork scoreNetwork(MultiLayerNetwork critic) {
        OutputLayer o = (OutputLayer) critic.getOutputLayer().conf().getLayer();
        if (isWasserstein(o)) {
            return critic;
        }
        var conf = critic.getLayerWiseConfigurations().clone();
        OutputLayer twinOut = (OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
        twinOut.setActivationFn(new ActivationIdentity());
        twinOut.setLossFn(new LossWasserstein());
        MultiLayerNetwork twin = new MultiLayerNetwork(conf);
        twin.init(critic.params(), false);
        return twin;
    }

    /** The penalty at {@code x} (a batch in the critic's input layout) and its parameter gradient. */
    public Result compute(MultiLayerNetwork network, INDArray x) {
        check(network);
        MultiLayerNetwork critic = scoreNetwork(network);
        DataType type = critic.params().dataType();
        INDArray xs = x.castTo(type);
        INDArray g = weighted(critic, xs, Nd4j.ones(type, x.size(0), 1)).getSecond().dup();
        return fromInputGradient(xs, g, (at, c) -> weighted(critic, at, c).getFirst().gradient());
    }

    /**
     * The same through the engine: {@code scoreStack} runs {@link #scoreNetwork} of the critic (the
     * critic's own stack when its output is the Wasserstein one), {@code x} in DL4J's layout. The
     * Wasserstein loss's gradient with respect to the output is its label, so loss labels cᵢ give
     * Σᵢ cᵢ ∇θ s(xᵢ) and the rows cᵢ ∇ₓ s(xᵢ), as {@link #weighted} does through DL4J's layers; the
     * three passes are the stack's, with its multi-threaded convolutions, which is what makes a
     * convolutional critic's penalty affordable. Equal to {@link #compute(MultiLayerNetwork, INDArray)}
     * to float rounding ({@code GradientPenaltyTest}).
     */
    public Result compute(FastLayerStack scoreStack, INDArray x) {
        INDArray xs = x.castTo(DataType.FLOAT);
        scoreStack.forward(xs);
        scoreStack.loss(Nd4j.ones(DataType.FLOAT, x.size(0), 1));
        scoreStack.backward(null, false, true);
        INDArray raw = scoreStack.inputGradient();
        INDArray g = raw.rank() == 4 ? FastLayerStack.toNchw(raw) : raw.dup('c');
        return fromInputGradient(xs, g, (at, c) -> {
            scoreStack.forward(at);
            scoreStack.loss(c);
            scoreStack.backward(null, true, false);
            return scoreStack.gradient();
        });
    }

    /**
     * The same for a critic that is a {@code ComputationGraph} run by the engine ({@code scoreGraph}):
     * one input, one output whose activations are the scores (a linear last layer, e.g. StyleGAN's
     * logit), {@code x} in DL4J's layout. The output gradient of a pass is the per-example weight cᵢ
     * itself, so a pass gives Σᵢ cᵢ ∇θ s(xᵢ) and the rows cᵢ ∇ₓ s(xᵢ). A graph whose examples interact
     * (a minibatch standard deviation) is differentiated as it computes: gᵢ is the gradient of the
     * batch's summed score with respect to xᵢ.
     */
    public Result compute(dev.genzoo.engine.FastGraphTrainer scoreGraph, INDArray x) {
        INDArray xs = x.castTo(DataType.FLOAT);
        scoreGraph.forward(xs);
        scoreGraph.backward(new INDArray[] {Nd4j.ones(DataType.FLOAT, x.size(0), 1)}, false, true, false);
        INDArray g = scoreGraph.inputGradient(0).dup('c');
        return fromInputGradient(xs, g, (at, c) -> {
            scoreGraph.forward(at);
            scoreGraph.backward(new INDArray[] {c}, true, false, false);
            return scoreGraph.gradient();
        });
    }

    /**
     * The penalty from the input gradients {@code g} at {@code xs} (a fresh array, same layout; made
     * unit rows here), and its parameter gradient from the two weighted passes {@code pass(x, c)}
     * (Σᵢ cᵢ ∇θ s(xᵢ), possibly a buffer the next pass overwrites) at xᵢ ± h uᵢ.
     */
    private Result fromInputGradient(INDArray xs, INDArray g, BiFunction<INDArray, INDArray, INDArray> pass) {
        long n = xs.size(0);
        INDArray flat = g.reshape('c', n, g.length() / n);
        INDArray norms = flat.norm2(1);
        double[] norm = norms.castTo(DataType.DOUBLE).toDoubleVector();
        double sum = 0;
        double normSum = 0;
        float[] c = new float[(int) n];
        // the unit rows u_i = g_i / |g_i| scaled by h in one column-vector division (a zero row stays zero)
        float[] scale = new float[(int) n];
        for (int i = 0; i < n; i++) {
            sum += kind.value(norm[i], weight);
            normSum += norm[i];
            c[i] = (float) (kind.derivative(norm[i], weight) / (2 * step));
            scale[i] = norm[i] > 0 ? (float) (step / norm[i]) : 0f;
        }
        INDArray coef = Nd4j.createFromArray(c).reshape(n, 1).castTo(xs.dataType());
        flat.muliColumnVector(Nd4j.createFromArray(scale).reshape(n, 1).castTo(flat.dataType()));
        INDArray delta = flat.reshape(xs.shape());
        INDArray plus = pass.apply(xs.add(delta), coef).dup();
        INDArray minus = pass.apply(xs.sub(delta), coef);
        return new Result(sum, normSum / n, plus.subi(minus));
    }

    /**
     * One backward pass with per-example weights cᵢ on the score: Σᵢ cᵢ ∇θ s(xᵢ) and the rows
     * cᵢ ∇ₓ s(xᵢ). The Wasserstein loss's gradient with respect to the (identity) output is its
     * label, so the labels are the weights; DL4J does not divide by the batch size here.
     */
    private static Pair<Gradient, INDArray> weighted(MultiLayerNetwork critic, INDArray x, INDArray c) {
        return critic.calculateGradients(x, c, null, null);
    }
}
