package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genzoo translate} on the bundled CycleGAN, and its refusals. */
class TranslateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void bundledTranslatorWritesInputTranslationAndCycleRows() throws Exception {
        Path out = tmp.resolve("t.png");
        var r = PictureCommandsTest.ok(CliTestSupport.run("translate", "cyclegan:mnist-inverted", "--direction", "b2a",
                "--bundled", "-n", "5", "--out", out.toString(), "--json"));
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("b2a", j.get("direction").asText());
        assertEquals("inverted digit", j.get("from").asText());
        assertEquals(5, j.get("images").asInt());
        // a trained CycleGAN brings its inputs back: 25 dB on the card's figures, far above chance
        assertTrue(j.get("cycle_psnr_db").asDouble() > 18, r.out());
        BufferedImage img = PictureCommandsTest.png(out);
        assertTrue(img.getHeight() >= 3 * 28 * 3, "three rows of 28-pixel images at scale 3: " + img.getHeight());
    }

    @Test
    void wrongDirectionModelOrDataSetIsRefusedBeforeWriting() {
        Path out = tmp.resolve("x.png");
        var r = CliTestSupport.run("translate", "cyclegan:mnist-inverted", "--direction", "sideways", "--out",
                out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--direction") && r.err().contains("a2b or b2a"), r.err());
        r = CliTestSupport.run("translate", "autoencoder:mnist", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("does not translate"), r.err());
        r = CliTestSupport.run("translate", "cyclegan:mnist-inverted", "--dataset", "fashion-mnist", "--bundled",
                "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("translates between domains of mnist"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
