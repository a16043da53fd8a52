package org.hypertower.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hypertower.files.AtomicFiles;
import org.hypertower.tower.Numbers;

/**
 * A rivals' sweep's report: {@code sensitivity.svg} (mean test error against alpha0, one line per
 * method, a band of one standard deviation over seeds), {@code heatmap.svg} (method x alpha0) and
 * {@code report.html} with both figures and the table of spread, best error and recovery. A tower's
 * lines share its template's colour, one dash pattern per height; each rival has a colour of its own.
 */
public final class RivalsReport {

    /** The towers' colours, one per template (blue, red, green, ...). */
    private static final String[] TOWER_COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#8c564b"};
    /** The rivals' colours, none a tower's. */
    private static final String[] RIVAL_COLORS = {"#9467bd", "#ff7f0e", "#17becf", "#e377c2", "#bcbd22", "#7f7f7f",
        "#000000", "#6b8e23"};
    /** A tower's dash pattern by height: solid, dashed, dotted, dash-dot, ... */
    private static final String[] DASHES = {null, "7,4", "2,3", "9,3,2,3", "12,4"};
    private static final Pattern TOWER_ROW = Pattern.compile("(.+) h=(\\d+)");

    private RivalsReport() {}

    /**
     * How a method's line is drawn.
     *
     * @param color its colour, #rrggbb
     * @param dash its dash pattern as SVG's stroke-dasharray ({@code 7,4}); null for a solid line
     */
    public record Style(String color, String dash) {}

    /**
     * Returns the style of each method, in order: a tower ({@code NAME h=H}) has its template's
     * colour and its height's dash, each rival a solid line in a colour of its own.
     */
    public static List<Style> styles(List<String> methods) {
        List<String> templates = new ArrayList<>();
        List<Style> out = new ArrayList<>();
        int rivals = 0;
        for (String name : methods) {
            Matcher tower = TOWER_ROW.matcher(name);
            if (tower.matches()) {
                if (!templates.contains(tower.group(1))) {
                    templates.add(tower.group(1));
                }
                int t = templates.indexOf(tower.group(1));
                int h = Integer.parseInt(tower.group(2));
                out.add(new Style(TOWER_COLORS[t % TOWER_COLORS.length], DASHES[h % DASHES.length]));
            } else {
                out.add(new Style(RIVAL_COLORS[rivals++ % RIVAL_COLORS.length], null));
            }
        }
        return out;
    }

    /** Writes the report files into a rivals' sweep's folder and returns the HTML file. */
    public static Path write(Path folder, String title) throws IOException {
        RivalsSummary s = RivalsSummary.read(folder.resolve(RivalsSweep.FILE));
        String lines = sensitivity(s);
        String heat = SweepReport.heatmap(s.methods().stream().map(RivalsSummary.Method::name).toList(), s.alphas(),
                (r, a) -> s.methods().get(r).cells().get(a));
        AtomicFiles.writeString(folder.resolve("sensitivity.svg"), lines);
        AtomicFiles.writeString(folder.resolve("heatmap.svg"), heat);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(SweepReport.escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f3f4f6}</style></head><body>");
        html.append("<h1>").append(SweepReport.escape(title)).append("</h1>");
        html.append("<p>Final test error against alpha0 for towers (alpha0 is the bottom optimizer's initial alpha; "
                + "h = levels above it) and for the learning-rate-free optimizers, alpha0 mapped to each one's knob: "
                + mappings() + ". Mean over seeds, the band one standard deviation; &times; marks a point where some seed "
                + "diverged, counted as test error " + RivalsSummary.DIVERGED_ERROR + ".</p>");
        html.append(lines).append(heat);
        html.append("<h2>Table</h2><table><tr><th>method</th><th>knob</th>");
        for (double a : s.alphas()) {
            html.append("<th>").append(Numbers.format(a)).append("</th>");
        }
        html.append("<th>spread</th><th>best</th><th>best at alpha0</th><th>recovers from ")
                .append(Numbers.format(s.largestAlpha())).append("</th></tr>");
        for (RivalsSummary.Method m : s.methods()) {
            html.append("<tr><th>").append(SweepReport.escape(m.name())).append("</th><td>").append(m.knob()).append("</td>");
            for (double a : s.alphas()) {
                SweepSummary.Cell c = m.cells().get(a);
                html.append("<td>").append(c == null ? "" : c.label("&ndash;").replace("±", "&plusmn;")).append("</td>");
            }
            html.append("<td>").append(fmt(m.spread())).append("</td><td>").append(fmt(m.best())).append("</td><td>")
                    .append(Double.isNaN(m.bestAlpha()) ? "&ndash;" : Numbers.format(m.bestAlpha())).append("</td><td>")
                    .append(m.recovers(s.largestAlpha()) ? "yes" : "no").append("</td></tr>");
        }
        html.append("</table><p>Cells: mean &plusmn; standard deviation of the test error over the seeds; a diverged seed "
                + "counts as " + RivalsSummary.DIVERGED_ERROR + " (d = diverged), a failed one in none (f = failed). "
                + "Spread: largest minus smallest mean over alpha0. Best: the smallest mean, and the alpha0 where it is. "
                + "Recovers: the mean at the largest alpha0 is within " + RivalsSummary.RECOVERY_MARGIN
                + " of the best.</p>");
        html.append("<p>Every run's files are under <code>runs/</code>; the raw results, with each run's knob value, "
                + "steps and seconds, in <code>").append(RivalsSweep.FILE).append("</code>.</p>");
        html.append(Provenance.planSection(folder));
        html.append(Provenance.versionsParagraph(folder.resolve("runs")));
        html.append("</body></html>\n");
        Path file = folder.resolve("report.html");
        AtomicFiles.writeString(file, html.toString());
        return file;
    }

    private static String mappings() {
        List<String> m = new ArrayList<>();
        for (Rival r : Rival.values()) {
            m.add(r.specName() + " " + r.mapping());
        }
        return String.join(", ", m);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The line plot with bands, as SVG: one line per method, × where some seed diverged. */
    static String sensitivity(RivalsSummary s) {
        SvgPlot plot = new SvgPlot("Test error against alpha0 (mean ± std over seeds; × some seed diverged)",
                "alpha0, mapped to each method's knob (log scale)", "test error").logX().yRange(0, 1).bandOpacity(0.07);
        int n = s.alphas().size();
        double[] x = s.alphas().stream().mapToDouble(Double::doubleValue).toArray();
        List<Style> styles = styles(s.methods().stream().map(RivalsSummary.Method::name).toList());
        for (int k = 0; k < s.methods().size(); k++) {
            RivalsSummary.Method m = s.methods().get(k);
            double[] mean = new double[n];
            double[] std = new double[n];
            boolean[] diverged = new boolean[n];
            for (int i = 0; i < n; i++) {
                SweepSummary.Cell c = m.cells().get(x[i]);
                mean[i] = c == null ? Double.NaN : c.mean();
                std[i] = c == null ? Double.NaN : c.std();
                diverged[i] = c != null && c.diverged() > 0;
            }
            plot.add(new SvgPlot.Line(m.name(), x, mean, std, diverged, styles.get(k).color(), styles.get(k).dash()));
        }
        return plot.render();
    }
}
