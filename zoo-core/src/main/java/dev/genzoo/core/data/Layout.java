package dev.genzoo.core.data;

/** How an image batch is shaped. */
public enum Layout {
    /** {@code [n, height*width]} for dense networks. */
    FLAT,
    /** {@code [n, 1, height, width]} (NCHW) for convolutional networks. */
    IMAGE
}
