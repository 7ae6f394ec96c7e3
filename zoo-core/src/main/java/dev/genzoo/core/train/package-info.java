/**
 * Training support: {@link dev.genzoo.core.train.TrainingRecipe}, a family's data pipeline and
 * step, found on its registry entry (what {@code genzoo train} runs); options and reports; and
 * {@link dev.genzoo.core.train.TrainingLoop}, the step-by-step driver every family trains through: console progress ({@link dev.genzoo.core.train.ConsoleProgress}, or none
 * in quiet mode), a JSON-lines metrics log, atomic rotated {@link dev.genzoo.core.train.Checkpoints}
 * that resume bit-identically, and a NaN/Inf guard
 * ({@link dev.genzoo.core.train.TrainingDivergedException}).
 *
 * <h2>Plugging a family in</h2>
 * A family supplies three things: the model ({@code GenZooModel}: its name, its config, checked on
 * resume, and {@code networks()}, each of which is checkpointed with its parameters, updater state
 * and DL4J iteration/epoch counts), a data pipeline ({@code ImageDataSetIterator}, which the loop
 * positions at (epoch, batch)), and a {@link dev.genzoo.core.train.TrainingStep}, one optimisation
 * step on one batch returning its losses: the recipe's {@code pipeline} and {@code step}
 * ({@code AutoencoderTraining}, {@code VaeTraining}, {@code GanTraining}, {@code RbmTraining},
 * {@code ClassifierTraining}). State a step keeps of its own goes into
 * {@code checkpointState()}; arrays through {@link dev.genzoo.core.train.ArrayState}.
 *
 * <h2>A GAN</h2>
 * The GAN family ({@code dev.genzoo.generative.gan.GanTraining}) plugs in the same
 * way, with no change to this package: each batch is one discriminator step, every k-th batch
 * also runs the generator step, the k-counter and the trainer's iteration count travel in
 * {@code checkpointState()}, and G's noise generator is reseeded from ND4J's at every step
 * ({@code GanResumeTest}: a GAN and a WGAN killed inside a critic cycle resume bit-identically).
 * What such a step needs in general:
 * <ul>
 *   <li>{@code networks()} returns both roles, e.g. {@code generator} and {@code discriminator}
 *       (ComputationGraph or MultiLayerNetwork); each gets its own {@code <role>.zip} with its own
 *       updater state, so both updaters resume exactly. A network updated by hand
 *       ({@code getUpdater().update(...)}, {@code params().subi(...)}) must advance its own
 *       iteration count, as DL4J-NOTES.md says; the loop saves and restores the counts.</li>
 *   <li>The step runs the whole custom loop body for one real batch: k discriminator updates and
 *       one generator update, latent noise drawn with {@code Nd4j.randn} (the loop reseeds ND4J's
 *       generator from (seed, step) before every step, so nothing else is needed for exactness),
 *       and returns {@code StepResult.of("d_loss", d, "g_loss", g)}; the guard checks both. The loop
 *       hands a step one batch; a trainer that takes k <em>separate</em> real batches per
 *       iteration ({@code GanTrainer.step(DataSet...)}) needs the loop to pass k batches per step
 *       (steps per epoch floor(batches / k)): a small addition to the builder, not yet made.</li>
 *   <li>A generator of its own (e.g. {@code Nd4j.getRandomFactory().getNewRandomInstance(seed)})
 *       is not restored: reseed it in the step from
 *       {@link dev.genzoo.core.train.TrainingLoop#stepSeed(long, long)}, or use ND4J's global one.
 *       A step counter of its own goes into {@code checkpointState()}.</li>
 *   <li>If the step keeps state of its own across batches (a counter for k discriminator batches
 *       per generator update spread over several batches, a fixed sample-grid noise, an
 *       exponential moving average of G), it returns it from {@code checkpointState()} and takes
 *       it back in {@code restoreCheckpointState()}.</li>
 *   <li>Do not draw from {@code java.util.Random} or other generators that are not derived from
 *       the batch or the step seed: those are not restored.</li>
 * </ul>
 */
package dev.genzoo.core.train;
