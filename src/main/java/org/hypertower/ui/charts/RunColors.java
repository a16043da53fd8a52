package org.hypertower.ui.charts;

/** A colour per run, the same in every chart. */
public final class RunColors {

    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"
    };

    private RunColors() {}

    /** Returns the CSS colour of the run at an index. */
    public static String of(int run) {
        return COLORS[Math.floorMod(run, COLORS.length)];
    }
}
