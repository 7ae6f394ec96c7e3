package dev.genzoo.cli;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Shuffle;
import dev.genzoo.core.eval.Ranking;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The scored test images of {@code genzoo anomaly --out}, with a threshold a deployment could use:
 * chosen on normal images only, never on anomalies. A seeded half of the normal test images
 * (seed 0) is the calibration set; the threshold is the score at most {@code fpr} of them exceed
 * ({@link Ranking#thresholdAtFpr}); the false-positive rate and the recall it gives are measured on
 * the other images (the other normal half and every anomaly). Written whole or not at all ({@link CsvFiles}).
 */
final class ScoredCsv {
    private ScoredCsv() {
    }

    /** The threshold and what it gives on the images it was not chosen on; {@code text}: one line saying so. */
    record Result(double threshold, double falsePositiveRate, double recall, String text) {
    }

    /** Writes the CSV. */
    static Result write(Path out, ImageDataset data, double[] scores, boolean[] anomaly, double fpr) throws IOException {
        int[] normal = IntStream.range(0, scores.length).filter(i -> !anomaly[i]).toArray();
        if (normal.length < 2) {
            throw new IllegalArgumentException("--out needs at least 2 normal test images to choose a threshold on,"
                    + " found " + normal.length);
        }
        int[] order = Shuffle.permutation(normal.length, 0);
        boolean[] calibration = new boolean[scores.length];
        double[] calibrationScores = new double[normal.length / 2];
        for (int k = 0; k < calibrationScores.length; k++) {
            calibration[normal[order[k]]] = true;
            calibrationScores[k] = scores[normal[order[k]]];
        }
        double threshold = Ranking.thresholdAtFpr(calibrationScores, fpr);
        int falsePositives = 0;
        int heldNormal = 0;
        int found = 0;
        int anomalies = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] > threshold;
            if (calibration[i]) {
                continue;
            }
            if (anomaly[i]) {
                anomalies++;
                found += flagged ? 1 : 0;
            } else {
                heldNormal++;
                falsePositives += flagged ? 1 : 0;
            }
        }
        CsvFiles.writeAtomically(out, "index,label,class,score,anomaly,calibration,flagged", w -> {
            for (int i = 0; i < scores.length; i++) {
                w.write(i + "," + data.label(i) + "," + CsvFiles.cell(data.classNames().get(data.label(i))) + ","
                        + (float) scores[i] + "," + anomaly[i] + "," + calibration[i] + "," + (scores[i] > threshold));
                w.newLine();
            }
        });
        double heldFpr = heldNormal == 0 ? Double.NaN : (double) falsePositives / heldNormal;
        double recall = anomalies == 0 ? Double.NaN : (double) found / anomalies;
        return new Result(threshold, heldFpr, recall, String.format(Locale.ROOT, "wrote %s: threshold %.6g (at most %.1f%% of %d calibration normal images"
                + " above it); on the other images: false-positive rate %.4f of %d normal, recall %.4f of %d"
                + " anomalies", out, threshold, 100 * fpr, calibrationScores.length,
                heldFpr, heldNormal, recall, anomalies));
    }
}
