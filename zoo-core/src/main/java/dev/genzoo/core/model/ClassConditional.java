package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generative model that draws examples of a class asked for: one-hot labels of shape
 * {@code [n, numClasses()]}. {@link #sample(int, long)} cycles through the classes.
 */
public interface ClassConditional extends Generative {

    /** Number of classes of the one-hot labels. */
    int numClasses();

    /** One sample per row of {@code labels}, from noise drawn with {@code seed}. */
    INDArray sample(INDArray labels, long seed);
}
