package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.engine.EngineOptions;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.engine.FastLayerStack;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One CycleGAN iteration through the engine's custom-loop passes ({@link FastGraphTrainer}): both
 * generators' step on the full objective, then each discriminator's step on real images and
 * pooled fakes. Losses are means over the batch and over pixels (L1) or patches (least squares),
 * as the reference's {@code nn.L1Loss} and {@code nn.MSELoss} take them; each pass hands the
 * engine per-example gradients and {@code update(n)} divides by the batch.
 *
 * <p>Generator step, with every pass backed before its trainer's next forward pass (a trainer keeps
 * one pass):
 * <ol>
 * <li>G on [a; b] gives G(a) and the identity image G(b); F on G(a) gives the cycle F(G(a)), whose
 * L1 loss is backed through F (F's gradient, and dL/dG(a)); D_B on G(a) gives the least-squares
 * pull to 1 (input gradient only, D_B's parameters untouched); both reach G with the identity
 * loss's gradient on G(b).</li>
 * <li>The same the other way, accumulating: F on [b; a], G on F(b) (G accumulates), D_A on F(b),
 * back through F (F accumulates).</li>
 * <li>Both generators update.</li>
 * </ol>
 * Discriminator step: D_B on [b; pool(G(a))] and D_A on [a; pool(F(b))], each to 1 on real and 0
 * on fake with the reference's factor 1/2.
 */
final class CycleGanTrainer {
    private final CycleGan model;
    private final CycleGan.Config config;
    private final ImagePool poolA;
    private final ImagePool poolB;
    private EngineOptions options = EngineOptions.defaults();
    // two engine trainers per network, one per batch size it sees (n and 2n): a trainer sizes its
    // buffers for one batch size, and alternating sizes would reallocate them at every pass; both
    // write the network's one gradient array, so accumulation and the update see both
    private FastGraphTrainer g;
    private FastGraphTrainer g2;
    private FastGraphTrainer f;
    private FastGraphTrainer f2;
    private FastGraphTrainer dA;
    private FastGraphTrainer dA2;
    private FastGraphTrainer dB;
    private FastGraphTrainer dB2;

    CycleGanTrainer(CycleGan model) {
        this.model = model;
        this.config = (CycleGan.Config) model.config();
        this.poolA = new ImagePool(config.poolSize(), 1, 28, 28);
        this.poolB = new ImagePool(config.poolSize(), 1, 28, 28);
    }

    /** The engine's options for the next steps (the side thread, the BLAS threads of large products). */
    CycleGanTrainer engineOptions(EngineOptions o) {
        if (!o.equals(options)) {
            options = o;
            g = g2 = f = f2 = dA = dA2 = dB = dB2 = null;
        }
        return this;
    }

    /** The losses of one iteration (before its updates). */
    record Losses(double generator, double adversarialA2B, double adversarialB2A, double cycleA, double cycleB,
            double identityA, double identityB, double discriminatorA, double discriminatorB, double dAReal,
            double dAFake, double dBReal, double dBFake) {
    }

    /** One iteration on a batch {@code a} of domain A and {@code b} of domain B, {@code [n, 1, 28, 28]} each in [-1, 1]. */
    Losses step(INDArray a, INDArray b) {
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("CycleGAN needs batches of A and B of one size, found " + a.size(0)
                    + " and " + b.size(0));
        }
        ready();
        long n = a.size(0);
        double lambda = config.cycleWeight();
        double lambdaId = config.identityWeight() * lambda;

        // --- generators, direction A -> B -> A
        INDArray gOut = FastLayerStack.toNchw(g2.forward(Nd4j.concat(0, a, b))[0]);
        INDArray fakeB = gOut.get(NDArrayIndex.interval(0, n)).dup();
        INDArray idB = gOut.get(NDArrayIndex.interval(n, 2 * n)).dup();
        INDArray recA = FastLayerStack.toNchw(f.forward(fakeB)[0]);
        double cycleA = l1(recA, a);
        f.backward(new INDArray[] {channelMajor(l1Gradient(recA, a, lambda))}, true, true, false);
        INDArray dFakeB = f.inputGradient(0); // a fresh array per backward pass
        Adversarial advB = adversarial(dB, fakeB);
        dFakeB.addi(advB.gradient);
        double identityB = l1(idB, b);
        INDArray dG = Nd4j.concat(0, dFakeB, l1Gradient(idB, b, lambdaId));
        g2.backward(new INDArray[] {channelMajor(dG)}, true, false, false);

        // --- generators, direction B -> A -> B (both accumulate)
        INDArray fOut = FastLayerStack.toNchw(f2.forward(Nd4j.concat(0, b, a))[0]);
        INDArray fakeA = fOut.get(NDArrayIndex.interval(0, n)).dup();
        INDArray idA = fOut.get(NDArrayIndex.interval(n, 2 * n)).dup();
        INDArray recB = FastLayerStack.toNchw(g.forward(fakeA)[0]);
        double cycleB = l1(recB, b);
        g.backward(new INDArray[] {channelMajor(l1Gradient(recB, b, lambda))}, true, true, true);
        INDArray dFakeA = g.inputGradient(0);
        Adversarial advA = adversarial(dA, fakeA);
        dFakeA.addi(advA.gradient);
        double identityA = l1(idA, a);
        INDArray dF = Nd4j.concat(0, dFakeA, l1Gradient(idA, a, lambdaId));
        f2.backward(new INDArray[] {channelMajor(dF)}, true, false, true);
        g.update((int) n);
        f.update((int) n);
        double gLoss = advB.loss + advA.loss + lambda * (cycleA + cycleB) + lambdaId * (identityA + identityB);

        // --- discriminators on real images and pooled fakes
        double[] sB = discriminatorStep(dB2, b, poolB.query(fakeB));
        double[] sA = discriminatorStep(dA2, a, poolA.query(fakeA));
        return new Losses(gLoss, advB.loss, advA.loss, cycleA, cycleB, identityA, identityB, sA[0], sB[0], sA[1], sA[2],
                sB[1], sB[2]);
    }

    private record Adversarial(double loss, INDArray gradient) {
    }

    /** G's least-squares loss mean((D(x) − 1)²) through a discriminator, and its gradient w.r.t. x (D unchanged). */
    private static Adversarial adversarial(FastGraphTrainer d, INDArray fake) {
        INDArray s = d.forward(fake)[0];
        long patches = s.length() / fake.size(0);
        INDArray diff = s.sub(1.0);
        double loss = diff.mul(diff).sumNumber().doubleValue() / s.length();
        d.backward(new INDArray[] {diff.muli(2.0 / patches)}, false, true, false);
        return new Adversarial(loss, d.inputGradient(0));
    }

    /**
     * D's step: 1/2 (mean (D(real) − 1)² + mean D(fake)²) on one batch [real; fake].
     *
     * @return the loss, the mean score on real and on fake images
     */
    private static double[] discriminatorStep(FastGraphTrainer d, INDArray real, INDArray fake) {
        long n = real.size(0);
        INDArray s = d.forward(Nd4j.concat(0, real, fake))[0]; // [1, 2n, p, p]
        long patches = s.length() / (2 * n);
        INDArray target = Nd4j.zeros(s.dataType(), s.shape());
        target.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)).assign(1.0);
        INDArray diff = s.sub(target);
        INDArray sReal = s.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        INDArray sFake = s.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n));
        double loss = 0.5 * diff.mul(diff).sumNumber().doubleValue() / (n * patches);
        double meanReal = sReal.meanNumber().doubleValue();
        double meanFake = sFake.meanNumber().doubleValue();
        d.backward(new INDArray[] {diff.muli(1.0 / patches)}, true, false, false);
        d.update((int) n);
        return new double[] {loss, meanReal, meanFake};
    }

    /** Mean absolute difference over the batch and pixels. */
    private static double l1(INDArray x, INDArray target) {
        return Transforms.abs(x.sub(target), false).meanNumber().doubleValue();
    }

    /** Per-example gradient of weight · mean|x − target| over one example's pixels. */
    private static INDArray l1Gradient(INDArray x, INDArray target, double weight) {
        long pixels = x.length() / x.size(0);
        return Transforms.sign(x.sub(target), false).muli(weight / pixels);
    }

    /** NCHW [n, c, h, w] as the engine's channel-major [c, n, h, w] (the inverse of {@link FastLayerStack#toNchw}). */
    private static INDArray channelMajor(INDArray x) {
        return x.permute(1, 0, 2, 3).dup('c');
    }

    /** (Re)builds the engine's trainers when missing or when a restore replaced a network's parameters. */
    private void ready() {
        g = ensure(g, model.generator(Direction.A2B));
        g2 = ensure(g2, model.generator(Direction.A2B));
        f = ensure(f, model.generator(Direction.B2A));
        f2 = ensure(f2, model.generator(Direction.B2A));
        dA = ensure(dA, model.discriminator(Direction.B2A));
        dA2 = ensure(dA2, model.discriminator(Direction.B2A));
        dB = ensure(dB, model.discriminator(Direction.A2B));
        dB2 = ensure(dB2, model.discriminator(Direction.A2B));
    }

    private FastGraphTrainer ensure(FastGraphTrainer t, ComputationGraph graph) {
        if (t != null && t.isFor(graph)) {
            return t;
        }
        return FastGraphTrainer.of(graph, options).orElseThrow(() -> new IllegalStateException(
                "the engine cannot train this CycleGAN network: " + FastGraphTrainer.unsupportedReason(graph)));
    }

    /** The pools' contents for a checkpoint. */
    Map<String, String> poolState() {
        return Map.of("poolA", poolA.encode(), "poolB", poolB.encode());
    }

    /** Restores the pools from a checkpoint (checked before anything is allocated). */
    void restorePools(Map<String, String> state) {
        poolA.restore(state.get("poolA"), "poolA");
        poolB.restore(state.get("poolB"), "poolB");
    }
}
