package dev.genzoo.core.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D latent space as a scatter plot, one colour per class (the picture of Kingma and Welling
 * 2014, fig. 4, and of Hinton and Salakhutdinov 2006, fig. 3). Codes with more than two dimensions
 * should be projected first, e.g. with {@code dev.genzoo.core.baseline.Pca} fitted to the codes.
 */
public final class LatentScatter {
    private LatentScatter() {
    }

    /**
     * The chart of codes {@code [n, 2]} with class indices {@code labels}.
     *
     * @param classNames names for the legend, index = label
     */
    public static XYChart chart(INDArray codes, int[] labels, List<String> classNames, String title, int width,
            int height) {
        Charts.checkSize(width, height);
        if (codes == null || codes.rank() != 2 || codes.size(1) != 2) {
            throw new IllegalArgumentException("codes must be [n, 2], found "
                    + (codes == null ? "null" : Arrays.toString(codes.shape()))
                    + "; project wider codes to 2-D first (e.g. Pca.fit(codes, 2))");
        }
        if (labels.length != codes.size(0)) {
            throw new IllegalArgumentException("expected " + codes.size(0) + " labels (one per code), found "
                    + labels.length);
        }
        for (int l : labels) {
            if (l < 0 || l >= classNames.size()) {
                throw new IllegalArgumentException("label " + l + " has no class name; names: " + classNames);
            }
        }
        double[][] xy = codes.castTo(DataType.DOUBLE).toDoubleMatrix();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("z1")
                .yAxisTitle("z2").build();
        var s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerSize(4);
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int c = 0; c < classNames.size(); c++) {
            int cls = c;
            int[] members = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
            if (members.length == 0) {
                continue;
            }
            double[] x = new double[members.length];
            double[] y = new double[members.length];
            for (int i = 0; i < members.length; i++) {
                x[i] = xy[members[i]][0];
                y[i] = xy[members[i]][1];
            }
            XYSeries series = chart.addSeries(classNames.get(c), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(Palette.of(c));
        }
        return chart;
    }

    /** The scatter as an image. */
    public static BufferedImage render(INDArray codes, int[] labels, List<String> classNames, String title,
            int width, int height) {
        return Charts.raster(chart(codes, labels, classNames, title, width, height));
    }

    /** Writes the scatter as a PNG (atomically). */
    public static void writePng(INDArray codes, int[] labels, List<String> classNames, String title, int width,
            int height, Path file) throws IOException {
        Charts.write(chart(codes, labels, classNames, title, width, height), file);
    }
}
