package dev.genzoo.core.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ImageGrid} rows with a text label to the left of each row: interpolation strips (one row
 * per pair of endpoints) and latent traversal grids (one row per latent dimension, columns from
 * {@code from} to {@code to}), as in the figures of Higgins et al. 2017 (β-VAE). The label margin
 * is as wide as the longest label; the image part is exactly {@link ImageGrid#render}'s picture.
 */
public final class LabeledGrid {
    private static final int PAD = 4;

    private LabeledGrid() {
    }

    /**
     * Renders labelled rows.
     *
     * @param rows      batches of images, each [n, h*w] or [n, 1, h, w], all with n images
     * @param rowLabels one label per row
     * @param height    image height
     * @param lo        value shown black
     * @param hi        value shown white
     * @param scale     pixel magnification
     */
    public static BufferedImage render(List<INDArray> rows, List<String> rowLabels, int height, double lo, double hi,
            int scale) {
        if (rowLabels.size() != rows.size()) {
            throw new IllegalArgumentException("need one label per row: " + rows.size() + " rows, " + rowLabels.size()
                    + " labels");
        }
        BufferedImage grid = ImageGrid.render(rows, height, lo, hi, scale);
        int rowHeight = grid.getHeight() / rows.size();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(14, rowHeight - 2)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int margin = 0;
        for (String label : rowLabels) {
            margin = Math.max(margin, fm.stringWidth(label));
        }
        pg.dispose();
        margin += 2 * PAD;
        BufferedImage out = new BufferedImage(margin + grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, margin, out.getHeight());
            g.drawImage(grid, margin, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            for (int r = 0; r < rowLabels.size(); r++) {
                int baseline = r * rowHeight + (rowHeight + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(rowLabels.get(r), PAD, baseline);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A latent traversal grid: row k shows the decodings of {@code traversals.get(k)}, the path
     * along dimension {@code dimensions[k]} from {@code from} to {@code to} (as made by
     * {@code Vae.traverse}), labelled "z[d]: from..to".
     */
    public static BufferedImage traversal(List<INDArray> traversals, int[] dimensions, double from, double to,
            int height, double lo, double hi, int scale) {
        if (dimensions.length != traversals.size()) {
            throw new IllegalArgumentException("need one dimension per traversal row: " + traversals.size()
                    + " rows, " + dimensions.length + " dimensions");
        }
        List<String> labels = new ArrayList<>();
        for (int d : dimensions) {
            labels.add(String.format(Locale.ROOT, "z[%d]: %.1f..%.1f", d, from, to));
        }
        return render(traversals, labels, height, lo, hi, scale);
    }
}
