package org.hypertower.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.hypertower.tower.Numbers;

/**
 * A line plot with bands (mean ± standard deviation) as a self-contained SVG string: the reports'
 * one way of drawing curves. The x axis is linear, or logarithmic with a tick at every x value
 * (a sweep's alphas); the y range follows the data unless fixed; a line may mark points with ×
 * (a sweep's points where some seed diverged).
 */
final class SvgPlot {

    private static final String[] COLORS = {"#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#bcbd22"};
    private static final int PLOT_RIGHT = 500;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int TITLE = 36;
    private static final int BOTTOM = 46;

    /**
     * One line.
     *
     * @param label its legend text
     * @param x the x values
     * @param mean the mean at each x (NaN to skip)
     * @param std the standard deviation at each x (drawn as a band; NaN for none)
     * @param marked whether to mark each x with × above the plot (null for none)
     * @param color its colour as #rrggbb (null: the palette's next)
     * @param dash its SVG stroke-dasharray, e.g. {@code 6,3} (null: solid)
     */
    record Line(String label, double[] x, double[] mean, double[] std, boolean[] marked, String color, String dash) {

        Line(String label, double[] x, double[] mean, double[] std, boolean[] marked) {
            this(label, x, mean, std, marked, null, null);
        }

        Line(String label, double[] x, double[] mean, double[] std) {
            this(label, x, mean, std, null);
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Line> lines = new ArrayList<>();
    private boolean logX;
    private double yFrom = Double.NaN;
    private double yTo = Double.NaN;
    private String bandOpacity = "0.15";

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgPlot add(Line line) {
        lines.add(line);
        return this;
    }

    /** Plots x on a log scale, with a tick labelled at every x value of the lines (x must be > 0). */
    SvgPlot logX() {
        logX = true;
        return this;
    }

    /** Fixes the y range; values outside it are drawn at its edge. */
    SvgPlot yRange(double from, double to) {
        yFrom = from;
        yTo = to;
        return this;
    }

    /** Sets how opaque the bands are (0.15 unless set): fainter where many lines overlap. */
    SvgPlot bandOpacity(double opacity) {
        bandOpacity = String.format(Locale.ROOT, "%.2f", opacity);
        return this;
    }

    String render() {
        // a row above the plot for each line with marks, so that they never cover a line
        List<Line> markedLines = lines.stream().filter(l -> l.marked() != null && hasTrue(l.marked())).toList();
        int top = TITLE + 14 * markedLines.size();
        // tall enough for a plot area of at least 260 pixels and for the whole legend
        int height = Math.max(HEIGHT, Math.max(top + 260 + BOTTOM, TITLE + 8 + 18 * lines.size() + 10));
        int longest = lines.stream().mapToInt(l -> l.label().length()).max().orElse(0);
        int width = PLOT_RIGHT + 60 + (int) Math.ceil(longest * 6.4);
        DoubleUnaryOperator sx = logX ? Math::log10 : x -> x;
        TreeSet<Double> xs = new TreeSet<>();
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                if (logX && !(l.x()[i] > 0)) {
                    continue;
                }
                xs.add(l.x()[i]);
                if (Double.isNaN(l.mean()[i])) {
                    continue;
                }
                double s = Double.isNaN(l.std()[i]) ? 0 : l.std()[i];
                yMin = Math.min(yMin, l.mean()[i] - s);
                yMax = Math.max(yMax, l.mean()[i] + s);
            }
        }
        double x0 = xs.isEmpty() ? 0 : sx.applyAsDouble(xs.first());
        double x1 = xs.isEmpty() ? 1 : sx.applyAsDouble(xs.last());
        if (!(x1 > x0)) {
            x1 = x0 + 1;
        }
        double y0;
        double y1;
        if (!Double.isNaN(yFrom)) {
            y0 = yFrom;
            y1 = yTo;
        } else {
            if (!(yMax > yMin)) {
                yMin = Double.isInfinite(yMin) ? 0 : yMin;
                yMax = yMin + 1;
            }
            double pad = (yMax - yMin) * 0.05;
            y0 = yMin - pad;
            y1 = yMax + pad;
        }
        double fx0 = x0;
        double fx1 = x1;
        DoubleUnaryOperator px = x -> LEFT + (sx.applyAsDouble(x) - fx0) / (fx1 - fx0) * (PLOT_RIGHT - LEFT);
        DoubleUnaryOperator py = y -> top + (y1 - Math.max(y0, Math.min(y1, y))) / (y1 - y0) * (height - top - BOTTOM);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", width, height, width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>", LEFT,
                escape(title)));
        for (int i = 0; i <= 4; i++) {
            double y = y0 + (y1 - y0) * i / 4;
            double yy = py.applyAsDouble(y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>", LEFT, yy, PLOT_RIGHT, yy, LEFT - 6,
                    yy + 4, y));
        }
        List<double[]> ticks = new ArrayList<>();
        if (logX) {
            xs.forEach(x -> ticks.add(new double[] {x}));
        } else {
            for (int i = 0; i <= 4; i++) {
                ticks.add(new double[] {x0 + (x1 - x0) * i / 4});
            }
        }
        for (double[] t : ticks) {
            double xx = px.applyAsDouble(t[0]);
            String label = logX ? Numbers.format(t[0]) : t[0] == Math.rint(t[0]) && Math.abs(t[0]) < 1e9
                    ? Long.toString((long) t[0]) : String.format(Locale.ROOT, "%.3g", t[0]);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#f1f2f4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", xx, top, xx, height - BOTTOM, xx,
                    height - BOTTOM + 16, escape(label)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
                (LEFT + PLOT_RIGHT) / 2, height - 10, escape(xLabel), (top + height - BOTTOM) / 2,
                (top + height - BOTTOM) / 2, escape(yLabel)));
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            String color = l.color() != null ? l.color() : COLORS[k % COLORS.length];
            String dash = l.dash() == null ? "" : " stroke-dasharray=\"" + l.dash() + "\"";
            StringBuilder upper = new StringBuilder();
            StringBuilder lower = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.x().length; i++) {
                if (logX && !(l.x()[i] > 0)) {
                    continue;
                }
                double x = px.applyAsDouble(l.x()[i]);
                if (l.marked() != null && l.marked()[i]) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"middle\" "
                            + "font-size=\"16\">&#215;</text>", x, TITLE + 12 + 14 * markedLines.indexOf(l), color));
                }
                if (Double.isNaN(l.mean()[i])) {
                    continue;
                }
                double s = Double.isNaN(l.std()[i]) ? 0 : l.std()[i];
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i])));
                upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i] + s)));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i] - s)));
            }
            svg.append(String.format(Locale.ROOT, "<polygon points=\"%s%s\" fill=\"%s\" fill-opacity=\"%s\"/>", upper,
                    lower, color, bandOpacity));
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    line, color, dash));
            int ly = TITLE + 8 + 18 * k;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", PLOT_RIGHT + 20, ly,
                    PLOT_RIGHT + 38, ly, color, dash, PLOT_RIGHT + 43, ly + 4, escape(l.label())));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static boolean hasTrue(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
