package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.data.ColumnScaling;
import dev.genzoo.core.data.FeatureTable;
import dev.genzoo.core.data.Shuffle;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data csv:FILE} without {@code size=}: a table of features with a header, a categorical
 * and a label column trains a one-class autoencoder through the CLI. The card keeps the columns and a
 * min-max scaling fitted on the normal training rows (checked against the rows recomputed here); the
 * one-class protocol finds the faults; new rows without the label column (and without one category)
 * are scored against the card's threshold, the same as the rows scored in the one-class protocol;
 * bad tables are named and write nothing.
 */
class FeatureTableCommandTest {
    private static final String HEADER = "temp,pressure,site,vibration,status";

    /** Pressure follows temperature on a curve; a fault (every 8th row) is 12 units off it. */
    private static String row(Random rng, boolean fault, String site) {
        double t = 10 + 30 * rng.nextDouble();
        double p = 100 + 0.2 * (t - 25) * (t - 25) + 0.3 * rng.nextGaussian() + (fault ? (rng.nextBoolean() ? 12 : -12)
                : 0);
        return String.format(Locale.ROOT, "%.4f,%.4f,%s,%.4f", t, p, site, 1 + 0.1 * rng.nextGaussian());
    }

    static Path sensors(Path file, int rows) throws Exception {
        Random rng = new Random(7);
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < rows; i++) {
            boolean fault = i % 8 == 0;
            lines.add(row(rng, fault, i % 3 == 0 ? "north" : "south") + "," + (fault ? "fault" : "ok"));
        }
        Files.write(file, lines);
        return file;
    }

    @Test
    void aTableOfFeaturesTrainsScoresAndKeepsItsScaling(@TempDir Path tmp) throws Exception {
        Path csv = sensors(tmp.resolve("sensors.csv"), 480);
        Path out = tmp.resolve("ae");
        String spec = "csv:" + csv + ",header,label=status,cat=site";
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--data", spec, "--only-class", "1",
                "--set", "inputSize=5", "--set", "hidden=[16]", "--set", "codeSize=2", "--set", "loss=MSE",
                "--set", "learningRate=0.01", "--epochs", "60", "--batch", "16", "--out", out.toString(), "--json",
                "--quiet");
        assertEquals(0, r.exit(), r.err());
        JsonNode losses = new ObjectMapper().readTree(r.out()).get("epochLoss");
        assertTrue(losses.get(losses.size() - 1).asDouble() < 0.5 * losses.get(0).asDouble(), "it learned: " + losses);

        ModelCard card = ModelArtifacts.readCard(out);
        assertEquals("csv:sensors.csv", card.dataset().name());
        FeatureTable table = card.dataset().table();
        assertNotNull(table, "the card keeps how the table was read");
        assertEquals(List.of("temp", "pressure", "site=north", "site=south", "vibration"), table.features());
        assertEquals(ColumnScaling.Kind.MIN_MAX, table.scaling().kind());
        // the scaling is the normal ("ok") training rows' min and max: the rows outside the seeded 10% held out
        List<String> lines = Files.readAllLines(csv).subList(1, 481);
        int[] order = Shuffle.permutation(480, 0);
        double[] lo = new double[5];
        double[] hi = new double[5];
        Arrays.fill(lo, Double.MAX_VALUE);
        Arrays.fill(hi, -Double.MAX_VALUE);
        for (int k = 48; k < 480; k++) {
            String[] cells = lines.get(order[k]).split(",");
            if (!cells[4].equals("ok")) {
                continue;
            }
            double[] v = {Float.parseFloat(cells[0]), Float.parseFloat(cells[1]), cells[2].equals("north") ? 1 : 0,
                cells[2].equals("south") ? 1 : 0, Float.parseFloat(cells[3])};
            for (int j = 0; j < 5; j++) {
                lo[j] = Math.min(lo[j], v[j]);
                hi[j] = Math.max(hi[j], v[j]);
            }
        }
        for (int j = 0; j < 5; j++) {
            assertEquals(lo[j], table.scaling().shift()[j], 1e-9, "shift of " + table.features().get(j));
            assertEquals(hi[j] - lo[j], table.scaling().scale()[j], 1e-9, "scale of " + table.features().get(j));
        }
        ModelCard.Metric threshold = card.metrics().get(AnomalyCommand.THRESHOLD_METRIC);
        assertNotNull(threshold, "a threshold for new rows");

        // the one-class protocol on the held-out rows: the faults are found
        CliTestSupport.Result one = CliTestSupport.run("anomaly", out.toString(), "--data", "csv:" + csv,
                "--normal-class", "1", "--json");
        assertEquals(0, one.exit(), one.err());
        double auroc = new ObjectMapper().readTree(one.out()).get("auroc").asDouble();
        assertTrue(auroc > 0.9, "faults score higher than normal rows: AUROC " + auroc);

        // evaluate on the same table and class reproduces the card's figure
        CliTestSupport.Result ev = CliTestSupport.run("evaluate", out.toString(), "--data", spec, "--only-class", "1",
                "--json");
        assertEquals(0, ev.exit(), ev.err());
        double sse = card.metrics().get("sse_per_image").value();
        assertEquals(sse, new ObjectMapper().readTree(ev.out()).get("metrics").get("sse_per_image").get("value")
                .asDouble(), 1e-6 * sse);

        // new rows: no label column, only the "south" site; the first 4 are faults
        Random rng = new Random(11);
        List<String> fresh = new ArrayList<>(List.of("temp,pressure,site,vibration"));
        for (int i = 0; i < 24; i++) {
            fresh.add(row(rng, i < 4, "south"));
        }
        Path newRows = Files.write(tmp.resolve("new.csv"), fresh);
        Path scored = tmp.resolve("scored.csv");
        CliTestSupport.Result s = CliTestSupport.run("anomaly", out.toString(), "--data", "csv:" + newRows, "--out",
                scored.toString(), "--json");
        assertEquals(0, s.exit(), s.err());
        JsonNode report = new ObjectMapper().readTree(s.out());
        assertEquals(threshold.value(), report.get("threshold").asDouble(), 0);
        List<String> written = Files.readAllLines(scored);
        assertEquals("index,label,class,score,flagged", written.get(0));
        assertEquals(25, written.size());
        int flagged = 0;
        int normalFlagged = 0;
        double lowestFault = Double.MAX_VALUE;
        double highestNormal = -Double.MAX_VALUE;
        for (int i = 1; i < written.size(); i++) {
            String[] c = written.get(i).split(",");
            double score = Float.parseFloat(c[3]);
            boolean above = score > threshold.value();
            assertEquals(above, Boolean.parseBoolean(c[4]), written.get(i));
            flagged += above ? 1 : 0;
            if (i <= 4) {
                lowestFault = Math.min(lowestFault, score);
            } else {
                highestNormal = Math.max(highestNormal, score);
                normalFlagged += above ? 1 : 0;
            }
        }
        assertTrue(lowestFault > highestNormal, "every fault row scores above every normal row: " + written);
        assertEquals(flagged, report.get("flagged").asInt());
        assertTrue(normalFlagged <= 3, normalFlagged + " of 20 normal rows flagged at " + threshold);

        // the same rows inside a labelled table score the same: one reading and scaling, from the card
        List<String> labelled = new ArrayList<>(List.of(HEADER));
        for (int i = 1; i < fresh.size(); i++) {
            labelled.add(fresh.get(i) + ",ok");
        }
        Path again = Files.write(tmp.resolve("again.csv"), labelled);
        Path scoredAgain = tmp.resolve("again-scored.csv");
        assertEquals(0, CliTestSupport.run("anomaly", out.toString(), "--data", "csv:" + again, "--out",
                scoredAgain.toString()).exit());
        assertArrayEquals(column(written, 3), column(Files.readAllLines(scoredAgain), 3));
    }

    private static String[] column(List<String> lines, int c) {
        return lines.stream().skip(1).map(l -> l.split(",")[c]).toArray(String[]::new);
    }

    @Test
    void badTablesAreNamedAndWriteNothing(@TempDir Path tmp) throws Exception {
        Path csv = sensors(tmp.resolve("sensors.csv"), 80);
        Path model = tmp.resolve("ae");
        assertEquals(0, CliTestSupport.run("train", "autoencoder", "--data", "csv:" + csv + ",header,label=status,cat=site",
                "--set", "inputSize=5", "--set", "hidden=[8]", "--set", "codeSize=2", "--epochs", "1",
                "--out", model.toString(), "--quiet").exit());
        Path out = tmp.resolve("scores.csv");

        Path unseen = Files.write(tmp.resolve("unseen.csv"), List.of("temp,pressure,site,vibration",
                "20,101,east,1.0"));
        expect("column 'site' has the value 'east'", "anomaly", model.toString(), "--data", "csv:" + unseen, "--out",
                out.toString());
        Path extra = Files.write(tmp.resolve("extra.csv"), List.of("temp,pressure,site,vibration,humidity",
                "20,101,north,1.0,40"));
        expect("column 'humidity' is not one the model was trained on", "anomaly", model.toString(), "--data",
                "csv:" + extra, "--out", out.toString());
        Path missing = Files.write(tmp.resolve("missing.csv"), List.of("temp,site,vibration", "20,north,1.0"));
        expect("has no column 'pressure'", "anomaly", model.toString(), "--data", "csv:" + missing, "--out",
                out.toString());
        Path nan = Files.write(tmp.resolve("nan.csv"), List.of("temp,pressure,site,vibration", "20,101,north,1.0",
                "21,NaN,south,1.0"));
        expect("line 3 column 1 ('pressure')", "anomaly", model.toString(), "--data", "csv:" + nan, "--out",
                out.toString());
        Path ragged = Files.write(tmp.resolve("ragged.csv"), List.of("temp,pressure,site,vibration", "20,101,north"));
        expect("line 2 has 3 columns; expected 4", "anomaly", model.toString(), "--data", "csv:" + ragged, "--out",
                out.toString());
        expect("reads its table with header, label=status, cat=site, scale=minmax", "anomaly", model.toString(),
                "--data", "csv:" + csv + ",scale=standard", "--out", out.toString());
        expect("reconstruct draws pictures", "reconstruct", model.toString(), "--data", "csv:" + csv, "--out",
                tmp.resolve("r.png").toString());
        expect("pass --data", "anomaly", model.toString(), "--out", out.toString());
        expect("give --normal-class K", "anomaly", model.toString(), "--dataset", "mnist", "--out", out.toString());
        expect("no label column 'kind'", "train", "autoencoder", "--data", "csv:" + csv + ",header,label=kind",
                "--set", "inputSize=5", "--set", "codeSize=2", "--out", tmp.resolve("x").toString());
        expect("rows of 5 features; train a dense model with --set inputSize=5", "train", "autoencoder", "--data",
                "csv:" + csv + ",header,label=status,cat=site", "--out", tmp.resolve("x").toString());
        expect("max= is for tables of pixel values", "train", "autoencoder", "--data", "csv:" + csv + ",max=3",
                "--out", tmp.resolve("x").toString());
        expect("scale=minmax", "train", "autoencoder", "--data", "csv:" + csv + ",scale=log", "--out",
                tmp.resolve("x").toString());
        assertFalse(Files.exists(out), "no scores written");
        assertFalse(Files.exists(tmp.resolve("r.png")));
        assertFalse(Files.exists(tmp.resolve("x").resolve("model-card.json")));
    }

    private static void expect(String text, String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertTrue(r.exit() != 0, String.join(" ", args));
        assertTrue(r.err().contains(text), String.join(" ", args) + ": " + r.err());
    }
}
