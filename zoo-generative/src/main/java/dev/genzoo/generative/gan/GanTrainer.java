package dev.genzoo.generative.gan;

import dev.genzoo.engine.EngineOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.engine.FastLayerStack;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimax training loop (Goodfellow et al. 2014, algorithm 1): per iteration, k discriminator
 * steps, each a real and a fake batch fitted separately, then one generator step in which D's
 * parameters and updater state do not change. See the package notes for why the generator step
 * is built from {@code MultiLayerNetwork.calculateGradients} and {@code backpropGradient}.
 *
 * <p>The generator is a {@link ComputationGraph} with inputs {@code z} (and {@code label} for a
 * conditional GAN) and one output; the discriminator is a {@link MultiLayerNetwork} whose input
 * is the example (flat, or images) or, for a conditional GAN, the flat example followed by the
 * one-hot label. Not thread-safe.
 */
public final class GanTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);

    /**
     * Settings of the loop.
     *
     * @param loss               adversarial objective
     * @param discriminatorSteps k, discriminator (critic) steps per generator step, >= 1
     * @param realLabel          target of real examples for D, in (0.5, 1]; below 1 is one-sided
     *                           label smoothing (Salimans et al. 2016); ignored by the critic
     * @param clipValue          critic weight clipping to [−c, c] after each critic step
     *                           (Arjovsky et al. 2017); 0 for none
     * @param seed               seed of the noise the loop draws
     * @param criticBurstSteps   critic steps before each of the first 25 generator steps and
     *                           every 500th (the schedule of the WGAN authors' reference code,
     *                           which keeps the clipped critic near its optimum while G moves
     *                           fast); 0 for a constant k
     * @param penaltyWeight      λ of the WGAN-GP gradient penalty λ(‖∇ₓD(x̂)‖ − 1)² on random
     *                           interpolates x̂ between real and generated examples (Gulrajani et al.
     *                           2017; {@link GradientPenalty}); 0 for none; needs the Wasserstein
     *                           loss, no clipping and a critic without batch norm
     * @param penaltyStep        h of the penalties' central differences, in input units
     * @param r1Weight           γ of the R1 penalty γ/2 ‖∇ₓD(x)‖² on real examples (Mescheder et al.
     *                           2018; on the logit for a sigmoid D), with any loss; 0 for none; needs
     *                           D without batch norm, and runs D through DL4J's layers
     * @param r1Every            lazy regularisation: R1 on every k-th discriminator step, its gradient
     *                           scaled by k (Karras et al. 2020); >= 1
     */
    public record Settings(GanLoss loss, int discriminatorSteps, double realLabel, double clipValue, long seed,
            int criticBurstSteps, double penaltyWeight, double penaltyStep, double r1Weight, int r1Every) {
        /** Generator steps at the start that get {@code criticBurstSteps} critic steps. */
        public static final int BURST_START = 25;
        /** Every this many generator steps, one more gets {@code criticBurstSteps} critic steps. */
        public static final int BURST_EVERY = 500;

        /** Validates each value. */
        public Settings {
            if (loss == null) {
                throw new IllegalArgumentException("loss must be one of " + Arrays.toString(GanLoss.values())
                        + ", found null");
            }
            if (discriminatorSteps < 1) {
                throw new IllegalArgumentException("discriminatorSteps must be >= 1, found " + discriminatorSteps);
            }
            if (!(realLabel > 0.5 && realLabel <= 1)) {
                throw new IllegalArgumentException("realLabel must be in (0.5, 1], found " + realLabel);
            }
            if (!(clipValue >= 0) || Double.isInfinite(clipValue)) {
                throw new IllegalArgumentException("clipValue must be finite and >= 0 (0: no clipping), found "
                        + clipValue);
            }
            if (criticBurstSteps < 0) {
                throw new IllegalArgumentException("criticBurstSteps must be >= 0 (0: constant k), found "
                        + criticBurstSteps);
            }
            if (!(penaltyWeight >= 0) || Double.isInfinite(penaltyWeight)) {
                throw new IllegalArgumentException("penaltyWeight must be finite and >= 0 (0: no gradient penalty),"
                        + " found " + penaltyWeight);
            }
            if (!(penaltyStep > 0) || Double.isInfinite(penaltyStep)) {
                throw new IllegalArgumentException("penaltyStep must be finite and > 0, found " + penaltyStep);
            }
            if (!(r1Weight >= 0) || Double.isInfinite(r1Weight)) {
                throw new IllegalArgumentException("r1Weight must be finite and >= 0 (0: no R1 penalty), found "
                        + r1Weight);
            }
            if (r1Every < 1) {
                throw new IllegalArgumentException("r1Every must be >= 1 (1: every discriminator step), found " + r1Every);
            }
            if (penaltyWeight > 0 && (!loss.isWasserstein() || clipValue > 0)) {
                throw new IllegalArgumentException("a gradient penalty (penaltyWeight " + penaltyWeight + ") needs the"
                        + " WASSERSTEIN loss and no weight clipping (clipValue 0); found loss " + loss + ", clipValue "
                        + clipValue);
            }
        }

        /** Without R1. */
        public Settings(GanLoss loss, int discriminatorSteps, double realLabel, double clipValue, long seed,
                int criticBurstSteps, double penaltyWeight, double penaltyStep) {
            this(loss, discriminatorSteps, realLabel, clipValue, seed, criticBurstSteps, penaltyWeight, penaltyStep, 0,
                    1);
        }

        /** These settings with an R1 penalty of weight {@code gamma} on every {@code every}-th discriminator step. */
        public Settings withR1(double gamma, int every) {
            return new Settings(loss, discriminatorSteps, realLabel, clipValue, seed, criticBurstSteps, penaltyWeight,
                    penaltyStep, gamma, every);
        }

        /** Without a gradient penalty. */
        public Settings(GanLoss loss, int discriminatorSteps, double realLabel, double clipValue, long seed,
                int criticBurstSteps) {
            this(loss, discriminatorSteps, realLabel, clipValue, seed, criticBurstSteps, 0,
                    GradientPenalty.DEFAULT_STEP);
        }

        /** A constant k: no critic bursts. */
        public Settings(GanLoss loss, int discriminatorSteps, double realLabel, double clipValue, long seed) {
            this(loss, discriminatorSteps, realLabel, clipValue, seed, 0);
        }

        /**
         * Discriminator steps before generator step number {@code generatorSteps + 1}, given
         * {@code generatorSteps} done: {@code criticBurstSteps} for the first 25 and every 500th
         * when bursts are on, else k.
         */
        public int discriminatorStepsAt(long generatorSteps) {
            if (criticBurstSteps > 0 && (generatorSteps < BURST_START || generatorSteps % BURST_EVERY == 0)) {
                return Math.max(criticBurstSteps, discriminatorSteps);
            }
            return discriminatorSteps;
        }

        /** Non-saturating loss, one D step, no smoothing, no clipping. */
        public static Settings defaults() {
            return new Settings(GanLoss.NON_SATURATING, 1, 1.0, 0, 42);
        }
    }

    private final ComputationGraph generator;
    private final MultiLayerNetwork discriminator;
    private final int latentSize;
    private final int numClasses;
    /**
     * A conditional D with numClasses + 1 softmax outputs (the classes, then "generated") instead of
     * one probability on [example, label]: see {@link #classOutput(MultiLayerNetwork, int)}.
     */
    private final boolean classOutput;
    private final Settings settings;
    private final Random rng;
    private final GradientPenalty penalty;
    private final GradientPenalty r1;
    private long discriminatorSteps;
    private final OutputProbe probe = new OutputProbe();
    private final List<Consumer<IterationStats>> listeners = new ArrayList<>();
    private long iteration;
    private boolean fastPath = true;
    private EngineOptions engineOptions = EngineOptions.defaults();
    private FastLayerStack fastG;
    private FastLayerStack fastD;
    /**
     * The penalties' score network through the engine: {@link #fastD} for a Wasserstein critic, a
     * stack over its identity-output twin (same parameter array) for another loss; null without penalty.
     */
    private FastLayerStack fastScore;
    /** G through the engine's graph passes where it is not a chain (the conditional generator's merge). */
    private FastGraphTrainer graphG;

    /**
     * @param generator     G, inputs {@code z} [and {@code label}], initialised
     * @param discriminator D, initialised, its output layer's loss matching {@code settings.loss()}
     * @param latentSize    width of z
     * @param numClasses    classes of a conditional GAN, 0 for an unconditional one
     */
    public GanTrainer(ComputationGraph generator, MultiLayerNetwork discriminator, int latentSize, int numClasses,
            Settings settings) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.latentSize = latentSize;
        this.numClasses = numClasses;
        this.settings = settings;
        this.classOutput = classOutput(discriminator, numClasses);
        if (classOutput && (settings.loss() != GanLoss.NON_SATURATING || settings.penaltyWeight() > 0
                || settings.r1Weight() > 0 || settings.clipValue() > 0)) {
            throw new IllegalArgumentException("a discriminator with " + (numClasses + 1) + " class outputs trains with"
                    + " the NON_SATURATING loss and no penalty or clipping; found " + settings);
        }
        int expectedInputs = numClasses > 0 ? 2 : 1;
        if (generator.getNumInputArrays() != expectedInputs || generator.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("generator must have " + expectedInputs + " input(s) and 1 output, found "
                    + generator.getNumInputArrays() + " and " + generator.getNumOutputArrays());
        }
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(settings.seed());
        if (settings.penaltyWeight() > 0) {
            GradientPenalty.check(discriminator);
            penalty = new GradientPenalty(GradientPenalty.Kind.WGAN_GP, settings.penaltyWeight(), settings.penaltyStep());
        } else {
            penalty = null;
        }
        if (settings.r1Weight() > 0) {
            GradientPenalty.check(discriminator);
            r1 = new GradientPenalty(GradientPenalty.Kind.R1, settings.r1Weight(), settings.penaltyStep());
        } else {
            r1 = null;
        }
        discriminator.addListeners(probe);
    }

    /**
     * Whether D and G run through {@link FastLayerStack} (the default, where both networks are
     * supported, the GAN is unconditional and D's loss is cross-entropy) or through DL4J's own
     * {@code fit}/{@code calculateGradients}/{@code backpropGradient}. Both follow the same
     * trajectory to float rounding ({@code GanFastPathTest}); the switch exists for comparison.
     */
    public GanTrainer fastPath(boolean enabled) {
        fastPath = enabled;
        return this;
    }

    /** The engine's switches for the fast path (side thread, BLAS threads for large products). */
    public GanTrainer engineOptions(EngineOptions options) {
        engineOptions = java.util.Objects.requireNonNull(options, "engine options");
        fastG = null;
        fastD = null;
        fastScore = null;
        graphG = null;
        return this;
    }

    /** True when the next step runs through {@link FastLayerStack}. */
    public boolean usesFastPath() {
        return stacks();
    }

    /**
     * Builds (or rebuilds, after the networks' parameter arrays were replaced) the engine's runners:
     * D as a {@link FastLayerStack}; G as one too when it is a chain, else through the graph passes
     * of {@link FastGraphTrainer} (the conditional generator merges noise and label).
     */
    private boolean stacks() {
        if (!fastPath) {
            return false;
        }
        boolean gReady = fastG != null ? fastG.isFor(generator) : graphG != null && graphG.isFor(generator);
        if (!gReady || fastD == null || !fastD.isFor(discriminator)) {
            fastD = FastLayerStack.of(discriminator, engineOptions).orElse(null);
            fastG = numClasses == 0 ? FastLayerStack.of(generator, engineOptions).orElse(null) : null;
            graphG = fastG == null ? FastGraphTrainer.of(generator, engineOptions).orElse(null) : null;
            fastScore = null;
            if (fastD != null && (penalty != null || r1 != null)) {
                MultiLayerNetwork score = GradientPenalty.scoreNetwork(discriminator);
                fastScore = score == discriminator ? fastD : FastLayerStack.of(score, engineOptions).orElse(null);
            }
            if (fastD == null || (fastG == null && graphG == null)
                    || (fastScore == null && (penalty != null || r1 != null))) {
                fastG = null;
                fastD = null;
                fastScore = null;
                graphG = null;
                fastPath = false;
                LOG.debug("GAN trains through DL4J's layers: {}", FastLayerStack.unsupportedReason(discriminator)
                        .orElseGet(() -> String.valueOf(FastGraphTrainer.unsupportedReason(generator))));
                return false;
            }
        }
        return true;
    }

    /**
     * D's forward pass (through the stack) on G's output {@code fakeOut} as the engine gave it:
     * straight in, channel-major, for an unconditional D; as [image, label] rows built from
     * {@code fake} (the same output in DL4J's layout) for a conditional one.
     */
    private void fastDiscriminate(INDArray fakeOut, INDArray fake, INDArray labels) {
        if (numClasses > 0) {
            fastD.forward(discriminatorInput(fake, labels));
        } else {
            fastD.forwardChannelMajor(fakeOut);
        }
    }

    /** G's output on fresh noise (and labels) in training mode: channel-major images from a stack, else as G gives it. */
    private INDArray fastFake(long n, INDArray labels) {
        return fastG != null ? fastG.forward(noise(n)) : graphG.forward(generatorInputs(noise(n), labels))[0];
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Generator steps done. */
    public long iteration() {
        return iteration;
    }

    /**
     * Reseeds the generator of G's noise. A step-by-step driver (the zoo's TrainingLoop) calls it
     * before every step with a value derived from the step number, so a resumed run draws the same
     * noise as an uninterrupted one.
     */
    public void reseed(long seed) {
        rng.setSeed(seed);
    }

    /** Sets the iteration counter (restoring a checkpoint). */
    public void iteration(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, found " + value);
        }
        iteration = value;
    }

    /** Receives the diagnostics of every iteration. */
    public GanTrainer addListener(Consumer<IterationStats> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains for {@code iterations} iterations, each drawing k batches from {@code data} (reset
     * when exhausted). For a conditional GAN the batches' labels must be one-hot classes.
     *
     * @return the diagnostics of the last iteration
     */
    public IterationStats fit(DataSetIterator data, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
        }
        IterationStats last = null;
        for (int i = 0; i < iterations; i++) {
            DataSet[] batches = new DataSet[settings.discriminatorStepsAt(iteration)];
            for (int k = 0; k < batches.length; k++) {
                if (!data.hasNext()) {
                    data.reset();
                }
                batches[k] = data.next();
            }
            last = step(batches);
        }
        return last;
    }

    /**
     * One iteration: one discriminator step per batch (exactly k of them, or the burst size when
     * the schedule says so: {@link Settings#discriminatorStepsAt}), then one generator step.
     */
    public IterationStats step(DataSet... realBatches) {
        int k = settings.discriminatorStepsAt(iteration);
        if (realBatches.length != k) {
            throw new IllegalArgumentException("step needs discriminatorSteps=" + k + " real batches at generator step "
                    + (iteration + 1) + ", found " + realBatches.length);
        }
        DStep d = null;
        INDArray labels = null;
        for (DataSet batch : realBatches) {
            labels = numClasses > 0 ? batch.getLabels() : null;
            d = discriminatorStep(batch.getFeatures(), labels);
        }
        GStep g = generatorStep(realBatches[realBatches.length - 1].getFeatures().size(0), labels);
        iteration++;
        IterationStats stats = new IterationStats(iteration, d.loss, g.loss, d.dReal, d.dFake, g.dFake, g.gradNorm,
                d.spread);
        if (!stats.finite()) {
            throw new IllegalStateException("GAN training diverged (NaN or infinite value) at " + stats);
        }
        LOG.debug("{}", stats);
        listeners.forEach(l -> l.accept(stats));
        return stats;
    }

    /**
     * One discriminator step alone (a real and a fake batch); G's parameters and updater state
     * are not touched. {@code labels}: one-hot classes for a conditional GAN, else null.
     *
     * @return D's loss
     */
    public double trainDiscriminator(INDArray real, INDArray labels) {
        return discriminatorStep(real, labels).loss;
    }

    /**
     * One generator step alone on {@code n} fresh noise vectors; D's parameters and updater state
     * are not touched. {@code labels}: one-hot classes for a conditional GAN, else null.
     *
     * @return G's loss
     */
    public double trainGenerator(long n, INDArray labels) {
        return generatorStep(n, labels).loss;
    }

    /**
     * Diagnostics of one discriminator step: its loss, D's mean output on the real and the fake
     * batch, and the mode-collapse signal: mean per-pixel standard deviation of the fake batch over
     * that of the real batch (near 0 when G draws one image for every z); with a gradient penalty,
     * its mean value and the critic's mean input-gradient norm on the interpolates (NaN without).
     */
    public record DStep(double loss, double dReal, double dFake, double spread, double penalty,
            double criticGradNorm) {
    }

    /** Diagnostics of one generator step: G's loss, D's mean output on G's batch, ‖∇θ L_G‖ per example. */
    public record GStep(double loss, double dFake, double gradNorm) {
    }

    /** {@link #trainDiscriminator} with its diagnostics. */
    public DStep discriminatorStepStats(INDArray real, INDArray labels) {
        return discriminatorStep(real, labels);
    }

    /** {@link #trainGenerator} with its diagnostics. */
    public GStep generatorStepStats(long n, INDArray labels) {
        return generatorStep(n, labels);
    }

    /**
     * The discriminator step. Cross-entropy losses: D is fitted on the real batch, then separately
     * on a fake batch (batch norm sees each alone; two updates). The Wasserstein critic: one update
     * on the sum of the gradients of its real-batch and fake-batch losses, each from its own
     * forward pass, as in the WGAN reference code (two separate RMSProp steps let the mean output
     * drift by a step each way and mix the two gradients in RMSProp's second-moment estimate).
     */
    private DStep discriminatorStep(INDArray real, INDArray labels) {
        long n = real.size(0);
        GanLoss loss = settings.loss();
        INDArray fake;
        double dReal;
        double dFake;
        double dLoss;
        double penaltyValue = Double.NaN;
        double criticGradNorm = Double.NaN;
        INDArray r1Gradient = null;
        boolean engine = stacks();
        if (r1 != null && discriminatorSteps++ % settings.r1Every() == 0) {
            // lazy R1 (Karras et al. 2020): every k-th step, its gradient scaled by k; first, since every
            // calculateGradients call reuses D's gradient view
            GradientPenalty.Result p = engine ? r1.compute(fastScore, discriminatorInput(real, labels))
                    : r1.compute(discriminator, discriminatorInput(real, labels));
            r1Gradient = p.parameterGradient().muli(settings.r1Every());
            penaltyValue = p.sum() / n;
            criticGradNorm = p.meanGradNorm();
        }
        if (loss.isWasserstein()) {
            // the critic: one update on the summed real-batch and fake-batch gradients (plus penalties);
            // the fake batch first, for WGAN-GP's interpolates, and the penalty before the loss
            // gradients, since every calculateGradients call reuses D's gradient view. Through the
            // engine, D's loss passes and the penalty's first-order passes run as stacks
            INDArray fakeOut = engine ? fastFake(n, labels) : null;
            fake = engine ? FastLayerStack.toNchw(fakeOut) : generator.output(true, generatorInputs(noise(n), labels))[0];
            INDArray penaltyGradient = null;
            if (penalty != null) {
                INDArray eps = Nd4j.rand(rng, n, 1).castTo(dataType());
                INDArray mixed = real.reshape(n, -1).mulColumnVector(eps)
                        .addi(fake.reshape(n, -1).mulColumnVector(eps.rsub(1.0))).reshape(real.shape());
                INDArray in = discriminatorInput(mixed, labels);
                GradientPenalty.Result p = engine ? penalty.compute(fastScore, in) : penalty.compute(discriminator, in);
                penaltyValue = p.sum() / n + (Double.isNaN(penaltyValue) ? 0 : penaltyValue);
                criticGradNorm = p.meanGradNorm();
                penaltyGradient = p.parameterGradient();
            }
            INDArray summed;
            Gradient g = null;
            if (engine) {
                fastD.forward(discriminatorInput(real, labels));
                fastD.loss(realTargets(n, labels));
                dReal = realness(fastD.outputActivations());
                fastD.backward(null, true, false);
                INDArray realGradient = fastD.gradient().dup();
                fastDiscriminate(fakeOut, fake, labels);
                fastD.loss(fakeTargets(n));
                dFake = realness(fastD.outputActivations());
                fastD.backward(null, true, false);
                summed = fastD.gradient().addi(realGradient);
            } else {
                INDArray realGradient = discriminator.calculateGradients(discriminatorInput(real, labels),
                        realTargets(n, labels), null, null).getFirst().gradient().dup();
                dReal = realness(probe.lastOutput());
                g = discriminator.calculateGradients(discriminatorInput(fake, labels),
                        fakeTargets(n), null, null).getFirst();
                dFake = realness(probe.lastOutput());
                summed = g.gradient().addi(realGradient);
            }
            if (penaltyGradient != null) {
                summed.addi(penaltyGradient);
            }
            if (r1Gradient != null) {
                summed.addi(r1Gradient);
            }
            if (engine) {
                fastD.update((int) n);
            } else {
                updateDiscriminator(g, n);
            }
            dLoss = dFake - dReal + (penalty != null ? penaltyValue : 0);
        } else if (stacks()) {
            if (r1Gradient != null) {
                // the real-batch update by hand, R1's gradient added to the loss gradient (one optimiser step)
                fastD.forward(discriminatorInput(real, labels));
                dLoss = fastD.loss(realTargets(n, labels));
                fastD.backward(null, true, false);
                fastD.gradient().addi(r1Gradient);
                fastD.update((int) n);
            } else {
                dLoss = fastD.fit(discriminatorInput(real, labels), realTargets(n, labels));
            }
            dReal = realness(fastD.outputActivations());
            INDArray fakeOut = fastFake(n, labels);
            fake = FastLayerStack.toNchw(fakeOut);
            fastDiscriminate(fakeOut, fake, labels);
            dLoss += fastD.loss(fakeTargets(n));
            fastD.backward(null, true, false);
            fastD.update((int) n);
            dFake = realness(fastD.outputActivations());
        } else {
            double scoreReal;
            if (r1Gradient != null) {
                // the real-batch update by hand, R1's gradient added to the loss gradient (one optimiser step)
                Gradient g = discriminator.calculateGradients(discriminatorInput(real, labels),
                        realTargets(n, labels), null, null).getFirst();
                scoreReal = loss.realLoss(probe.lastOutput(), settings.realLabel());
                g.gradient().addi(r1Gradient);
                updateDiscriminator(g, n);
            } else {
                discriminator.fit(discriminatorInput(real, labels), realTargets(n, labels));
                scoreReal = discriminator.score();
            }
            dReal = realness(probe.lastOutput());
            fake = generator.output(true, generatorInputs(noise(n), labels))[0];
            discriminator.fit(discriminatorInput(fake, labels), fakeTargets(n));
            dLoss = scoreReal + discriminator.score();
            dFake = realness(probe.lastOutput());
        }
        if (settings.clipValue() > 0) {
            INDArray p = discriminator.params();
            Transforms.max(p, -settings.clipValue(), false);
            Transforms.min(p, settings.clipValue(), false);
        }
        double realSpread = real.reshape(n, -1).std(0).meanNumber().doubleValue();
        double fakeSpread = fake.reshape(n, -1).std(0).meanNumber().doubleValue();
        return new DStep(dLoss, dReal, dFake, realSpread > 0 ? fakeSpread / realSpread : Double.NaN, penaltyValue,
                criticGradNorm);
    }

    /**
     * One optimiser step of D on {@code g} (a sum over {@code n} examples; the updater divides by n),
     * advancing D's iteration count as {@code fit} would.
     */
    private void updateDiscriminator(Gradient g, long n) {
        int iter = discriminator.getIterationCount();
        discriminator.getUpdater().update(discriminator, g, iter, discriminator.getEpochCount(), (int) n,
                LayerWorkspaceMgr.noWorkspaces());
        discriminator.params().subi(g.gradient());
        discriminator.setIterationCount(iter + 1);
    }

    /**
     * G's gradient of the mean generator loss on noise {@code z} (and {@code labels}), D held
     * fixed; a fresh array. Leaves G's and D's parameters and updater state unchanged (G's batch
     * norm layers do see the batch). Exposed for tests and diagnostics.
     */
    public INDArray generatorGradient(INDArray z, INDArray labels) {
        Gradient g = backpropGenerator(z, labels);
        return g.gradient().dup().divi(z.size(0));
    }

    private Gradient backpropGenerator(INDArray z, INDArray labels) {
        GanLoss loss = settings.loss();
        INDArray[] inputs = generatorInputs(z, labels);
        String out = generator.getConfiguration().getNetworkOutputs().get(0);
        INDArray fake = generator.feedForward(inputs, true, false).get(out);
        long n = fake.size(0);
        Pair<Gradient, INDArray> dGrad = discriminator.calculateGradients(discriminatorInput(fake, labels),
                generatorTargets(n, labels), null, null);
        INDArray eps = dGrad.getSecond();
        if (numClasses > 0) {
            eps = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, fake.size(1)));
        }
        eps = eps.reshape(fake.shape()).mul(loss.generatorSign()).castTo(fake.dataType());
        return generator.backpropGradient(eps);
    }

    private GStep generatorStep(long n, INDArray labels) {
        if (stacks()) {
            GanLoss loss = settings.loss();
            INDArray fakeOut = fastFake(n, labels);
            fastDiscriminate(fakeOut, numClasses > 0 ? FastLayerStack.toNchw(fakeOut) : null, labels);
            fastD.loss(generatorTargets(n, labels));
            fastD.backward(null, false, true);
            INDArray eps = fastD.inputGradient();
            if (numClasses > 0) {
                // D saw [image, label]: G's gradient is the image part, in G's output layout
                INDArray image = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, fakeOut.length() / n));
                eps = fakeOut.rank() == 4
                        ? image.reshape('c', n, fakeOut.size(0), fakeOut.size(2), fakeOut.size(3)).permute(1, 0, 2, 3)
                                .dup('c')
                        : image.dup('c');
            }
            if (loss.generatorSign() != 1) {
                eps.muli(loss.generatorSign());
            }
            INDArray dFake = fastD.outputActivations();
            double norm;
            if (fastG != null) {
                fastG.backward(eps, true, false);
                norm = fastG.gradient().norm2Number().doubleValue() / n;
                fastG.update((int) n);
            } else {
                graphG.backward(new INDArray[] {eps}, false, false);
                norm = graphG.gradient().norm2Number().doubleValue() / n;
                graphG.update((int) n);
            }
            return new GStep(generatorLoss(dFake, labels), realness(dFake), norm);
        }
        INDArray z = noise(n);
        Gradient g = backpropGenerator(z, labels);
        INDArray dFake = probe.lastOutput();
        double norm = g.gradient().norm2Number().doubleValue() / n;
        int iter = generator.getConfiguration().getIterationCount();
        int epoch = generator.getConfiguration().getEpochCount();
        generator.getUpdater().update(g, iter, epoch, (int) n, LayerWorkspaceMgr.noWorkspaces());
        generator.params().subi(g.gradient());
        generator.getConfiguration().setIterationCount(iter + 1);
        return new GStep(generatorLoss(dFake, labels), realness(dFake), norm);
    }

    /**
     * True when {@code discriminator} is a conditional D of the class-output kind (Salimans et al.
     * 2016's K+1 classes, used for conditioning as in Odena et al. 2017): a softmax over the
     * {@code numClasses} classes and one more for "generated", on the example alone. D learns to put
     * a real example in its class and a generated one in the extra class; G, asked for class y,
     * maximizes log D_y(G(z, y)), so every sample must look like a real example of its class, not
     * just real. False for the one-probability D of the concatenated [example, label].
     */
    static boolean classOutput(MultiLayerNetwork discriminator, int numClasses) {
        if (numClasses == 0) {
            return false;
        }
        var out = discriminator.getLayerWiseConfigurations().getConf(discriminator.getnLayers() - 1).getLayer();
        return out instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o && o.getNOut() == numClasses + 1;
    }

    /** D's targets for real examples: the real label (smoothed), or their class among K+1. */
    private INDArray realTargets(long n, INDArray labels) {
        return classOutput ? classTargets(labels) : target(n, settings.loss().realTarget(settings.realLabel()));
    }

    /** D's targets for generated examples: the fake label, or the extra class K. */
    private INDArray fakeTargets(long n) {
        if (!classOutput) {
            return target(n, settings.loss().fakeTarget());
        }
        INDArray t = Nd4j.zeros(dataType(), n, numClasses + 1);
        t.get(NDArrayIndex.all(), NDArrayIndex.point(numClasses)).assign(1);
        return t;
    }

    /** The targets G's step gives D's loss: the generator label, or the class asked for. */
    private INDArray generatorTargets(long n, INDArray labels) {
        return classOutput ? classTargets(labels) : target(n, settings.loss().generatorTarget());
    }

    /** One-hot labels widened by a zero column for the extra class. */
    private INDArray classTargets(INDArray labels) {
        return Nd4j.hstack(labels.castTo(dataType()), Nd4j.zeros(dataType(), labels.size(0), 1));
    }

    /** Mean of how real D finds a batch: its output, or 1 - p(generated) for class outputs. */
    private double realness(INDArray dOut) {
        if (!classOutput) {
            return dOut.meanNumber().doubleValue();
        }
        return 1 - dOut.get(NDArrayIndex.all(), NDArrayIndex.point(numClasses)).meanNumber().doubleValue();
    }

    /** G's mean loss for D's outputs on its batch: the loss's, or -log D_y for class outputs. */
    private double generatorLoss(INDArray dOut, INDArray labels) {
        if (!classOutput) {
            return settings.loss().generatorLoss(dOut);
        }
        INDArray classes = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, numClasses));
        INDArray py = classes.castTo(DataType.DOUBLE).mul(labels.castTo(DataType.DOUBLE)).sum(1);
        return -Transforms.log(Transforms.max(py, 1e-7, false), false).meanNumber().doubleValue();
    }

    private INDArray[] generatorInputs(INDArray z, INDArray labels) {
        return numClasses > 0 ? new INDArray[] {z, labels.castTo(z.dataType())} : new INDArray[] {z};
    }

    private INDArray discriminatorInput(INDArray x, INDArray labels) {
        if (numClasses == 0 || classOutput) {
            return x;
        }
        return Nd4j.hstack(x.reshape(x.size(0), -1), labels.castTo(x.dataType()));
    }

    private INDArray noise(long n) {
        return Nd4j.randn(rng, n, latentSize).castTo(dataType());
    }

    private INDArray target(long n, double value) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, value, dataType());
    }

    private DataType dataType() {
        return discriminator.params().dataType();
    }

    /**
     * Captures D's output on the batch of each forward pass during training without a second
     * forward pass: DL4J hands listeners the activations up to the layer below the output layer,
     * and the output layer (dense, no batch norm) is applied to them here.
     */
    private static final class OutputProbe extends BaseTrainingListener {
        private INDArray last;

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
                INDArray a = activations.get(activations.size() - 1).dup();
                int outIndex = net.getnLayers() - 1;
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(outIndex);
                if (pre != null) {
                    a = pre.preProcess(a, (int) a.size(0), mgr);
                }
                Layer out = net.getOutputLayer();
                last = out.activate(a, false, mgr).dup();
            }
        }

        INDArray lastOutput() {
            return last;
        }
    }
}
