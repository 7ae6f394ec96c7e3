package dev.genzoo.examples.notebook;

import dev.genzoo.core.Settings;
import dev.genzoo.core.viz.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shows a picture from a notebook cell, wherever the cell runs.
 *
 * <ul>
 *   <li>under {@link NotebookRunner}: the image is handed to the runner, which writes it into the
 *       cell's outputs as {@code display_data} with {@code image/png};
 *   <li>on the IJava kernel: {@code io.github.spencerpark.ijava.runtime.Display.display(Object,
 *       String...)} is called through reflection with {@code "image/png"}, so this class compiles
 *       and runs without the kernel jar;
 *   <li>anywhere else (plain JShell, or if the kernel call fails): the PNG is written to a
 *       temporary file and its path printed (also forced on IJava with {@code GENZOO_SHOW=file} or
 *       {@code -Dgenzoo.show=file}, {@link Settings#showMode()}).
 * </ul>
 */
public final class Show {
    private static volatile Consumer<BufferedImage> sink;

    private Show() {
    }

    /** Shows {@code img} as a PNG. */
    public static void png(BufferedImage img) {
        Consumer<BufferedImage> s = sink;
        if (s != null) {
            s.accept(img);
            return;
        }
        if (Settings.current().showMode() != Settings.ShowMode.FILE && ijava(img)) {
            return;
        }
        try {
            Path f = Files.createTempFile("genzoo-", ".png");
            ImageGrid.writePng(img, f);
            System.out.println("image written to " + f.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shows rows of images (each an {@code [n, 784]} or {@code [n, 1, h, w]} batch) as a grid, pixel
     * values mapped from {@code [lo, hi]} to black..white, each pixel drawn 3x3.
     */
    public static void grid(List<INDArray> rows, double lo, double hi) {
        png(ImageGrid.render(rows, 28, lo, hi, 3));
    }

    /** PNG bytes of {@code img}. */
    public static byte[] pngBytes(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs (or, with null, removes) the receiver of shown images; used by {@link NotebookRunner}. */
    static void sink(Consumer<BufferedImage> s) {
        sink = s;
    }

    private static boolean ijava(BufferedImage img) {
        try {
            Class<?> display = Class.forName("io.github.spencerpark.ijava.runtime.Display", true,
                    Show.class.getClassLoader());
            Method m = display.getMethod("display", Object.class, String[].class);
            m.invoke(null, img, new String[] {"image/png"});
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }
}
