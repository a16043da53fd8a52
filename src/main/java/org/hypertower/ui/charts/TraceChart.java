package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A line chart for long, growing series, drawn on two canvases: one holds the axes and the lines
 * that are not changing, the other the lines of runs in progress. A pulse that adds steps to a
 * running run redraws only that run's few decimated lines; the other runs' lines are drawn again
 * only when an axis range or the size changes (ranges grow in nice steps, so that is rare). Each
 * line is fed incrementally by a {@link Decimator}. The legend has one entry per run; an empty
 * chart shows a sentence instead of axes.
 */
public final class TraceChart extends Region {

    /** How a line is drawn. */
    public enum Style { SOLID, DASHED, FAINT }

    /** One line: a series of one run, decimated as it grows. */
    public static final class Trace {
        private final String name;
        private final Object owner;
        private Color color;
        private final Style style;
        private final Decimator.Source source;
        private final Decimator points = new Decimator(BUCKETS);
        private boolean visible = true;
        private boolean live;

        private Trace(String name, Object owner, Color color, Style style, Decimator.Source source) {
            this.name = name;
            this.owner = owner;
            this.color = color;
            this.style = style;
            this.source = source;
        }

        /** Returns the line's name, e.g. {@code "adam / sgd on Iris test loss"}. */
        public String name() {
            return name;
        }

        /** Returns the run (or whatever else) it belongs to. */
        public Object owner() {
            return owner;
        }

        /** Returns how many points it draws (after decimation). */
        public int pointCount() {
            return points.size();
        }

        /** Returns whether it is drawn. */
        public boolean isVisible() {
            return visible;
        }

        /** Returns its colour. */
        public Color color() {
            return color;
        }
    }

    /**
     * A vertical line marking an event of a run at an x value (a hyperparameter set by hand), in the
     * run's colour, dashed, labelled beside it; shown while any line of its owner is.
     *
     * @param owner the run it belongs to
     * @param x where it is on the x axis
     * @param label what happened, e.g. {@code 0.alpha 0.01→0.1}
     */
    public record Marker(Object owner, double x, String label) {}

    /** The decimation's buckets: at most twice as many points per line on screen. */
    static final int BUCKETS = 600;

    private final Label title = new Label();
    private final Canvas base = new Canvas();
    private final Canvas live = new Canvas();
    private final Label placeholder = new Label();
    private final RunLegend legend = new RunLegend();
    private final List<Trace> traces = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final PlotPainter painter = new PlotPainter();
    private final String xLabel;
    private String yLabel;
    private AxisScale.Kind yKind = AxisScale.Kind.LINEAR;
    private AxisScale fixedY;
    private AxisScale x;
    private AxisScale y;
    private Object emphasized;
    private boolean baseDirty = true;
    private boolean liveDirty = true;
    private boolean legendInWindow = true;
    private boolean exporting;
    private ChartTheme theme = ChartTheme.LIGHT;
    private int baseDraws;
    private int liveDraws;
    private double fontScale = 1;
    private double lineWidthScale = 1;

    /** A chart titled {@code title} with the given axis labels. */
    public TraceChart(String title, String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        getStyleClass().add("chart");
        setPadding(new Insets(6));
        this.title.setText(title);
        this.title.getStyleClass().add("chart-title");
        this.title.setMaxWidth(Double.MAX_VALUE);
        this.title.setAlignment(Pos.CENTER);
        placeholder.getStyleClass().add("chart-placeholder");
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(TextAlignment.CENTER);
        placeholder.setMouseTransparent(true);
        live.setMouseTransparent(true);
        getChildren().addAll(this.title, base, live, placeholder, legend);
        updateEmptyState();
    }

    // ---------------------------------------------------------------- lines

    /**
     * Adds a line fed from {@code source}; call {@link #pull} when the source grows. A line that
     * fits the axes as they are costs only the redrawing of its own layer.
     *
     * @param changing whether it goes on the layer of lines that change (see {@link #setLive})
     */
    public Trace add(String name, Object owner, Color color, Style style, Decimator.Source source, boolean changing) {
        Trace t = new Trace(name, owner, color, style, source);
        t.live = changing;
        traces.add(t);
        t.points.update(source);
        if (t.points.size() > 0 && !covered(t)) {
            refit(false);
            baseDirty = true;
            liveDirty = true;
            updateEmptyState();
        } else if (changing) {
            liveDirty = true;
        } else {
            baseDirty = true;
        }
        return t;
    }

    /** Removes every line and marker of an owner. */
    public void removeOwner(Object owner) {
        boolean markersGone = markers.removeIf(m -> m.owner() == owner);
        if (traces.removeIf(t -> t.owner == owner) || markersGone) {
            restructure();
        }
    }

    /** Adds a marker, drawn in its owner's colour on the layer of lines that do not change. */
    public void addMarker(Marker marker) {
        markers.add(marker);
        if (x != null && !x.covers(Math.min(0, marker.x()), marker.x())) {
            restructure();
        } else {
            baseDirty = true;
        }
    }

    /** Returns the markers shown: those of owners with a visible line. */
    public List<Marker> markers() {
        return markers.stream().filter(this::shown).toList();
    }

    private boolean shown(Marker m) {
        return traces.stream().anyMatch(t -> t.owner == m.owner() && t.visible);
    }

    /**
     * Folds what the line's source gained since the last pull; only the line's own layer is
     * redrawn, unless the new points leave the axes' ranges.
     */
    public void pull(Trace t) {
        if (!t.points.update(t.source) || !t.visible) {
            return;
        }
        if (!covered(t)) {
            refit(false);
            baseDirty = true;
            liveDirty = true;
            updateEmptyState();
        } else if (t.live) {
            liveDirty = true;
        } else {
            baseDirty = true;
        }
    }

    /** Returns the lines, in drawing order. */
    public List<Trace> traces() {
        return List.copyOf(traces);
    }

    /** Returns the line of that name, or null. */
    public Trace trace(String name) {
        return traces.stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
    }

    /** Draws an owner's lines on the layer of lines that change (true) or of those that do not. */
    public void setLive(Object owner, boolean changing) {
        boolean moved = false;
        for (Trace t : traces) {
            if (t.owner == owner && t.live != changing) {
                t.live = changing;
                moved = true;
            }
        }
        if (moved) {
            baseDirty = true;
            liveDirty = true;
        }
    }

    /** Shows or hides an owner's lines. */
    public void setOwnerVisible(Object owner, boolean visible) {
        setLinesVisible(t -> t.owner == owner, visible);
    }

    /** Shows or hides the lines a test selects. */
    public void setLinesVisible(java.util.function.Predicate<Trace> which, boolean visible) {
        boolean changed = false;
        for (Trace t : traces) {
            if (which.test(t) && t.visible != visible) {
                t.visible = visible;
                changed = true;
            }
        }
        if (changed) {
            restructure();
        }
    }

    /** Draws an owner's lines thicker and on top (null: none). */
    public void setEmphasized(Object owner) {
        if (emphasized != owner) {
            emphasized = owner;
            baseDirty = true;
            liveDirty = true;
        }
    }

    /**
     * Writes the canvas' tick labels and axis titles larger, and draws the lines thicker, by these
     * factors (1, 1: as usual); the labels around the canvas follow the scene's font size.
     */
    public void setScale(double fontScale, double lineWidthScale) {
        if (fontScale != this.fontScale || lineWidthScale != this.lineWidthScale) {
            this.fontScale = fontScale;
            this.lineWidthScale = lineWidthScale;
            painter.setScale(fontScale, lineWidthScale);
            baseDirty = true;
            liveDirty = true;
            requestLayout();
        }
    }

    /** Gives an owner's lines another colour (the runs' colours differ between the themes). */
    public void recolor(Object owner, Color color) {
        for (Trace t : traces) {
            if (t.owner == owner && !t.color.equals(color)) {
                t.color = color;
                baseDirty = true;
                liveDirty = true;
            }
        }
    }

    /** Sets the colours of the axes and the grid; the chart is drawn again. */
    public void setTheme(ChartTheme theme) {
        if (!this.theme.equals(theme)) {
            this.theme = theme;
            painter.setTheme(theme);
            baseDirty = true;
            liveDirty = true;
            requestLayout();
        }
    }

    /**
     * Returns whether every line shown is flat: each keeps one value from its first point to its
     * last (e.g. a top level's alpha, which nothing learns); false when none is shown.
     */
    public boolean isFlat() {
        boolean any = false;
        for (Trace t : traces) {
            if (t.visible && t.points.size() > 0) {
                if (t.points.minY() != t.points.maxY()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Returns the colours it paints its axes and grid in. */
    public ChartTheme theme() {
        return theme;
    }

    /** Returns whether any line is shown. */
    public boolean hasVisibleLines() {
        return traces.stream().anyMatch(t -> t.visible);
    }

    // ---------------------------------------------------------------- axes, legend, empty state

    /** Sets the y axis' kind (LOG turns into SYMLOG while a value is at or below zero). */
    public void setYKind(AxisScale.Kind kind) {
        if (yKind != kind) {
            yKind = kind;
            restructure();
        }
    }

    /** Fixes the y axis (null: it follows the data). */
    public void setFixedY(AxisScale scale) {
        fixedY = scale;
        restructure();
    }

    /** Returns the y axis as drawn (null while the chart is empty). */
    public AxisScale yScale() {
        return y;
    }

    /** Returns the x axis as drawn (null while the chart is empty). */
    public AxisScale xScale() {
        return x;
    }

    /** Sets the y axis' label. */
    public void setYLabel(String label) {
        yLabel = label;
        baseDirty = true;
    }

    /** Returns the title. */
    public String getTitle() {
        return title.getText();
    }

    /** Sets the title. */
    public void setTitle(String text) {
        title.setText(text);
    }

    /** Sets what an empty chart says instead of showing axes. */
    public void setPlaceholder(String text) {
        placeholder.setText(text);
    }

    /** Returns the empty chart's sentence (shown only while the chart has no points). */
    public Label placeholder() {
        return placeholder;
    }

    /**
     * Sets the legend: a line that explains the line styles (may be empty), then one entry per
     * run, its colour and name.
     */
    public void setLegend(String key, List<String> names, List<Color> colors) {
        if (legend.set(key, names, colors)) {
            requestLayout();
        }
    }

    /** Returns the legend's run entries (for tests). */
    public List<Label> legendEntries() {
        return legend.entries();
    }

    /** Returns the legend (for tests). */
    public FlowPane legend() {
        return legend;
    }

    /** Shows the legend in the window or only in exported images. */
    public void setLegendInWindow(boolean shown) {
        legendInWindow = shown;
        requestLayout();
    }

    /** While true, the legend shows whatever {@link #setLegendInWindow} says (for PNG export). */
    void setExporting(boolean on) {
        exporting = on;
        if (on) {
            legend.build();
        }
        requestLayout();
    }

    /** Returns how often the layer of unchanging lines and the layer of changing ones were drawn (for tests). */
    public int[] drawCounts() {
        return new int[] {baseDraws, liveDraws};
    }

    // ---------------------------------------------------------------- coordinates

    /** Returns the x value under a point of the chart (its own coordinates), or NaN outside the plot. */
    public double xValueAt(double localX, double localY) {
        double cx = localX - base.getLayoutX();
        double cy = localY - base.getLayoutY();
        return x == null || !painter.inPlot(cx, cy) ? Double.NaN : painter.xValue(cx);
    }

    /** Returns where a y value is drawn, in the chart's own coordinates (NaN while empty). */
    public double yPosition(double value) {
        return y == null ? Double.NaN : base.getLayoutY() + painter.yPixel(value);
    }

    // ---------------------------------------------------------------- drawing

    /** Draws whatever changed since the last call; cheap when nothing did. */
    public void flush() {
        if (base.getWidth() < 2 || base.getHeight() < 2) {
            return;
        }
        if (baseDirty) {
            drawBase();
            baseDirty = false;
            liveDirty = true;
        }
        if (liveDirty) {
            drawLive();
            liveDirty = false;
        }
    }

    @Override
    protected void layoutChildren() {
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double w = snapSizeX(getWidth()) - left - snappedRightInset();
        double h = snapSizeY(getHeight()) - top - snappedBottomInset();
        double titleH = snapSizeY(title.prefHeight(w));
        title.resizeRelocate(left, top, w, titleH);
        boolean legendShown = (legendInWindow || exporting) && !legend.hasNoRuns() && x != null;
        legend.setVisible(legendShown);
        double legendH = 0;
        if (legendShown) {
            legend.build();
            legendH = Math.min(snapSizeY(legend.prefHeight(w)), Math.max(0, (h - titleH) * 0.45));
            legend.fit(w, legendH);
            legend.resizeRelocate(left, top + h - legendH, w, legendH);
        }
        double canvasH = Math.max(0, h - titleH - legendH - (legendShown ? 4 : 0));
        for (Canvas c : new Canvas[] {base, live}) {
            c.relocate(left, top + titleH);
            if (c.getWidth() != w || c.getHeight() != canvasH) {
                c.setWidth(w);
                c.setHeight(canvasH);
                baseDirty = true;
            }
        }
        double ph = placeholder.prefHeight(w);
        placeholder.resizeRelocate(left, top + titleH + Math.max(0, (canvasH - ph) / 2), w, ph);
        flush();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 120;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 160;
    }

    private void restructure() {
        refit(true);
        baseDirty = true;
        liveDirty = true;
        updateEmptyState();
    }

    private void updateEmptyState() {
        boolean empty = x == null;
        placeholder.setVisible(empty);
        base.setVisible(!empty);
        live.setVisible(!empty);
        requestLayout();
    }

    private boolean covered(Trace t) {
        Decimator d = t.points;
        if (x == null || y == null) {
            return false;
        }
        return x.covers(Math.min(0, d.minX()), d.maxX()) && (fixedY != null || (y.covers(d.minY(), d.maxY())
                && y.kind() == yKind.forMinimum(Math.min(d.minY(), y.lower()))));
    }

    /** Fits the axes to every visible line; unless {@code afresh}, a range only grows. */
    private void refit(boolean afresh) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double minMagnitude = Double.POSITIVE_INFINITY;
        for (Trace t : traces) {
            if (!t.visible || t.points.size() == 0) {
                continue;
            }
            minX = Math.min(minX, t.points.minX());
            maxX = Math.max(maxX, t.points.maxX());
            minY = Math.min(minY, t.points.minY());
            maxY = Math.max(maxY, t.points.maxY());
            minMagnitude = Math.min(minMagnitude, t.points.minMagnitude());
        }
        if (maxX < minX) {
            x = null;
            y = null;
            return;
        }
        for (Marker m : markers) {
            if (shown(m)) {
                maxX = Math.max(maxX, m.x());
            }
        }
        if (!afresh && x != null && y != null) {
            // keep what is shown, so that a range only ever grows while data comes in; a quarter
            // more room on the right, so a growing run redraws the others only every so often
            minX = Math.min(minX, x.lower());
            maxX = maxX > x.upper() ? maxX * 1.25 : x.upper();
            if (y.kind() == yKind.forMinimum(minY)) {
                minY = Math.min(minY, y.lower());
                maxY = Math.max(maxY, y.upper());
            }
        }
        x = AxisScale.fit(AxisScale.Kind.LINEAR, Math.min(0, minX), maxX, Double.NaN);
        y = fixedY != null ? fixedY : AxisScale.fit(yKind, minY, maxY, minMagnitude);
    }

    private void drawBase() {
        baseDraws++;
        GraphicsContext g = base.getGraphicsContext2D();
        g.clearRect(0, 0, base.getWidth(), base.getHeight());
        if (x == null) {
            return;
        }
        painter.layout(x, y, base.getWidth(), base.getHeight());
        String yTitle = yLabel + (fixedY == null && y.kind() != AxisScale.Kind.LINEAR
                ? " (" + y.kind().name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
        painter.drawAxes(g, xLabel, yTitle);
        drawMarkers(g);
        drawLines(g, false);
    }

    private void drawLive() {
        liveDraws++;
        GraphicsContext g = live.getGraphicsContext2D();
        g.clearRect(0, 0, live.getWidth(), live.getHeight());
        if (x == null) {
            return;
        }
        drawLines(g, true);
    }

    private void drawMarkers(GraphicsContext g) {
        painter.clipToPlot(g);
        int row = 0;
        for (Marker m : markers()) {
            Color color = traces.stream().filter(t -> t.owner == m.owner()).map(Trace::color).findFirst().orElse(Color.GRAY);
            painter.drawMarker(g, m.x(), color, m.label(), row++ % 4);
        }
        g.restore();
    }

    private void drawLines(GraphicsContext g, boolean changing) {
        painter.clipToPlot(g);
        for (int pass = 0; pass < 2; pass++) {
            for (Trace t : traces) {
                if (t.visible && t.live == changing && (t.owner == emphasized) == (pass == 1)) {
                    painter.drawLine(g, t.points, t.color, t.style, pass == 1);
                }
            }
        }
        g.restore();
    }

}
