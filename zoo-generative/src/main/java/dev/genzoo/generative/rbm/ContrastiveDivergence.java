package dev.genzoo.generative.rbm;

import dev.genzoo.core.train.ArrayState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Contrastive divergence CD-k (Hinton, "Training Products of Experts by Minimizing Contrastive
 * Divergence", Neural Computation 2002) and persistent CD (Tieleman, "Training Restricted
 * Boltzmann Machines using Approximations to the Likelihood Gradient", ICML 2008) with momentum
 * and L2 weight decay, as in Hinton's practical guide (UTML TR 2010-003).
 *
 * <p>One update on a minibatch x of n rows:
 * <pre>
 *   positive phase:  P = p(h | x)
 *   negative phase:  CD-k:  start at x,                 k Gibbs steps on binary states -> v-
 *                    PCD-k: start at the persistent chains, k Gibbs steps               -> v- (kept)
 *                    Q = p(h | v-)
 *   gradient:        dW = x'P / n - v-'Q / m - λ W,   db = mean(x) - mean(v-),   dc = mean(P) - mean(Q)
 *   update:          Δ = μ Δ + ε_t d,   θ += Δ      (μ momentum, λ weight decay on W only)
 * </pre>
 * with ε_t = ε / (1 + t / τ) at update t when the config's {@code decaySteps} τ is positive, ε otherwise.
 * The negative statistics use p(h | v-) rather than a sampled h (lower variance, same expectation).
 * The updates write through views of the DL4J graph's parameters.
 */
final class ContrastiveDivergence implements AutoCloseable {
    private final RbmWeights params;
    private final boolean persistent;
    private final int steps;
    private final double learningRate;
    private final int decaySteps;
    /** Updates made so far (t of the schedule); travels in the checkpoint. */
    private long updates;
    private final double momentum;
    private final double weightDecay;
    private final INDArray velocityW;
    private final INDArray velocityB;
    private final INDArray velocityC;
    private final Random rng;
    private INDArray chains;

    ContrastiveDivergence(RbmWeights params, RestrictedBoltzmannMachine.Config config, long seed) {
        this.params = params;
        this.persistent = config.training() == RestrictedBoltzmannMachine.Training.PCD;
        this.steps = config.gibbsSteps();
        this.learningRate = config.learningRate();
        this.decaySteps = config.decaySteps();
        this.momentum = config.momentum();
        this.weightDecay = config.weightDecay();
        this.velocityW = Nd4j.zeros(params.dataType(), params.w().shape());
        this.velocityB = Nd4j.zeros(params.dataType(), params.b().shape());
        this.velocityC = Nd4j.zeros(params.dataType(), params.c().shape());
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /**
     * One update on {@code x} ({@code [n, V]}, values in [0, 1], the weights' data type).
     *
     * @return the summed squared error of the mean-field reconstruction of {@code x} before the update
     */
    double step(INDArray x) {
        long n = x.size(0);
        INDArray positive = params.hiddenProbabilities(x);
        double reconstructionError = params.visibleProbabilities(positive).subi(x).norm2Number().doubleValue();
        INDArray v = persistent ? chains(x) : x;
        INDArray h = RbmWeights.bernoulli(persistent ? params.hiddenProbabilities(v) : positive, rng);
        INDArray negative = null;
        for (int s = 1; s <= steps; s++) {
            v = RbmWeights.bernoulli(params.visibleProbabilities(h), rng);
            negative = params.hiddenProbabilities(v);
            if (s < steps) {
                h = RbmWeights.bernoulli(negative, rng);
            }
        }
        if (persistent) {
            chains = v;
        }
        long m = v.size(0);
        INDArray gradW = x.transpose().mmul(positive).divi(n).subi(v.transpose().mmul(negative).divi(m));
        gradW.subi(params.w().mul(weightDecay));
        INDArray gradB = x.mean(0).subi(v.mean(0)).reshape(params.b().shape());
        INDArray gradC = positive.mean(0).subi(negative.mean(0)).reshape(params.c().shape());
        double rate = rate(updates);
        apply(velocityW, gradW, params.w(), rate);
        apply(velocityB, gradB, params.b(), rate);
        apply(velocityC, gradC, params.c(), rate);
        updates++;
        return reconstructionError * reconstructionError;
    }

    /** ε_t of update {@code t}: ε / (1 + t / τ), or ε without a schedule. */
    double rate(long t) {
        return decaySteps > 0 ? learningRate / (1 + (double) t / decaySteps) : learningRate;
    }

    private void apply(INDArray velocity, INDArray gradient, INDArray param, double rate) {
        velocity.muli(momentum).addi(gradient.muli(rate));
        param.addi(velocity);
    }

    /** The persistent fantasy particles: as many as the first batch, started from uniform noise. */
    private INDArray chains(INDArray x) {
        if (chains == null) {
            chains = RbmWeights.bernoulli(Nd4j.valueArrayOf(x.shape(), 0.5, x.dataType()), rng);
        }
        return chains;
    }

    /** Reseeds the Gibbs chains' generator (the training loop derives a seed per step, so a resumed run repeats it). */
    void reseed(long seed) {
        rng.setSeed(seed);
    }

    /** Momentum velocities, the update count and, for PCD, the persistent chains, as checkpoint state. */
    Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("velocityW", ArrayState.encode(velocityW));
        m.put("velocityB", ArrayState.encode(velocityB));
        m.put("velocityC", ArrayState.encode(velocityC));
        m.put("updates", Long.toString(updates));
        if (chains != null) {
            m.put("chains", ArrayState.encode(chains));
        }
        return m;
    }

    /**
     * Restores what {@link #state} returned; every array is checked against this model's shapes
     * (chains: at most {@code maxChains} rows) before it is allocated.
     */
    void restore(Map<String, String> state, long maxChains) {
        velocityW.assign(ArrayState.decode(state.get("velocityW"), "velocityW", velocityW.dataType(), velocityW.shape()));
        velocityB.assign(ArrayState.decode(state.get("velocityB"), "velocityB", velocityB.dataType(), velocityB.shape()));
        velocityC.assign(ArrayState.decode(state.get("velocityC"), "velocityC", velocityC.dataType(), velocityC.shape()));
        String t = state.get("updates");
        try {
            updates = t == null ? 0 : Long.parseLong(t); // a checkpoint from before the schedule: no updates counted
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint state 'updates' must be a whole number, found '" + t + "'");
        }
        if (updates < 0) {
            throw new IllegalArgumentException("checkpoint state 'updates' must be >= 0, found " + updates);
        }
        String c = state.get("chains");
        chains = c == null || !persistent ? null
                : ArrayState.decode(c, "chains", params.dataType(), -Math.max(1, maxChains), params.w().size(0));
    }

    @Override
    public void close() {
        RbmWeights.close(rng);
    }
}
