package dev.genzoo.core.data;

/** What the iterator's DataSet carries as labels. */
public enum Target {
    /** The clean input (after scaling and binarization, before noise): for autoencoders. */
    INPUT,
    /** The class, one-hot: for classifiers and conditional models. */
    LABELS
}
