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
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /**
     * The step lines of a log.
     *
     * @param file  where it was read from
     * @param steps step number to that step's metrics, the last line per step
     */
    public record Log(Path file, SortedMap<Long, Map<String, Double>> steps) {
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
                throw new IllegalArgumentException("no step of " + file + " has the metric '" + metric
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
        SortedMap<Long, Map<String, Double>> steps = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
                            && !f.getKey().equals("batch")) {
                        values.put(f.getKey(), f.getValue().asDouble());
                    }
                }
                n.path("losses").fields().forEachRemaining(f -> {
                    if (f.getValue().isNumber()) {
                        values.put(f.getKey(), f.getValue().asDouble());
                    }
                });
                steps.put(n.path("step").asLong(), values);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(file + " has no step lines; expected the metrics log of a training"
                    + " (genzoo train --checkpoint-dir or --metrics-log)");
        }
        return new Log(file, steps);
    }

    /** Reads one line into {@code line}, refusing lines over {@link #MAX_LINE}; false at the end of the file. */
    private static boolean readLine(Reader in, StringBuilder line, Path file, int number) throws IOException {
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
