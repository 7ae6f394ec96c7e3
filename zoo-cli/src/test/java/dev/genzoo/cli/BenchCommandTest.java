package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    static List<Map<String, String>> lines(String out, String kind) {
        return out.lines().filter(l -> l.startsWith(kind + " ")).map(l -> {
            Map<String, String> m = new HashMap<>();
            Arrays.stream(l.substring(kind.length() + 1).split(" ")).forEach(kv -> {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            });
            return m;
        }).toList();
    }

    @Test
    void zooAndNaiveFollowTheSameLossTrajectory() {
        CliTestSupport.Result zoo = CliTestSupport.run("bench", "mlp-ae", "--variant", "zoo", "--bundled", "--epochs",
                "2", "--in-process");
        CliTestSupport.Result naive = CliTestSupport.run("bench", "mlp-ae", "--variant", "naive", "--bundled", "--epochs",
                "2", "--in-process");
        assertEquals(0, zoo.exit(), zoo.err());
        assertEquals(0, naive.exit(), naive.err());
        List<Map<String, String>> z = lines(zoo.out(), "RESULT");
        List<Map<String, String>> n = lines(naive.out(), "RESULT");
        assertEquals(2, z.size());
        for (int e = 0; e < 2; e++) {
            double lz = Double.parseDouble(z.get(e).get("train_loss"));
            double ln = Double.parseDouble(n.get(e).get("train_loss"));
            assertEquals(ln, lz, 1e-3 * ln, "epoch " + (e + 1));
            assertTrue(Double.parseDouble(z.get(e).get("samples_per_s")) > 0);
        }
        Map<String, String> summary = lines(zoo.out(), "SUMMARY").get(0);
        assertTrue(summary.containsKey("median_samples_per_s") && summary.containsKey("peak_rss_mb"), summary.toString());
    }

    @Test
    void unknownWorkloadIsABadArgument() {
        CliTestSupport.Result r = CliTestSupport.run("bench", "resnet");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("WORKLOAD must be"), r.err());
    }
}
