package org.alliance.ledger.bench;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A measure against a swept parameter (lines with markers), or one measure against another (points
 * only), with goals and thresholds as dashed lines across the whole panel.
 */
public final class XyPlot implements Plot {
    private record Series(String name, double[] x, double[] y, boolean joined, boolean dashed) {
    }

    private record Rule(String name, double at, boolean vertical) {
    }

    /** Above this many points a line is drawn without markers. */
    private static final int DENSE = 60;

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Series> series = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private boolean logX;
    private boolean logY;

    private XyPlot(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * Starts a plot.
     *
     * @param title the panel's title
     * @param xTitle the horizontal axis' title, with its unit
     * @param yTitle the vertical axis' title, with its unit
     * @return the plot, without series
     */
    public static XyPlot of(String title, String xTitle, String yTitle) {
        return new XyPlot(title, xTitle, yTitle);
    }

    /**
     * Adds a measure against the swept parameter, drawn as a line through its points.
     *
     * @param name the legend's name
     * @param x the parameter's values
     * @param y the measure at each
     * @return this plot
     */
    public XyPlot line(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), checked(x, y), true, false));
        return this;
    }

    /**
     * Adds the baseline measured in the same run against the swept parameter, drawn dashed so that
     * it stands apart from the measures.
     *
     * @param name the legend's name
     * @param x the parameter's values
     * @param y the baseline at each
     * @return this plot
     */
    public XyPlot baseline(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), checked(x, y), true, true));
        return this;
    }

    /**
     * Adds points that are not joined, e.g. one trial each. A condition without trials may add no
     * points; it is then left out of the panel.
     *
     * @param name the legend's name
     * @param x the horizontal values
     * @param y the vertical values
     * @return this plot
     */
    public XyPlot points(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), checked(x, y), false, false));
        return this;
    }

    /**
     * Adds a goal or threshold of the vertical measure: a dashed horizontal line. A name given again
     * (the other side of a ± threshold) appears once in the legend.
     *
     * @param name the legend's name
     * @param y where
     * @return this plot
     */
    public XyPlot goal(String name, double y) {
        rules.add(new Rule(name, y, false));
        return this;
    }

    /**
     * Adds a threshold of the horizontal measure: a dashed vertical line.
     *
     * @param name the legend's name
     * @param x where
     * @return this plot
     */
    public XyPlot threshold(String name, double x) {
        rules.add(new Rule(name, x, true));
        return this;
    }

    /**
     * Uses logarithmic axes.
     *
     * @param x whether the horizontal axis is logarithmic
     * @param y whether the vertical axis is logarithmic
     * @return this plot
     */
    public XyPlot logarithmic(boolean x, boolean y) {
        logX = x;
        logY = y;
        return this;
    }

    @Override
    public BufferedImage image() {
        if (series.stream().allMatch(s -> s.x().length == 0)) {
            throw new IllegalStateException("nothing to plot in " + title);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setMarkerSize(7);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        double[] xs = range(series.stream().map(Series::x).toList(), rules, true);
        double[] ys = range(series.stream().map(Series::y).toList(), rules, false);
        for (Series s : series.stream().filter(s -> s.x().length > 0).toList()) {
            XYSeries drawn = chart.addSeries(s.name(), s.x(), s.y());
            if (!s.joined()) {
                drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
            if (s.dashed()) {
                drawn.setLineStyle(SeriesLines.DASH_DOT);
            }
            if (s.joined() && s.x().length > DENSE) {
                // A marker per point would hide a dense line's shape.
                drawn.setMarker(SeriesMarkers.NONE);
            }
        }
        Set<String> named = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            // XChart needs a name per series: a rule named again (e.g. the other side of ±10°) gets
            // an invisible suffix and stays out of the legend.
            boolean again = !named.add(r.name());
            String name = again ? r.name() + "\u200b".repeat(i + 1) : r.name();
            XYSeries drawn = r.vertical()
                    ? chart.addSeries(name, new double[] {r.at(), r.at()}, ys)
                    : chart.addSeries(name, xs, new double[] {r.at(), r.at()});
            drawn.setShowInLegend(!again);
            drawn.setMarker(SeriesMarkers.NONE);
            drawn.setLineStyle(SeriesLines.DASH_DASH).setLineColor(Color.DARK_GRAY);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The data's extent along one axis, widened to take in the rules across it. */
    private static double[] range(List<double[]> values, List<Rule> rules, boolean horizontal) {
        double[] all = values.stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).toArray();
        double min = Arrays.stream(all).min().orElse(0);
        double max = Arrays.stream(all).max().orElse(1);
        for (Rule r : rules) {
            if (r.vertical() == horizontal) {
                min = Math.min(min, r.at());
                max = Math.max(max, r.at());
            }
        }
        return new double[] {min, max};
    }

    private static double[] checked(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values and " + y.length + " y values");
        }
        return y.clone();
    }
}
