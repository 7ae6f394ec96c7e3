package dev.genzoo.core.registry;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" support: the closest candidate by Levenshtein edit distance. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code input} (case-insensitive), first one on ties; empty if there are none. */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String needle = input == null ? "" : input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = levenshtein(needle, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edit distance with unit cost for insertion, deletion and substitution. */
    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** "Unknown {kind} 'x'. Did you mean 'y'? Valid {kind}s: [...]" */
    static String unknown(String kind, String input, Collection<String> valid, String context) {
        StringBuilder message = new StringBuilder("Unknown ").append(kind).append(" '").append(input).append("'");
        if (context != null) {
            message.append(' ').append(context);
        }
        message.append('.');
        closest(input, valid).ifPresent(c -> message.append(" Did you mean '").append(c).append("'?"));
        message.append(" Valid ").append(kind).append("s: ").append(valid.isEmpty() ? "none registered" : valid);
        return message.toString();
    }
}
