package dev.genzoo.core.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * A model of the zoo: a typed configuration plus the DL4J network(s) it built. Every zoo model
 * implements this interface and, usually, one of the family handles ({@link Autoencoder},
 * {@link Vae}, {@link Gan}, {@link Rbm}, {@link Classifier}). Tools ask what a model can do through
 * its capabilities ({@link Generative}, {@link ClassConditional}, {@link MarkovChainSampler},
 * {@link Reconstructing}, {@link Encoding}, {@link AnomalyScoring}, {@link LikelihoodModel}), never
 * through its family or class; {@link AbstractZooModel} is the base the zoo's handles share.
 *
 * <p>The networks are exposed for power users (fine-tuning, listeners, custom training loops);
 * they are the model's own instances, not copies, and are what {@code ModelArtifacts} saves.
 */
public interface GenZooModel {

    /** The registry name of the model, e.g. {@code "vae-mlp"}. */
    String name();

    /** The family the model belongs to; the family handles supply it. */
    Family family();

    /** The immutable configuration that fully rebuilds the architecture. */
    Record config();

    /** The shape of one input example. */
    InputShape inputShape();

    /**
     * The range of values of the model's data space: inputs are scaled to it and outputs
     * (reconstructions, samples) lie in it. [0, 1] unless the model says otherwise (a tanh
     * generator: [-1, 1]); {@code genzoo train} writes it on the card.
     */
    default ValueRange valueRange() {
        return ValueRange.UNIT;
    }

    /**
     * The DL4J networks of the model in a stable order, keyed by role: {@code "graph"} for a
     * single-network model, {@code "generator"} and {@code "discriminator"} for a GAN. Each value
     * is a {@code ComputationGraph} or a {@code MultiLayerNetwork}.
     */
    Map<String, Model> networks();

    /**
     * The network with the given role.
     *
     * @throws IllegalArgumentException if the model has no network of that role
     */
    default Model network(String role) {
        Model network = networks().get(role);
        if (network == null) {
            throw new IllegalArgumentException("Model '" + name() + "' has no network '" + role
                    + "'; it has " + networks().keySet());
        }
        return network;
    }

    /**
     * Lets go of what a model keeps between training calls (a GAN loop's engine buffers and scratch
     * arrays) when no more training follows, so that an evaluation after training does not hold both;
     * a later {@code fit} builds them again, its loop's counters and pools of past samples starting
     * afresh. The parameters and updater state stay. Default: the model keeps nothing.
     */
    default void releaseTraining() {
    }
}
