package dev.genzoo.autoencoders;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;

/**
 * How the zoo's autoencoders train: images scaled to [0, 1], shuffled every epoch with the options'
 * seed, the clean image as target (corruption, code noise and penalties live inside the graph), one
 * step of the graph's own loss per batch: through the engine's {@code FastGraphTrainer} where it
 * supports the graph (dense graphs), through DL4J's {@code fit} otherwise (convolutions, the
 * contractive layer, activity regularisation).
 */
public final class AutoencoderTraining implements TrainingRecipe<GraphAutoencoder> {
    /** The recipe (it keeps no state). */
    public static final AutoencoderTraining INSTANCE = new AutoencoderTraining();

    private AutoencoderTraining() {
    }

    @Override
    public DataPipeline pipeline(GraphAutoencoder model, ImageDataset data, TrainingOptions options) {
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed())
                .layout(model.imageLayout() ? Layout.IMAGE : Layout.FLAT);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    /** One optimisation step of the graph on a batch of {@link #pipeline}; the loss is DL4J's score. */
    @Override
    public TrainingStep step(GraphAutoencoder model, TrainingOptions options) {
        var trainer = model.fastTrainer(options.engine());
        var graph = model.graph();
        return batch -> {
            if (trainer.isPresent()) {
                return StepResult.of(trainer.get().fit(batch));
            }
            graph.fit(batch);
            return StepResult.of(graph.score());
        };
    }
}
