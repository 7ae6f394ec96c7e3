package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.weights.ModelArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCheckpointCommandTest {
    @TempDir
    Path tmp;

    static CliTestSupport.Result train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "autoencoder", "--bundled", "--batch", "100", "--limit",
                "300", "--set", "hidden=[16]", "--set", "codeSize=4", "--quiet", "--json", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliTestSupport.run(args.toArray(String[]::new));
    }

    @Test
    void checkpointedRunExtendedByResumeMatchesAnUninterruptedRun() throws Exception {
        ObjectMapper json = new ObjectMapper();
        CliTestSupport.Result full = train(tmp.resolve("full"), "--epochs", "2");
        assertEquals(0, full.exit(), full.err());

        Path ckpt = tmp.resolve("ckpt");
        CliTestSupport.Result first = train(tmp.resolve("first"), "--epochs", "1", "--checkpoint-dir", ckpt.toString(),
                "--checkpoint-every", "2");
        assertEquals(0, first.exit(), first.err());
        assertTrue(Files.isRegularFile(ckpt.resolve("ckpt-000000003/graph.zip")));
        assertTrue(Files.isRegularFile(ckpt.resolve("metrics.jsonl")));

        CliTestSupport.Result resumed = train(tmp.resolve("resumed"), "--epochs", "2", "--resume", ckpt.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        JsonNode r = json.readTree(resumed.out());
        assertEquals(3, r.get("resumedAtStep").asInt());
        assertEquals(6, r.get("steps").asInt());
        assertEquals(json.readTree(full.out()).get("epochLoss"), r.get("epochLoss"));
        assertEquals(json.readTree(full.out()).get("metrics"), r.get("metrics"));
        assertTrue(Files.isDirectory(ckpt.resolve("ckpt-000000006")), "a resumed run keeps checkpointing there");
        assertTrue(ModelArtifacts.readCard(tmp.resolve("resumed")).description().contains("seed 42 fixes"));
    }

    @Test
    void badCheckpointSettingsAreOneLineReasons() {
        CliTestSupport.Result r = train(tmp.resolve("x"), "--epochs", "1", "--keep-checkpoints", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--keep-checkpoints must be >= 1, found 0"), r.err());
        // a missing --resume folder is a bad argument, found before training starts (issue 28)
        r = train(tmp.resolve("y"), "--epochs", "1", "--resume", tmp.resolve("nothing").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--resume") && r.err().contains("does not exist"), r.err());
    }

    /**
     * The RBM and the classifiers train through the same loop as every family: --checkpoint-dir,
     * --resume, --metrics-log and --quiet reach them (they used to be ignored).
     */
    @Test
    void rbmAndClassifierHonourCheckpointsResumeMetricsLogAndQuiet() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (List<String> model : List.of(
                List.of("rbm", "--set", "hiddenSize=16", "--set", "aisRuns=2", "--set", "aisDistributions=20"),
                List.of("classifier-mnist", "--set", "featureSize=16"))) {
            String name = model.get(0);
            List<String> base = new ArrayList<>(List.of("train"));
            base.addAll(model);
            base.addAll(List.of("--dataset", "mnist", "--bundled", "--batch", "50", "--limit", "200", "--quiet",
                    "--json"));
            Path log = tmp.resolve(name + "-metrics.jsonl");
            Path ckpt = tmp.resolve(name + "-ckpt");
            List<String> full = new ArrayList<>(base);
            full.addAll(List.of("--epochs", "2", "--metrics-log", log.toString(), "--out", tmp.resolve(name + "-full")
                    .toString()));
            CliTestSupport.Result f = CliTestSupport.run(full.toArray(String[]::new));
            assertEquals(0, f.exit(), f.err());
            assertEquals("", f.err().trim(), name + ": --quiet printed " + f.err());
            assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.matches(".*\"event\"\\s*:\\s*\"end\".*")),
                    name + " metrics log");
            // 8 steps, fewer than --log-every's default: the log has no step line, and the artifact no curve
            assertFalse(Files.exists(tmp.resolve(name + "-full").resolve(TrainCommand.TRAINING_LOG)), name);

            List<String> first = new ArrayList<>(base);
            first.addAll(List.of("--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "3",
                    "--out", tmp.resolve(name + "-first").toString()));
            assertEquals(0, CliTestSupport.run(first.toArray(String[]::new)).exit(), name);
            List<String> resumed = new ArrayList<>(base);
            resumed.addAll(List.of("--epochs", "2", "--resume", ckpt.toString(), "--out",
                    tmp.resolve(name + "-resumed").toString()));
            CliTestSupport.Result r = CliTestSupport.run(resumed.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            assertEquals(4, json.readTree(r.out()).get("resumedAtStep").asInt(), name);
            assertEquals(json.readTree(f.out()).get("epochLoss"), json.readTree(r.out()).get("epochLoss"), name);
            assertEquals(json.readTree(f.out()).get("metrics"), json.readTree(r.out()).get("metrics"), name);
        }
    }
}
