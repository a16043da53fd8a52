package org.hypertower.ui.charts;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws a {@link TraceChart}'s axes and lines on a canvas: places the plot inside it, leaving room
 * for tick labels and axis titles, and reduces each line to what its pixels can show.
 */
final class PlotPainter {

    private static final double FONT_SIZE = 11;
    private ChartTheme theme = ChartTheme.LIGHT;

    private Font font = Font.font(FONT_SIZE);
    private double lineScale = 1;
    private AxisScale x;
    private AxisScale y;
    private double plotLeft;
    private double plotTop;
    private double plotWidth;
    private double plotHeight;
    private double[] xs = new double[256];
    private double[] ys = new double[256];

    /**
     * Sets how much larger than usual the tick labels and axis titles are written, and how much
     * thicker the lines are drawn (1: as usual; e.g. 1.5 for a projector).
     */
    void setScale(double fontScale, double lineWidthScale) {
        font = Font.font(FONT_SIZE * fontScale);
        lineScale = lineWidthScale;
    }

    /** Sets the colours of the axes and the grid. */
    void setTheme(ChartTheme theme) {
        this.theme = theme;
    }

    /** Places the plot in a canvas of the given size for these axes. */
    void layout(AxisScale xScale, AxisScale yScale, double width, double height) {
        x = xScale;
        y = yScale;
        double labelWidth = 0;
        for (AxisScale.Tick t : y.ticks()) {
            labelWidth = Math.max(labelWidth, textWidth(t.label()));
        }
        double lineH = textHeight();
        plotLeft = lineH + 6 + labelWidth + 6;
        plotTop = 6;
        // room on the right for half the last x label, which is centred on its tick
        double lastLabel = textWidth(x.ticks().get(x.ticks().size() - 1).label());
        plotWidth = Math.max(10, width - plotLeft - Math.max(12, lastLabel / 2 + 4));
        plotHeight = Math.max(10, height - plotTop - (4 + lineH + 4 + lineH + 2));
    }

    /** Returns whether a canvas point lies in the plot. */
    boolean inPlot(double cx, double cy) {
        return x != null && cx >= plotLeft && cx <= plotLeft + plotWidth && cy >= plotTop && cy <= plotTop + plotHeight;
    }

    /** Returns the x value at a canvas x. */
    double xValue(double cx) {
        return x.valueAt((cx - plotLeft) / plotWidth);
    }

    /** Returns the canvas y of a value. */
    double yPixel(double value) {
        return plotTop + (1 - y.fraction(value)) * plotHeight;
    }

    /** Limits drawing to the plot (until {@code g.restore()}). */
    void clipToPlot(GraphicsContext g) {
        g.save();
        g.beginPath();
        g.rect(plotLeft, plotTop, plotWidth, plotHeight);
        g.clip();
    }

    /**
     * Draws a marker: a dashed vertical line at an x value, in a colour, with its label beside it at
     * the top of the plot ({@code row} lines down, so that markers close together keep their labels
     * apart); a label that would leave the plot on the right goes on the line's left. Call inside
     * {@link #clipToPlot}.
     */
    /**
     * Returns where a marker's label of width {@code w} starts for a marker line at {@code px}: right
     * of the line if it fits there, else left of it, else inside the plot across the line.
     */
    static double markerLabelX(double px, double w, double plotLeft, double plotWidth) {
        double right = plotLeft + plotWidth;
        if (px + 4 + w <= right) {
            return px + 4;
        }
        if (px - 4 - w >= plotLeft) {
            return px - 4 - w;
        }
        return Math.max(plotLeft + 2, Math.min(px + 4, right - w - 2));
    }

    void drawMarker(GraphicsContext g, double xValue, Color color, String label, int row) {
        double px = snap(plotLeft + x.fraction(xValue) * plotWidth);
        g.setStroke(color);
        g.setLineWidth(lineScale * 1.5);
        g.setLineDashes(4, 3);
        g.strokeLine(px, plotTop, px, plotTop + plotHeight);
        g.setLineDashes(null);
        g.setFont(font);
        g.setFill(color);
        // beside the line where it fits whole; else whole inside the plot across the line; in a plot
        // narrower than the label, its values alone (0.001→0.01), never cut at the plot's edge
        String text = label;
        double w = textWidth(text);
        if (w > plotWidth - 4 && text.indexOf(' ') > 0) {
            text = text.substring(text.indexOf(' ') + 1);
            w = textWidth(text);
        }
        double tx = markerLabelX(px, w, plotLeft, plotWidth);
        g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
        g.setTextBaseline(javafx.geometry.VPos.TOP);
        g.fillText(text, tx, plotTop + 2 + row * (textHeight() + 1));
    }

    /** Draws one line: solid, dashed or faint, thicker when emphasized. */
    void drawLine(GraphicsContext g, Decimator d, Color color, TraceChart.Style style, boolean emphasize) {
        if (d.size() == 0) {
            return;
        }
        g.setStroke(style == TraceChart.Style.FAINT ? color.deriveColor(0, 1, 1, 0.35) : color);
        g.setLineWidth(lineScale * (style == TraceChart.Style.FAINT ? 1 : emphasize ? 2.5 : 1.5));
        g.setLineDashes(style == TraceChart.Style.DASHED ? new double[] {6, 4} : null);
        if (xs.length < d.size() + 2) {
            xs = new double[d.size() + 2];
            ys = new double[d.size() + 2];
        }
        // at most the lowest and the highest point of each pixel column, in their order: what a
        // line of a thousand points on two hundred pixels looks like, for a fraction of the drawing
        int n = 0;
        long column = Long.MIN_VALUE;
        double lowY = 0;
        double highY = 0;
        boolean lowFirst = true;
        for (int i = 0; i < d.size(); i++) {
            double v = d.y(i);
            if (y.kind() == AxisScale.Kind.LOG && !(v > 0)) {
                n = strokeSegment(g, emit(n, column, lowY, highY, lowFirst));
                column = Long.MIN_VALUE;
                continue;
            }
            double px = plotLeft + x.fraction(d.x(i)) * plotWidth;
            double py = plotTop + (1 - y.fraction(v)) * plotHeight;
            long c = (long) Math.floor(px);
            if (c != column) {
                n = emit(n, column, lowY, highY, lowFirst);
                column = c;
                lowY = py;
                highY = py;
                lowFirst = true;
            } else if (py > lowY) {
                lowY = py; // screen y grows downwards: the lowest value has the largest y
                lowFirst = false;
            } else if (py < highY) {
                highY = py;
                lowFirst = true;
            }
        }
        strokeSegment(g, emit(n, column, lowY, highY, lowFirst));
    }

    /** Adds a pixel column's points to the polyline; returns the new count. */
    private int emit(int n, long column, double lowY, double highY, boolean lowFirst) {
        if (column == Long.MIN_VALUE) {
            return n;
        }
        double px = column + 0.5;
        xs[n] = px;
        ys[n++] = lowFirst ? lowY : highY;
        if (lowY != highY) {
            xs[n] = px;
            ys[n++] = lowFirst ? highY : lowY;
        }
        return n;
    }

    private int strokeSegment(GraphicsContext g, int n) {
        if (n == 1) {
            g.strokeLine(xs[0] - 0.5, ys[0], xs[0] + 0.5, ys[0]);
        } else if (n > 1) {
            g.strokePolyline(xs, ys, n);
        }
        return 0;
    }

    /** Draws the grid, ticks, tick labels and axis titles. */
    void drawAxes(GraphicsContext g, String xLabel, String yTitle) {
        g.setLineDashes(null);
        g.setFont(font);
        g.setLineWidth(1);
        double bottom = plotTop + plotHeight;
        g.setStroke(theme.minorGrid());
        for (double v : y.minorTicks()) {
            double py = snap(plotTop + (1 - y.fraction(v)) * plotHeight);
            if (py >= plotTop && py <= bottom) {
                g.strokeLine(plotLeft, py, plotLeft + plotWidth, py);
            }
        }
        g.setFill(theme.axis());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        // labels that would touch are left out (symlog's ticks crowd near zero): zero and the
        // largest magnitudes are kept first
        double labelGap = textHeight() + 1;
        List<AxisScale.Tick> byPriority = new java.util.ArrayList<>(y.ticks());
        byPriority.sort(java.util.Comparator.comparing((AxisScale.Tick t) -> t.value() != 0)
                .thenComparing(t -> -Math.abs(t.value())));
        List<Double> labelled = new java.util.ArrayList<>();
        for (AxisScale.Tick t : byPriority) {
            double py = snap(plotTop + (1 - y.fraction(t.value())) * plotHeight);
            if (py < plotTop - 0.5 || py > bottom + 0.5) {
                continue;
            }
            g.setStroke(theme.grid());
            g.strokeLine(plotLeft, py, plotLeft + plotWidth, py);
            g.setStroke(theme.axis());
            g.strokeLine(plotLeft - 4, py, plotLeft, py);
            if (labelled.stream().allMatch(other -> Math.abs(other - py) >= labelGap)) {
                g.fillText(t.label(), plotLeft - 6, py);
                labelled.add(py);
            }
        }
        List<AxisScale.Tick> xTicks = x.ticks();
        double widest = xTicks.stream().mapToDouble(t -> textWidth(t.label())).max().orElse(0);
        int every = Math.max(1, (int) Math.ceil((widest + 8) * xTicks.size() / plotWidth));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < xTicks.size(); i++) {
            AxisScale.Tick t = xTicks.get(i);
            double px = snap(plotLeft + x.fraction(t.value()) * plotWidth);
            g.setStroke(theme.grid());
            g.strokeLine(px, plotTop, px, bottom);
            g.setStroke(theme.axis());
            g.strokeLine(px, bottom, px, bottom + 4);
            if (i % every == 0) {
                g.fillText(t.label(), px, bottom + 5);
            }
        }
        g.setStroke(theme.axis());
        g.strokeLine(snap(plotLeft), plotTop, snap(plotLeft), bottom);
        g.strokeLine(plotLeft, snap(bottom), plotLeft + plotWidth, snap(bottom));
        double lineH = textHeight();
        g.fillText(xLabel, plotLeft + plotWidth / 2, bottom + 5 + lineH + 2);
        g.save();
        g.translate(2 + lineH / 2, plotTop + plotHeight / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(yTitle, 0, 0);
        g.restore();
    }

    private static double snap(double v) {
        return Math.floor(v) + 0.5;
    }

    private double textWidth(String s) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    private double textHeight() {
        Text t = new Text("0");
        t.setFont(font);
        return t.getLayoutBounds().getHeight();
    }
}
