package dev.genzoo.core.model;

/**
 * Base of the zoo's checked exceptions: failures a caller can act on (an unknown model name, a
 * corrupt or unavailable artifact). Programming errors are unchecked.
 */
public class ZooException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what went wrong and what to do next. */
    public ZooException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public ZooException(String message, Throwable cause) {
        super(message, cause);
    }
}
