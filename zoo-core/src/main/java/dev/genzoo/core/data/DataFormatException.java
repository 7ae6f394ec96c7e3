package dev.genzoo.core.data;

/** A data file that exists but is not what it should be: foreign format, truncated, wrong checksum. */
public final class DataFormatException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
