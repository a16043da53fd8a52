package org.hypertower.ui.playground;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.hypertower.playground.Objective;
import org.hypertower.playground.StepInsight;
import org.hypertower.playground.Trajectory;
import org.hypertower.ui.charts.ChartTheme;

/**
 * The objective over (x, y) as filled bands between log-spaced levels, with each tower's path on
 * top in its run colour, the start ringed, a divergence crossed, and at the scrubbed step the
 * gradients g_t and g_{t-1} as arrows. One unit is as long on both axes, so a gradient meets its
 * contour at a right angle as it should.
 */
final class ContourPlot extends Region {

    private static final int LEVELS = 14;
    private static final double PAD_LEFT = 56;
    private static final double PAD_BOTTOM = 40;
    private static final double PAD = 14;

    private final Canvas canvas = new Canvas();
    private PlaygroundViewModel.Result result;
    private StepInsight insight;
    private int insightTower;
    private ChartTheme theme = ChartTheme.LIGHT;
    private double[] view = {-2, 2, -1, 1};
    private int draws;

    ContourPlot() {
        getStyleClass().add("playground-plot");
        getChildren().add(canvas);
        setMinSize(200, 200);
    }

    void show(PlaygroundViewModel.Result next, StepInsight at, int tower, ChartTheme colors) {
        if (next != result) {
            result = next;
            view = bounds(next);
        }
        insight = at;
        insightTower = tower;
        theme = colors;
        draw();
    }

    /** Returns how many times it drew (for tests). */
    int draws() {
        return draws;
    }

    /** Returns the number of points of each path it drew (for tests). */
    int[] pathLengths() {
        return result == null ? new int[0] : result.paths().stream().mapToInt(Trajectory::length).toArray();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    /** The box the plot shows: the start, the minimum's neighbourhood and the paths where they stay near. */
    private static double[] bounds(PlaygroundViewModel.Result r) {
        double sx = r.startX();
        double sy = r.startY();
        double reach = 3 * Math.max(1, Math.max(Math.abs(sx), Math.abs(sy)));
        double minX = Math.min(sx, 0);
        double maxX = Math.max(sx, 0);
        double minY = Math.min(sy, 0);
        double maxY = Math.max(sy, 0);
        if (r.objective().name().equals("rosenbrock")) {
            double a = r.objective().parameters().get("a");
            minX = Math.min(minX, a);
            maxX = Math.max(maxX, a);
            minY = Math.min(minY, a * a);
            maxY = Math.max(maxY, a * a);
        }
        for (Trajectory path : r.paths()) {
            double[] xs = path.xs();
            double[] ys = path.ys();
            for (int i = 0; i < xs.length; i++) {
                if (Math.abs(xs[i] - sx) < reach && Math.abs(ys[i] - sy) < reach) {
                    minX = Math.min(minX, xs[i]);
                    maxX = Math.max(maxX, xs[i]);
                    minY = Math.min(minY, ys[i]);
                    maxY = Math.max(maxY, ys[i]);
                }
            }
        }
        double span = Math.max(maxX - minX, maxY - minY);
        double margin = Math.max(0.15 * span, 0.25);
        return new double[] {minX - margin, maxX + margin, minY - margin, maxY + margin};
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double plotW = w - PAD_LEFT - PAD;
        double plotH = h - PAD_BOTTOM - PAD;
        if (result == null || plotW < 20 || plotH < 20) {
            return;
        }
        draws++;
        // equal units: widen whichever axis has room to spare
        double spanX = view[1] - view[0];
        double spanY = view[3] - view[2];
        double scale = Math.min(plotW / spanX, plotH / spanY);
        double cx = (view[0] + view[1]) / 2;
        double cy = (view[2] + view[3]) / 2;
        double x0 = cx - plotW / scale / 2;
        double y0 = cy - plotH / scale / 2;
        Mapping m = new Mapping(PAD_LEFT, PAD, plotH, x0, y0, scale);
        fill(g, result.objective(), m, (int) plotW, (int) plotH);
        g.setStroke(theme.axis());
        g.setLineWidth(1);
        g.strokeRect(PAD_LEFT + 0.5, PAD + 0.5, plotW - 1, plotH - 1);
        axes(g, m, plotW, plotH);
        g.save();
        g.beginPath();
        g.rect(PAD_LEFT, PAD, plotW, plotH);
        g.clip();
        List<Trajectory> paths = result.paths();
        // tower 1 first, the taller towers over it: a baseline that scatters never hides the tower
        // that settles under it (the noisy-valley demo's tight cloud at the bottom)
        for (int i = 0; i < paths.size(); i++) {
            path(g, m, paths.get(i), theme.runColor(i));
        }
        start(g, m);
        if (insight != null && insightTower < paths.size()) {
            arrows(g, m, paths.get(insightTower));
        }
        g.restore();
    }

    private record Mapping(double left, double top, double height, double x0, double y0, double scale) {
        double px(double x) {
            return left + (x - x0) * scale;
        }

        double py(double y) {
            return top + height - (y - y0) * scale;
        }
    }

    /** Filled bands between log-spaced levels above the lowest value in view, a darker line at each level. */
    private void fill(GraphicsContext g, Objective f, Mapping m, int w, int h) {
        double[] values = new double[w * h];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < h; j++) {
            double y = m.y0() + (h - j - 0.5) / m.scale();
            for (int i = 0; i < w; i++) {
                double v = f.value(m.x0() + (i + 0.5) / m.scale(), y);
                values[j * w + i] = v;
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double range = Math.max(max - min, 1e-300);
        double floor = Math.log10(range * 1e-4);
        double top = Math.log10(range);
        int[] band = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            double level = (Math.log10(values[k] - min + range * 1e-4) - floor) / (top - floor);
            band[k] = Math.max(0, Math.min(LEVELS - 1, (int) (level * LEVELS)));
        }
        int[] argb = new int[values.length];
        int[] colors = new int[LEVELS];
        int line = toArgb(theme.dark() ? Color.web("#8b949e", 0.9) : Color.web("#57606a", 0.75));
        for (int b = 0; b < LEVELS; b++) {
            double t = b / (LEVELS - 1.0);
            Color low = theme.dark() ? Color.web("#1b2b3a") : Color.web("#fdebb0");
            Color high = theme.dark() ? Color.web("#3a2a1f") : Color.web("#b9d3ec");
            colors[b] = toArgb(low.interpolate(high, t));
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int k = j * w + i;
                boolean edge = (i + 1 < w && band[k + 1] != band[k]) || (j + 1 < h && band[k + w] != band[k]);
                argb[k] = edge ? line : colors[band[k]];
            }
        }
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        g.drawImage(image, m.left(), m.top());
    }

    private static int toArgb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private void axes(GraphicsContext g, Mapping m, double plotW, double plotH) {
        g.setFill(theme.axis());
        g.setFont(Font.font(14));
        double xMax = m.x0() + plotW / m.scale();
        double yMax = m.y0() + plotH / m.scale();
        double step = nice((xMax - m.x0()) / 6);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double x = Math.ceil(m.x0() / step) * step; x <= xMax; x += step) {
            g.fillText(tick(x, step), m.px(x), m.top() + plotH + 6);
        }
        g.fillText("x", m.left() + plotW / 2, m.top() + plotH + 22);
        step = nice((yMax - m.y0()) / 6);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double y = Math.ceil(m.y0() / step) * step; y <= yMax; y += step) {
            g.fillText(tick(y, step), m.left() - 6, m.py(y));
        }
        g.fillText("y", m.left() - 40, m.top() + plotH / 2);
    }

    private static double nice(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }

    private static String tick(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
    }

    private void path(GraphicsContext g, Mapping m, Trajectory path, Color color) {
        double[] xs = path.xs();
        double[] ys = path.ys();
        double[] end = path.end();
        boolean endFinite = Double.isFinite(end[0]) && Double.isFinite(end[1]);
        int n = xs.length;
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        for (int pass = 0; pass < 2; pass++) {
            g.setStroke(pass == 0 ? (theme.dark() ? Color.BLACK : Color.WHITE) : color);
            g.setLineWidth(pass == 0 ? 6 : 3.5);
            g.beginPath();
            g.moveTo(clip(m.px(xs[0])), clip(m.py(ys[0])));
            for (int i = 1; i < n; i++) {
                g.lineTo(clip(m.px(xs[i])), clip(m.py(ys[i])));
            }
            if (endFinite && path.status() == Trajectory.Status.FINISHED) {
                g.lineTo(clip(m.px(end[0])), clip(m.py(end[1])));
            }
            g.stroke();
        }
        if (path.status() == Trajectory.Status.DIVERGED) {
            // the cross sits on the last point that was still finite
            int last = n - 1;
            while (last > 0 && !(Double.isFinite(xs[last]) && Double.isFinite(ys[last]))) {
                last--;
            }
            double px = clampTo(m.px(xs[last]), m.left(), m.left() + canvas.getWidth() - PAD_LEFT - PAD);
            double py = clampTo(m.py(ys[last]), m.top(), m.top() + m.height());
            cross(g, px, py, color);
        } else if (endFinite) {
            g.setFill(color);
            g.fillOval(m.px(end[0]) - 5, m.py(end[1]) - 5, 10, 10);
        }
    }

    private void cross(GraphicsContext g, double x, double y, Color color) {
        double r = 11;
        for (int pass = 0; pass < 2; pass++) {
            g.setStroke(pass == 0 ? (theme.dark() ? Color.BLACK : Color.WHITE) : color);
            g.setLineWidth(pass == 0 ? 8 : 4.5);
            g.strokeLine(x - r, y - r, x + r, y + r);
            g.strokeLine(x - r, y + r, x + r, y - r);
        }
    }

    private static double clip(double v) {
        return clampTo(v, -1e5, 1e5);
    }

    private static double clampTo(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    private void start(GraphicsContext g, Mapping m) {
        double x = m.px(result.startX());
        double y = m.py(result.startY());
        g.setFill(theme.dark() ? Color.WHITE : Color.BLACK);
        g.fillOval(x - 8, y - 8, 16, 16);
        g.setFill(theme.dark() ? Color.BLACK : Color.WHITE);
        g.fillOval(x - 4, y - 4, 8, 8);
        g.setFont(Font.font(null, FontWeight.BOLD, 15));
        g.setFill(theme.dark() ? Color.WHITE : Color.BLACK);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("start", x + 10, y - 6);
    }

    /** g_t solid and g_{t-1} dashed from the scrubbed point, scaled together so the longer is 90 px. */
    private void arrows(GraphicsContext g, Mapping m, Trajectory path) {
        // the result is published before its insight: for one draw the insight may be the last result's
        if (insight.step() >= path.length()) {
            return;
        }
        var p = path.point(insight.step());
        double x = m.px(p.x());
        double y = m.py(p.y());
        double[] now = insight.gradient();
        double[] before = insight.previousGradient();
        double longest = Math.hypot(now[0], now[1]);
        if (before != null) {
            longest = Math.max(longest, Math.hypot(before[0], before[1]));
        }
        Color ink = theme.dark() ? Color.WHITE : Color.BLACK;
        g.setStroke(ink);
        g.setLineWidth(2.5);
        g.strokeOval(x - 9, y - 9, 18, 18);
        if (!(longest > 0) || !Double.isFinite(longest)) {
            return;
        }
        double s = 90 / longest;
        if (before != null) {
            arrow(g, x, y, before[0] * s, -before[1] * s, Color.web("#8250df"), true, "g_{t-1}");
        }
        arrow(g, x, y, now[0] * s, -now[1] * s, Color.web("#cf222e"), false, "g_t");
    }

    private void arrow(GraphicsContext g, double x, double y, double dx, double dy, Color color, boolean dashed,
            String label) {
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        double ux = dx / len;
        double uy = dy / len;
        double ex = x + dx;
        double ey = y + dy;
        g.setStroke(color);
        g.setFill(color);
        g.setLineWidth(4);
        g.setLineDashes(dashed ? new double[] {9, 6} : null);
        g.strokeLine(x, y, ex - ux * 10, ey - uy * 10);
        g.setLineDashes((double[]) null);
        g.fillPolygon(new double[] {ex, ex - ux * 16 - uy * 8, ex - ux * 16 + uy * 8},
                new double[] {ey, ey - uy * 16 + ux * 8, ey - uy * 16 - ux * 8}, 3);
        g.setFont(Font.font(null, FontWeight.BOLD, 16));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, ex + ux * 22, ey + uy * 22);
    }
}
