package dev.genzoo.core.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image grids as PNG: each row a batch of grey-level images ([n, h*w] or [n, 1, h, w]) or colour
 * images ([n, 3*h*w] or [n, 3, h, w]) with values in [lo, hi], clipped. Rows are stacked top to bottom with a one-pixel gap, so originals and
 * reconstructions line up column by column.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /**
     * Renders rows of images into one picture.
     *
     * @param rows   batches of images, each [n, h*w] or [n, 1, h, w]; all rows must hold n images
     * @param height image height (width = values / height)
     * @param lo     value shown black
     * @param hi     value shown white
     * @param scale  pixel magnification, >= 1
     */
    public static BufferedImage render(List<INDArray> rows, int height, double lo, double hi, int scale) {
        return render(rows, height, 1, lo, hi, scale);
    }

    /**
     * Renders rows of images with {@code channels}: 1 (grey levels) or 3 (RGB, channel-major: each
     * image's red plane, then green, then blue).
     */
    public static BufferedImage render(List<INDArray> rows, int height, int channels, double lo, double hi,
            int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("need at least one row of images");
        }
        if (scale < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("need scale >= 1 and hi > lo, found scale=" + scale + " lo=" + lo
                    + " hi=" + hi);
        }
        long n = rows.get(0).size(0);
        long values = rows.get(0).length() / n;
        if (values % ((long) height * channels) != 0) {
            throw new IllegalArgumentException(values + " values per image cannot be " + height + " rows high"
                    + (channels > 1 ? " in " + channels + " channels" : ""));
        }
        int width = (int) (values / height / channels);
        int plane = height * width;
        int gap = 1;
        int cols = (int) n;
        BufferedImage img = new BufferedImage(cols * (width + gap) * scale, rows.size() * (height + gap) * scale,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows.size(); r++) {
            INDArray row = rows.get(r);
            if (row.size(0) != n || row.length() / n != values) {
                throw new IllegalArgumentException("row " + r + " has shape " + Arrays.toString(row.shape())
                        + ", expected " + n + " images of " + values + " values");
            }
            double[] v = row.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
            for (int k = 0; k < n; k++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int at = (int) (k * values) + y * width + x;
                        int rgb = 0;
                        for (int c = 0; c < 3; c++) {
                            double t = (v[at + (channels == 1 ? 0 : c * plane)] - lo) / (hi - lo);
                            rgb = (rgb << 8) | (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                        }
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB((k * (width + gap) + x) * scale + dx, (r * (height + gap) + y) * scale + dy,
                                        rgb);
                            }
                        }
                    }
                }
            }
        }
        return img;
    }

    /** Writes a PNG atomically (temporary file, then move): a failed write leaves no partial file. */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
