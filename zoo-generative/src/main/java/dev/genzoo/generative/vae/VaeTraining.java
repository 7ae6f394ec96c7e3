package dev.genzoo.generative.vae;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;

/**
 * How the zoo's VAEs train: dynamically binarized images (a fresh Bernoulli draw per pixel each
 * time an image is served, the protocol of Burda et al. 2016), shuffled every epoch; a conditional
 * model also gets the one-hot labels. One step of the training graph's loss per batch
 * (-log p(x|z) + beta_t KL per example, one posterior sample), through the engine where it supports
 * the graph (the MLP VAEs), through DL4J's {@code fit} otherwise.
 */
public final class VaeTraining implements TrainingRecipe<GraphVae> {
    /** The recipe (it keeps no state). */
    public static final VaeTraining INSTANCE = new VaeTraining();

    private VaeTraining() {
    }

    @Override
    public DataPipeline pipeline(GraphVae model, ImageDataset data, TrainingOptions options) {
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed()).seed(options.seed())
                .binarize(Binarization.DYNAMIC).layout(model.imageLayout() ? Layout.IMAGE : Layout.FLAT)
                .target(model.arch().conditional() ? Target.LABELS : Target.INPUT);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    @Override
    public TrainingStep step(GraphVae model, TrainingOptions options) {
        var trainer = model.fastTrainer(options.engine());
        var graph = model.graph();
        boolean conditional = model.arch().conditional();
        return batch -> {
            var data = model.trainingData(batch.getFeatures(), conditional ? batch.getLabels() : null);
            if (trainer.isPresent()) {
                return StepResult.of(trainer.get().fit(data));
            }
            graph.fit(data);
            return StepResult.of(graph.score());
        };
    }
}
