package dev.genzoo.generative.stylegan;

import dev.genzoo.core.model.Gan;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The style-mixing figure of the StyleGAN paper (Figure 3) as rows of images for a grid: the top
 * row shows the images of the column seeds (source B) after an empty corner, each further row the
 * image of its row seed (source A) followed by the mixes that take A's styles on the synthesis layers
 * below {@code fromLayer} and B's from it on; fixed noise throughout. Each row is {@code [k, pixels]}
 * in the model's [-1, 1]; the corner is -1 (black).
 */
public final class MixingGrid {
    private MixingGrid() {
    }

    /** The grid's rows for {@code rows} × {@code cols} seeds, crossover at {@code fromLayer}. */
    public static List<INDArray> rows(Gan.StyleBased g, long[] rows, long[] cols, int fromLayer) {
        INDArray a = g.mix(rows, new long[] {cols[0]}, g.styleLayers()); // A's own images
        INDArray b = g.mix(new long[] {rows[0]}, cols, 0); // B's own images
        INDArray mixed = g.mix(rows, cols, fromLayer);
        INDArray corner = Nd4j.zeros(a.dataType(), 1, a.size(1), a.size(2), a.size(3)).subi(1.0);
        List<INDArray> out = new ArrayList<>();
        out.add(flat(Nd4j.concat(0, corner, b)));
        for (int r = 0; r < rows.length; r++) {
            INDArray row = mixed.get(NDArrayIndex.interval((long) r * cols.length, (long) (r + 1) * cols.length));
            out.add(flat(Nd4j.concat(0, a.get(NDArrayIndex.interval(r, r + 1)), row)));
        }
        return out;
    }

    private static INDArray flat(INDArray images) {
        return images.reshape(images.size(0), images.length() / images.size(0));
    }
}
