package dev.genzoo.core.model;

/** Model families of the zoo; each has a typed handle. */
public enum Family {
    AUTOENCODER,
    VAE,
    GAN,
    RBM,
    CLASSIFIER,
    BASELINE
}
