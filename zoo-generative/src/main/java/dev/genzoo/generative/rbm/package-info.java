/**
 * Restricted Boltzmann machines: {@link dev.genzoo.generative.rbm.RestrictedBoltzmannMachine}
 * ({@code rbm}), a Bernoulli-Bernoulli RBM behind the {@link dev.genzoo.core.model.Rbm} handle,
 * trained by CD-k or persistent CD and evaluated by annealed importance sampling. DL4J dropped its
 * RBM layer before 1.0; this package brings the model back on ND4J.
 *
 * <h2>Storage: one artifact format for the zoo</h2>
 * W, b and c are the parameters of a DL4J {@code ComputationGraph} (role {@code "graph"}), so an
 * RBM saves and loads through {@code ModelArtifacts} like every other model:
 * <ul>
 *   <li>{@code DenseLayer "hidden"} (input {@code "v"}, nIn = V, nOut = H, sigmoid): its weight
 *       matrix is W {@code [V, H]} and its bias is the hidden bias c; its output is p(h = 1 | v).</li>
 *   <li>{@code ElementWiseMultiplicationLayer "visible"} (input {@code "visibleField"}, V units,
 *       sigmoid): its bias is the visible bias b, its per-unit scale is pinned to ones (checked on
 *       restore). Fed the field {@code h W'}, its output is p(v = 1 | h).</li>
 * </ul>
 * DL4J has no tied-weight layer; a bias-carrying layer costs V extra numbers, where a second dense
 * layer would duplicate W. The graph's updater is NoOp and DL4J never fits it. All RBM arithmetic
 * runs on ND4J views of those parameters ({@code RbmWeights}); updates write through the views
 * (a test checks the graph sees them, another that the graph's outputs are the conditionals).
 * Parameters are float (DL4J's default). Free energies and exact log Z run on double copies; AIS
 * runs in plain Java ({@code AisChains}): the fields c + v'W and b + W h of the binary states are
 * sums of rows of W accumulated in float, the sigmoids, softpluses and log weights are double
 * (the two softplus terms of each weight increment share one field, so its rounding cancels to
 * first order).
 *
 * <h2>Training</h2>
 * {@code ContrastiveDivergence}: positive statistics from p(h | x); the negative phase runs k block
 * Gibbs steps on binary states, from the data (CD-k) or from persistent chains, as many as the
 * first minibatch, started from uniform noise (PCD-k, Tieleman 2008); negative statistics use
 * p(h | v-). Minibatch-mean gradients, momentum, L2 weight decay on W only. The default follows
 * Hinton's guide (UTML TR 2010-003): CD-1, learning rate 0.05, momentum 0.5, decay 2e-4, W ~
 * N(0, 0.01^2), and {@code train} first sets a fresh model's visible biases to logit of the pixel
 * means. {@code train} binarizes dynamically (a fresh Bernoulli draw per pixel per epoch, like the
 * VAE family); its epoch loss is the squared error of the mean-field reconstruction per image (a
 * monitor only: CD follows no objective).
 *
 * <h2>Likelihood</h2>
 * <ul>
 *   <li>Free energy F(v) = -b'v - sum_j softplus(c_j + (v'W)_j) with an overflow-free softplus
 *       (ND4J's {@code Transforms.softPlus} returns infinity above ~709 in double).</li>
 *   <li>Exact log Z by enumerating the smaller layer (up to 20 units), and exact log p(v) of all
 *       2^V states for V &lt;= 20: the reference for the tests.</li>
 *   <li>AIS (Salakhutdinov and Murray, ICML 2008): base-rate model with visible biases from given
 *       marginals, the hidden units summed out analytically, inverse temperatures spaced like the
 *       paper's 14,500 and scaled to the number asked for. The estimate comes with the standard
 *       error of log Z (delta method), the +/- 3 standard-error bounds of the paper, and the
 *       spread of the log weights. AIS underestimates log Z in expectation (Jensen), so too few
 *       intermediate distributions flatter the log-likelihood; the standard error does not show
 *       that bias, more distributions do.</li>
 *   <li>{@code evaluate}: mean -F(v) - log Z in nats over every image of the split, statically
 *       binarized with seed 0 (the VAE family's protocol), AIS with the config's runs and
 *       distributions (100 x 10,000 by default: about 18 ms per distribution for 784 x 500, so about
 *       3 minutes on 2 busy cores; the cost does not depend on the number of images) and base rates from those images' pixel means.</li>
 * </ul>
 *
 * <h2>Randomness</h2>
 * Each sampling call makes its own ND4J generator from the seed it is given ({@code sample},
 * {@code gibbs}, {@code sampleStates}); training uses one seeded by the training options (or by
 * the config for single {@code fit(batch)} steps). Nothing reads ND4J's global generator, so
 * results do not depend on what ran before. {@code estimateLogPartition} draws from Java
 * {@code SplittableRandom}s, one per AIS run split from one seeded with the seed it is given, so
 * its estimate depends on the seed only (not on the thread count).
 *
 * <p>Not here yet: Gaussian-Bernoulli units for real-valued input and stacking RBMs into a deep
 * autoencoder (Hinton and Salakhutdinov 2006).
 */
package dev.genzoo.generative.rbm;
