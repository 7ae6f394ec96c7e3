package dev.genzoo.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Latent scatter, loss curves and labelled grids, decoded back from the PNG files. */
class ChartsTest {
    @TempDir
    Path tmp;

    static BufferedImage decode(Path file) throws Exception {
        assertTrue(Files.size(file) > 0, file + " is empty");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " does not decode as an image");
        return img;
    }

    /** Number of pixels within a small distance of an RGB colour. */
    static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                n += d <= 6 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void latentScatterColoursEachClass() throws Exception {
        Random r = new Random(1);
        int n = 300;
        double[][] z = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            z[i][0] = labels[i] * 3 + r.nextGaussian() * 0.3;
            z[i][1] = r.nextGaussian() * 0.3;
        }
        Path file = tmp.resolve("plots/latent.png");
        LatentScatter.writePng(Nd4j.createFromArray(z), labels, List.of("zero", "one", "two"), "latent", 480, 320,
                file);
        BufferedImage img = decode(file);
        assertEquals(480, img.getWidth());
        assertEquals(320, img.getHeight());
        for (int c = 0; c < 3; c++) {
            assertTrue(count(img, Palette.of(c).getRGB() & 0xFFFFFF) > 50, "class " + c + " colour is drawn");
        }
        assertEquals(0, count(img, Palette.of(3).getRGB() & 0xFFFFFF), "no fourth class");
        var e = assertThrows(IllegalArgumentException.class, () -> LatentScatter.render(Nd4j.zeros(3, 5),
                new int[3], List.of("a"), "t", 200, 200));
        assertTrue(e.getMessage().contains("Pca"), e.getMessage());
    }

    @Test
    void lossCurvesDrawEverySeries() throws Exception {
        Map<String, List<Double>> s = new LinkedHashMap<>();
        s.put("train", List.of(2.0, 1.0, 0.5, 0.3));
        s.put("validation", List.of(2.1, 1.2, 0.8, 0.7));
        Path file = tmp.resolve("loss.png");
        LossCurves.writePng(s, "losses", true, 400, 300, file);
        BufferedImage img = decode(file);
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        assertTrue(count(img, Palette.of(0).getRGB() & 0xFFFFFF) > 20);
        assertTrue(count(img, Palette.of(1).getRGB() & 0xFFFFFF) > 20);
        var e = assertThrows(IllegalArgumentException.class, () -> LossCurves.render(Map.of("g", List.of(1.0, -0.5)),
                "t", true, 200, 200));
        assertTrue(e.getMessage().contains("logarithmic"), e.getMessage());
    }

    @Test
    void labeledGridKeepsTheImagesAndAddsAMargin() throws Exception {
        INDArray white = Nd4j.ones(5, 784);
        INDArray black = Nd4j.zeros(5, 1, 28, 28);
        BufferedImage plain = ImageGrid.render(List.of(white, black), 28, 0, 1, 2);
        BufferedImage labeled = LabeledGrid.traversal(List.of(white, black), new int[] {0, 7}, -2, 2, 28, 0, 1, 2);
        Path file = tmp.resolve("traversal.png");
        ImageGrid.writePng(labeled, file);
        BufferedImage img = decode(file);
        int margin = img.getWidth() - plain.getWidth();
        assertTrue(margin > 20, "label margin " + margin);
        assertEquals(plain.getHeight(), img.getHeight());
        assertEquals(0xFFFFFF, img.getRGB(margin + 10, 10) & 0xFFFFFF, "white image in row 0");
        assertEquals(0x000000, img.getRGB(margin + 10, 58 + 10) & 0xFFFFFF, "black image in row 1");
        int dark = 0;
        for (int y = 0; y < 58; y++) {
            for (int x = 0; x < margin; x++) {
                dark += (img.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
            }
        }
        assertTrue(dark > 10, "row 0's label is drawn");
        assertThrows(IllegalArgumentException.class, () -> LabeledGrid.render(List.of(white), List.of(), 28, 0, 1, 1));
    }
}
