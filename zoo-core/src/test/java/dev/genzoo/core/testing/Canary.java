package dev.genzoo.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A serialisable object that records being Java-deserialised: planted as a {@code preprocessor.bin}
 * zip entry, it tells a test whether anything (DL4J's {@code ModelSerializer}) deserialised it.
 */
public final class Canary implements Serializable {
    private static final long serialVersionUID = 1L;
    private static volatile boolean deserialised;

    /** Whether any canary was deserialised since the last {@link #reset()}. */
    public static boolean deserialised() {
        return deserialised;
    }

    /** Forgets earlier deserialisations. */
    public static void reset() {
        deserialised = false;
    }

    /** The Java serialisation of a canary. */
    public static byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Canary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        deserialised = true;
        in.defaultReadObject();
    }
}
