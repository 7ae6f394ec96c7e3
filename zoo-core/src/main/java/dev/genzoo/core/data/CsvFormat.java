package dev.genzoo.core.data;

import java.util.List;
import java.util.Objects;

/**
 * How to read a CSV table ({@link CsvTable#read}).
 *
 * @param delimiter   the field separator (',' by default; ';' and '\t' are common)
 * @param skipLines   lines to skip before the data (and before the header line, when there is one)
 * @param header      whether the first line after the skipped ones names the columns
 * @param labelColumn the column holding each row's class (a name from the header, or a 0-based
 *                    index), or null for a table without labels
 * @param categorical columns (names or 0-based indices) whose values are categories, one-hot encoded
 *                    in the features: one column per distinct value, in sorted order
 */
public record CsvFormat(char delimiter, int skipLines, boolean header, String labelColumn, List<String> categorical) {
    public CsvFormat {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter cannot be a quote or a line break, found '" + delimiter + "'");
        }
        if (skipLines < 0) {
            throw new IllegalArgumentException("skipLines must be >= 0, found " + skipLines);
        }
        categorical = List.copyOf(Objects.requireNonNullElse(categorical, List.of()));
    }

    /** Comma-separated, a header line of column names, no label, every column numeric. */
    public static CsvFormat withHeader() {
        return new CsvFormat(',', 0, true, null, List.of());
    }

    /** Comma-separated, no header line, no label, every column numeric. */
    public static CsvFormat plain() {
        return new CsvFormat(',', 0, false, null, List.of());
    }

    /** The same with another delimiter. */
    public CsvFormat withDelimiter(char d) {
        return new CsvFormat(d, skipLines, header, labelColumn, categorical);
    }

    /** The same skipping {@code n} lines first. */
    public CsvFormat withSkipLines(int n) {
        return new CsvFormat(delimiter, n, header, labelColumn, categorical);
    }

    /** The same with a label column (name or 0-based index). */
    public CsvFormat withLabel(String column) {
        return new CsvFormat(delimiter, skipLines, header, column, categorical);
    }

    /** The same with these categorical columns (names or 0-based indices). */
    public CsvFormat withCategorical(String... columns) {
        return new CsvFormat(delimiter, skipLines, header, labelColumn, List.of(columns));
    }
}
