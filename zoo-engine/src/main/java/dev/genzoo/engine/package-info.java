/**
 * The fast training engine: trains DL4J networks on their own parameters, gradient views and
 * updaters with hand-written forward and backward passes, so a network trained here is an ordinary
 * DL4J network (serialisation, {@code fit}, listeners' counters all unchanged), and vice versa.
 *
 * <ul>
 *   <li>{@link dev.genzoo.engine.FastGraphTrainer}: dense graphs with merges, parameter-free vertices
 *       (e.g. a reparameterisation) and several inputs and outputs; products on a second thread
 *       beside the backward pass ({@link dev.genzoo.engine.SideThread}).</li>
 *   <li>{@link dev.genzoo.engine.FastLayerStack}: a linear stack of dense, convolution, transposed
 *       convolution, batch norm and activation layers on channel-major buffers (im2col + one product
 *       per convolution), with an input-gradient-only backward pass for a GAN's generator step.</li>
 *   <li>{@link dev.genzoo.engine.FusedLoss}: the extension point for losses evaluated in one pass
 *       (score and gradient together); DL4J's sigmoid-BCE output is adapted here, GenZoo's own
 *       losses implement it in {@code zoo-core} and the families.</li>
 * </ul>
 *
 * <p>Switches are explicit: {@link dev.genzoo.engine.EngineOptions}, given when a trainer is made;
 * no system property is read. Anything a trainer does not support is refused by its {@code of}
 * (empty) with the reason from {@code unsupportedReason}, and the caller falls back to DL4J's
 * {@code fit}.
 *
 * <p>Dependency direction: this module depends on DL4J and ND4J only; {@code zoo-core} and the
 * family modules depend on it.
 */
package dev.genzoo.engine;
