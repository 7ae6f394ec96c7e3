package dev.genzoo.core.weights;

import dev.genzoo.core.model.ZooException;

/**
 * A model artifact could not be obtained: offline mode with nothing usable in the cache, a
 * network or HTTP failure, a missing classpath resource or file, or a cache that cannot be
 * written.
 */
public final class ArtifactUnavailableException extends ZooException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message names the artifact and says how to get it. */
    public ArtifactUnavailableException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public ArtifactUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
