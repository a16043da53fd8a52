package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DecimatorTest {

    /** The first {@code n} values of a function, x = index. */
    private static Decimator.Source series(int[] n, IntToDoubleFunction y) {
        return new Decimator.Source() {
            @Override
            public int size() {
                return n[0];
            }

            @Override
            public double x(int i) {
                return i;
            }

            @Override
            public double y(int i) {
                return y.applyAsDouble(i);
            }
        };
    }

    @Test
    void aShortSeriesIsKeptWhole() {
        Decimator d = new Decimator(600);
        d.update(series(new int[] {100}, i -> i * 2.0));
        assertEquals(100, d.size());
        assertEquals(198.0, d.y(99));
    }

    @Test
    void aLongSeriesBecomesAtMostTwoPointsPerBucketAndKeepsEverySpike() {
        int n = 150_000;
        Decimator d = new Decimator(600);
        d.update(series(new int[] {n}, i -> i == 77_777 ? 50 : (i == 123_456 ? -50 : 1)));
        assertTrue(d.size() <= 1202, "points: " + d.size());
        boolean high = false;
        boolean low = false;
        for (int i = 0; i < d.size(); i++) {
            high |= d.y(i) == 50 && d.x(i) == 77_777;
            low |= d.y(i) == -50 && d.x(i) == 123_456;
            if (i > 0) {
                assertTrue(d.x(i) > d.x(i - 1), "x increases");
            }
        }
        assertTrue(high && low, "both spikes kept");
        assertEquals(-50, d.minY());
        assertEquals(50, d.maxY());
    }

    @Test
    void nonFiniteValuesAreLeftOut() {
        Decimator d = new Decimator(600);
        d.update(series(new int[] {10}, i -> i == 3 ? Double.NaN : i));
        assertEquals(9, d.size());
    }

    @Test
    void feedingStepByStepGivesWhatOneUpdateGivesAndStaysBounded() {
        IntToDoubleFunction y = i -> Math.sin(i * 0.001) + (i % 997 == 0 ? 3 : 0);
        int[] grown = {0};
        Decimator incremental = new Decimator(100);
        int rebuilds = 0;
        int lastWidth = 1;
        for (int n = 1; n <= 100_000; n += 37) {
            grown[0] = n;
            incremental.update(series(grown, y));
            assertTrue(incremental.size() <= 202, n + ": " + incremental.size());
            if (incremental.bucketWidth() != lastWidth) {
                rebuilds++;
                lastWidth = incremental.bucketWidth();
            }
        }
        Decimator once = new Decimator(100);
        once.update(series(grown, y));
        assertEquals(once.size(), incremental.size());
        for (int i = 0; i < once.size(); i++) {
            assertEquals(once.x(i), incremental.x(i));
            assertEquals(once.y(i), incremental.y(i));
        }
        assertTrue(rebuilds <= 12, "rebuilds " + rebuilds);
    }

    @Test
    void nothingNewIsNoChange() {
        int[] n = {500};
        Decimator d = new Decimator(100);
        assertTrue(d.update(series(n, i -> i)));
        assertFalse(d.update(series(n, i -> i)));
    }
}
