package dev.genzoo.core.registry;

import dev.genzoo.core.model.ZooException;

/** No registered model or variant has the requested name; the message lists the valid names and the closest one. */
public final class ModelNotFoundException extends ZooException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message listing the valid choices. */
    public ModelNotFoundException(String message) {
        super(message);
    }
}
