package dev.genzoo.generative.stylegan;

import dev.genzoo.engine.EngineOptions;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.engine.FastLayerStack;
import dev.genzoo.generative.gan.GradientPenalty;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One StyleGAN iteration through the engine's custom-loop passes ({@link FastGraphTrainer}): a
 * discriminator step, then a generator step, then the moving averages.
 *
 * <p><b>Latents and mixing.</b> Every step draws 2n latents z₁, z₂ and runs the mapping network on
 * both; with probability {@code styleMixing} the batch switches from w₁ to w₂ at a layer k drawn
 * uniformly from 1..5 (the reference draws one crossover per batch), otherwise every layer takes w₁.
 * Noise images are drawn fresh for every image and layer.
 *
 * <p><b>Discriminator step</b>: the non-saturating loss softplus(−D(x)) + softplus(D(G(z))) on one
 * batch [real; fake] (so minibatch-deviation groups hold only real or only generated images when n is a
 * multiple of the group size), plus, every {@code r1Every}-th step, R1 γ/2 ‖∇ₓD(x)‖² on the real images
 * weighted by {@code r1Every} ({@link GradientPenalty}: its parameter gradient from first-order passes).
 *
 * <p><b>Generator step</b>: softplus(−D(G(z))); dL/d image from D's input gradient (D unchanged), back
 * through the synthesis network to each layer's w, those summed into w₁ and w₂ by the layers each fed,
 * and back through the mapping network. Losses are means over the batch: passes hand the engine
 * per-example gradients and {@code update(n)} divides by n.
 *
 * <p><b>Averages</b>: after the update, θ_ema ← β θ_ema + (1 − β) θ with β = 0.5^(n / half-life), and
 * w̄ ← λ w̄ + (1 − λ) mean(w₁) with λ = {@code meanStyleDecay}.
 */
final class StyleGanTrainer {
    private final StyleGan model;
    private final StyleGan.Config config;
    private EngineOptions options = EngineOptions.defaults();
    private FastGraphTrainer mapping;
    private FastGraphTrainer synthesis;
    private FastGraphTrainer d;
    private FastGraphTrainer d2;
    private long steps;

    StyleGanTrainer(StyleGan model) {
        this.model = model;
        this.config = model.styleConfig();
    }

    /** The engine's options for the next steps. */
    StyleGanTrainer engineOptions(EngineOptions o) {
        if (!o.equals(options)) {
            options = o;
            mapping = synthesis = d = d2 = null;
        }
        return this;
    }

    /** Discriminator steps taken (R1's lazy schedule counts them); travels in the checkpoint. */
    long steps() {
        return steps;
    }

    void steps(long s) {
        steps = s;
    }

    /** What one iteration measured. */
    record Losses(double discriminator, double generator, double dReal, double dFake, double r1, double gradNorm,
            int crossover) {
    }

    /** One iteration on real images {@code real} [n, 1, 28, 28] in [-1, 1], its randomness from {@code rng}. */
    Losses step(INDArray real, Random rng) {
        long n = real.size(0);
        if (n % config.minibatchStdGroup() != 0) {
            throw new IllegalArgumentException(model.name() + ": the batch size (" + n + ") must be a multiple of"
                    + " minibatchStdGroup (" + config.minibatchStdGroup() + "), so that a minibatch-deviation group"
                    + " never mixes real and generated images");
        }
        ready();
        INDArray x = real.castTo(DataType.FLOAT);

        // --- discriminator
        Styles fakeStyles = styles(n, rng);
        INDArray fake = FastLayerStack.toNchw(synthesis.forward(synthesisInputs(fakeStyles, n, rng))[0]);
        double r1 = Double.NaN;
        double gradNorm = Double.NaN;
        INDArray r1Gradient = null;
        if (config.r1Gamma() > 0 && steps % config.r1Every() == 0) {
            var p = new GradientPenalty(GradientPenalty.Kind.R1, config.r1Gamma() * config.r1Every(),
                    GradientPenalty.DEFAULT_STEP).compute(d, x);
            r1 = p.sum() / n / config.r1Every();
            gradNorm = p.meanGradNorm();
            r1Gradient = p.parameterGradient();
        }
        INDArray s = d2.forward(Nd4j.concat(0, x, fake))[0]; // [2n, 1]
        INDArray sReal = s.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray sFake = s.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
        double dLoss = (softplus(sReal.neg()) + softplus(sFake)) / n;
        INDArray grad = Nd4j.concat(0, Transforms.sigmoid(sReal.neg(), true).negi(), Transforms.sigmoid(sFake, true));
        double dReal = Transforms.sigmoid(sReal, true).meanNumber().doubleValue();
        double dFake = Transforms.sigmoid(sFake, true).meanNumber().doubleValue();
        d2.backward(new INDArray[] {grad}, true, false, false);
        if (r1Gradient != null) {
            d2.gradient().addi(r1Gradient.reshape(d2.gradient().shape()));
        }
        d2.update((int) n);
        steps++;

        // --- generator
        Styles styles = styles(n, rng);
        INDArray image = FastLayerStack.toNchw(synthesis.forward(synthesisInputs(styles, n, rng))[0]);
        INDArray sG = d.forward(image)[0];
        double gLoss = softplus(sG.neg()) / n;
        d.backward(new INDArray[] {Transforms.sigmoid(sG.neg(), true).negi()}, false, true, false);
        INDArray dImage = d.inputGradient(0).permute(1, 0, 2, 3).dup('c');
        synthesis.backward(new INDArray[] {dImage}, true, true, false);
        INDArray dW1 = Nd4j.zeros(DataType.FLOAT, n, config.latentSize());
        INDArray dW2 = Nd4j.zeros(DataType.FLOAT, n, config.latentSize());
        for (int l = 0; l < StyleGan.LAYERS; l++) {
            INDArray g = synthesis.inputGradient(1 + l);
            (l < styles.crossover ? dW1 : dW2).addi(g);
        }
        mapping.backward(new INDArray[] {Nd4j.concat(0, dW1, dW2)}, true, false, false);
        mapping.update((int) n);
        synthesis.update((int) n);

        // --- averages
        double beta = Math.pow(0.5, n / config.emaHalfLifeImages());
        average(model.mappingAverage(), model.mappingNetwork(), beta);
        average(model.synthesisAverage(), model.synthesisNetwork(), beta);
        INDArray wMean = styles.w.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).mean(0);
        INDArray center = model.meanStyleNetwork().getLayer(StyleGan.W).getParam("W");
        center.muli(config.meanStyleDecay()).addi(wMean.reshape(center.shape()).muli(1 - config.meanStyleDecay()));
        return new Losses(dLoss, gLoss, dReal, dFake, r1, gradNorm, styles.crossover);
    }

    /** θ_ema ← β θ_ema + (1 − β) θ. */
    private static void average(ComputationGraph ema, ComputationGraph live, double beta) {
        ema.params().muli(beta).addi(live.params().mul(1 - beta));
    }

    /** The mapping network's w for [z₁; z₂] (2n rows, a copy) and the batch's crossover layer. */
    private record Styles(INDArray w, int crossover) {
    }

    private Styles styles(long n, Random rng) {
        float[] z = new float[(int) (2 * n * config.latentSize())];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        INDArray zs = StyleGan.normalize(Nd4j.create(z, new long[] {2 * n, config.latentSize()}, 'c'));
        INDArray w = mapping.forward(zs)[0].dup();
        int crossover = rng.nextDouble() < config.styleMixing() ? 1 + rng.nextInt(StyleGan.LAYERS - 1)
                : StyleGan.LAYERS;
        return new Styles(w, crossover);
    }

    /** The synthesis network's inputs: zeros for the constant, w₁ or w₂ per layer, fresh noise per layer. */
    private INDArray[] synthesisInputs(Styles s, long n, Random rng) {
        INDArray[] in = new INDArray[1 + 2 * StyleGan.LAYERS];
        in[0] = Nd4j.zeros(DataType.FLOAT, n, 1);
        INDArray w1 = s.w.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
        INDArray w2 = s.w.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).dup('c');
        for (int l = 0; l < StyleGan.LAYERS; l++) {
            in[1 + l] = l < s.crossover ? w1 : w2;
            int side = StyleGan.SIDES[l];
            float[] noise = new float[(int) (n * side * side)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextGaussian();
            }
            in[1 + StyleGan.LAYERS + l] = Nd4j.create(noise, new long[] {n, 1, side, side}, 'c');
        }
        return in;
    }

    /** Σ softplus(x) = Σ log(1 + eˣ), computed stably. */
    private static double softplus(INDArray x) {
        double sum = 0;
        for (double v : x.dup().data().asDouble()) {
            sum += v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
        }
        return sum;
    }

    /** (Re)builds the engine's trainers when missing or when a restore replaced a network's parameters. */
    private void ready() {
        mapping = ensure(mapping, model.mappingNetwork());
        synthesis = ensure(synthesis, model.synthesisNetwork());
        d = ensure(d, model.discriminator());
        d2 = ensure(d2, model.discriminator());
    }

    private FastGraphTrainer ensure(FastGraphTrainer t, ComputationGraph graph) {
        if (t != null && t.isFor(graph)) {
            return t;
        }
        return FastGraphTrainer.of(graph, options).orElseThrow(() -> new IllegalStateException(
                "the engine cannot train this StyleGAN network: " + FastGraphTrainer.unsupportedReason(graph)));
    }
}
