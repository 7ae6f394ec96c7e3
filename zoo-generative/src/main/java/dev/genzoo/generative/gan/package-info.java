/**
 * The GAN family: {@code gan-mlp} ({@link dev.genzoo.generative.gan.MlpGan}), {@code dcgan}
 * ({@link dev.genzoo.generative.gan.Dcgan}, the BENCHMARKS.md workload), {@code cgan-mlp}
 * ({@link dev.genzoo.generative.gan.ConditionalMlpGan}) and {@code wgan}
 * ({@link dev.genzoo.generative.gan.WassersteinGan}), trained by one explicit minimax loop,
 * {@link dev.genzoo.generative.gan.GanTrainer}.
 *
 * <h2>Why the loop looks like this in DL4J 1.0.0-M2.1</h2>
 * <ul>
 * <li><b>Generator step with D fixed.</b> G is a {@code ComputationGraph}; D is a
 * {@code MultiLayerNetwork}, because M2.1 has {@code calculateGradients} (which returns dL/dinput)
 * only there ({@code ComputationGraph} lacks it, deeplearning4j#8173). The step is: G forward in
 * training mode keeping activations ({@code feedForward(z, true, false)}); D's input gradient at
 * the generator's target via {@code D.calculateGradients(fake, target)} (D in training mode, as in
 * a combined graph; its parameter gradient is discarded, its updater never called);
 * {@code G.backpropGradient(eps)}; G's own updater; {@code params().subi(update)}; G's iteration
 * count advanced. Tests show D's parameters (batch-norm running statistics included), updater
 * state and iteration count stay bit-identical, and G's gradient equals central differences of
 * the mean generator loss to ~1e-7 for each loss form. Not used, and why:
 * {@code FrozenLayerWithBackprop} runs the wrapped layers in inference mode (D's batch norm then
 * uses running statistics: a different gradient) and crashes in batch-norm backprop with
 * workspaces; {@code ComputationGraph.update(Gradient)} adds instead of subtracting
 * (deeplearning4j#8101); a third, combined G+D network would need D's parameters copied in
 * before every generator step.</li>
 * <li><b>D must be a MultiLayerNetwork.</b> Its configuration is the layer sequence a
 * {@code ComputationGraph} would have (same layers, same order, same initialisation); the
 * conditional D takes [x, one-hot label] concatenated as one input rather than two graph inputs,
 * which is the same first dense layer.</li>
 * <li><b>G in workspace mode NONE.</b> With workspaces, batch-norm backprop with external errors
 * fails with "outdated workspace pointer" (DL4J-NOTES.md).</li>
 * <li><b>Real and fake batches go to D separately</b> (two {@code fit} calls, so a D step is two
 * updater steps): with batch norm in D, a stacked real+fake batch lets D separate them by batch
 * statistics and training degenerates (DL4J-NOTES.md).</li>
 * <li><b>Losses.</b> D is BCE on a sigmoid output (the logit's BCE). The generator step reuses D's
 * own output-layer loss and flips the sign of the input gradient where needed: non-saturating =
 * BCE(D(G(z)), 1); minimax log(1 − D(G(z))) = −BCE(D(G(z)), 0); Wasserstein: DL4J's
 * {@code LossWasserstein} (mean of label · score) with labels −1 real / +1 fake, and −1 for G.</li>
 * <li><b>Diagnostics without a second forward pass.</b> D(x) and D(G(z)) come from a
 * {@code TrainingListener} on D: DL4J hands {@code onForwardPass} the activations below the
 * output layer, and the listener applies the (dense, batch-norm-free) output layer to them.</li>
 * <li><b>Gradient penalties without second derivatives.</b> The WGAN-GP penalty
 * λ(‖∇ₓD(x̂)‖ − 1)² (and R1's γ/2 ‖∇ₓD(x)‖²) has a parameter gradient that needs second derivatives
 * (the derivative of D's input gradient with respect to D's parameters), which M2.1's layers do not
 * implement; the SameDiff lambda layers and vertices return wrong gradients (DL4J-NOTES.md).
 * {@link dev.genzoo.generative.gan.GradientPenalty} gets it from first-order passes: it is the
 * directional derivative of the ordinary parameter gradient along the unit input-gradient
 * direction, by central differences (three backward passes per critic step; float32 error about
 * 2e-5 relative at the default step 0.01, {@code GradientPenaltyTest}). {@code wgan-gp} uses it with
 * Adam and no clipping (Gulrajani et al. 2017); {@code wgan} keeps the original WGAN's clipping of
 * every critic parameter to [−c, c] after each critic step, with RMSProp (Arjovsky et al. 2017).
 * Batch norm in the critic is refused for a penalty: it couples the examples.</li>
 * <li><b>The critic step is one update on the summed gradients</b> of its real-batch and
 * fake-batch losses (each its own forward pass), as the authors' reference code does, not two
 * {@code fit} calls: with two RMSProp steps the critic's mean output moved by a step each way,
 * so D(x) and D(G(z)) read before and after the real step were not comparable (the logged
 * Wasserstein estimate came out negative for whole epochs), and RMSProp's second-moment estimate
 * mixed the two gradients. The cross-entropy GANs keep two {@code fit} calls, so batch norm sees
 * each batch alone and the bundled weights stay reproducible from their cards.</li>
 * <li><b>Critic bursts.</b> {@code criticBurstSteps} (default 100) critic steps before each of
 * the first 25 generator steps and every 500th, the schedule of the reference code: it starts G
 * against a critic near its optimum. A {@code wgan:mnist} run without it (c 0.01, RMSProp 5e-5, 5
 * epochs) ended with every sample the same blob (FID 402).</li>
 * </ul>
 *
 * <h2>The fast path</h2>
 * The steps above are the reference. Every GAN here runs the same steps
 * through the engine ({@code zoo-engine}): the conditional generator (noise and label merged)
 * through {@code FastGraphTrainer}'s forward/backward passes, every other network through
 * {@code FastLayerStack}, D's loss fused (sigmoid + cross-entropy) or DL4J's own (least squares,
 * Wasserstein; the critic's real and fake gradients and the gradient penalty's summed before one
 * update): D and G as linear stacks of their own layers, computed on channel-major
 * buffers with one product per (transposed) convolution, Java {@code im2col}/{@code col2im}, batch
 * norm and activations, and DL4J's updaters on the networks' own parameter and updater arrays. The
 * generator step there computes D's input gradient without D's parameter gradient (the
 * {@code calculateGradients} route computes and discards it). {@code GanFastPathTest} checks
 * losses, D's outputs and parameters against the DL4J route step by step;
 * {@code GanTrainer.fastPath(false)} selects the
 * reference route. WGAN (its critic loss has no fused form) and the conditional GAN (D's input is
 * image and label) stay on it.
 *
 * <h2>What it costs</h2>
 * Per iteration: G forward twice (once for D's fake batch, once for the generator step), D
 * forward+backward three times (real, fake, input gradient), G backward once: about 10 GFLOP for
 * the {@code dcgan} workload at batch 64. Through DL4J's layers this ran 0.66–0.9 iterations/s on
 * the shared 2-core machine (PyTorch ~11.9); through the fast path 4.3–5.2 iterations/s with a peak
 * RSS of ~0.5 GB instead of 7 GB (docs/benchmarks.md). The dense toy GANs spend ~20–50 ms per
 * iteration through DL4J's layers, mostly per-call overhead rather than arithmetic.
 *
 * <h2>What training did (tests, shared 2-core machine)</h2>
 * A shifted anisotropic 2-D Gaussian N((0.5, −0.5), diag(0.05², 0.2²)): {@code gan-mlp}
 * (non-saturating, Adam 1e-3, 200 iterations of 128) reached mean (0.47, −0.52), std (0.096,
 * 0.22), from mean (−0.24, 0.00), std (0.17, 0.14) untrained; {@code wgan} (n_critic 3, c 0.1,
 * RMSProp 5e-4, 120 iterations) mean (0.46, −0.51), std (0.069, 0.19). The ring of 8 Gaussians
 * (σ 0.04, {@code RingOfGaussiansTest}, in CI): {@code gan-mlp} covers 8 of 8 modes with 79% of
 * samples within 3σ after 2,000 iterations; {@code wgan} (c 0.1, RMSProp 1e-3, n_critic 5, no
 * bursts) 8 of 8 modes with 80% within 3σ after 2,000 iterations with the summed critic update
 * (70% with two {@code fit} calls; c 0.2 collapsed, the paper's c 0.01 / 5e-5 is far too slow for
 * the toy).
 *
 * <h2>Conventions</h2>
 * Data in [−1, 1] (tanh output; {@code Scale.SYMMETRIC}); z ~ N(0, I); {@code generate(n, seed)}
 * is reproducible; networks under roles {@code "generator"} and {@code "discriminator"}, saved
 * by {@code ModelArtifacts} and restored by {@code ModelZoo.load}. Each model's {@code Config}
 * holds its training settings (loss, k, label smoothing, clipping, learning rates), and
 * {@code trainer()} returns the loop configured with them.
 */
package dev.genzoo.generative.gan;
