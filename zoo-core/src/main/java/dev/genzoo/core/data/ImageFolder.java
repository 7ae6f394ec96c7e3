package dev.genzoo.core.data;

import dev.genzoo.core.weights.Sha256;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of images as an {@link ImageDataset}: one subfolder per class (its name is the class
 * name; classes in name order), or images directly in the folder for one class. PNG, JPEG, BMP and
 * GIF are read with the JDK's ImageIO, converted to grayscale (luminance; transparent pixels on
 * black), or kept in colour as three channel planes (R, G, B), and resized with bilinear
 * interpolation to the size the model takes.
 *
 * <p>Why ImageIO and not DataVec's {@code ImageRecordReader}: that reader decodes through
 * OpenCV/JavaCV and Leptonica natives (hundreds of MB across platforms, and native decoders fed
 * user files), while the models here take small grayscale images, which ImageIO decodes in pure
 * Java. DataVec's own role is the CSV path ({@link CsvTable}).
 *
 * <p>Checked before anything is kept: an empty folder, a class folder without images, image files
 * beside class folders, more than 256 classes, a file ImageIO cannot decode or that decodes with a
 * warning (a truncated JPEG decodes partly, with a warning), and sizes the file merely claims:
 * the header's width and height are read first and anything over {@value #MAX_SIDE} pixels a side
 * is refused before decoding.
 */
public final class ImageFolder {
    /** Largest width or height accepted, in pixels. */
    public static final int MAX_SIDE = 8192;
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFolder() {
    }

    /** Reads {@code dir} at {@code height} x {@code width}, in grayscale. */
    public static ImageDataset read(Path dir, int height, int width) throws IOException {
        return read(dir, height, width, 1);
    }

    /**
     * Reads {@code dir} at {@code height} x {@code width} with {@code channels}: 1 (grayscale) or 3 (RGB,
     * channel-major: the red plane, then green, then blue).
     */
    public static ImageDataset read(Path dir, int height, int width, int channels) throws IOException {
        checkSize(height, width, channels);
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such image folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir + " is not a folder; expected a folder of images (one subfolder per"
                    + " class)");
        }
        List<Path> entries = list(dir);
        List<Path> classDirs = entries.stream().filter(Files::isDirectory).toList();
        List<Path> loose = entries.stream().filter(ImageFolder::isImage).toList();
        List<String> classNames = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        if (classDirs.isEmpty()) {
            classNames.add(String.valueOf(dir.toAbsolutePath().normalize().getFileName()));
            files.add(loose);
        } else {
            if (!loose.isEmpty()) {
                throw new DataFormatException(dir + " holds image files (" + loose.get(0).getFileName() + ") beside"
                        + " class folders; expected either one subfolder per class or images only");
            }
            for (Path c : classDirs) {
                List<Path> images = list(c).stream().filter(ImageFolder::isImage).toList();
                if (images.isEmpty()) {
                    throw new DataFormatException("class folder " + c + " has no images; expected " + EXTENSIONS
                            + " files");
                }
                classNames.add(c.getFileName().toString());
                files.add(images);
            }
        }
        if (classNames.size() > 256) {
            throw new DataFormatException(dir + " has " + classNames.size() + " class folders; at most 256 are"
                    + " supported");
        }
        int total = files.stream().mapToInt(List::size).sum();
        if (total == 0) {
            throw new DataFormatException(dir + " has no images; expected " + EXTENSIONS + " files, in one subfolder"
                    + " per class or directly in the folder");
        }
        int plane = height * width;
        byte[] pixels = new byte[Math.multiplyExact(total, Math.multiplyExact(channels, plane))];
        byte[] labels = new byte[total];
        int i = 0;
        for (int c = 0; c < files.size(); c++) {
            for (Path f : files.get(c)) {
                copyPixels(resized(decode(f), height, width, channels), channels, pixels, i * channels * plane);
                labels[i++] = (byte) c;
            }
        }
        return new ImageDataset("images:" + dir.toAbsolutePath().normalize().getFileName(), new IdxArray(channels == 1
                ? new int[] {total, height, width} : new int[] {total, 3, height, width}, pixels),
                new IdxArray(new int[] {total}, labels), classNames);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static void checkSize(int height, int width, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grayscale) or 3 (RGB), found " + channels);
        }
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException("image size must be 1.." + MAX_SIDE + " a side, found " + height + "x"
                    + width);
        }
    }

    /**
     * One image file's bytes (PNG, JPEG, BMP or GIF) decoded with the checks {@link #read} applies
     * (claimed size, damage, decoder warnings) and converted as {@link #read} converts a folder's
     * images: {@code channels * height * width} pixels 0..255, channel-major (grayscale luminance,
     * or the red, green and blue planes), rows top to bottom. For images that arrive as bytes
     * rather than files (a Spark {@code binaryFile} row, an upload).
     *
     * @param name what to call the image in an error (its path, say)
     */
    public static byte[] decodePixels(byte[] encoded, String name, int height, int width, int channels)
            throws IOException {
        checkSize(height, width, channels);
        if (encoded == null || encoded.length == 0) {
            throw new DataFormatException(name + " is empty; expected the bytes of a PNG, JPEG, BMP or GIF image");
        }
        BufferedImage img;
        // in memory: ImageIO.createImageInputStream would cache a stream in a temporary file
        try (ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(
                new java.io.ByteArrayInputStream(encoded))) {
            img = decode(in, name);
        }
        byte[] pixels = new byte[channels * height * width];
        copyPixels(resized(img, height, width, channels), channels, pixels, 0);
        return pixels;
    }

    /** A resized image's pixels, channel-major, into {@code pixels} from {@code at}. */
    private static void copyPixels(BufferedImage img, int channels, byte[] pixels, int at) {
        int width = img.getWidth();
        int plane = width * img.getHeight();
        if (channels == 1) {
            byte[] row = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            System.arraycopy(row, 0, pixels, at, plane);
        } else {
            int[] rgb = img.getRGB(0, 0, width, img.getHeight(), null, 0, width);
            for (int p = 0; p < plane; p++) {
                pixels[at + p] = (byte) (rgb[p] >> 16);
                pixels[at + plane + p] = (byte) (rgb[p] >> 8);
                pixels[at + 2 * plane + p] = (byte) rgb[p];
            }
        }
    }

    /** Decodes one image, its claimed size checked first, a decoder warning treated as damage. */
    static BufferedImage decode(Path f) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            return decode(in, f.toString());
        }
    }

    private static BufferedImage decode(ImageInputStream in, String f) throws IOException {
        if (in == null) {
            throw new DataFormatException(f + " cannot be opened as an image");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new DataFormatException(f + " is not an image ImageIO can read; expected PNG, JPEG, BMP or GIF");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            int w;
            int h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new DataFormatException(f + " has no readable image header (" + e.getMessage() + ")", e);
            }
            if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                throw new DataFormatException(f + " claims " + w + "x" + h + " pixels; expected 1.." + MAX_SIDE
                        + " a side");
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage img;
            try {
                img = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw new DataFormatException(f + " is damaged or truncated (" + e.getMessage() + ")", e);
            }
            if (!warnings.isEmpty()) {
                throw new DataFormatException(f + " is damaged or truncated (" + warnings.get(0) + ")");
            }
            return img;
        } finally {
            reader.dispose();
        }
    }

    /** Luminance (1 channel) or RGB (3) on black, resized to height x width. */
    private static BufferedImage resized(BufferedImage src, int height, int width, int channels) {
        BufferedImage out = new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** SHA-256 of a data set's content (sizes, class names, pixels or big-endian float values, labels): the card's record of own data. */
    public static String contentSha256(ImageDataset d) {
        MessageDigest md = Sha256.newDigest();
        md.update((d.size() + (d.channels() == 1 ? "" : "x" + d.channels() + "ch") + "x" + d.height() + "x" + d.width()
                + ":" + String.join("\u0000", d.classNames()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (d.realValued()) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * d.pixelCount());
            for (int i = 0; i < d.size(); i++) {
                buf.clear();
                for (int p = 0; p < d.pixelCount(); p++) {
                    buf.putFloat(d.value(i, p));
                }
                md.update(buf.array());
            }
        } else {
            md.update(d.rawPixels());
        }
        for (int i = 0; i < d.size(); i++) {
            md.update((byte) d.label(i));
        }
        return Sha256.hex(md.digest());
    }
}
