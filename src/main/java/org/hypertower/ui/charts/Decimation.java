package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import javafx.scene.chart.XYChart;

/**
 * Reduces a long series to at most two points per bucket (the bucket's minimum and maximum, in
 * order), so a chart of 100,000 steps draws about a thousand points and still shows every spike.
 */
public final class Decimation {

    private Decimation() {}

    /**
     * Returns chart points for {@code y(i)}, i in [0, n), at x = {@code i + xOffset}, skipping
     * non-finite values.
     *
     * @param buckets the number of buckets; series of up to {@code 2 * buckets} points are kept whole
     */
    public static List<XYChart.Data<Number, Number>> points(int n, IntToDoubleFunction y, int buckets, int xOffset) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>();
        if (n <= 2 * buckets) {
            for (int i = 0; i < n; i++) {
                add(out, i + xOffset, y.applyAsDouble(i));
            }
            return out;
        }
        double width = n / (double) buckets;
        for (int b = 0; b < buckets; b++) {
            int start = (int) (b * width);
            int end = (int) Math.min(n, (b + 1) * width);
            int min = -1;
            int max = -1;
            for (int i = start; i < end; i++) {
                double v = y.applyAsDouble(i);
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (min < 0 || v < y.applyAsDouble(min)) {
                    min = i;
                }
                if (max < 0 || v > y.applyAsDouble(max)) {
                    max = i;
                }
            }
            if (min < 0) {
                continue;
            }
            int first = Math.min(min, max);
            int second = Math.max(min, max);
            add(out, first + xOffset, y.applyAsDouble(first));
            if (second != first) {
                add(out, second + xOffset, y.applyAsDouble(second));
            }
        }
        return out;
    }

    private static void add(List<XYChart.Data<Number, Number>> out, int x, double v) {
        if (Double.isFinite(v)) {
            out.add(new XYChart.Data<>(x, v));
        }
    }
}
