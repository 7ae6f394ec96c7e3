package dev.genzoo.core.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;

/**
 * A verified artifact read from disk: its card and the restored networks, in card order, keyed by
 * network role.
 *
 * @param card     the model card
 * @param networks role to restored ComputationGraph or MultiLayerNetwork
 */
public record LoadedArtifact(ModelCard card, Map<String, Model> networks) {

    /** Copies the map, keeping its order. */
    public LoadedArtifact {
        Objects.requireNonNull(card, "card");
        networks = Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    }
}
