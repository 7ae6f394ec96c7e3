package dev.genzoo.core.testing;

import dev.genzoo.core.Settings;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.DatasetLocator;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.Idx;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.train.Checkpoints;
import dev.genzoo.core.weights.ModelArtifacts;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Loads one file the way the zoo does, in a child JVM with a bounded heap, and reports how it
 * ended and the peak heap used. Arguments: kind ({@code artifact}, {@code checkpoint}, {@code idx},
 * {@code mnist-test}) and path. Prints {@code REFUSED <message>} (exit 0), {@code LOADED} (exit 2)
 * or {@code OUT_OF_MEMORY} (exit 3), then {@code PEAK_HEAP_MB <n>}.
 */
public final class LoadMain {
    private LoadMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        Path path = Path.of(args[1]);
        int code;
        try {
            switch (args[0]) {
                case "artifact" -> ModelArtifacts.load(path);
                case "checkpoint" -> Checkpoints.load(path);
                case "idx" -> Idx.read(path);
                case "mnist-test" -> Datasets.load(DatasetId.MNIST, Split.TEST, DatasetLocator
                        .builder(Settings.of(new Properties(), Map.of())).dataDir(path).cacheRoot(path.resolve("cache"))
                        .debianRoots(List.of()).npmRoots(List.of()).offline(true).build());
                default -> throw new IllegalArgumentException("unknown kind " + args[0]);
            }
            System.out.println("LOADED");
            code = 2;
        } catch (OutOfMemoryError e) {
            System.out.println("OUT_OF_MEMORY " + e.getMessage());
            code = 3;
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getMessage());
            code = 0;
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PEAK_HEAP_MB " + (peak >> 20));
        System.exit(code);
    }
}
