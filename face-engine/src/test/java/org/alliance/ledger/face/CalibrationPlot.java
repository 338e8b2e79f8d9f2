package org.alliance.ledger.face;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * FMR and FNMR against the cosine threshold, one panel per model set side by side in one PNG:
 * the two sets' scores live on different scales (dlib's impostors near 0.85), so each panel has
 * its own threshold axis.
 */
final class CalibrationPlot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private CalibrationPlot() {
    }

    /**
     * Writes the plot.
     *
     * @param png where
     * @param curves per model set: thresholds, FMR, FNMR
     * @param policies per model set: the configured threshold
     * @throws IOException if the file cannot be written
     */
    static void write(Path png, Map<ModelSet, double[][]> curves, Map<ModelSet, MatchPolicy> policies)
            throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<ModelSet, double[][]> e : curves.entrySet()) {
            double[][] c = e.getValue();
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title("model set " + e.getKey().id()).xAxisTitle("cosine threshold").yAxisTitle("error rate")
                    .build();
            chart.getStyler().setMarkerSize(0);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
            chart.addSeries("FMR (impostor pairs accepted)", c[0], c[1]).setMarker(SeriesMarkers.NONE);
            chart.addSeries("FNMR (genuine pairs refused)", c[0], c[2]).setMarker(SeriesMarkers.NONE);
            double t = policies.get(e.getKey()).threshold();
            XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT, "configured %.2f", t),
                    new double[] {t, t}, new double[] {0, 1});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setLineColor(Color.DARK_GRAY);
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        BufferedImage out = new BufferedImage(WIDTH * panels.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), i * WIDTH, 0, null);
        }
        g.dispose();
        ImageIO.write(out, "png", png.toFile());
    }
}
