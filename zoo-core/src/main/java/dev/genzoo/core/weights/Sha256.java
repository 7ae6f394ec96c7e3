package dev.genzoo.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 helpers: lower-case hex digests of bytes, files and streams. */
public final class Sha256 {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 64 * 1024;

    private Sha256() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Hex digest of {@code bytes}. */
    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    /** Hex digest of a file, streamed. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    /** Lower-case hex of a finished digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Whether {@code s} is 64 lower-case hex digits. */
    public static boolean isValid(String s) {
        return s != null && HEX.matcher(s).matches();
    }

    /**
     * Checks a digest given by a caller.
     *
     * @throws IllegalArgumentException naming {@code parameter} unless {@code s} is 64 lower-case hex digits
     */
    public static String require(String parameter, String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException(parameter + " must be a SHA-256 of 64 lower-case hex digits, found '"
                    + s + "'");
        }
        return s;
    }
}
