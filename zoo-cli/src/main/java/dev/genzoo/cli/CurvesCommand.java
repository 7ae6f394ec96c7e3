package dev.genzoo.cli;

import dev.genzoo.core.train.MetricsLogs;
import dev.genzoo.core.viz.LossCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo curves LOG --metric M... --out curves.png}: curves of a training's metrics log
 * ({@code metrics.jsonl} of {@code genzoo train --checkpoint-dir}, or {@code --metrics-log}) against
 * the step, while the run goes on or after; {@code A-B} plots a difference (a critic's Wasserstein
 * estimate: {@code d_real-d_fake}). Without {@code --metric} it lists the metrics the log has.
 */
@Command(name = "curves", mixinStandardHelpOptions = true, description = "Plot metrics of a training's metrics log"
        + " (metrics.jsonl) against the step, as a PNG; without --metric, list the metrics it has.")
final class CurvesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", description = "The metrics log: metrics.jsonl in a --checkpoint-dir, or a"
            + " --metrics-log file; a checkpoint folder stands for its metrics.jsonl.")
    Path log;

    @Option(names = "--metric", paramLabel = "M", description = "A logged value (d_loss, g_loss, gradient_penalty,"
            + " loss, ...) or a difference A-B (d_real-d_fake); repeat for several curves.")
    List<String> metrics;

    @Option(names = "--out", description = "PNG file to write (needed with --metric); with --compact, the"
            + " compacted log (JSON lines).")
    Path out;

    @Option(names = "--compact", paramLabel = "N", description = "Instead of a picture, write the log in at most N"
            + " steps to --out, each the median of a window of consecutive logged steps (what genzoo train keeps in"
            + " an artifact as training-log.jsonl, for its curve).")
    Integer compact;

    @Option(names = "--title", description = "Chart title (default: the log's folder name).")
    String title;

    @Option(names = "--log-y", description = "Logarithmic y axis (every value must be > 0).")
    boolean logY;

    @Option(names = "--width", defaultValue = "900", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "450", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = Files.isDirectory(log) && Files.isRegularFile(log.resolve("metrics.jsonl"))
                ? log.resolve("metrics.jsonl") : log;
        if (!Files.exists(file)) {
            throw Args.bad(spec, "LOG " + log + " does not exist; expected a metrics log (metrics.jsonl in a"
                    + " --checkpoint-dir, or a --metrics-log file)");
        }
        if (metrics != null && out == null) {
            throw Args.bad(spec, "--metric needs --out, the PNG file to write");
        }
        if (compact != null) {
            if (metrics != null || out == null) {
                throw Args.bad(spec, "--compact writes a compacted log to --out and draws nothing: give --out, not"
                        + " --metric");
            }
            Args.atLeast(spec, "--compact", compact, 2);
        }
        if (out != null) {
            Args.outputFile(spec, "--out", out);
        }
        MetricsLogs.Log read;
        try {
            read = MetricsLogs.read(file);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, "LOG: " + e.getMessage());
        }
        if (compact != null) {
            MetricsLogs.Compact c = read.compact(compact);
            CsvFiles.writeAtomically(out, c::write);
            spec.commandLine().getOut().println("wrote " + out + " (" + c.log().steps().size() + " steps"
                    + (c.window() == 1 ? ", as logged" : ", each the median of " + c.window() + " logged steps of "
                    + read.steps().size()) + ")");
            return 0;
        }
        if (metrics == null) {
            spec.commandLine().getOut().println(file + ": " + read.steps().size() + " logged steps ("
                    + read.steps().firstKey() + ".." + read.steps().lastKey() + "); metrics: "
                    + String.join(", ", read.metricNames()));
            return 0;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String m : metrics) {
            MetricsLogs.Series s;
            try {
                s = read.series(m);
            } catch (IllegalArgumentException e) {
                throw Args.bad(spec, "--metric " + e.getMessage());
            }
            series.put(s.name(), new double[][] {s.steps(), s.values()});
        }
        String t = title != null ? title : String.valueOf(file.toAbsolutePath().getParent().getFileName());
        try {
            LossCurves.writeStepPng(series, t, logY, width, height, out);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + String.join(", ", series.keySet()) + "; "
                + read.steps().size() + " steps)");
        return 0;
    }
}
