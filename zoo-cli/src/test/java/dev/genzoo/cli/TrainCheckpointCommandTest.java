package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(r.err().contains("keepCheckpoints must be >= 1, found 0"), r.err());
        r = train(tmp.resolve("y"), "--epochs", "1", "--resume", tmp.resolve("nothing").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
