package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An intervention's label sits beside its line and is never cut at the plot's edge. */
class MarkerLabelTest {

    private static final double LEFT = 50;
    private static final double WIDTH = 200;

    @Test
    void rightOfTheLineWhereItFits() {
        assertEquals(64, PlotPainter.markerLabelX(60, 100, LEFT, WIDTH));
    }

    @Test
    void leftOfTheLineNearTheRightEdge() {
        assertEquals(136, PlotPainter.markerLabelX(240, 100, LEFT, WIDTH));
    }

    @Test
    void insideThePlotWhenNeitherSideHoldsIt() {
        // a line a third of the way in (the classic kick at step 1000 of 3000) and a label of 150 px
        double x = PlotPainter.markerLabelX(117, 150, LEFT, WIDTH);
        assertTrue(x >= LEFT && x + 150 <= LEFT + WIDTH, "whole inside the plot: " + x);
    }
}
