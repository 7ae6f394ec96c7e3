package dev.genzoo.core.train;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.weights.ModelCard;
import java.util.Map;

/**
 * A zoo model that knows how to train on, and evaluate itself against, an image data set: the
 * family chooses the pipeline (scaling, binarization, targets) its loss needs. This is what
 * {@code genzoo train} and {@code genzoo evaluate} call.
 */
public interface Trainable {

    /** Trains on {@code data} and reports the per-epoch loss. */
    TrainingReport train(ImageDataset data, TrainingOptions options);

    /**
     * The family's metrics on {@code data} (normally a full test split), each with the protocol
     * that makes it comparable.
     */
    Map<String, ModelCard.Metric> evaluate(ImageDataset data);
}
