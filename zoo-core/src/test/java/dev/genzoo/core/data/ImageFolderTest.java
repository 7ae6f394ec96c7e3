package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders: classes from subfolders, PNG and JPEG of mixed sizes, gray and resized; bad files named. */
class ImageFolderTest {

    static BufferedImage image(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), format);
        return out.toByteArray();
    }

    @Test
    void classesFromSubfoldersInPngAndJpegOfMixedSizes(@TempDir Path tmp) throws Exception {
        Path circles = Files.createDirectories(tmp.resolve("data/circle"));
        Path squares = Files.createDirectories(tmp.resolve("data/square"));
        Files.write(circles.resolve("a.png"), encode(image(40, 30, new Color(200, 100, 50)), "png"));
        Files.write(circles.resolve("b.jpg"), encode(image(64, 64, Color.WHITE), "jpg"));
        Files.write(squares.resolve("c.png"), encode(image(28, 28, new Color(128, 128, 128)), "png"));
        Files.writeString(squares.resolve("notes.txt"), "not an image: ignored");
        Files.write(squares.resolve(".hidden.png"), new byte[] {1, 2, 3});
        ImageDataset d = ImageFolder.read(tmp.resolve("data"), 28, 28);
        assertEquals(3, d.size());
        assertEquals(List.of("circle", "square"), d.classNames());
        assertEquals(List.of(0, 0, 1), List.of(d.label(0), d.label(1), d.label(2)));
        assertEquals(28, d.height());
        // luminance 0.299 R + 0.587 G + 0.114 B of (200, 100, 50) is 124.3
        assertEquals(124, d.pixel(0, 14 * 28 + 14), 2);
        assertEquals(255, d.pixel(1, 14 * 28 + 14), 2);
        assertEquals(128, d.pixel(2, 0), 1);
        ImageDataset small = ImageFolder.read(tmp.resolve("data"), 8, 6);
        assertEquals(8, small.height());
        assertEquals(6, small.width());
        String sha = ImageFolder.contentSha256(d);
        assertEquals(sha, ImageFolder.contentSha256(ImageFolder.read(tmp.resolve("data"), 28, 28)));
        assertNotEquals(sha, ImageFolder.contentSha256(d.select(new int[] {1, 0, 2})));
        // images directly in a folder: one class named after it
        ImageDataset one = ImageFolder.read(circles, 28, 28);
        assertEquals(List.of("circle"), one.classNames());
        assertEquals(2, one.size());
    }

    @Test
    void colourImagesAsThreeChannelPlanes(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("colours/warm"));
        Files.write(data.resolve("a.png"), encode(image(40, 30, new Color(200, 100, 50)), "png"));
        Files.write(data.resolve("b.png"), encode(image(12, 12, new Color(10, 20, 240)), "png"));
        ImageDataset d = ImageFolder.read(tmp.resolve("colours"), 8, 6, 3);
        assertEquals(3, d.channels());
        assertEquals(3 * 8 * 6, d.pixelCount());
        int plane = 8 * 6;
        for (int p : new int[] {0, 17, plane - 1}) {
            assertEquals(200, d.pixel(0, p));
            assertEquals(100, d.pixel(0, plane + p));
            assertEquals(50, d.pixel(0, 2 * plane + p));
            assertEquals(240, d.pixel(1, 2 * plane + p));
        }
        assertEquals(3, d.select(new int[] {1}).channels());
        // batches in the image layout are [n, 3, h, w] with the planes in order
        var x = d.batch(2).layout(Layout.IMAGE).iterator().next().getFeatures();
        assertEquals(List.of(2L, 3L, 8L, 6L), Arrays.stream(x.shape()).boxed().toList());
        assertEquals(100 / 255f, x.getFloat(0, 1, 4, 3), 1e-6f);
        // the colour read differs from the gray one in content and checksum
        assertNotEquals(ImageFolder.contentSha256(d), ImageFolder.contentSha256(ImageFolder.read(tmp.resolve("colours"),
                8, 6)));
        // rendered back in colour
        var img = dev.genzoo.core.viz.ImageGrid.render(List.of(d.batch(2).iterator().next().getFeatures()), 8, 3, 0, 1,
                1);
        assertEquals(new Color(200, 100, 50).getRGB(), img.getRGB(2, 2));
        assertEquals(new Color(10, 20, 240).getRGB(), img.getRGB(6 + 1 + 2, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(tmp.resolve("colours"), 8, 6, 2));
    }

    @Test
    void badFoldersAndFilesAreNamed(@TempDir Path tmp) throws Exception {
        byte[] png = encode(image(20, 20, Color.GRAY), "png");
        BufferedImage noise = image(64, 64, Color.GRAY);
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        byte[] jpg = encode(noise, "jpg"); // noise: most of the file is scan data, so a cut lands there
        assertThrows(NoSuchFileException.class, () -> ImageFolder.read(tmp.resolve("none"), 28, 28));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        expect(empty, "has no images");
        Path noImages = Files.createDirectories(tmp.resolve("classes/a"));
        Files.createDirectories(tmp.resolve("classes/b"));
        Files.write(noImages.resolve("x.png"), png);
        expect(tmp.resolve("classes"), "class folder " + tmp.resolve("classes/b") + " has no images");
        Path mixed = Files.createDirectories(tmp.resolve("mixed/a"));
        Files.write(mixed.resolve("x.png"), png);
        Files.write(tmp.resolve("mixed/loose.png"), png);
        expect(tmp.resolve("mixed"), "beside class folders");
        expect(folderWith(tmp, "truncpng", "t.png", Arrays.copyOf(png, png.length / 2)), "t.png");
        expect(folderWith(tmp, "truncjpg", "t.jpg", Arrays.copyOf(jpg, jpg.length * 3 / 4)),
                "damaged or truncated");
        expect(folderWith(tmp, "text", "t.png", "hello".getBytes()), "is not an image");
        expect(folderWith(tmp, "huge", "h.png", withSize(png, 100_000, 100_000)), "claims 100000x100000 pixels");
        var e = assertThrows(DataFormatException.class, () -> ImageFolder.read(tmp.resolve("huge/h.png"), 28, 28));
        assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(empty, 0, 28));
    }

    @Test
    void bytesDecodeAsTheFolderReadDecodesFilesAndBadBytesAreNamed(@TempDir Path tmp) throws Exception {
        BufferedImage noise = image(37, 23, Color.GRAY);
        java.util.Random r = new java.util.Random(2);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                noise.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        byte[] png = encode(noise, "png");
        byte[] jpg = encode(noise, "jpg");
        Path dir = Files.createDirectories(tmp.resolve("one"));
        Files.write(dir.resolve("a.png"), png);
        Files.write(dir.resolve("b.jpg"), jpg);
        for (int channels : new int[] {1, 3}) {
            ImageDataset d = ImageFolder.read(dir, 9, 11, channels);
            byte[][] fromBytes = {ImageFolder.decodePixels(png, "a.png", 9, 11, channels),
                    ImageFolder.decodePixels(jpg, "b.jpg", 9, 11, channels)};
            for (int i = 0; i < 2; i++) {
                assertEquals(channels * 9 * 11, fromBytes[i].length);
                for (int p = 0; p < d.pixelCount(); p++) {
                    assertEquals(d.pixel(i, p), fromBytes[i][p] & 0xFF, "image " + i + " pixel " + p);
                }
            }
        }
        // the resize sees the image: a different size gives different pixels
        assertNotEquals(Arrays.toString(ImageFolder.decodePixels(png, "a", 9, 11, 1)),
                Arrays.toString(ImageFolder.decodePixels(png, "a", 11, 9, 1)));
        expectBytes(new byte[0], "is empty");
        expectBytes("hello".getBytes(), "not an image");
        expectBytes(Arrays.copyOf(png, png.length / 2), "x.png");
        expectBytes(withSize(encode(image(20, 20, Color.GRAY), "png"), 100_000, 100_000), "claims 100000x100000");
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.decodePixels(png, "a", 9, 11, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.decodePixels(png, "a", 0, 11, 1));
    }

    private static void expectBytes(byte[] bytes, String text) {
        var e = assertThrows(DataFormatException.class, () -> ImageFolder.decodePixels(bytes, "x.png", 28, 28, 1));
        assertTrue(e.getMessage().contains(text) && e.getMessage().contains("x.png"), e.getMessage());
    }

    private static Path folderWith(Path tmp, String name, String file, byte[] bytes) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.write(d.resolve(file), bytes);
        return d;
    }

    /** A PNG whose IHDR claims another size (CRC fixed, so only the size is wrong). */
    private static byte[] withSize(byte[] png, int w, int h) {
        byte[] b = png.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(16, w).putInt(20, h); // IHDR data starts at 16: width, height
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // "IHDR" and its 13 data bytes
        buf.putInt(29, (int) crc.getValue());
        return b;
    }

    private static void expect(Path dir, String text) {
        var e = assertThrows(DataFormatException.class, () -> ImageFolder.read(dir, 28, 28));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
