package dev.genzoo.core.eval;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.weights.ModelCard;
import java.util.Map;

/**
 * A family's metrics, each with the protocol text that makes it comparable (what data, which
 * scaling, how many samples). A registry entry names its family's protocol
 * ({@code ZooEntry.evaluation()}); {@code genzoo evaluate} and {@code genzoo train} find it there
 * and write what it returns on the model card.
 *
 * @param <M> the model type the protocol measures
 */
@FunctionalInterface
public interface EvaluationProtocol<M extends GenZooModel> {

    /** The metrics of {@code model} on {@code data} (normally a whole test split). */
    Map<String, ModelCard.Metric> evaluate(M model, ImageDataset data);
}
