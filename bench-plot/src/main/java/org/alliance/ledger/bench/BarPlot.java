package org.alliance.ledger.bench;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Bars per category, one bar per series: typically the same-run baseline first and the measured
 * figure next to it. A goal is drawn as a dashed line across the categories.
 */
public final class BarPlot implements Plot {
    /** Above this many characters of category names in all, they are slanted. */
    private static final int LABEL_CHARACTERS = 60;

    private final String title;
    private final String yTitle;
    private final List<String> categories;
    private final Map<String, double[]> bars = new LinkedHashMap<>();
    private final Map<String, double[]> goals = new LinkedHashMap<>();
    private boolean logarithmic;

    private BarPlot(String title, String yTitle, List<String> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a bar plot needs at least one category");
        }
        this.title = title;
        this.yTitle = yTitle;
        this.categories = List.copyOf(categories);
    }

    /**
     * Starts a bar plot.
     *
     * @param title the panel's title
     * @param yTitle the value axis' title, with its unit
     * @param categories the groups along the horizontal axis
     * @return the plot, without series
     */
    public static BarPlot of(String title, String yTitle, String... categories) {
        return new BarPlot(title, yTitle, List.of(categories));
    }

    /**
     * Adds a series of bars, one value per category.
     *
     * @param name the legend's name
     * @param values one per category, in the categories' order
     * @return this plot
     */
    public BarPlot bars(String name, double... values) {
        bars.put(name, checked(values));
        return this;
    }

    /**
     * Adds a goal as a dashed line across the categories (at least two, or there is no line to draw).
     *
     * @param name the legend's name, e.g. "goal ≤ 10 ms"
     * @param value where
     * @return this plot
     */
    public BarPlot goal(String name, double value) {
        if (categories.size() < 2) {
            throw new IllegalArgumentException("a goal line needs at least two categories");
        }
        double[] line = new double[categories.size()];
        Arrays.fill(line, value);
        goals.put(name, line);
        return this;
    }

    /**
     * Uses a logarithmic value axis, for figures that differ by orders of magnitude.
     *
     * @return this plot
     */
    public BarPlot logarithmic() {
        logarithmic = true;
        return this;
    }

    @Override
    public BufferedImage image() {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(logarithmic);
        styler.setLabelsVisible(true);
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.BLACK);
        styler.setAvailableSpaceFill(0.7);
        styler.setOverlapped(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setYAxisDecimalPattern("#,##0.##");
        if (categories.stream().mapToInt(String::length).sum() > LABEL_CHARACTERS) {
            // Long category names would run into each other side by side.
            styler.setXAxisLabelRotation(15);
        }
        // Bars grow from the axis' minimum: 0, or on a logarithmic axis the power of ten below the least value.
        double least = Stream.concat(bars.values().stream(), goals.values().stream()).flatMapToDouble(Arrays::stream)
                .filter(v -> v > 0).min().orElse(1);
        styler.setYAxisMin(logarithmic ? Math.pow(10, Math.floor(Math.log10(least))) : 0.0);
        // Room above the tallest bar or goal, so that the legend and the value labels stay clear of them.
        double top = Stream.concat(bars.values().stream(), goals.values().stream())
                .flatMapToDouble(Arrays::stream).max().orElse(1);
        chart.getStyler().setYAxisMax(top * (logarithmic ? 10 : 1.3));
        bars.forEach((name, v) -> chart.addSeries(name, categories, boxed(v)));
        goals.forEach((name, v) -> {
            CategorySeries s = chart.addSeries(name, categories, boxed(v));
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH).setLineColor(Color.DARK_GRAY);
        });
        return BitmapEncoder.getBufferedImage(chart);
    }

    private double[] checked(double[] values) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException(values.length + " values for " + categories.size() + " categories");
        }
        return values.clone();
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
