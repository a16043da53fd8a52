package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunColorsTest {

    private static double[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new double[] {(v >> 16 & 0xFF) / 255.0, (v >> 8 & 0xFF) / 255.0, (v & 0xFF) / 255.0};
    }

    @Test
    void fiftyRunsGetFiftyDistinctColoursThatReadOnWhite() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String c = RunColors.of(i);
            assertTrue(c.matches("#[0-9a-f]{6}"), c);
            assertTrue(seen.add(c), "run " + i + " repeats " + c);
            assertTrue(RunColors.contrastOnWhite(rgb(c)) >= RunColors.MIN_CONTRAST, "run " + i + " " + c + " is too light");
        }
    }

    @Test
    void theFirstTwentyFourRunsAreFarApart() {
        double nearest = Double.MAX_VALUE;
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < i; j++) {
                nearest = Math.min(nearest, RunColors.distance(rgb(RunColors.of(i)), rgb(RunColors.of(j))));
            }
        }
        assertTrue(nearest > 10, "two of the first 24 colours are only " + nearest + " apart");
    }

    @Test
    void fiftyRunsGetFiftyDistinctColoursThatReadOnTheDarkTheme() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String c = RunColors.of(i, true);
            assertTrue(c.matches("#[0-9a-f]{6}"), c);
            assertTrue(seen.add(c), "run " + i + " repeats " + c + " on dark");
            assertTrue(RunColors.contrast(rgb(c), RunColors.DARK_BACKGROUND) >= RunColors.MIN_CONTRAST_ON_DARK,
                    "run " + i + " " + c + " is too dark for the dark theme");
        }
    }

    @Test
    void theFirstTwentyFourRunsAreFarApartOnDarkToo() {
        double nearest = Double.MAX_VALUE;
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < i; j++) {
                nearest = Math.min(nearest, RunColors.distance(rgb(RunColors.of(i, true)), rgb(RunColors.of(j, true))));
            }
        }
        assertTrue(nearest > 10, "two of the first 24 dark colours are only " + nearest + " apart");
    }

    @Test
    void aRunKeepsItsHueOnDark() {
        assertEquals("#ff7f0e", RunColors.of(4, true), "Tableau orange reads on dark as it is");
        assertEquals(RunColors.of(2), RunColors.of(2, false));
    }

    @Test
    void theExperimentChartsSeriesColoursAreTheRunsColoursInBothThemes() throws Exception {
        String css;
        try (var in = RunColorsTest.class.getResourceAsStream("/org/hypertower/ui/workbench.css")) {
            css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String light = css.substring(css.indexOf("\n.chart {"), css.indexOf("\n.dark .chart {"));
        String dark = css.substring(css.indexOf("\n.dark .chart {"));
        for (int i = 0; i < 8; i++) {
            assertTrue(light.contains("-color-chart-" + (i + 1) + ": " + RunColors.of(i) + ";"), "light series " + i);
            assertTrue(dark.contains("-color-chart-" + (i + 1) + ": " + RunColors.of(i, true) + ";"), "dark series " + i);
        }
    }

    @Test
    void theSameRunKeepsItsColour() {
        assertEquals(RunColors.of(13), RunColors.of(13));
        assertEquals("#1f77b4", RunColors.of(0), "the first is Tableau blue");
    }
}
