/**
 * Image data sets (MNIST, Fashion-MNIST) for GenZoo: an IDX reader that validates what it reads,
 * a locator that finds installed copies before it downloads, and DL4J iterators with the options
 * autoencoders and generative models need (scaling, binarization, input noise with clean targets,
 * flat or image layout, one-hot labels).
 *
 * <p>Design notes. Images are kept as unsigned bytes and turned into floats batch by batch: a
 * training split costs 47 MB instead of 188 MB, and converting one batch is cheap next to a
 * training step. All randomness (shuffle, binarization, noise) is derived from (seed, epoch,
 * batch), not from a running generator, so a checkpoint needs only the epoch and batch position
 * to resume with the very same data.
 */
package dev.genzoo.core.data;
