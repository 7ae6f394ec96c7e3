package dev.genzoo.core.data;

/**
 * Turning grey levels into binary pixels, as likelihood benchmarks on MNIST do.
 * Binary pixels are then mapped to the pipeline's scale ({0,1} or {-1,1}).
 */
public enum Binarization {
    /** Grey levels kept. */
    NONE,
    /** Pixel on when its intensity exceeds one half. */
    THRESHOLD,
    /**
     * One Bernoulli draw per pixel with p = intensity, fixed per image and seed (the same binary
     * image every epoch: "static binarization").
     */
    STATIC,
    /** A fresh Bernoulli draw every time an image is served ("dynamic binarization"). */
    DYNAMIC
}
