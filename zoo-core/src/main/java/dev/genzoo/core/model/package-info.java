/**
 * Shapes, families and the typed model handles that every zoo model implements.
 *
 * <p>{@link dev.genzoo.core.model.GenZooModel} is the common base: name, family, configuration
 * record, input shape and the underlying DL4J networks. The family handles
 * ({@link dev.genzoo.core.model.Autoencoder}, {@link dev.genzoo.core.model.Vae},
 * {@link dev.genzoo.core.model.Gan}, {@link dev.genzoo.core.model.Rbm},
 * {@link dev.genzoo.core.model.Classifier}) are interfaces only; the family modules implement
 * them. Batches are ND4J arrays with examples along dimension 0; per-example results have shape
 * {@code [n]}.
 */
package dev.genzoo.core.model;
