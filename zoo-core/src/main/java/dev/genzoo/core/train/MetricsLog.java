package dev.genzoo.core.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JSON-lines metrics file: one JSON object per line, appended and flushed line by line, so a
 * plot can be drawn from it while the run goes on. Every line has {@code event} and
 * {@code time_s} (seconds since this process started training); see {@link TrainingLoop} for the
 * events. After a resume the file holds the lines of the interrupted run past its last
 * checkpoint too, followed by a {@code resume} line; plots keep the last line per step.
 */
final class MetricsLog implements Closeable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedWriter out;
    private final long t0 = System.nanoTime();

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Appends to {@code file}, creating it and its folder; null gives a log that writes nothing. */
    static MetricsLog open(Path file) {
        if (file == null) {
            return new MetricsLog(null);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new line object with {@code event} and {@code time_s} set. */
    ObjectNode line(String event) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("event", event);
        o.put("time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1e3);
        return o;
    }

    void write(ObjectNode line) {
        if (out == null) {
            return;
        }
        try {
            out.write(MAPPER.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
