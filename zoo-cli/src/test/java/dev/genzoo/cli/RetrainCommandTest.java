package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.registry.ModelZoo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retrain repeats the run a card records: same command, same parameters. */
class RetrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void retrainingFromACardGivesTheSameParameters() throws Exception {
        Path first = tmp.resolve("first");
        CliTestSupport.Result t = CliTestSupport.run("train", "autoencoder", "--bundled", "--epochs", "2", "--batch",
                "50", "--seed", "9", "--set", "hidden=[32]", "--set", "codeSize=4", "--quiet", "--out", first.toString());
        assertEquals(0, t.exit(), t.err());
        Path second = tmp.resolve("second");
        CliTestSupport.Result r = CliTestSupport.run("retrain", first.toString(), "--out", second.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("genzoo train autoencoder --dataset mnist --bundled --epochs 2 --batch 50 --seed 9"),
                r.out());
        Autoencoder a = ModelZoo.load(first);
        Autoencoder b = ModelZoo.load(second);
        assertEquals(a.networks().get("graph") == null ? 0 : 1, b.networks().get("graph") == null ? 0 : 1);
        var pa = ((org.deeplearning4j.nn.graph.ComputationGraph) a.networks().values().iterator().next()).params();
        var pb = ((org.deeplearning4j.nn.graph.ComputationGraph) b.networks().values().iterator().next()).params();
        assertEquals(pa, pb, "same config, seed, data and batches: the same parameters");
    }

    @Test
    void dryRunOfABundledModelPrintsItsTrainCommand() {
        CliTestSupport.Result r = CliTestSupport.run("retrain", "denoising-ae:mnist", "--out", tmp.resolve("x").toString(),
                "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("train denoising-ae --dataset mnist --epochs 20 --batch 128 --seed 42"), r.out());
        assertTrue(r.out().contains("--set noise=gaussian:0.3"), r.out());
    }

    @Test
    void unknownModelIsABadArgument() {
        CliTestSupport.Result r = CliTestSupport.run("retrain", "nope:mnist", "--out", tmp.resolve("y").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no bundled model nope:mnist"), r.err());
    }
}
