package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the values of an axis map onto its length, with bounds and ticks a reader can use: linear;
 * logarithmic (positive values; a tick per decade); or symmetric-log, which is linear within
 * {@code ±c} of zero and logarithmic beyond, so values that change sign (a weight decay going
 * negative) keep their sign on a log-like axis. Tick labels are values ({@code 1e-3},
 * {@code -0.01}, {@code 2.5}), never exponents. Immutable; needs no JavaFX.
 */
public final class AxisScale {

    /** The kind of mapping. */
    public enum Kind {
        LINEAR, LOG, SYMLOG;

        /** Returns the kind for values from {@code min}: log needs them all positive, else symlog. */
        public Kind forMinimum(double min) {
            return this == LOG && !(min > 0) ? SYMLOG : this;
        }
    }

    /** A tick: where, and what it reads. */
    public record Tick(double value, String label) {}

    private static final double[] NICE = {1, 2, 2.5, 5, 10};

    private final Kind kind;
    private final double lower;
    private final double upper;
    private final double c;
    private final double tLower;
    private final double tUpper;
    private final double unit;

    private AxisScale(Kind kind, double lower, double upper, double c, double unit) {
        this.kind = kind;
        this.lower = lower;
        this.upper = upper;
        this.c = c;
        this.unit = unit;
        this.tLower = t(lower);
        this.tUpper = t(upper);
    }

    /**
     * Returns a scale whose bounds are nice values covering [min, max] (non-finite arguments are
     * taken for an empty range).
     *
     * @param kind the mapping; LOG with a value {@code <= 0} becomes SYMLOG
     * @param min the smallest value to show
     * @param max the largest value to show
     * @param smallestMagnitude the smallest non-zero |value| (for symlog's linear part), or NaN
     */
    public static AxisScale fit(Kind kind, double min, double max, double smallestMagnitude) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            min = 0;
            max = 1;
        }
        return switch (kind.forMinimum(min)) {
            case LINEAR -> linear(min, max);
            case LOG -> log(min, max);
            case SYMLOG -> symlog(min, max, smallestMagnitude);
        };
    }

    /** Returns a linear scale over exactly [lower, upper] with ticks every {@code unit}. */
    public static AxisScale fixed(double lower, double upper, double unit) {
        return new AxisScale(Kind.LINEAR, lower, upper, 1, unit);
    }

    private static AxisScale linear(double min, double max) {
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double unit = niceStep((max - min) / 5);
        double lower = Math.floor(min / unit) * unit;
        double upper = Math.ceil(max / unit) * unit;
        if (upper - lower < unit) {
            upper = lower + unit;
        }
        // no "-0" tick label
        return new AxisScale(Kind.LINEAR, lower == 0 ? 0 : lower, upper == 0 ? 0 : upper, 1, unit);
    }

    private static AxisScale log(double min, double max) {
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        if (hi <= lo) {
            lo -= 1;
            hi += 1;
        }
        return new AxisScale(Kind.LOG, Math.pow(10, lo), Math.pow(10, hi), 1, 1);
    }

    private static AxisScale symlog(double min, double max, double smallestMagnitude) {
        double largest = Math.max(Math.abs(min), Math.abs(max));
        if (largest == 0) {
            return new AxisScale(Kind.SYMLOG, -1, 1, 1, 1);
        }
        double small = Double.isFinite(smallestMagnitude) && smallestMagnitude > 0 ? smallestMagnitude : largest;
        // the linear part: the decade of the smallest magnitude, at most four decades below the largest
        double c = Math.pow(10, Math.floor(Math.log10(Math.max(small, largest * 1e-4))));
        double upper = roundAway(max, c);
        double lower = roundAway(min, c);
        if (upper == lower) {
            upper = upper >= 0 ? Math.max(upper * 10, c) : 0;
            lower = lower <= 0 ? Math.min(lower * 10, -c) : 0;
        }
        return new AxisScale(Kind.SYMLOG, lower, upper, c, 1);
    }

    /** Rounds away from zero to a power of ten times the sign (0 stays 0; never below c in magnitude). */
    private static double roundAway(double v, double c) {
        if (v == 0) {
            return 0;
        }
        double p = Math.pow(10, Math.ceil(Math.log10(Math.abs(v)) - 1e-12));
        return Math.copySign(Math.max(p, c), v);
    }

    /** Returns 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double n : NICE) {
            if (n * decade >= raw * (1 - 1e-9)) {
                return n * decade;
            }
        }
        return 10 * decade;
    }

    public Kind kind() {
        return kind;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    /** Returns whether every value in [min, max] lies within the bounds (and suits the kind). */
    public boolean covers(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return true;
        }
        return min >= lower && max <= upper && (kind != Kind.LOG || min > 0);
    }

    /** Returns where a value lies, 0 at the lower bound and 1 at the upper (outside for values beyond). */
    public double fraction(double v) {
        return (t(v) - tLower) / (tUpper - tLower);
    }

    /** Returns the value at a fraction of the axis (the inverse of {@link #fraction}). */
    public double valueAt(double fraction) {
        double t = tLower + fraction * (tUpper - tLower);
        return switch (kind) {
            case LINEAR -> t;
            case LOG -> Math.pow(10, t);
            case SYMLOG -> Math.copySign(c * (Math.pow(10, Math.abs(t)) - 1), t);
        };
    }

    private double t(double v) {
        return switch (kind) {
            case LINEAR -> v;
            case LOG -> Math.log10(v);
            case SYMLOG -> Math.copySign(Math.log10(1 + Math.abs(v) / c), v);
        };
    }

    /** Returns the labelled ticks, lowest first. */
    public List<Tick> ticks() {
        List<Tick> out = new ArrayList<>();
        switch (kind) {
            case LINEAR -> {
                long first = Math.round(lower / unit);
                long last = Math.round(upper / unit);
                double largest = Math.max(Math.abs(lower), Math.abs(upper));
                for (long i = first; i <= last; i++) {
                    double v = i * unit;
                    out.add(new Tick(v, linearLabel(v, unit, largest)));
                }
            }
            case LOG -> {
                int lo = (int) Math.round(Math.log10(lower));
                int hi = (int) Math.round(Math.log10(upper));
                int every = Math.max(1, (int) Math.ceil((hi - lo) / 8.0));
                for (int e = lo; e <= hi; e++) {
                    if ((e - lo) % every == 0) {
                        out.add(new Tick(Math.pow(10, e), powerLabel(1, e)));
                    }
                    // a single decade reads better with 2 and 5 labelled too
                    if (hi - lo == 1 && e < hi) {
                        out.add(new Tick(2 * Math.pow(10, e), powerLabel(2, e)));
                        out.add(new Tick(5 * Math.pow(10, e), powerLabel(5, e)));
                    }
                }
            }
            case SYMLOG -> {
                int lo = (int) Math.round(Math.log10(c));
                List<Tick> positive = new ArrayList<>();
                for (int e = lo; Math.pow(10, e) <= Math.max(upper, -lower) * (1 + 1e-9); e++) {
                    positive.add(new Tick(Math.pow(10, e), powerLabel(1, e)));
                }
                int every = Math.max(1, (int) Math.ceil(2 * positive.size() / 9.0));
                for (int i = positive.size() - 1; i >= 0; i--) {
                    Tick t = positive.get(i);
                    if (i % every == 0 && within(-t.value())) {
                        out.add(new Tick(-t.value(), "-" + t.label()));
                    }
                }
                if (lower <= 0 && upper >= 0) {
                    out.add(new Tick(0, "0"));
                }
                for (int i = 0; i < positive.size(); i++) {
                    Tick t = positive.get(i);
                    if (i % every == 0 && within(t.value())) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    private boolean within(double v) {
        double slack = 1e-9 * Math.max(Math.abs(lower), Math.abs(upper));
        return v >= lower - slack && v <= upper + slack;
    }

    /** Returns unlabelled ticks between the labelled ones (2..9 times each power of ten on log axes). */
    public List<Double> minorTicks() {
        List<Double> out = new ArrayList<>();
        if (kind == Kind.LOG) {
            int lo = (int) Math.round(Math.log10(lower));
            int hi = (int) Math.round(Math.log10(upper));
            for (int e = lo; e < hi && hi - lo <= 12; e++) {
                for (int m = 2; m <= 9; m++) {
                    out.add(m * Math.pow(10, e));
                }
            }
        }
        return out;
    }

    /**
     * A tick's label: decimals enough to tell ticks apart (0.25, 0.900015); on an axis of only
     * small or only huge values, e-notation with as many digits (9.5e-4, 1.05e-3, 2e6).
     */
    private static String linearLabel(double v, double unit, double largest) {
        if (v == 0) {
            return "0";
        }
        if (largest < 1e-2 || largest >= 1e6) {
            int exponent = (int) Math.floor(Math.log10(Math.abs(v)));
            int digits = Math.max(0, Math.min(6, exponent - (int) Math.floor(Math.log10(unit) + 1e-9)));
            return compact(String.format(Locale.ROOT, "%." + digits + "e", v));
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(unit) - 1e-9));
        if (unit * Math.pow(10, decimals) % 1 > 1e-6) {
            decimals++; // 2.5, 0.25
        }
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 10) + "f", v);
    }

    /** {@code m} times ten to {@code e}: plain between 0.01 and 1000, else {@code me-3}. */
    private static String powerLabel(int m, int e) {
        if (e >= -2 && e <= 3) {
            return compact(new java.math.BigDecimal(m).scaleByPowerOfTen(e).stripTrailingZeros().toPlainString());
        }
        return m + "e" + e;
    }

    /** {@code 2.50e-04} to {@code 2.5e-4}. */
    private static String compact(String s) {
        String out = s.replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
        return out.replaceAll("e([+-]?)0*(\\d)", "e$1$2").replace("e+", "e");
    }

    @Override
    public String toString() {
        return kind + "[" + lower + ", " + upper + "]";
    }
}
