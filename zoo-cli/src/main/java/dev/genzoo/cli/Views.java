package dev.genzoo.cli;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.viz.ImageGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** What the picture-making commands share: model input batches, value ranges, grids. */
final class Views {
    private Views() {
    }

    /** The first {@code n} images of {@code data} in the model's layout, [0,1], optionally corrupted (labels = clean). */
    static DataSet batch(GenZooModel model, ImageDataset data, int n, Noise noise, long seed) {
        boolean image = model.inputShape().height() > 1;
        return data.batch(Math.min(n, data.size())).layout(image ? Layout.IMAGE : Layout.FLAT).noise(noise).seed(seed)
                .iterator().next();
    }

    /** Splits a batch of images (flat {@code [n, 784]} or {@code [n, 1, 28, 28]}) into rows of {@code perRow}. */
    static List<INDArray> rows(INDArray images, int perRow) {
        if (images.rank() > 2) {
            images = images.reshape(images.size(0), images.length() / images.size(0));
        }
        List<INDArray> rows = new ArrayList<>();
        long n = images.size(0);
        for (int start = 0; start < n; start += perRow) {
            int end = (int) Math.min(n, start + perRow);
            if (end - start < perRow && start > 0) {
                break; // grid rows must be equally long
            }
            rows.add(images.getRows(IntStream.range(start, end).toArray()));
        }
        return rows;
    }

    /** Writes rows of square images in [lo, 1] as a PNG grid, magnified 3x (28x28 for MNIST-shaped ones). */
    static void png(List<INDArray> rows, double lo, Path file) throws IOException {
        long values = rows.get(0).length() / Math.max(1, rows.get(0).size(0));
        int side = (int) Math.round(Math.sqrt(values));
        png(rows, lo, side * side == values ? side : 28, file);
    }

    /** Writes rows of images {@code height} pixels high in [lo, 1] as a PNG grid, magnified 3x (6x below 16 pixels). */
    static void png(List<INDArray> rows, double lo, int height, Path file) throws IOException {
        png(rows, lo, height, 1, file);
    }

    /** {@link #png(List, double, int, Path)} for images of {@code channels} (3: RGB planes). */
    static void png(List<INDArray> rows, double lo, int height, int channels, Path file) throws IOException {
        ImageGrid.writePng(ImageGrid.render(rows, height, channels, lo, 1, height < 16 ? 6 : 3), file);
    }
}
