package dev.genzoo.core.registry;

import dev.genzoo.core.model.GenZooModel;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * Rebuilds a zoo model around restored networks (pretrained weights). Implementations check
 * that the roles and classes of the networks are the ones the model needs and throw
 * {@link IllegalArgumentException} naming what is wrong otherwise.
 *
 * @param <C> configuration record type
 * @param <M> model type
 */
@FunctionalInterface
public interface ModelRestorer<C extends Record, M extends GenZooModel> {

    /** The model of {@code config} wrapping {@code networks} (role to ComputationGraph or MultiLayerNetwork). */
    M restore(C config, Map<String, Model> networks);
}
