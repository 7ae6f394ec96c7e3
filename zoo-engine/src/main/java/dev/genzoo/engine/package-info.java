/**
 * The fast training engine: trains DL4J networks on their own parameters, gradient views and
 * updaters with hand-written forward and backward passes, so a network trained here is an ordinary
 * DL4J network (serialisation, {@code fit}, listeners' counters all unchanged), and vice versa.
 *
 * <ul>
 *   <li>{@link dev.genzoo.engine.FastGraphTrainer}: any {@code ComputationGraph} of supported pieces:
 *       dense and output layers on its own dense path (products on a second thread beside the
 *       backward pass, {@link dev.genzoo.engine.SideThread}); convolutions, transposed convolutions,
 *       batch and instance norm, pooling, upsampling, padding and activation layers as channel-major
 *       steps; merges, element-wise, reshaping and AdaIN vertices; any other feed-forward layer
 *       through DL4J's own layer code; several inputs and outputs. {@code fit} for whole steps
 *       (with per-example loss weights), and {@code forward}/{@code backward}/{@code update} for
 *       custom loops (input gradients, input-gradient-only passes, gradient accumulation).</li>
 *   <li>{@link dev.genzoo.engine.FastLayerStack}: a linear stack of the same steps (a
 *       {@code MultiLayerNetwork} or a chain graph), the GAN discriminators' and the DCGAN's runner,
 *       with an input-gradient-only backward pass for a GAN's generator step.</li>
 *   <li>{@code Ops} and {@code Kernels} (package-private): the layer steps and their Java loops,
 *       shared by both; element-wise kernels split over both cores.</li>
 *   <li>{@link dev.genzoo.engine.FusedLoss}: the extension point for losses evaluated in one pass
 *       (score and gradient together); DL4J's sigmoid-BCE output is adapted here, GenZoo's own
 *       losses implement it in {@code zoo-core} and the families; any other DL4J loss runs as DL4J
 *       computes it.</li>
 *   <li>{@code dev.genzoo.engine.layers}: DL4J layers and vertices DL4J lacks, each with a plain
 *       DL4J implementation and an engine step: reflection padding, instance normalisation, AdaIN's
 *       per-channel scale and shift.</li>
 * </ul>
 *
 * <p>Switches are explicit: {@link dev.genzoo.engine.EngineOptions}, given when a trainer is made;
 * no system property is read. Anything a trainer does not support (sequence layers, masks on
 * images) is refused by its {@code of} (empty) with the reason from {@code unsupportedReason}, said
 * once at INFO, and the caller falls back to DL4J's {@code fit}.
 *
 * <p>Dependency direction: this module depends on DL4J and ND4J only; {@code zoo-core} and the
 * family modules depend on it.
 */
package dev.genzoo.engine;
