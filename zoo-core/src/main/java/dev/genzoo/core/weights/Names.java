package dev.genzoo.core.weights;

import java.util.regex.Pattern;

/**
 * Validation of names that become file or folder names: model names, variants, network roles and
 * artifact file names. Only letters, digits, '.', '_' and '-', starting with a letter or digit, so
 * no name can climb out of its folder ("..", "/", "\") or hide (".x").
 */
public final class Names {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Names() {
    }

    /** Whether {@code name} is a safe single path segment. */
    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Checks a name.
     *
     * @throws IllegalArgumentException naming {@code parameter}, the value and what is allowed
     */
    public static String require(String parameter, String name) {
        if (!isSafe(name)) {
            throw new IllegalArgumentException(parameter + " must be 1-128 characters of letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit and without '..', found '" + name + "'");
        }
        return name;
    }
}
