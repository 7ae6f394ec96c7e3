package dev.genzoo.core.weights;

import dev.genzoo.core.model.ZooException;

/**
 * A model artifact is corrupt, truncated, tampered with, or in a format this version of GenZoo
 * does not support (an unknown model-card format version, an unexpected archive entry, networks
 * that do not match the registered model).
 */
public final class MalformedModelException extends ZooException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names the artifact and file and says what to do next. */
    public MalformedModelException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public MalformedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
