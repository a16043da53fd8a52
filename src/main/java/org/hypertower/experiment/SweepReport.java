package org.hypertower.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hypertower.files.AtomicFiles;
import org.hypertower.tower.Numbers;

/**
 * A sweep's report: {@code sensitivity.svg} (mean test error against initial alpha, one line per
 * tower height, with a band of one standard deviation over seeds), {@code heatmap.svg} (height x
 * alpha0) and {@code report.html} with both figures, the table and the spread per height. Plain
 * files that open offline in any browser.
 */
public final class SweepReport {

    private SweepReport() {}

    /** Writes the report files into a sweep's folder and returns the HTML file. */
    public static Path write(Path sweepFolder, String title) throws IOException {
        SweepSummary s = SweepSummary.read(sweepFolder.resolve("sweep.csv"));
        String lines = sensitivity(s);
        String heat = heatmap(s);
        AtomicFiles.writeString(sweepFolder.resolve("sensitivity.svg"), lines);
        AtomicFiles.writeString(sweepFolder.resolve("heatmap.svg"), heat);
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
        AtomicFiles.writeString(file, html.toString());
        return file;
    }

    private static String cellText(SweepSummary.Cell c) {
        return c == null ? "" : c.label("&ndash;").replace("±", "&plusmn;");
    }

    private static String fmt(Double v) {
        return v == null || Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The line plot with bands, as SVG: one line per height, × where some seed diverged. */
    static String sensitivity(SweepSummary s) {
        SvgPlot plot = new SvgPlot("Test error against initial alpha (mean ± std over seeds; × some seed diverged)",
                "initial alpha (log scale)", "test error").logX().yRange(0, 1);
        int n = s.alphas().size();
        double[] x = s.alphas().stream().mapToDouble(Double::doubleValue).toArray();
        for (int height : s.heights()) {
            double[] mean = new double[n];
            double[] std = new double[n];
            boolean[] diverged = new boolean[n];
            for (int i = 0; i < n; i++) {
                SweepSummary.Cell c = s.cell(height, x[i]);
                mean[i] = c == null ? Double.NaN : c.mean();
                std[i] = c == null ? Double.NaN : c.std();
                diverged[i] = c != null && c.diverged() > 0;
            }
            plot.add(new SvgPlot.Line("height " + height + (height == 0 ? " (plain)" : ""), x, mean, std, diverged));
        }
        return plot.render();
    }

    /** The height x alpha0 heatmap of the mean test error, as SVG. */
    static String heatmap(SweepSummary s) {
        List<Integer> heights = s.heights();
        List<Integer> top = new java.util.ArrayList<>(heights);
        java.util.Collections.reverse(top);
        return heatmap(top.stream().map(h -> "height " + h).toList(), s.alphas(), (r, a) -> s.cell(top.get(r), a));
    }

    /**
     * A rows x alpha0 heatmap of the mean test error, as SVG.
     *
     * @param labels the rows' names, top row first
     * @param alphas the columns' initial alphas
     * @param cell the cell of a row (by its index in labels) and an alpha (null when none)
     */
    static String heatmap(List<String> labels, List<Double> alphas, java.util.function.BiFunction<Integer, Double,
            SweepSummary.Cell> cell) {
        int cellW = 90;
        int cellH = 36;
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        int left = Math.max(80, 16 + (int) Math.ceil(longest * 7.0));
        int top = 20;
        int w = left + cellW * alphas.size() + 20;
        int h = top + cellH * labels.size() + 50;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", w, h, w, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (int r = 0; r < labels.size(); r++) {
            int y = top + r * cellH;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 8,
                    y + cellH / 2 + 4, escape(labels.get(r))));
            for (int c = 0; c < alphas.size(); c++) {
                SweepSummary.Cell one = cell.apply(r, alphas.get(c));
                int x = left + c * cellW;
                boolean none = one == null || Double.isNaN(one.mean());
                String fill = none ? "#d1d5db" : heatColor(one.mean());
                String label = none ? (one != null && one.diverged() > 0 ? "diverged" : "&ndash;")
                        : String.format(Locale.ROOT, "%.3f", one.mean()) + (one.diverged() > 0 ? "*" : "");
                String ink = none || one.mean() > 0.55 ? "white" : "black";
                if (none) {
                    ink = "black";
                }
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"white\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>", x, y, cellW,
                        cellH, fill, x + cellW / 2, y + cellH / 2 + 4, ink, label));
            }
        }
        for (int c = 0; c < alphas.size(); c++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    left + c * cellW + cellW / 2, top + labels.size() * cellH + 16, Numbers.format(alphas.get(c))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">initial alpha; cells: mean "
                + "test error (* some seed diverged)</text>", left + cellW * alphas.size() / 2, h - 8));
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

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
