package dev.genzoo.core.weights;

import java.util.Locale;

/**
 * Where a model artifact lives: a folder holding {@value ModelCard#FILE_NAME} and the files it
 * lists. Locations are {@code classpath:genzoo/models/<name>/<variant>/}, {@code file:/abs/dir/}
 * or {@code https://host/path/} ({@code http://} is accepted for mirrors and tests). The optional
 * {@code cardSha256} pins the card, and through its file hashes the whole artifact.
 *
 * @param name       registry name of the model
 * @param variant    variant name
 * @param location   folder location; a trailing '/' is added when missing
 * @param cardSha256 expected SHA-256 of the model card, or null to trust the card at the location
 */
public record ArtifactRef(String name, String variant, String location, String cardSha256) {

    /** The scheme of a location. */
    public enum Scheme {
        /** A resource folder on the class path: bundled, works offline. */
        CLASSPATH,
        /** A local folder, used in place. */
        FILE,
        /** HTTP(S): needs the network, cached under the weight store's root. */
        HTTP
    }

    /** Validates the names, the scheme and the digest. */
    public ArtifactRef {
        Names.require("name", name);
        Names.require("variant", variant);
        if (location == null) {
            throw new IllegalArgumentException("location must be classpath:, file:, https: or http:, found null");
        }
        location = location.endsWith("/") ? location : location + "/";
        schemeOf(location);
        if (cardSha256 != null) {
            Sha256.require("cardSha256", cardSha256);
        }
    }

    /** An unpinned reference. */
    public static ArtifactRef of(String name, String variant, String location) {
        return new ArtifactRef(name, variant, location, null);
    }

    /** The location's scheme. */
    public Scheme scheme() {
        return schemeOf(location);
    }

    /** {@code name:variant}. */
    public String reference() {
        return name + ":" + variant;
    }

    /** Location of one file of the artifact. */
    public String locationOf(String file) {
        return location + file;
    }

    private static Scheme schemeOf(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("classpath:")) {
            return Scheme.CLASSPATH;
        }
        if (lower.startsWith("file:")) {
            return Scheme.FILE;
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return Scheme.HTTP;
        }
        throw new IllegalArgumentException("location must start with classpath:, file:, https:// or http://, found '"
                + location + "'");
    }
}
