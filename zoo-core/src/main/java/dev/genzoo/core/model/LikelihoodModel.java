package dev.genzoo.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A model with a tractable estimate of log p(x) by importance sampling (a VAE). */
public interface LikelihoodModel extends GenZooModel {

    /** Estimate of log p(x) per example in nats with {@code k} importance samples, shape {@code [n]}. */
    INDArray logLikelihood(INDArray x, int k);
}
