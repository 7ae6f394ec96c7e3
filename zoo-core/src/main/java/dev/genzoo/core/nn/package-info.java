/**
 * Layers, vertices and losses shared by the model families, each with a hand-written backward pass
 * checked against finite differences.
 *
 * <ul>
 *   <li>{@link dev.genzoo.core.nn.ReparameterizationVertex}: {@code z = mu + exp(logvar/2) * eps}
 *       (Kingma and Welling 2014).</li>
 *   <li>{@link dev.genzoo.core.nn.KlDivergenceLoss} and {@link dev.genzoo.core.nn.KlWarmUpListener}:
 *       closed-form KL to N(0, I) with a beta weight and linear warm-up, used on a {@code LossLayer}
 *       fed by {@code MergeVertex(mean, logvar)}.</li>
 *   <li>{@link dev.genzoo.core.nn.ContractiveDenseLayer}: dense sigmoid/tanh layer carrying the
 *       contractive penalty {@code lambda ||dh/dx||_F^2} (Rifai et al. 2011).</li>
 *   <li>{@link dev.genzoo.core.nn.ActivityRegularizationLayer}: identity layer adding an L1 or KL
 *       target-sparsity penalty on the code.</li>
 * </ul>
 *
 * <h2>Why custom Java layers</h2>
 * DL4J 1.0.0-M2.1's {@code SameDiffLambdaVertex} and {@code SameDiffLambdaLayer} return wrong input
 * gradients (twice the true value on the first backward pass even for {@code x * 1}, other factors
 * after {@code fit}), and a SameDiff vertex re-runs its forward pass in backward, so a random draw in
 * it is not the draw the forward pass used. Everything here is therefore a plain Java
 * configuration class (JSON-serialisable, public no-argument constructor) plus a runtime class
 * ({@code ...Impl}) with an explicit backward pass.
 *
 * <h2>How the extra loss terms reach the score and the gradients</h2>
 * In M2.1 {@code ComputationGraph.computeGradientAndScore()} and {@code score(DataSet)} compute
 * {@code sum over output layers of (loss / minibatch) + sum over layers of
 * Layer.calcRegularizationScore(true)}; {@code LossLayer} calls
 * {@code ILossFunction.computeScore(..., average = false)} and divides by the minibatch size itself.
 * The penalty layers here keep {@code lambda * penalty} of their last forward pass and return it
 * from {@code calcRegularizationScore}, so {@code ComputationGraph.score()} reports
 * {@code L_rec + lambda * penalty}. Penalties are per-minibatch means; their gradients are returned
 * summed over examples (that is, multiplied by the minibatch size) because DL4J's updater divides
 * every gradient by the minibatch size. This assumes the default {@code miniBatch(true)}.
 * Masks are not supported by the penalty layers, and weight noise (DropConnect) is not reflected
 * in the contractive penalty.
 */
package dev.genzoo.core.nn;
