package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A model that scores how unusual each example is: higher means more anomalous. */
public interface AnomalyScoring extends GenZooModel {

    /** Anomaly score per example, shape {@code [n]}. */
    INDArray anomalyScore(INDArray x);
}
