package dev.genzoo.core.testing;

import dev.genzoo.core.weights.ArtifactRef;
import dev.genzoo.core.weights.WeightStore;
import java.nio.file.Path;

/**
 * Fetches one artifact in a separate process, for tests of the cross-process lock. Arguments:
 * cache root, model name, variant, location. Prints the artifact folder; exits 1 on failure.
 */
public final class FetchMain {

    private FetchMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try {
            Path dir = WeightStore.of(Path.of(args[0]), false).fetch(ArtifactRef.of(args[1], args[2], args[3]));
            System.out.println(dir);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
