package dev.genzoo.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How a CSV table of features was read and scaled for a model, kept on its model card so that
 * evaluation, anomaly scoring and encoding read new rows exactly as the training rows were read:
 * the same delimiter, skipped lines, header and categorical columns, the same feature columns in
 * the same order (a one-hot column whose value new rows never take is zeros; a value or a column
 * the training rows never had is refused), and the same per-column {@link ColumnScaling} fitted on
 * the training rows.
 *
 * @param delimiter   the cell delimiter, one character
 * @param skipLines   lines skipped before the header or the first row
 * @param header      whether the first line read names the columns
 * @param labelColumn the label column (name or 0-based index), or null; new rows may lack it
 * @param categorical columns read as categories, one-hot encoded
 * @param features    the feature columns the model takes, in order ({@code name} or {@code name=value})
 * @param scaling     fitted on the training rows
 */
public record FeatureTable(String delimiter, int skipLines, boolean header, String labelColumn,
        List<String> categorical, List<String> features, ColumnScaling scaling) {

    public FeatureTable {
        if (delimiter == null || delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be one character, found '" + delimiter + "'");
        }
        categorical = List.copyOf(Objects.requireNonNullElse(categorical, List.of()));
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        Objects.requireNonNull(scaling, "scaling");
        if (features.size() != scaling.columns()) {
            throw new IllegalArgumentException(features.size() + " feature columns but a scaling of "
                    + scaling.columns() + " columns");
        }
        new CsvFormat(delimiter.charAt(0), skipLines, header, labelColumn, categorical); // checks the rest
    }

    /** The format {@code table} was read with, its feature columns, and {@code kind} fitted on {@code trainingRows}. */
    public static FeatureTable fit(CsvFormat format, CsvTable trainingRows, ColumnScaling.Kind kind) {
        return new FeatureTable(String.valueOf(format.delimiter()), format.skipLines(), format.header(),
                format.labelColumn(), format.categorical(), trainingRows.featureNames(),
                ColumnScaling.fit(kind, trainingRows.features(DataType.DOUBLE)));
    }

    /** The reading options, with the label column or without it. */
    public CsvFormat format(boolean withLabel) {
        return new CsvFormat(delimiter.charAt(0), skipLines, header, withLabel ? labelColumn : null, categorical);
    }

    /** Reads {@code file} as the training table was read, with its label column if it has one. */
    public CsvTable readTable(Path file) throws IOException {
        try {
            return CsvTable.read(file, format(true));
        } catch (CsvTable.NoSuchColumnException e) {
            if (labelColumn == null || !"label".equals(e.role())) {
                throw e;
            }
            return CsvTable.read(file, format(false)); // new rows without a label column
        }
    }

    /** Reads {@code file}, aligns it to {@link #features} and applies {@link #scaling}. */
    public ImageDataset read(Path file) throws IOException {
        return examples(readTable(file));
    }

    /** {@code table}'s rows aligned to {@link #features} and scaled. */
    public ImageDataset examples(CsvTable table) {
        return table.alignTo(features).toExamples(scaling);
    }
}
