/**
 * The variational autoencoder family (Kingma and Welling, "Auto-Encoding Variational Bayes",
 * https://arxiv.org/abs/1312.6114): {@link dev.genzoo.generative.vae.MlpVae} ({@code vae-mlp}),
 * {@link dev.genzoo.generative.vae.ConvVae} ({@code vae-conv}) and
 * {@link dev.genzoo.generative.vae.ConditionalVae} ({@code cvae-mlp}), each a DL4J
 * {@code ComputationGraph} trained by {@code ComputationGraph.fit}, behind the
 * {@link dev.genzoo.core.model.Vae} handle.
 *
 * <h2>Why a custom vertex</h2>
 * DL4J's own {@code VariationalAutoencoder} layer is pretrain-only (it cannot sit inside a graph
 * trained end to end), and in 1.0.0-M2.1 the SameDiff lambda vertices return wrong input gradients
 * and re-draw their noise in the backward pass (see DL4J-NOTES.md). The sampling step is therefore
 * zoo-core's {@link dev.genzoo.core.nn.ReparameterizationVertex}: plain Java, a hand-written
 * backward pass ({@code dL/dmu = dL/dz}, {@code dL/dlogvar = dL/dz * eps * exp(logvar/2) / 2}), the
 * noise drawn once per training forward pass and kept for backward, the mean returned at inference.
 *
 * <h2>How the loss is assembled</h2>
 * The training graph has two outputs (see {@link dev.genzoo.generative.vae.VaeArchitecture}):
 * <ul>
 *   <li>{@code recon}: a {@code LossLayer} with {@link dev.genzoo.generative.vae.DecoderNllLoss},
 *       the exact {@code -log p(x|z)} of the {@link dev.genzoo.generative.vae.DecoderDistribution}
 *       from the decoder's linear output: binary cross-entropy from logits (no clipping, stable
 *       softplus) for BERNOULLI, {@code ||x - mu||^2 / (2 s2) + D/2 log(2 pi s2)} for GAUSSIAN with
 *       fixed variance {@code s2}. DL4J's XENT clips probabilities and its MSE averages over
 *       outputs, which would weigh reconstruction against KL wrongly.</li>
 *   <li>{@code kl}: a {@code LossLayer} with zoo-core's {@link dev.genzoo.core.nn.KlDivergenceLoss}
 *       on {@code MergeVertex(mean, logvar)}, fed dummy zero labels {@code [n, 2d]}: the closed-form
 *       {@code beta_t KL(q(z|x) || N(0, I))}, with {@code beta_t} ramped by
 *       {@link dev.genzoo.core.nn.KlWarmUpListener} (attached by the handle, also after loading).</li>
 * </ul>
 * DL4J sums the outputs' losses and divides by the minibatch size, so {@code graph().score()} is the
 * mean per-example negative ELBO (single sample, with beta) in nats; with beta = 0 it is an
 * autoencoder's reconstruction loss. {@code VaeTrainingData} turns the zoo's iterators into that
 * graph's MultiDataSets (features x [and one-hot y], targets x flattened and zeros). The
 * conditional model merges the one-hot labels into the encoder input and into the code.
 *
 * <h2>Evaluation protocols</h2>
 * Encoding and decoding use an encoder-only and a decoder-only graph with the trained graph's layer
 * names and copied parameters. The decoder graph stops at the linear output; the handle applies the
 * mean function (sigmoid for Bernoulli) for {@code decode}/{@code sample}, and evaluates
 * log-likelihoods from the linear output in double precision.
 * <ul>
 *   <li>{@code elbo(x, S)}: {@code (1/S) sum_s log p(x|z_s) - KL(q(z|x) || N(0, I))} with
 *       {@code z_s = mu + sigma eps_s} and the KL in closed form; beta = 1 regardless of the
 *       training weight, so it is a true bound on log p(x). {@code anomalyScore} is {@code -elbo(x)}.</li>
 *   <li>{@code logLikelihood(x, k)}: the importance-weighted estimate of Burda et al. 2016,
 *       {@code logmeanexp_k[log p(x|z_k) + log p(z_k) - log q(z_k|x)]}, z_k ~ q(z|x), computed with
 *       the maximum subtracted before exponentiating. For k = 1 it is a one-sample ELBO; its
 *       expectation rises with k toward log p(x) (tested on a linear-Gaussian VAE whose log p(x) is
 *       analytic). Published MNIST figures use k = 5000 (Burda et al.) or 1000; those are costly
 *       here (one decoder pass per sample) and belong in a benchmark run, not a unit test.</li>
 *   <li>Noise for evaluation comes from a generator seeded by the configuration's seed, fresh for
 *       each call: the same input gives the same estimate; {@code sample(n, seed)} decodes prior
 *       codes drawn from {@code java.util.Random(seed)}, independent of ND4J's global RNG.</li>
 *   <li>Data protocol for MNIST likelihoods: dynamically binarized training data
 *       ({@code Binarization.DYNAMIC}), a statically binarized test set, Bernoulli decoder; numbers
 *       are in nats per image (negate for NLL).</li>
 * </ul>
 */
package dev.genzoo.generative.vae;
