package dev.genzoo.core;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where GenZoo keeps things on disk, resolved on every call (so a test or a user can redirect it
 * at run time): the home folder from {@code -Dgenzoo.home}, then {@code GENZOO_HOME}, then
 * {@code ~/.genzoo}.
 */
public final class GenZooPaths {
    private GenZooPaths() {
    }

    /** The GenZoo home folder (not created). */
    public static Path home() {
        String prop = System.getProperty("genzoo.home");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("GENZOO_HOME");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".genzoo");
    }

    /** Cache folder of downloaded data sets: {@code <home>/datasets}. */
    public static Path datasets() {
        return home().resolve("datasets");
    }

    /**
     * Whether the network is off limits: {@code -Dgenzoo.offline=true} or {@code GENZOO_OFFLINE=1}
     * (or {@code true}).
     */
    public static boolean offline() {
        String prop = System.getProperty("genzoo.offline");
        if (prop != null) {
            return prop.equals("1") || prop.equalsIgnoreCase("true");
        }
        String env = System.getenv("GENZOO_OFFLINE");
        return env != null && (env.equals("1") || env.equalsIgnoreCase("true"));
    }
}
