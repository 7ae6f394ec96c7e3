package dev.genzoo.generative.classifier;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;
import dev.genzoo.engine.FastGraphTrainer;

/**
 * How the classifiers train: images in [0, 1] with one-hot labels, shuffled every epoch with the
 * options' seed, augmented as the config asks ({@link Augmentation}), one step of cross-entropy per batch (dropout drawn from ND4J's generator, which the
 * loop reseeds every step), through {@code TrainingLoop}: the engine's {@link FastGraphTrainer}
 * (same maths as DL4J's {@code fit}, checked step for step by the engine's tests), or {@code fit}
 * for a graph the engine does not run.
 */
public final class ClassifierTraining implements TrainingRecipe<CnnClassifier> {
    /** The recipe (it keeps no state). */
    public static final ClassifierTraining INSTANCE = new ClassifierTraining();

    private ClassifierTraining() {
    }

    @Override
    public DataPipeline pipeline(CnnClassifier model, ImageDataset data, TrainingOptions options) {
        model.checkData(data);
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed()).layout(Layout.IMAGE)
                .target(Target.LABELS);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    @Override
    public TrainingStep step(CnnClassifier model, TrainingOptions options) {
        var graph = model.graph();
        var trainer = FastGraphTrainer.of(graph, options.engine());
        Augmentation augmentation = model.config().augmentation();
        return raw -> {
            var batch = augmentation == Augmentation.NONE ? raw
                    : new org.nd4j.linalg.dataset.DataSet(augmentation.apply(raw.getFeatures()), raw.getLabels());
            if (trainer.isPresent()) {
                return StepResult.of(trainer.get().fit(batch));
            }
            graph.fit(batch);
            return StepResult.of(graph.score());
        };
    }
}
