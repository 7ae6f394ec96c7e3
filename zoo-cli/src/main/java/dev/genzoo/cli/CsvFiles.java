package dev.genzoo.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The CSV files commands write ({@code encode}, {@code anomaly --out}): whole or not at all. */
final class CsvFiles {
    private CsvFiles() {
    }

    /** Writes the data rows after {@code header}, one {@link BufferedWriter#newLine()} each. */
    interface Rows {
        void write(BufferedWriter w) throws IOException;
    }

    /**
     * Writes {@code header} and {@code rows} to a temporary file beside {@code out} and moves it into
     * place once complete; a failure leaves {@code out} as it was and no temporary file behind.
     */
    static void writeAtomically(Path out, String header, Rows rows) throws IOException {
        writeAtomically(out, w -> {
            w.write(header);
            w.newLine();
            rows.write(w);
        });
    }

    /** Writes whatever {@code content} writes to a temporary file beside {@code out}, then moves it into place. */
    static void writeAtomically(Path out, Rows content) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + out.getFileName(), ".part");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.write(w);
            }
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A text cell, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
