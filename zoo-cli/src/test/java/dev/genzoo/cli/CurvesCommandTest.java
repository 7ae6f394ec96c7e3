package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genzoo curves} on the metrics log of a real (tiny) training, and on bad logs and arguments. */
class CurvesCommandTest {

    @Test
    void plotsTheMetricsOfATraining(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("run.jsonl");
        CliTestSupport.Result train = CliTestSupport.run("train", "gan-mlp", "--bundled", "--limit", "256", "--epochs",
                "1", "--batch", "32", "--log-every", "2", "--metrics-log", log.toString(), "--out",
                tmp.resolve("gan").toString(), "--quiet");
        assertEquals(0, train.exit(), train.err());
        long stepLines = Files.readAllLines(log).stream().filter(l -> l.contains("\"event\":\"step\"")).count();
        assertEquals(4, stepLines, "8 steps logged every 2");

        CliTestSupport.Result list = CliTestSupport.run("curves", log.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("4 logged steps (2..8)") && list.out().contains("d_loss")
                && list.out().contains("g_loss"), list.out());

        Path png = tmp.resolve("out/curves.png");
        CliTestSupport.Result plot = CliTestSupport.run("curves", log.toString(), "--metric", "d_real-d_fake",
                "--metric", "g_loss", "--out", png.toString(), "--width", "640", "--height", "320");
        assertEquals(0, plot.exit(), plot.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(320, img.getHeight());
        assertTrue(plot.out().contains("d_real-d_fake, g_loss"), plot.out());

        // the artifact carries the run's log (4 steps: kept as logged), which curves reads like any log
        Path kept = tmp.resolve("gan").resolve(TrainCommand.TRAINING_LOG);
        assertEquals(4, Files.readAllLines(kept).size());
        CliTestSupport.Result fromArtifact = CliTestSupport.run("curves", kept.toString());
        assertTrue(fromArtifact.out().contains("4 logged steps (2..8)"), fromArtifact.out());
        // compacted to 2 points: steps 4 and 8, each the median (mean of the two) of two logged steps
        Path compact = tmp.resolve("compact.jsonl");
        CliTestSupport.Result c = CliTestSupport.run("curves", log.toString(), "--compact", "2", "--out",
                compact.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("2 steps, each the median of 2 logged steps of 4"), c.out());
        var full = dev.genzoo.core.train.MetricsLogs.read(log).series("g_loss").values();
        var halves = dev.genzoo.core.train.MetricsLogs.read(compact).series("g_loss");
        assertEquals(List.of(4.0, 8.0), java.util.Arrays.stream(halves.steps()).boxed().toList());
        assertEquals((full[2] + full[3]) / 2, halves.values()[1], 1e-5 * Math.abs(full[3]) + 1e-9);
    }

    @Test
    void badLogsAndArgumentsAreNamedAndWriteNothing(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("c.png");
        Path log = tmp.resolve("m.jsonl");
        Files.write(log, List.of("{\"event\":\"step\",\"step\":1,\"losses\":{\"d_loss\":-1.5}}",
                "{\"event\":\"step\",\"step\":2,\"losses\":{\"d_loss\":-1.0}}"));
        expect(2, "does not exist", "curves", tmp.resolve("none.jsonl").toString(), "--metric", "d_loss", "--out",
                png.toString());
        expect(2, "needs --out", "curves", log.toString(), "--metric", "d_loss");
        expect(2, "'g_loss'", "curves", log.toString(), "--metric", "g_loss", "--out", png.toString());
        expect(2, "logarithmic", "curves", log.toString(), "--metric", "d_loss", "--log-y", "--out", png.toString());
        expect(2, "is a folder", "curves", log.toString(), "--metric", "d_loss", "--out", tmp.toString());
        expect(2, "--compact must be >= 2", "curves", log.toString(), "--compact", "1", "--out", png.toString());
        expect(2, "not --metric", "curves", log.toString(), "--compact", "5", "--metric", "d_loss", "--out",
                png.toString());
        Path broken = tmp.resolve("broken.jsonl");
        Files.write(broken, List.of("{\"event\":\"step\",\"step\":1,\"losses\":{\"d_loss\":-1.5}}", "{\"event\":"));
        expect(2, "line 2", "curves", broken.toString(), "--metric", "d_loss", "--out", png.toString());
        assertFalse(Files.exists(png), "nothing written on a bad argument");
    }

    private static void expect(int exit, String text, String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertEquals(exit, r.exit(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(text), String.join(" ", args) + ": " + r.err());
    }
}
