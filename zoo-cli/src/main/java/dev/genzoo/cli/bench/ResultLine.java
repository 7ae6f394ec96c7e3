package dev.genzoo.cli.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One machine-readable line: {@code RESULT key=value ...} or {@code SUMMARY key=value ...}. */
final class ResultLine {
    private final String kind;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    ResultLine(String kind) {
        this.kind = kind;
    }

    ResultLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    void print(PrintWriter w) {
        StringBuilder sb = new StringBuilder(kind);
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v instanceof Double d
                ? String.format(Locale.ROOT, "%.5g", d) : v));
        w.println(sb);
        w.flush();
    }

    /** Peak resident set size of this process in MB (VmHWM), or -1 where /proc is missing. */
    static long peakRssMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
