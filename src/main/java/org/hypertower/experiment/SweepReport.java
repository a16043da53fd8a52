package org.hypertower.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hypertower.tower.Numbers;

/**
 * A sweep's report: {@code sensitivity.svg} (mean test error against initial alpha, one line per
 * tower height, with a band of one standard deviation over seeds), {@code heatmap.svg} (height x
 * alpha0) and {@code report.html} with both figures, the table and the spread per height. Plain
 * files that open offline in any browser.
 */
public final class SweepReport {

    private static final String[] COLORS = {"#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};

    private SweepReport() {}

    /** Writes the report files into a sweep's folder and returns the HTML file. */
    public static Path write(Path sweepFolder, String title) throws IOException {
        SweepSummary s = SweepSummary.read(sweepFolder.resolve("sweep.csv"));
        String lines = sensitivity(s);
        String heat = heatmap(s);
        Files.writeString(sweepFolder.resolve("sensitivity.svg"), lines, StandardCharsets.UTF_8);
        Files.writeString(sweepFolder.resolve("heatmap.svg"), heat, StandardCharsets.UTF_8);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f3f4f6}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        html.append("<p>Final test error against the bottom optimizer's initial learning rate, for each tower height "
                + "(0 = the plain optimizer); mean over seeds, the band one standard deviation; &times; marks a point "
                + "where some seed diverged.</p>");
        html.append(lines).append(heat);
        html.append("<h2>Table</h2><table><tr><th>height \\ alpha0</th>");
        for (double a : s.alphas()) {
            html.append("<th>").append(Numbers.format(a)).append("</th>");
        }
        html.append("<th>spread</th></tr>");
        Map<Integer, Double> spread = s.spreadByHeight();
        for (int h : s.heights()) {
            html.append("<tr><th>").append(h).append("</th>");
            for (double a : s.alphas()) {
                html.append("<td>").append(cellText(s.cell(h, a))).append("</td>");
            }
            html.append("<td>").append(fmt(spread.get(h))).append("</td></tr>");
        }
        html.append("</table><p>Cells: mean &plusmn; standard deviation of the test error over the seeds that finished; "
                + "d = diverged, f = failed. Spread: largest minus smallest mean over alpha0.</p>");
        html.append("<p>Every run's files are under <code>runs/</code>; the raw results in <code>sweep.csv</code>.</p>");
        html.append(Provenance.planSection(sweepFolder));
        html.append(Provenance.versionsParagraph(sweepFolder.resolve("runs")));
        html.append("</body></html>\n");
        Path file = sweepFolder.resolve("report.html");
        Files.writeString(file, html.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String cellText(SweepSummary.Cell c) {
        if (c == null) {
            return "";
        }
        String text = Double.isNaN(c.mean()) ? "&ndash;" : fmt(c.mean()) + (c.finished() > 1 ? " &plusmn; " + fmt(c.std()) : "");
        if (c.diverged() > 0) {
            text += " (" + c.diverged() + "d)";
        }
        if (c.failed() > 0) {
            text += " (" + c.failed() + "f)";
        }
        return text;
    }

    private static String fmt(Double v) {
        return v == null || Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The line plot with bands, as SVG. */
    static String sensitivity(SweepSummary s) {
        int w = 720;
        int h = 420;
        int left = 60;
        int right = 150;
        int top = 30;
        int bottom = 50;
        double x0 = Math.log10(s.alphas().get(0));
        double x1 = Math.log10(s.alphas().get(s.alphas().size() - 1));
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        double fx0 = x0;
        double fx1 = x1;
        java.util.function.DoubleUnaryOperator px = a -> left + (Math.log10(a) - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator py = e -> top + (1 - Math.max(0, Math.min(1, e))) * (h - top - bottom);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", w, h, w, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (int i = 0; i <= 10; i += 2) {
            double y = py.applyAsDouble(i / 10.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>", left, y, w - right, y, left - 6, y + 4,
                    i / 10.0));
        }
        for (double a : s.alphas()) {
            double x = px.applyAsDouble(a);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e7eb\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, top, x, h - bottom, x,
                    h - bottom + 16, Numbers.format(a)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">initial alpha (log scale)"
                + "</text><text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">test error</text>",
                (left + w - right) / 2, h - 12, (top + h - bottom) / 2, (top + h - bottom) / 2));
        int k = 0;
        for (int height : s.heights()) {
            String color = COLORS[Math.min(k++, COLORS.length - 1)];
            StringBuilder upper = new StringBuilder();
            StringBuilder lower = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (double a : s.alphas()) {
                SweepSummary.Cell c = s.cell(height, a);
                double x = px.applyAsDouble(a);
                if (c != null && c.diverged() > 0) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" text-anchor=\"middle\" "
                            + "font-size=\"16\">&#215;</text>", x, (double) top + 4 + 12 * (k - 1), color));
                }
                if (c == null || Double.isNaN(c.mean())) {
                    continue;
                }
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(c.mean())));
                upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(c.mean() + c.std())));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, py.applyAsDouble(c.mean() - c.std())));
            }
            svg.append(String.format(Locale.ROOT, "<polygon points=\"%s%s\" fill=\"%s\" fill-opacity=\"0.15\"/>", upper, lower,
                    color));
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    line, color));
            int ly = top + 20 * k;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">height %d%s</text>", w - right + 12, ly, w - right + 32,
                    ly, color, w - right + 38, ly + 4, height, height == 0 ? " (plain)" : ""));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** The height x alpha0 heatmap of the mean test error, as SVG. */
    static String heatmap(SweepSummary s) {
        int cellW = 90;
        int cellH = 36;
        int left = 80;
        int top = 20;
        int w = left + cellW * s.alphas().size() + 20;
        int h = top + cellH * s.heights().size() + 50;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", w, h, w, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        List<Integer> heights = s.heights();
        for (int r = 0; r < heights.size(); r++) {
            int height = heights.get(heights.size() - 1 - r);
            int y = top + r * cellH;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">height %d</text>", left - 8,
                    y + cellH / 2 + 4, height));
            for (int c = 0; c < s.alphas().size(); c++) {
                SweepSummary.Cell cell = s.cell(height, s.alphas().get(c));
                int x = left + c * cellW;
                boolean none = cell == null || Double.isNaN(cell.mean());
                String fill = none ? "#d1d5db" : heatColor(cell.mean());
                String label = none ? (cell != null && cell.diverged() > 0 ? "diverged" : "&ndash;")
                        : String.format(Locale.ROOT, "%.3f", cell.mean()) + (cell.diverged() > 0 ? "*" : "");
                String ink = none || cell.mean() > 0.55 ? "white" : "black";
                if (none) {
                    ink = "black";
                }
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"white\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>", x, y, cellW,
                        cellH, fill, x + cellW / 2, y + cellH / 2 + 4, ink, label));
            }
        }
        for (int c = 0; c < s.alphas().size(); c++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    left + c * cellW + cellW / 2, top + heights.size() * cellH + 16, Numbers.format(s.alphas().get(c))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">initial alpha; cells: mean "
                + "test error (* some seed diverged)</text>", left + cellW * s.alphas().size() / 2, h - 8));
        svg.append("</svg>");
        return svg.toString();
    }

    /** Returns the heatmap's colour of a test error as #rrggbb: yellow-green (low) to dark purple (high). */
    public static String heatColor(double error) {
        double[][] stops = {{0.99, 0.91, 0.14}, {0.37, 0.79, 0.38}, {0.13, 0.57, 0.55}, {0.23, 0.32, 0.55}, {0.27, 0.0, 0.33}};
        double t = Math.max(0, Math.min(1, error)) * (stops.length - 1);
        int i = Math.min((int) t, stops.length - 2);
        double f = t - i;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) Math.round(255 * (stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
