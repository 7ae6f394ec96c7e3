package dev.genzoo.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the metrics log a training writes ({@code metrics.jsonl}: {@link MetricsLog}) back as
 * per-step values, for curves of a run while it goes on or after it ended. After a resume the log
 * holds the lines of the cut run past its last checkpoint and then the resumed run's lines for the
 * same steps: the last line per step wins, so the curve is that of the run as it was completed.
 * A metric is a value of a step line's {@code losses} (a GAN's {@code d_loss}, {@code d_real},
 * {@code gradient_penalty}, ...) or one of its top-level numbers ({@code loss},
 * {@code examples_per_s}); {@code A-B} is the difference of two metrics on the steps that have both
 * (a critic's Wasserstein estimate: {@code d_real-d_fake}).
 */
public final class MetricsLogs {
    /** Longest line read, in characters: a step line is a few hundred; longer is not a metrics log. */
    static final int MAX_LINE = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Field of a compacted log's step line: how many logged steps it summarises; not a metric. */
    public static final String WINDOW = "window_steps";

    /**
     * The step lines of a log.
     *
     * @param source where it was read from (a file, or a bundled model's classpath resource)
     * @param steps  step number to that step's metrics, the last line per step
     */
    public record Log(String source, SortedMap<Long, Map<String, Double>> steps) {
        /** Every metric name some step has, sorted. */
        public Set<String> metricNames() {
            Set<String> names = new TreeSet<>();
            steps.values().forEach(m -> names.addAll(m.keySet()));
            return names;
        }

        /**
         * The values of {@code metric} (a name or {@code A-B}) at the steps that have it, in step order.
         *
         * @throws IllegalArgumentException naming the metric and the names the log has, when no step has it
         */
        public Series series(String metric) {
            String[] parts = parseMetric(metric);
            TreeMap<Long, Double> points = new TreeMap<>();
            for (var e : steps.entrySet()) {
                Double a = e.getValue().get(parts[0]);
                Double b = parts.length > 1 ? e.getValue().get(parts[1]) : Double.valueOf(0);
                if (a != null && b != null) {
                    points.put(e.getKey(), a - b);
                }
            }
            if (points.isEmpty()) {
                throw new IllegalArgumentException("no step of " + source + " has the metric '" + metric
                        + "'; it has: " + String.join(", ", metricNames())
                        + " (and differences A-B of two of them)");
            }
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            int i = 0;
            for (var p : points.entrySet()) {
                x[i] = p.getKey();
                y[i++] = p.getValue();
            }
            return new Series(metric, x, y);
        }

        /**
         * The log in at most {@code maxPoints} steps, for a curve that travels with a bundled model:
         * consecutive logged steps are taken in windows of {@code ceil(steps / maxPoints)} and each
         * window becomes one step, numbered as its last, whose metrics are the medians of the window's
         * values (of the steps that have the metric): a curve's level, robust to a single spike, as a
         * GAN's losses have. A log with no more than {@code maxPoints} steps is returned as it is.
         *
         * @return the compacted log and the window length
         * @throws IllegalArgumentException when {@code maxPoints < 2}
         */
        public Compact compact(int maxPoints) {
            if (maxPoints < 2) {
                throw new IllegalArgumentException("a compacted log needs at least 2 points, found " + maxPoints);
            }
            int window = (steps.size() + maxPoints - 1) / maxPoints;
            if (window <= 1) {
                return new Compact(this, 1);
            }
            SortedMap<Long, Map<String, Double>> out = new TreeMap<>();
            Map<String, List<Double>> values = new LinkedHashMap<>();
            int in = 0;
            long last = steps.lastKey();
            for (var e : steps.entrySet()) {
                e.getValue().forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                if (++in == window || e.getKey() == last) {
                    Map<String, Double> medians = new LinkedHashMap<>();
                    values.forEach((k, v) -> medians.put(k, median(v)));
                    out.put(e.getKey(), medians);
                    values.clear();
                    in = 0;
                }
            }
            return new Compact(new Log(source, out), window);
        }
    }

    /** The median of non-empty values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /**
     * A compacted log ({@link Log#compact}).
     *
     * @param log    one step per window, numbered as the window's last logged step
     * @param window how many consecutive logged steps each of its steps summarises (1: not compacted)
     */
    public record Compact(Log log, int window) {
        /**
         * Writes it in the metrics log's own format, which {@link #read} reads back: one line per
         * step, {@code {"event":"step","step":S,"window_steps":K,<metric>:<median>,...}}, values to 6
         * significant digits.
         */
        public void write(java.io.Writer w) throws IOException {
            for (var e : log.steps().entrySet()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = MAPPER.createObjectNode();
                o.put("event", "step");
                o.put("step", e.getKey());
                o.put(WINDOW, window);
                e.getValue().forEach((k, v) -> {
                    if (Double.isFinite(v)) {
                        o.put(k, new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue());
                    }
                });
                w.write(MAPPER.writeValueAsString(o));
                w.write('\n');
            }
        }
    }

    /** One metric against the step number. */
    public record Series(String name, double[] steps, double[] values) {
    }

    private MetricsLogs() {
    }

    private static String[] parseMetric(String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a metric name is empty; expected a name such as d_loss, or A-B");
        }
        int dash = metric.indexOf('-');
        if (dash < 0) {
            return new String[] {metric.trim()};
        }
        String a = metric.substring(0, dash).trim();
        String b = metric.substring(dash + 1).trim();
        if (a.isEmpty() || b.isEmpty() || b.contains("-")) {
            throw new IllegalArgumentException("metric '" + metric + "': expected NAME or NAME-NAME (a difference)");
        }
        return new String[] {a, b};
    }

    /**
     * Reads a metrics log.
     *
     * @throws NoSuchFileException      when there is no such file
     * @throws IllegalArgumentException naming the file and line when a line is not a JSON object, is
     *                                  longer than a metrics line can be, or the file has no step line
     */
    public static Log read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder; expected a metrics log (metrics.jsonl in a"
                    + " --checkpoint-dir, or the file given to --metrics-log)");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a metrics log from {@code in}; {@code file} names it in messages (a path, or the
     * classpath resource of a bundled model's training log).
     *
     * @throws IllegalArgumentException as {@link #read(Path)}
     */
    public static Log read(BufferedReader in, String file) throws IOException {
        return parse(in, file, new int[1]);
    }

    /**
     * Reads a log {@link Compact#write} wrote (any metrics log reads as one with window 1): the steps
     * and how many logged steps each summarises.
     *
     * @throws IllegalArgumentException as {@link #read(Path)}
     */
    public static Compact readCompact(BufferedReader in, String file) throws IOException {
        int[] window = {1};
        Log log = parse(in, file, window);
        return new Compact(log, window[0]);
    }

    /** The step lines of {@code in}; the largest {@value #WINDOW} of them goes to {@code window[0]}. */
    private static Log parse(BufferedReader in, String file, int[] window) throws IOException {
        SortedMap<Long, Map<String, Double>> steps = new TreeMap<>();
        StringBuilder line = new StringBuilder();
        int number = 0;
        while (readLine(in, line, file, number + 1)) {
            number++;
            if (line.length() == 0) {
                continue;
            }
            JsonNode n;
            try {
                n = MAPPER.readTree(line.toString());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + number + " is not JSON ("
                        + e.getOriginalMessage() + "); expected one JSON object per line, as genzoo train writes");
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(file + " line " + number + " is not a JSON object");
            }
            if (!"step".equals(n.path("event").asText()) || !n.path("step").canConvertToLong()) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                var f = it.next();
                if (f.getValue().isNumber() && !f.getKey().equals("step") && !f.getKey().equals("epoch")
                        && !f.getKey().equals("batch") && !f.getKey().equals(WINDOW)) {
                    values.put(f.getKey(), f.getValue().asDouble());
                }
            }
            window[0] = Math.max(window[0], n.path(WINDOW).asInt(1));
            n.path("losses").fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    values.put(f.getKey(), f.getValue().asDouble());
                }
            });
            steps.put(n.path("step").asLong(), values);
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(file + " has no step lines; expected the metrics log of a training"
                    + " (genzoo train --checkpoint-dir or --metrics-log)");
        }
        return new Log(file, steps);
    }

    /** Reads one line into {@code line}, refusing lines over {@link #MAX_LINE}; false at the end of the file. */
    private static boolean readLine(Reader in, StringBuilder line, String file, int number) throws IOException {
        line.setLength(0);
        int c = in.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException(file + " line " + number + " is longer than " + MAX_LINE
                        + " characters; not a metrics log");
            }
            c = in.read();
        }
        return true;
    }
}
