package dev.genzoo.core.train;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.GenZooModel;

/**
 * How a family trains, apart from the model it trains (as Tribuo separates a {@code Trainer} from
 * its {@code Model}): the data pipeline its loss needs and its optimisation step, both run by the
 * one {@link TrainingLoop}, so progress, the metrics log, checkpoints, exact resume and the NaN
 * guard work the same for every family. A registry entry names its family's recipe
 * ({@code ZooEntry.training()}); {@code genzoo train} finds it there.
 *
 * @param <M> the model type the recipe trains
 */
public interface TrainingRecipe<M extends GenZooModel> {

    /** The batches one epoch iterates: scaling, binarization, noise, targets, shuffled with the options' seed. */
    DataPipeline pipeline(M model, ImageDataset data, TrainingOptions options);

    /**
     * One optimisation step on a batch of {@link #pipeline}. It draws its randomness from ND4J's
     * generator, which the loop reseeds before every step, and exposes any state of its own through
     * {@link TrainingStep#checkpointState()}, so a resumed run ends bit-identical.
     */
    TrainingStep step(M model, TrainingOptions options);

    /** Work before the first step of a fresh run (e.g. an RBM's visible biases from pixel means); none by default. */
    default void prepare(M model, ImageDataset data, DataPipeline pipeline) {
    }

    /** Console progress for the run, wrapped if the recipe adds its own (a GAN's sample grids). */
    default ProgressListener progress(M model, TrainingOptions options) {
        return options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
    }

    /** Trains {@code model} on {@code data} through {@link TrainingLoop}. */
    default TrainingReport train(M model, ImageDataset data, TrainingOptions options) {
        DataPipeline pipeline = pipeline(model, data, options);
        prepare(model, data, pipeline);
        return TrainingLoop.builder().setModel(model).setData(pipeline.iterator()).setStep(step(model, options))
                .setOptions(options).optProgress(progress(model, options)).build().run();
    }
}
