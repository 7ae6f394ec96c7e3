package dev.genzoo.core.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Rasterises XChart charts and writes them as PNG through {@link ImageGrid#writePng} (atomic). */
final class Charts {
    private Charts() {
    }

    static BufferedImage raster(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    static void write(Chart<?, ?> chart, Path file) throws IOException {
        ImageGrid.writePng(raster(chart), file);
    }

    static void checkSize(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("chart size must be at least 100x100, found " + width + "x" + height);
        }
    }
}
