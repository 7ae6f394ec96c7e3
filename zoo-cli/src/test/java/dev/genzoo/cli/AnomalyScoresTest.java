package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genzoo anomaly --out scores.csv}: every test image's score, and a threshold chosen on a
 * calibration half of the normal images only, whose false-positive rate and recall are measured on
 * the images it was not chosen on; the CSV is consistent with itself and with the reported figures.
 */
class AnomalyScoresTest {

    @Test
    void scoresAndAThresholdChosenOnNormalImagesOnly(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("scores.csv");
        CliTestSupport.Result r = CliTestSupport.run("anomaly", "autoencoder:mnist", "--bundled", "--normal-class", "1",
                "--fpr", "0.1", "--out", csv.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        double threshold = o.get("threshold").asDouble();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("index,label,class,score,anomaly,calibration,flagged", lines.get(0));
        assertEquals(1001, lines.size());
        List<Double> calibration = new ArrayList<>();
        int heldNormal = 0;
        int falsePositives = 0;
        int anomalies = 0;
        int found = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            double score = Double.parseDouble(c[3]);
            boolean anomaly = Boolean.parseBoolean(c[4]);
            boolean cal = Boolean.parseBoolean(c[5]);
            boolean flagged = Boolean.parseBoolean(c[6]);
            assertEquals(!"1".equals(c[1]), anomaly, line);
            // the CSV prints scores to 7 significant digits; one within that rounding of the threshold
            // (the threshold is a calibration image's own score) can print on either side of it
            if (Math.abs(score - threshold) > 1e-6 * Math.abs(threshold)) {
                assertEquals(score > threshold, flagged, line);
            }
            assertFalse(cal && anomaly, "calibration images are normal only: " + line);
            if (cal) {
                calibration.add(score);
            } else if (anomaly) {
                anomalies++;
                found += flagged ? 1 : 0;
            } else {
                heldNormal++;
                falsePositives += flagged ? 1 : 0;
            }
        }
        long calAbove = calibration.stream().filter(s -> s > threshold * (1 + 1e-6)).count();
        assertTrue(calAbove <= 0.1 * calibration.size(), calAbove + " of " + calibration.size() + " above");
        assertEquals((double) falsePositives / heldNormal, o.get("held_out_false_positive_rate").asDouble(), 1e-12);
        assertEquals((double) found / anomalies, o.get("held_out_recall").asDouble(), 1e-12);
        assertTrue(o.get("held_out_recall").asDouble() > 0.8, "ones are easy to tell from other digits: " + o);
    }

    @Test
    void aBadFprIsRefusedAndWritesNothing(@TempDir Path tmp) {
        Path csv = tmp.resolve("s.csv");
        CliTestSupport.Result r = CliTestSupport.run("anomaly", "autoencoder:mnist", "--bundled", "--normal-class", "1",
                "--fpr", "1.5", "--out", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--fpr"), r.err());
        assertFalse(Files.exists(csv));
    }
}
