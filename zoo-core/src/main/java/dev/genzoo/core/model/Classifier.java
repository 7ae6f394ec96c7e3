package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Handle of a classifier: class probabilities, plus the penultimate-layer features that FID, KID
 * and the classifier score use to compare generated with real data.
 */
public interface Classifier extends GenZooModel {

    @Override
    default Family family() {
        return Family.CLASSIFIER;
    }

    /** Number of classes. */
    int numClasses();

    /** Class probabilities per example, shape {@code [n, numClasses()]}. */
    INDArray predict(INDArray x);

    /** Size of the feature vector returned by {@link #features}. */
    int featureSize();

    /** Feature vector per example, shape {@code [n, featureSize()]}. */
    INDArray features(INDArray x);

    /**
     * {@link #features} and {@link #predict} of the same examples, in that order; a classifier
     * computes both from one forward pass where it can (the generative evaluations need both).
     */
    default INDArray[] featuresAndPredictions(INDArray x) {
        return new INDArray[] {features(x), predict(x)};
    }
}
