package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.generative.stylegan.StyleGan;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genzoo sample} with StyleGAN's options and {@code genzoo mix} on a small StyleGAN trained
 * for a few steps on the bundled digits (the last layer's noise strength set to 0.3, so that the noise
 * shows), and
 * their refusals.
 */
class StyleGanCommandsTest {
    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    static String model;

    @BeforeAll
    static void smallTrainedStyleGan() throws Exception {
        StyleGan m = StyleGan.create(new StyleGan.Config(16, 2, 0.01, List.of(16, 8, 8), List.of(4, 8, 8), 4, 0.9,
                0.01, 4, 10_000, 0.995, 0.005, 0.0, 0.99, 3));
        m.train(Datasets.bundled(DatasetId.MNIST), TrainingOptions.epochs(1).withBatchSize(8).withLimit(64)
                .withSeed(3).withQuiet(true));
        m.synthesisAverage().getLayer("s5Noise").getParam("W").assign(0.3);
        Path dir = shared.resolve("stylegan");
        ModelArtifacts.save(m, ModelCard.builder(StyleGan.NAME, "mnist", m.family()).build(), dir);
        model = dir.toString();
    }

    /** Cell pitch of a grid of 28x28 images magnified 3x with a one-pixel gap (ImageGrid). */
    private static final int PITCH = (28 + 1) * 3;

    /** Mean absolute grey-level difference between the cells (r, c) and (r2, c2) of such a grid. */
    private static double cellDifference(BufferedImage img, int r, int c, int r2, int c2) {
        int cell = 28 * 3;
        double sum = 0;
        for (int y = 0; y < cell; y++) {
            for (int x = 0; x < cell; x++) {
                int a = img.getRGB(c * PITCH + x, r * PITCH + y) & 0xff;
                int b = img.getRGB(c2 * PITCH + x, r2 * PITCH + y) & 0xff;
                sum += Math.abs(a - b);
            }
        }
        return sum / (cell * cell);
    }

    @Test
    void truncationToZeroWithFixedNoiseDrawsOneImage() throws Exception {
        Path zero = tmp.resolve("zero.png");
        var r = PictureCommandsTest.ok(CliTestSupport.run("sample", model, "-n", "4", "--truncation", "0",
                "--noise", "fixed", "--out", zero.toString()));
        assertTrue(r.out().contains("4 samples of stylegan"), r.out());
        Path plain = tmp.resolve("plain.png");
        PictureCommandsTest.ok(CliTestSupport.run("sample", model, "-n", "4", "--noise", "fixed", "--out",
                plain.toString()));
        BufferedImage z = PictureCommandsTest.png(zero);
        BufferedImage p = PictureCommandsTest.png(plain);
        assertEquals(0.0, cellDifference(z, 0, 0, 0, 3), 1e-9, "psi 0: every latent gives the mean image");
        assertTrue(cellDifference(p, 0, 0, 0, 3) > 5, "psi 1: different latents, different images");
    }

    @Test
    void noiseOnlyKeepsTheDigitAndMixWritesTheGrid() throws Exception {
        Path noise = tmp.resolve("noise.png");
        PictureCommandsTest.ok(CliTestSupport.run("sample", model, "-n", "8", "--noise-only", "--seed", "3",
                "--out", noise.toString()));
        Path samples = tmp.resolve("samples.png");
        PictureCommandsTest.ok(CliTestSupport.run("sample", model, "-n", "8", "--seed", "3", "--out",
                samples.toString()));
        BufferedImage n = PictureCommandsTest.png(noise);
        BufferedImage s = PictureCommandsTest.png(samples);
        double noiseOnly = 0;
        double different = 0;
        for (int c = 1; c < 8; c++) {
            noiseOnly += cellDifference(n, 0, 0, 0, c);
            different += cellDifference(s, 0, 0, 0, c);
        }
        assertTrue(noiseOnly > 0, "the noise changes something");
        assertTrue(noiseOnly < 0.5 * different, "one w with different noise varies far less than different latents: "
                + noiseOnly + " vs " + different);

        Path grid = tmp.resolve("mix.png");
        var r = PictureCommandsTest.ok(CliTestSupport.run("mix", model, "--rows", "1,2,3", "--cols",
                "4,5,6,7", "--from-layer", "2", "--out", grid.toString()));
        assertTrue(r.out().contains("3x4 style mixes"), r.out());
        BufferedImage g = PictureCommandsTest.png(grid);
        assertEquals(5 * PITCH, g.getWidth(), "a corner and four column images");
        assertEquals(4 * PITCH, g.getHeight(), "a header row and three rows");
    }

    @Test
    void styleOptionsOnOtherModelsAndBadValuesAreRefusedBeforeWriting() {
        Path out = tmp.resolve("x.png");
        String[][] bad = {
            {"sample", "dcgan:mnist", "--cutoff", "2", "--out", out.toString()},
            {"sample", model, "--cutoff", "9", "--out", out.toString()},
            {"sample", model, "--noise", "loud", "--out", out.toString()},
            {"sample", model, "--noise-only", "--noise", "fixed", "--out", out.toString()},
            {"mix", "dcgan:mnist", "--rows", "1", "--cols", "2", "--out", out.toString()},
            {"mix", model, "--rows", "1", "--cols", "2", "--from-layer", "7", "--out", out.toString()},
            {"mix", model, "--rows", "1,x", "--cols", "2", "--out", out.toString()}};
        String[] expected = {"not a style-based GAN", "--cutoff must be in 0..6", "--noise must be random, fixed or none",
            "--noise-only", "not a style-based GAN", "--from-layer must be in 0..6", "--rows"};
        for (int i = 0; i < bad.length; i++) {
            var r = CliTestSupport.run(bad[i]);
            assertEquals(2, r.exit(), String.join(" ", bad[i]) + ": " + r.err());
            assertTrue(r.err().contains(expected[i]), "'" + expected[i] + "' in: " + r.err());
        }
        assertFalse(Files.exists(out), "nothing written");
    }
}
