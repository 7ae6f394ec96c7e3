package dev.genzoo.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {
    @TempDir
    Path tmp;

    @Test
    void rendersRowsWithGapsAndClipsValues() throws Exception {
        var black = Nd4j.zeros(3, 4);
        var white = Nd4j.ones(3, 4).muli(2); // clipped to white
        BufferedImage img = ImageGrid.render(List.of(black, white), 2, 0, 1, 1);
        assertEquals(3 * 3, img.getWidth());
        assertEquals(2 * 3, img.getHeight());
        assertEquals(0, img.getRaster().getSample(0, 0, 0));
        assertEquals(255, img.getRaster().getSample(0, 3, 0));
        Path f = tmp.resolve("g.png");
        ImageGrid.writePng(img, f);
        assertEquals(9, ImageIO.read(f.toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.render(List.of(black, Nd4j.zeros(2, 4)), 2, 0, 1, 1));
    }
}
