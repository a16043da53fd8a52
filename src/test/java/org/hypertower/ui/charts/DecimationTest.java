package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

class DecimationTest {

    @Test
    void aShortSeriesIsKeptWhole() {
        List<XYChart.Data<Number, Number>> points = Decimation.points(100, i -> i * 2.0, 600, 0);
        assertEquals(100, points.size());
        assertEquals(198.0, points.get(99).getYValue().doubleValue());
    }

    @Test
    void aLongSeriesBecomesAtMostTwoPointsPerBucketAndKeepsEverySpike() {
        int n = 150_000;
        List<XYChart.Data<Number, Number>> points = Decimation.points(n, i -> i == 77_777 ? 50 : (i == 123_456 ? -50 : 1), 600, 0);
        assertTrue(points.size() <= 1200, "points: " + points.size());
        assertTrue(points.stream().anyMatch(p -> p.getYValue().doubleValue() == 50 && p.getXValue().intValue() == 77_777));
        assertTrue(points.stream().anyMatch(p -> p.getYValue().doubleValue() == -50 && p.getXValue().intValue() == 123_456));
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).getXValue().intValue() > points.get(i - 1).getXValue().intValue(), "x increases");
        }
    }

    @Test
    void nonFiniteValuesAreLeftOut() {
        List<XYChart.Data<Number, Number>> points = Decimation.points(10, i -> i == 3 ? Double.NaN : i, 600, 0);
        assertEquals(9, points.size());
    }
}
