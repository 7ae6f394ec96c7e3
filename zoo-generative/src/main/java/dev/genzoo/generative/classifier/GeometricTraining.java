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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a {@link GeometricAnomalyDetector} trains: images in [0, 1] (normally of one class:
 * {@code --only-class}), shuffled every epoch with the options' seed; each image of a batch gets a
 * transformation drawn uniformly from ND4J's generator (reseeded by the loop before every step, so
 * runs reproduce and resume exactly) and the step is one of cross-entropy on the transformation's
 * index, through the engine's {@link FastGraphTrainer} (or DL4J's {@code fit} where the engine does
 * not run the graph). The class labels of the data are never used.
 */
public final class GeometricTraining implements TrainingRecipe<GeometricAnomalyDetector> {
    /** The recipe (it keeps no state). */
    public static final GeometricTraining INSTANCE = new GeometricTraining();

    private GeometricTraining() {
    }

    @Override
    public DataPipeline pipeline(GeometricAnomalyDetector model, ImageDataset data, TrainingOptions options) {
        model.checkData(data);
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed()).layout(Layout.IMAGE)
                .target(Target.INPUT);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    @Override
    public TrainingStep step(GeometricAnomalyDetector model, TrainingOptions options) {
        var graph = model.graph();
        var trainer = FastGraphTrainer.of(graph, options.engine());
        return raw -> {
            DataSet batch = transformed(model, raw.getFeatures());
            if (trainer.isPresent()) {
                return StepResult.of(trainer.get().fit(batch));
            }
            graph.fit(batch);
            return StepResult.of(graph.score());
        };
    }

    /** The batch's images each under a random transformation, labelled with its index (one-hot). */
    static DataSet transformed(GeometricAnomalyDetector model, INDArray images) {
        GeometricTransforms transforms = model.config().transforms();
        int n = (int) images.size(0);
        int k = transforms.count();
        Random rng = Nd4j.getRandom();
        int[] t = new int[n];
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, k);
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(k);
            labels.putScalar(i, t[i], 1f);
        }
        return new DataSet(transforms.apply(model.toImages(images), t), labels);
    }
}
