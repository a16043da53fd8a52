package org.hypertower.ui.charts;

import java.util.IdentityHashMap;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.Axis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.shape.Polygon;

/**
 * A line chart whose series may carry a band around their line (mean ± standard deviation over
 * seeds), drawn under the lines in the series' own colour (style classes {@code experiment-band}
 * and {@code default-colorN}, coloured by the workbench's stylesheet).
 */
public final class BandedLineChart extends LineChart<Number, Number> {

    private final Map<Series<Number, Number>, Band> bands = new IdentityHashMap<>();

    /** The band of one series: at each of its points, the lower and upper edge. */
    private record Band(double[] x, double[] lower, double[] upper, Polygon shape) {}

    /** A chart on two axes. */
    public BandedLineChart(Axis<Number> x, Axis<Number> y) {
        super(x, y);
        getData().addListener((ListChangeListener<Series<Number, Number>>) change -> {
            while (change.next()) {
                for (Series<Number, Number> removed : change.getRemoved()) {
                    Band b = bands.remove(removed);
                    if (b != null) {
                        getPlotChildren().remove(b.shape());
                    }
                }
            }
        });
    }

    /**
     * Adds a series with a band; the band's points need not match the line's (NaN skips a point).
     *
     * @param series the line
     * @param x the band's x values
     * @param lower its lower edge at each x
     * @param upper its upper edge at each x
     */
    public void addWithBand(Series<Number, Number> series, double[] x, double[] lower, double[] upper) {
        Polygon shape = new Polygon();
        shape.getStyleClass().add("experiment-band");
        shape.setMouseTransparent(true);
        bands.put(series, new Band(x.clone(), lower.clone(), upper.clone(), shape));
        getPlotChildren().add(0, shape);
        getData().add(series);
        // the line's colour class (default-color0..7), given as the series was added
        series.getNode().getStyleClass().stream().filter(c -> c.startsWith("default-color")).findFirst()
                .ifPresent(c -> shape.getStyleClass().add(c));
    }

    /**
     * Draws a series added before in a colour of its own rather than its place's, dashed or solid:
     * its line, its points, its band and its legend symbol alike (for charts of more lines than the
     * palette has colours).
     *
     * @param color #rrggbb
     * @param dash the dash pattern, e.g. {@code 7,4} (null: solid)
     */
    public void restyle(Series<Number, Number> series, String color, String dash) {
        series.getNode().setStyle("-fx-stroke: " + color + ";"
                + (dash == null ? "" : " -fx-stroke-dash-array: " + dash.replace(',', ' ') + ";"));
        String symbol = "-fx-background-color: " + color + ", white;";
        for (XYChart.Data<Number, Number> d : series.getData()) {
            if (d.getNode() != null) {
                d.getNode().setStyle(symbol);
            }
        }
        Band b = bands.get(series);
        if (b != null) {
            b.shape().setStyle("-fx-fill: " + color + "17;");
        }
        for (javafx.scene.Node n : lookupAll(".chart-legend-item")) {
            if (n instanceof javafx.scene.control.Label l && series.getName().equals(l.getText()) && l.getGraphic() != null) {
                l.getGraphic().setStyle(symbol);
            }
        }
    }

    /** Returns how many series carry a band (for tests). */
    public int bandCount() {
        return bands.size();
    }

    /** Returns the points of a series' band as laid out, x and y alternating, in pixels (for tests). */
    public java.util.List<Double> bandPoints(Series<Number, Number> series) {
        Band b = bands.get(series);
        return b == null ? java.util.List.of() : java.util.List.copyOf(b.shape().getPoints());
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        Axis<Number> xa = getXAxis();
        Axis<Number> ya = getYAxis();
        for (Band b : bands.values()) {
            java.util.List<Double> top = new java.util.ArrayList<>();
            java.util.List<Double> bottom = new java.util.ArrayList<>();
            for (int i = 0; i < b.x().length; i++) {
                if (Double.isNaN(b.lower()[i]) || Double.isNaN(b.upper()[i]) || Double.isNaN(b.x()[i])) {
                    continue;
                }
                double px = xa.getDisplayPosition(b.x()[i]);
                top.add(px);
                top.add(ya.getDisplayPosition(b.upper()[i]));
                bottom.add(0, ya.getDisplayPosition(b.lower()[i]));
                bottom.add(0, px);
            }
            top.addAll(bottom);
            b.shape().getPoints().setAll(top);
        }
    }

    @Override
    protected void updateAxisRange() {
        super.updateAxisRange();
        // widen an auto-ranging y axis so that the bands fit, not only the lines
        Axis<Number> ya = getYAxis();
        if (!ya.isAutoRanging() || bands.isEmpty()) {
            return;
        }
        java.util.List<Number> values = new java.util.ArrayList<>();
        for (XYChart.Series<Number, Number> s : getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                values.add(d.getYValue());
            }
        }
        for (Band b : bands.values()) {
            for (int i = 0; i < b.x().length; i++) {
                if (!Double.isNaN(b.lower()[i]) && !Double.isNaN(b.upper()[i])) {
                    values.add(b.lower()[i]);
                    values.add(b.upper()[i]);
                }
            }
        }
        ya.invalidateRange(values);
    }
}
