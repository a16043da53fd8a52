package org.hypertower.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A line plot with bands (mean ± standard deviation) as a self-contained SVG string. */
final class SvgPlot {

    private static final String[] COLORS = {"#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#bcbd22"};

    /**
     * One line.
     *
     * @param label its legend text
     * @param x the x values
     * @param mean the mean at each x (NaN to skip)
     * @param std the standard deviation at each x (drawn as a band)
     */
    record Line(String label, double[] x, double[] mean, double[] std) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Line> lines = new ArrayList<>();

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgPlot add(Line line) {
        lines.add(line);
        return this;
    }

    String render() {
        int w = 760;
        int h = 400;
        int left = 60;
        int right = 260;
        int top = 36;
        int bottom = 46;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                if (Double.isNaN(l.mean()[i])) {
                    continue;
                }
                xMin = Math.min(xMin, l.x()[i]);
                xMax = Math.max(xMax, l.x()[i]);
                double s = Double.isNaN(l.std()[i]) ? 0 : l.std()[i];
                yMin = Math.min(yMin, l.mean()[i] - s);
                yMax = Math.max(yMax, l.mean()[i] + s);
            }
        }
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        double pad = (yMax - yMin) * 0.05;
        double y0 = yMin - pad;
        double y1 = yMax + pad;
        double fx0 = xMin;
        double fx1 = xMax;
        java.util.function.DoubleUnaryOperator px = x -> left + (x - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator py = y -> top + (y1 - y) / (y1 - y0) * (h - top - bottom);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", w, h, w, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>", left,
                escape(title)));
        for (int i = 0; i <= 4; i++) {
            double y = y0 + (y1 - y0) * i / 4;
            double yy = py.applyAsDouble(y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>", left, yy, w - right, yy, left - 6, yy + 4, y));
            double x = xMin + (xMax - xMin) * i / 4;
            double xx = px.applyAsDouble(x);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3g</text>", xx,
                    h - bottom + 16, x));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
                (left + w - right) / 2, h - 10, escape(xLabel), (top + h - bottom) / 2, (top + h - bottom) / 2, escape(yLabel)));
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder upper = new StringBuilder();
            StringBuilder lower = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.x().length; i++) {
                if (Double.isNaN(l.mean()[i])) {
                    continue;
                }
                double s = Double.isNaN(l.std()[i]) ? 0 : l.std()[i];
                double x = px.applyAsDouble(l.x()[i]);
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i])));
                upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i] + s)));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(l.mean()[i] - s)));
            }
            svg.append(String.format(Locale.ROOT, "<polygon points=\"%s%s\" fill=\"%s\" fill-opacity=\"0.15\"/>", upper,
                    lower, color));
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    line, color));
            int ly = top + 8 + 18 * k;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", w - right + 10, ly,
                    w - right + 28, ly, color, w - right + 33, ly + 4, escape(l.label())));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
