package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a metrics log back: the last line per step after a resume, differences, and bad files named by line. */
class MetricsLogsTest {

    private static String step(long s, double dReal, double dFake) {
        return "{\"event\":\"step\",\"time_s\":1.0,\"step\":" + s + ",\"epoch\":1,\"batch\":" + s
                + ",\"losses\":{\"d_real\":" + dReal + ",\"d_fake\":" + dFake + "},\"loss\":" + (dFake - dReal) + "}";
    }

    @Test
    void aResumedRunKeepsTheLastLinePerStep(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("metrics.jsonl");
        Files.write(f, List.of("{\"event\":\"start\",\"time_s\":0.0}", step(20, 5, 1), step(40, 4, 1), step(60, 9, 9),
                "{\"event\":\"resume\",\"time_s\":0.0,\"step\":40}", "", step(60, 3, 1), step(80, 2, 1)));
        MetricsLogs.Log log = MetricsLogs.read(f);
        assertEquals(List.of(20L, 40L, 60L, 80L), List.copyOf(log.steps().keySet()));
        MetricsLogs.Series w = log.series("d_real-d_fake");
        assertArrayEquals(new double[] {20, 40, 60, 80}, w.steps());
        assertArrayEquals(new double[] {4, 3, 2, 1}, w.values(), 1e-12);
        assertArrayEquals(new double[] {-4, -3, -2, -1}, log.series("loss").values(), 1e-12);
        assertTrue(log.metricNames().containsAll(List.of("d_real", "d_fake", "loss", "time_s")), log.metricNames()
                .toString());
        assertTrue(!log.metricNames().contains("epoch") && !log.metricNames().contains("batch"));
    }

    @Test
    void aCompactedLogAveragesWindowsAndReadsBack(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("metrics.jsonl");
        List<String> lines = new java.util.ArrayList<>();
        for (int s = 1; s <= 10; s++) {
            lines.add(step(10L * s, s, 0)); // d_real = s
        }
        Files.write(f, lines);
        MetricsLogs.Compact c = MetricsLogs.read(f).compact(4); // windows of 3: 1-3, 4-6, 7-9, 10; medians
        assertEquals(3, c.window());
        assertEquals(List.of(30L, 60L, 90L, 100L), List.copyOf(c.log().steps().keySet()));
        assertArrayEquals(new double[] {2, 5, 8, 10}, c.log().series("d_real").values(), 1e-12);
        Path out = tmp.resolve("training-log.jsonl");
        try (var w = Files.newBufferedWriter(out)) {
            c.write(w);
        }
        MetricsLogs.Log back = MetricsLogs.read(out);
        assertEquals(c.log().steps().keySet(), back.steps().keySet());
        assertArrayEquals(new double[] {-2, -5, -8, -10}, back.series("d_fake-d_real").values(), 1e-12);
        assertTrue(!back.metricNames().contains(MetricsLogs.WINDOW), back.metricNames().toString());
        try (var in = Files.newBufferedReader(out)) {
            assertEquals(3, MetricsLogs.readCompact(in, out.toString()).window(), "the window reads back");
        }
        try (var in = Files.newBufferedReader(f)) {
            assertEquals(1, MetricsLogs.readCompact(in, f.toString()).window(), "a plain log: window 1");
        }
        assertEquals(4, Files.readAllLines(out).size());
        // a spike inside a window does not carry into its point: window 4-6 is {4, 1e25, 6}, median 6
        lines.set(4, step(50, 1e25, 0));
        Files.write(f, lines);
        assertArrayEquals(new double[] {2, 6, 8, 10}, MetricsLogs.read(f).compact(4).log().series("d_real").values(),
                1e-12);
        // short logs stay as they are; fewer than 2 points is refused
        assertEquals(1, MetricsLogs.read(f).compact(10).window());
        assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(f).compact(1));
    }

    @Test
    void badFilesAndMetricsAreNamed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.jsonl");
        Files.write(f, List.of(step(1, 1, 0), "{\"event\":\"step\", \"step\": 2, trunc"));
        var e = assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not JSON"), e.getMessage());
        Files.write(f, List.of("[1, 2]"));
        e = assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(f));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("not a JSON object"), e.getMessage());
        Files.write(f, List.of("{\"event\":\"start\",\"time_s\":0.0}"));
        e = assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(f));
        assertTrue(e.getMessage().contains("no step lines"), e.getMessage());
        Files.writeString(f, "{\"event\":\"step\",\"step\":1,\"x\":\"" + "a".repeat(MetricsLogs.MAX_LINE + 10));
        e = assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(f));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("longer than"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> MetricsLogs.read(tmp.resolve("none.jsonl")));
        e = assertThrows(IllegalArgumentException.class, () -> MetricsLogs.read(tmp));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());

        Files.write(f, List.of(step(1, 1, 0)));
        MetricsLogs.Log log = MetricsLogs.read(f);
        e = assertThrows(IllegalArgumentException.class, () -> log.series("g_loss"));
        assertTrue(e.getMessage().contains("'g_loss'") && e.getMessage().contains("d_real"), e.getMessage());
        for (String bad : List.of("d_real-", "-d_fake", "a-b-c", " ")) {
            assertThrows(IllegalArgumentException.class, () -> log.series(bad), bad);
        }
    }
}
