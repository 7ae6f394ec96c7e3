package dev.genzoo.core.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss curves: one line per named series against the epoch (1-based), e.g. the training loss of
 * {@code TrainingReport.epochLoss()} beside a validation loss, or the generator and discriminator
 * losses of a GAN. A logarithmic y axis suits losses that fall over orders of magnitude (it needs
 * every value > 0).
 */
public final class LossCurves {
    private LossCurves() {
    }

    /** The chart of {@code series} (name to per-epoch values, in the map's order). */
    public static XYChart chart(Map<String, List<Double>> series, String title, boolean logY, int width, int height) {
        Map<String, double[][]> points = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> values = e.getValue();
            double[] x = new double[values.size()];
            double[] y = new double[values.size()];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
                y[i] = values.get(i);
            }
            points.put(e.getKey(), new double[][] {x, y});
        }
        return chart(points, title, "epoch", "loss", logY, width, height, true);
    }

    /**
     * Curves against the training step: {@code series} maps a name to its {@code {steps, values}}
     * (equal lengths, e.g. {@code MetricsLogs.Series}); markers only where there are few points.
     */
    public static XYChart stepChart(Map<String, double[][]> series, String title, boolean logY, int width,
            int height) {
        return chart(series, title, "step", "value", logY, width, height, false);
    }

    private static XYChart chart(Map<String, double[][]> series, String title, String xTitle, String yTitle,
            boolean logY, int width, int height, boolean markers) {
        Charts.checkSize(width, height);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("need at least one series of " + yTitle + "s");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(logY);
        int k = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0];
            double[] y = e.getValue()[1];
            if (y.length == 0 || x.length != y.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' is empty or has " + x.length + " "
                        + xTitle + "s for " + y.length + " values");
            }
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i]) || (logY && y[i] <= 0)) {
                    throw new IllegalArgumentException("series '" + e.getKey() + "' has value " + y[i] + " at "
                            + xTitle + " " + (long) x[i] + (logY ? "; a logarithmic axis needs finite values > 0"
                                    : "; values must be finite"));
                }
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(markers || y.length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(Palette.of(k));
            s.setMarkerColor(Palette.of(k));
            k++;
        }
        return chart;
    }

    /** The curves as an image. */
    public static BufferedImage render(Map<String, List<Double>> series, String title, boolean logY, int width,
            int height) {
        return Charts.raster(chart(series, title, logY, width, height));
    }

    /** Writes the curves as a PNG (atomically). */
    public static void writePng(Map<String, List<Double>> series, String title, boolean logY, int width, int height,
            Path file) throws IOException {
        Charts.write(chart(series, title, logY, width, height), file);
    }

    /** Writes {@link #stepChart} as a PNG (atomically). */
    public static void writeStepPng(Map<String, double[][]> series, String title, boolean logY, int width, int height,
            Path file) throws IOException {
        Charts.write(stepChart(series, title, logY, width, height), file);
    }
}
