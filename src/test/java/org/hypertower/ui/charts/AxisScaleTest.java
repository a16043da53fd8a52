package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hypertower.ui.charts.AxisScale.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisScaleTest {

    private static List<String> labels(AxisScale s) {
        return s.ticks().stream().map(AxisScale.Tick::label).toList();
    }

    @Test
    void aLogAxisTicksEveryDecadeAndReadsAsValues() {
        AxisScale s = AxisScale.fit(Kind.LOG, 3e-5, 0.02, 3e-5);
        assertEquals(1e-5, s.lower(), 1e-20);
        assertEquals(0.1, s.upper(), 1e-15);
        assertEquals(List.of("1e-5", "1e-4", "1e-3", "0.01", "0.1"), labels(s));
        assertEquals(0.5, s.fraction(1e-3), 1e-12, "1e-3 halfway between 1e-5 and 0.1 in decades");
        assertEquals(1e-3, s.valueAt(0.5), 1e-15);
    }

    @Test
    void aLogAxisOverOneDecadeLabelsTwoAndFive() {
        assertEquals(List.of("1e-3", "2e-3", "5e-3", "0.01"), labels(AxisScale.fit(Kind.LOG, 0.001, 0.004, 0.001)));
    }

    @Test
    void aLogAxisWithAValueAtOrBelowZeroBecomesSymlogAndKeepsTheSign() {
        AxisScale s = AxisScale.fit(Kind.LOG, -0.01, 1e-3, 1e-4);
        assertEquals(Kind.SYMLOG, s.kind());
        assertEquals(-0.01, s.lower(), 1e-15);
        assertEquals(1e-3, s.upper(), 1e-15);
        List<String> labels = labels(s);
        assertTrue(labels.containsAll(List.of("-0.01", "-1e-3", "-1e-4", "0", "1e-4", "1e-3")), labels.toString());
        assertTrue(s.fraction(-1e-3) < s.fraction(0) && s.fraction(0) < s.fraction(1e-4), "order kept across zero");
        for (double v : new double[] {-0.01, -2e-3, -1e-5, 0, 3e-5, 1e-3}) {
            assertEquals(v, s.valueAt(s.fraction(v)), 1e-12, "round trip of " + v);
        }
    }

    @Test
    void symlogIsLinearNearZero() {
        AxisScale s = AxisScale.fit(Kind.SYMLOG, -1, 1, 1e-3);
        double step = s.fraction(1e-5) - s.fraction(0);
        assertEquals(step, s.fraction(2e-5) - s.fraction(1e-5), step * 1e-2, "equal steps below c");
    }

    @ParameterizedTest
    @CsvSource({"0, 6000, 0, 6000, 2000", "0, 180, 0, 200, 50", "0.23, 1.12, 0.2, 1.2, 0.2", "0.001, 0.001, 0.0009, 0.0011, 0.00005"})
    void aLinearAxisHasNiceBoundsAroundTheData(double min, double max, double lower, double upper, double unit) {
        AxisScale s = AxisScale.fit(Kind.LINEAR, min, max, Double.NaN);
        assertEquals(lower, s.lower(), 1e-12);
        assertEquals(upper, s.upper(), 1e-12);
        assertEquals(unit, s.ticks().get(1).value() - s.ticks().get(0).value(), 1e-12);
    }

    @Test
    void linearLabelsShowTheirDecimalsAndSmallValuesInENotation() {
        assertEquals(List.of("0", "0.25", "0.50", "0.75", "1.00", "1.25"), labels(AxisScale.fit(Kind.LINEAR, 0, 1.1, 0.1)));
        assertEquals("1e-4", labels(AxisScale.fit(Kind.LINEAR, 0, 5e-4, 1e-4)).get(1));
        assertEquals(List.of("9e-4", "9.5e-4", "1e-3", "1.05e-3", "1.1e-3"),
                labels(AxisScale.fit(Kind.LINEAR, 0.001, 0.001, 0.001)), "a flat baseline's axis");
        assertEquals(List.of("0.899995", "0.900000", "0.900005", "0.900010", "0.900015"),
                labels(AxisScale.fit(Kind.LINEAR, 0.899996, 0.900014, 0.9)), "a beta moving in its sixth decimal");
    }

    @Test
    void aFixedAxisKeepsItsBounds() {
        AxisScale s = AxisScale.fixed(0, 1, 0.2);
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(s));
        assertTrue(s.covers(0, 1));
    }
}
