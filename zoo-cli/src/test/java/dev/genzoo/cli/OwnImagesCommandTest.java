package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data images:DIR}: a folder of PNG and JPEG digits of mixed sizes trains a model through
 * the CLI, whose card records the folder and its content checksum; evaluate on the same folder
 * reproduces the card's figure; the model trained on own images refuses to be evaluated on MNIST
 * by default; bad specs are named and write nothing.
 */
class OwnImagesCommandTest {

    /** 0s and 1s from the bundled MNIST images, every third one as a 56x56 JPEG, the rest 28x28 PNG. */
    static Path digits(Path dir, int perClass) throws Exception {
        ImageDataset mnist = Datasets.bundled(DatasetId.MNIST);
        for (int label = 0; label < 2; label++) {
            Path classDir = Files.createDirectories(dir.resolve(label == 0 ? "zero" : "one"));
            int[] idx = mnist.indicesOf(label);
            for (int k = 0; k < perClass; k++) {
                int size = k % 3 == 0 ? 56 : 28;
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int v = mnist.pixel(idx[k], (y * 28 / size) * 28 + x * 28 / size);
                        img.getRaster().setSample(x, y, 0, v);
                    }
                }
                String format = k % 3 == 0 ? "jpg" : "png";
                ImageIO.write(img, format, classDir.resolve("d" + k + "." + format).toFile());
            }
        }
        return dir;
    }

    @Test
    void trainAndEvaluateOnAFolderOfImages(@TempDir Path tmp) throws Exception {
        Path data = digits(tmp.resolve("digits"), 40);
        Path out = tmp.resolve("ae");
        String spec = "images:" + data + ",size=28x28";
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--data", spec, "--epochs", "3",
                "--batch", "24", "--set", "hidden=[64]", "--set", "codeSize=8", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        JsonNode losses = report.get("epochLoss");
        assertTrue(losses.get(2).asDouble() < losses.get(0).asDouble(), "it learned: " + losses);
        ModelCard card = ModelArtifacts.readCard(out);
        assertEquals("images:digits", card.dataset().name());
        assertEquals(64, card.dataset().sha256().length());
        assertEquals("digits", card.variant());
        double sse = card.metrics().get("sse_per_image").value();

        CliTestSupport.Result ev = CliTestSupport.run("evaluate", out.toString(), "--data", spec, "--json");
        assertEquals(0, ev.exit(), ev.err());
        JsonNode e = new ObjectMapper().readTree(ev.out());
        assertEquals("images:digits/test", e.get("dataset").asText());
        assertEquals(sse, e.get("metrics").get("sse_per_image").get("value").asDouble(), 1e-6 * sse,
                "the held-out 10% (8 images) again");

        CliTestSupport.Result noData = CliTestSupport.run("evaluate", out.toString());
        assertEquals(2, noData.exit());
        assertTrue(noData.err().contains("trained on images:digits") && noData.err().contains("--data"), noData.err());
    }

    /** A gzip CSV of 8x8 pixel values 0..16 and a label column, as the UCI optical digits come. */
    @Test
    void aPixelTableTrainsAsImages(@TempDir Path tmp) throws Exception {
        ImageDataset mnist = Datasets.bundled(DatasetId.MNIST);
        Path csv = tmp.resolve("small-digits.csv.gz");
        try (var out = new java.io.PrintWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(csv)))) {
            for (int i = 0; i < 120; i++) {
                StringBuilder row = new StringBuilder();
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int sum = 0;
                        for (int dy = 0; dy < 3; dy++) {
                            for (int dx = 0; dx < 3; dx++) {
                                sum += mnist.pixel(i, Math.min(27, 2 + y * 3 + dy) * 28 + Math.min(27, 2 + x * 3 + dx));
                            }
                        }
                        row.append(Math.round(sum / 9.0 * 16 / 255)).append(',');
                    }
                }
                out.println(row.append(mnist.label(i)));
            }
        }
        String spec = "csv:" + csv + ",size=8x8,label=64";
        Path out = tmp.resolve("ae8");
        CliTestSupport.Result wrongShape = CliTestSupport.run("train", "autoencoder", "--data", spec, "--out",
                out.toString());
        assertEquals(2, wrongShape.exit());
        assertTrue(wrongShape.err().contains("takes 784 values") && wrongShape.err().contains("--set inputSize=64"),
                wrongShape.err());
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--data", spec, "--epochs", "4", "--batch",
                "16", "--set", "inputSize=64", "--set", "hidden=[32]", "--set", "codeSize=6", "--out", out.toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode losses = new ObjectMapper().readTree(r.out()).get("epochLoss");
        assertTrue(losses.get(3).asDouble() < losses.get(0).asDouble(), "it learned: " + losses);
        ModelCard card = ModelArtifacts.readCard(out);
        String recorded = card.dataset().name();
        assertTrue(recorded.startsWith("csv:small-digits.csv.gz,size=8x8,max="), recorded);
        double max = Double.parseDouble(recorded.substring(recorded.indexOf("max=") + 4));
        assertTrue(max >= 10 && max <= 16, "the table's largest value: " + max);
        assertEquals("small-digits", card.variant());
        // evaluate applies the card's pixel scale again (the held-out rows alone may have another maximum)
        CliTestSupport.Result ev = CliTestSupport.run("evaluate", out.toString(), "--data", spec, "--json");
        assertEquals(0, ev.exit(), ev.err());
        double sse = card.metrics().get("sse_per_image").value();
        assertEquals(sse, new ObjectMapper().readTree(ev.out()).get("metrics").get("sse_per_image").get("value")
                .asDouble(), 1e-6 * sse);
        CliTestSupport.Result otherScale = CliTestSupport.run("evaluate", out.toString(), "--data", spec + ",max=64",
                "--json");
        assertEquals(0, otherScale.exit(), otherScale.err());
        assertTrue(Math.abs(new ObjectMapper().readTree(otherScale.out()).get("metrics").get("sse_per_image")
                .get("value").asDouble() - sse) > 1e-3 * sse, "an explicit max= overrides the card's");
        Path png = tmp.resolve("rec.png");
        CliTestSupport.Result rec = CliTestSupport.run("reconstruct", out.toString(), "--data", spec, "-n", "8", "--out",
                png.toString());
        assertEquals(0, rec.exit(), rec.err());
        var expected = dev.genzoo.core.viz.ImageGrid.render(java.util.List.of(org.nd4j.linalg.factory.Nd4j.zeros(8, 64),
                org.nd4j.linalg.factory.Nd4j.zeros(8, 64)), 8, 0, 1, 6);
        var got = ImageIO.read(png.toFile());
        assertEquals(expected.getHeight(), got.getHeight(), "two rows of 8x8 images, magnified 6x");
        assertEquals(expected.getWidth(), got.getWidth());
    }

    @Test
    void colourFoldersTrainDenseModelsAndDrawInColour(@TempDir Path tmp) throws Exception {
        // red squares and blue squares at random places, 12x12 and 20x20 PNG
        java.util.Random rng = new java.util.Random(3);
        for (String cls : new String[] {"red", "blue"}) {
            Path dir = Files.createDirectories(tmp.resolve("shapes").resolve(cls));
            java.awt.Color colour = cls.equals("red") ? new java.awt.Color(220, 30, 30) : new java.awt.Color(30, 60, 220);
            for (int k = 0; k < 20; k++) {
                int size = k % 2 == 0 ? 12 : 20;
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics();
                g.setColor(colour);
                g.fillRect(rng.nextInt(size / 3), rng.nextInt(size / 3), size / 2, size / 2);
                g.dispose();
                ImageIO.write(img, "png", dir.resolve("s" + k + ".png").toFile());
            }
        }
        String spec = "images:" + tmp.resolve("shapes") + ",size=12x12,rgb";
        Path out = tmp.resolve("ae");
        CliTestSupport.Result r = CliTestSupport.run("train", "autoencoder", "--data", spec, "--set", "inputSize=432",
                "--set", "hidden=[32]", "--set", "codeSize=6", "--epochs", "4", "--batch", "12", "--out", out.toString(),
                "--json", "--quiet");
        assertEquals(0, r.exit(), r.err());
        JsonNode losses = new ObjectMapper().readTree(r.out()).get("epochLoss");
        assertTrue(losses.get(3).asDouble() < losses.get(0).asDouble(), "it learned: " + losses);
        assertEquals("images:shapes,rgb", ModelArtifacts.readCard(out).dataset().name());

        Path png = tmp.resolve("rec.png");
        CliTestSupport.Result rec = CliTestSupport.run("reconstruct", out.toString(), "--data", spec, "--out",
                png.toString());
        assertEquals(0, rec.exit(), rec.err());
        BufferedImage grid = ImageIO.read(png.toFile());
        int saturated = 0;
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                java.awt.Color c = new java.awt.Color(grid.getRGB(x, y));
                saturated += Math.abs(c.getRed() - c.getBlue()) > 150 ? 1 : 0;
            }
        }
        assertTrue(saturated > 100, "the grid shows the red or blue squares in colour: " + saturated + " pixels");

        expect("3-channel images", "train", "conv-ae", "--data", "images:" + tmp.resolve("shapes") + ",rgb", "--out",
                tmp.resolve("conv").toString());
        // a convolutional family with an input setting takes the colour images at their size
        Path conv = tmp.resolve("conv");
        CliTestSupport.Result c = CliTestSupport.run("train", "conv-ae", "--data", spec, "--set",
                "input={\"channels\":3,\"height\":12,\"width\":12}", "--set", "channels=[8,16]", "--epochs", "1",
                "--batch", "12", "--out", conv.toString(), "--quiet");
        assertEquals(0, c.exit(), c.err());
        assertEquals(3, ModelArtifacts.readCard(conv).inputShape().channels());
        assertEquals(0, CliTestSupport.run("reconstruct", conv.toString(), "--data", spec, "--out",
                tmp.resolve("conv.png").toString()).exit());
        expect("read the images in colour with ,rgb", "evaluate", out.toString(), "--data", "images:"
                + tmp.resolve("shapes") + ",size=12x12");
    }

    @Test
    void badSpecsAreNamedAndWriteNothing(@TempDir Path tmp) throws Exception {
        Path data = digits(tmp.resolve("digits"), 3);
        Path out = tmp.resolve("out");
        expect("--data: expected images:DIR", "train", "autoencoder", "--data", "tables:x.csv", "--out", out.toString());
        expect("size=HxW", "train", "autoencoder", "--data", "images:" + data + ",size=big", "--out", out.toString());
        expect("exclude each other", "train", "autoencoder", "--data", "images:" + data, "--dataset", "mnist", "--out",
                out.toString());
        expect("exclude each other", "train", "autoencoder", "--data", "images:" + data, "--bundled", "--out",
                out.toString());
        expect("no such CSV file", "train", "autoencoder", "--data", "csv:" + tmp.resolve("t.csv"), "--out",
                out.toString());
        expect("unknown csv: option 'colour'", "train", "autoencoder", "--data", "csv:" + tmp.resolve("t.csv")
                + ",size=8x8,colour", "--out", out.toString());
        Files.createDirectories(tmp.resolve("empty"));
        expect("has no images", "train", "autoencoder", "--data", "images:" + tmp.resolve("empty"), "--out",
                out.toString());
        Files.write(data.resolve("zero/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        expect("broken.png", "train", "autoencoder", "--data", "images:" + data, "--out", out.toString());
        assertFalse(Files.exists(out.resolve("model-card.json")), "nothing written");
    }

    private static void expect(String text, String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertTrue(r.exit() != 0, String.join(" ", args));
        assertTrue(r.err().contains(text), String.join(" ", args) + ": " + r.err());
    }
}
