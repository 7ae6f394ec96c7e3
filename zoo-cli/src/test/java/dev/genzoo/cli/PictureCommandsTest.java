package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every picture-making subcommand on tiny models trained on the bundled subset. */
class PictureCommandsTest {
    @TempDir
    static Path tmp;
    static Path ae;
    static Path vae;
    static Path cvae;
    static Path gan;

    @BeforeAll
    static void trainTinyModels() {
        ae = tmp.resolve("ae");
        vae = tmp.resolve("vae");
        cvae = tmp.resolve("cvae");
        ok(CliTestSupport.run("train", "autoencoder", "--bundled", "--only-class", "1", "--epochs", "2", "--set",
                "hidden=32", "--set", "codeSize=8", "--out", ae.toString()));
        ok(CliTestSupport.run("train", "vae-mlp", "--bundled", "--epochs", "1", "--limit", "200", "--set",
                "hidden=[32]", "--out", vae.toString()));
        gan = tmp.resolve("gan");
        ok(CliTestSupport.run("train", "gan-mlp", "--bundled", "--epochs", "1", "--limit", "200", "--batch", "50",
                "--out", gan.toString()));
        ok(CliTestSupport.run("train", "cvae-mlp", "--bundled", "--epochs", "1", "--limit", "200", "--set",
                "hidden=[32]", "--out", cvae.toString()));
    }

    static CliTestSupport.Result ok(CliTestSupport.Result r) {
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    static BufferedImage png(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " was not written");
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null, p + " is not a PNG");
        return img;
    }

    /** Width of a grid of {@code cols} 28-pixel images with 1-pixel gaps, magnified 3x. */
    static int width(int cols) {
        return cols * 29 * 3;
    }

    @Test
    void sampleWritesAGridOfTheRequestedCount() throws Exception {
        Path out = tmp.resolve("s.png");
        ok(CliTestSupport.run("sample", vae.toString(), "-n", "16", "--out", out.toString()));
        BufferedImage img = png(out);
        assertEquals(width(8), img.getWidth());
        assertEquals(2 * 29 * 3, img.getHeight());
        Path g = tmp.resolve("g.png");
        ok(CliTestSupport.run("sample", gan.toString(), "-n", "24", "--out", g.toString()));
        assertEquals(3 * 29 * 3, png(g).getHeight());
        Path c = tmp.resolve("c.png");
        ok(CliTestSupport.run("sample", cvae.toString(), "-n", "8", "--label", "3", "--out", c.toString()));
        assertEquals(width(8), png(c).getWidth());
    }

    @Test
    void reconstructAndDenoiseReportFiniteFigures() throws Exception {
        Path out = tmp.resolve("r.png");
        JsonNode r = new ObjectMapper().readTree(ok(CliTestSupport.run("reconstruct", vae.toString(), "--bundled",
                "-n", "10", "--out", out.toString(), "--json")).out());
        assertTrue(Double.isFinite(r.get("psnr_db").asDouble()) && r.get("sse_per_image").asDouble() > 0);
        assertEquals(width(10), png(out).getWidth());
        assertEquals(2 * 29 * 3, png(out).getHeight());
        Path d = tmp.resolve("d.png");
        JsonNode dn = new ObjectMapper().readTree(ok(CliTestSupport.run("denoise", ae.toString(), "--bundled",
                "--noise", "masking:0.5", "-n", "12", "--out", d.toString(), "--json")).out());
        assertTrue(Double.isFinite(dn.get("psnr_noisy_db").asDouble()));
        assertEquals("masking:0.5", dn.get("noise").asText());
        assertEquals(3 * 29 * 3, png(d).getHeight());
    }

    @Test
    void interpolateWritesOneStripPerPath() throws Exception {
        for (Path model : new Path[] {ae, vae}) {
            Path out = tmp.resolve("i-" + model.getFileName() + ".png");
            ok(CliTestSupport.run("interpolate", model.toString(), "--bundled", "--from", "0", "--to", "5", "--steps",
                    "7", "--out", out.toString()));
            assertEquals(width(7), png(out).getWidth());
        }
    }

    @Test
    void convolutionalModelsDrawTheSamePictures() throws Exception {
        Path convVae = tmp.resolve("vae-conv");
        ok(CliTestSupport.run("train", "vae-conv", "--bundled", "--epochs", "1", "--limit", "64", "--batch", "32",
                "--set", "channels=[4,8]", "--set", "hidden=16", "--out", convVae.toString()));
        Path s = tmp.resolve("conv-s.png");
        ok(CliTestSupport.run("sample", convVae.toString(), "-n", "16", "--out", s.toString()));
        assertEquals(width(8), png(s).getWidth());
        assertEquals(2 * 29 * 3, png(s).getHeight());
        for (String model : new String[] {convVae.toString(), "conv-ae:mnist"}) {
            Path i = tmp.resolve("conv-i-" + model.hashCode() + ".png");
            ok(CliTestSupport.run("interpolate", model, "--bundled", "--from", "0", "--to", "5", "--steps", "7",
                    "--out", i.toString()));
            assertEquals(width(7), png(i).getWidth());
            Path r = tmp.resolve("conv-r-" + model.hashCode() + ".png");
            ok(CliTestSupport.run("reconstruct", model, "--bundled", "-n", "10", "--out", r.toString()));
            assertEquals(width(10), png(r).getWidth());
        }
    }

    @Test
    void withoutDatasetAModelIsEvaluatedOnTheDataSetItWasTrainedOn() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode own = json.readTree(ok(CliTestSupport.run("evaluate", "conv-ae:fashion-mnist", "--bundled", "--json"))
                .out());
        assertEquals("fashion-mnist-bundled-1000", own.get("dataset").asText());
        JsonNode asked = json.readTree(ok(CliTestSupport.run("evaluate", "conv-ae:fashion-mnist", "--bundled",
                "--dataset", "mnist", "--json")).out());
        assertEquals("mnist-bundled-1000", asked.get("dataset").asText());
        assertTrue(asked.get("metrics").get("sse_per_image").get("value").asDouble()
                != own.get("metrics").get("sse_per_image").get("value").asDouble());
    }

    @Test
    void anomalyReportsAurocAndAuprcInRange() throws Exception {
        JsonNode a = new ObjectMapper().readTree(ok(CliTestSupport.run("anomaly", ae.toString(), "--bundled",
                "--normal-class", "1", "--json")).out());
        double auroc = a.get("auroc").asDouble();
        assertTrue(auroc >= 0 && auroc <= 1, "auroc " + auroc);
        assertEquals(1000, a.get("images").asInt());
        assertTrue(a.get("protocol").asText().contains("one-class"));
    }

    @Test
    void evaluateWithAClassifierGivesSampleQualityAndConditionalAccuracy() throws Exception {
        Path judge = tmp.resolve("judge");
        ok(CliTestSupport.run("train", "classifier-mnist", "--bundled", "--epochs", "1", "--limit", "200", "--batch", "50",
                "--out", judge.toString()));
        JsonNode m = new ObjectMapper().readTree(ok(CliTestSupport.run("evaluate", cvae.toString(), "--bundled",
                "--classifier", judge.toString(), "--samples", "200", "--json")).out()).get("metrics");
        for (String k : new String[] {"fid", "kid", "classifier_score", "precision", "recall", "class_coverage",
            "conditional_accuracy"}) {
            assertTrue(m.has(k) && Double.isFinite(m.get(k).get("value").asDouble()), k + " in " + m);
        }
        double acc = m.get("conditional_accuracy").get("value").asDouble();
        assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        CliTestSupport.Result r = CliTestSupport.run("evaluate", ae.toString(), "--bundled", "--classifier",
                judge.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("generative models"), r.err());
    }

    @Test
    void badArgumentsNameTheArgument() {
        CliTestSupport.Result r = CliTestSupport.run("sample", ae.toString(), "--out", tmp.resolve("x.png").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("does not generate samples"), r.err());
        r = CliTestSupport.run("denoise", ae.toString(), "--bundled", "--noise", "blur:2", "--out", "x.png");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--noise"), r.err());
        r = CliTestSupport.run("anomaly", ae.toString(), "--bundled", "--normal-class", "12");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--normal-class"), r.err());
        r = CliTestSupport.run("sample", vae.toString(), "--label", "2", "--out", "x.png");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not conditional"), r.err());
        r = CliTestSupport.run("interpolate", vae.toString(), "--bundled", "--to", "5000", "--out", "x.png");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--from/--to"), r.err());
    }
}
