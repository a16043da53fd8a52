package org.hypertower.ui.charts;

import javafx.scene.paint.Color;

/**
 * The colours a {@link TraceChart} paints on its canvas, which CSS does not reach: the axes and
 * their text, the grid, and whether the runs take their colours for a dark background. The values
 * are the Primer themes' own (the axes in {@code -color-fg-muted}, the grid in
 * {@code -color-border-muted}), so a chart reads like the window around it.
 *
 * @param axis the axes, ticks and labels
 * @param grid the major grid lines
 * @param minorGrid the minor grid lines
 * @param dark whether the background is dark (the runs' lighter colours, see {@link RunColors#of(int, boolean)})
 */
public record ChartTheme(Color axis, Color grid, Color minorGrid, boolean dark) {

    /** On Primer Light's white. */
    public static final ChartTheme LIGHT = new ChartTheme(Color.web("#57606a"), Color.web("#e1e4e8"),
            Color.web("#f1f3f5"), false);

    /** On Primer Dark's near-black. */
    public static final ChartTheme DARK = new ChartTheme(Color.web("#8b949e"), Color.web("#262c34"),
            Color.web("#171c23"), true);

    /** Returns a run's colour in this theme. */
    public Color runColor(int slot) {
        return Color.web(RunColors.of(slot, dark));
    }
}
