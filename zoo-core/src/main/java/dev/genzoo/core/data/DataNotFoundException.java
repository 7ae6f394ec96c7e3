package dev.genzoo.core.data;

/** A data set that could not be found in any known location nor downloaded. */
public final class DataNotFoundException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }

    public DataNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
