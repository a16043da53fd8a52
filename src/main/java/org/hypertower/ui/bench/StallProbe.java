package org.hypertower.ui.bench;

import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Records the time between consecutive pulses of the FX thread: an animation timer keeps a pulse
 * requested every frame (about 16.7 ms), so a longer gap is time the FX thread was busy (or waited
 * for rendering) and the window could not answer. Start and read it on the FX thread.
 */
final class StallProbe extends AnimationTimer {

    /** Percentiles of the recorded gaps, in milliseconds. */
    record Stats(int gaps, double p50, double p99, double max) {
        static final Stats NONE = new Stats(0, 0, 0, 0);

        static Stats of(double[] gaps, int n) {
            if (n == 0) {
                return NONE;
            }
            double[] sorted = Arrays.copyOf(gaps, n);
            Arrays.sort(sorted);
            return new Stats(n, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[n - 1]);
        }

        private static double percentile(double[] sorted, double q) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }
    }

    private double[] gaps = new double[4096];
    private double[] at = new double[4096];
    private long started;
    private int count;
    private long last = -1;
    private boolean recording;

    @Override
    public void handle(long now) {
        if (recording && last < 0 && count == 0) {
            started = now;
        }
        if (recording && last >= 0) {
            if (count == gaps.length) {
                gaps = Arrays.copyOf(gaps, count * 2);
                at = Arrays.copyOf(at, count * 2);
            }
            at[count] = (last - started) / 1e9;
            gaps[count++] = (now - last) / 1e6;
        }
        last = now;
    }

    /** Starts recording afresh (the gap before the next pulse is not counted). */
    void record() {
        count = 0;
        last = -1;
        recording = true;
    }

    /** Stops recording and returns what was recorded since {@link #record()}. */
    Stats finish() {
        recording = false;
        return Stats.of(gaps, count);
    }

    /** Leaves the gap up to the next pulse out (after work of the bench's own on the FX thread). */
    void skipGap() {
        last = -1;
    }

    /** Returns the {@code n} longest gaps as "LENGTH ms at +SECONDS s" (seconds after recording began), longest first. */
    String longest(int n) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(gaps[b], gaps[a]));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, count); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.0f ms at +%.1f s", gaps[order[i]],
                    at[order[i]]));
        }
        return sb.toString();
    }

    /** Returns the gaps recorded so far, without stopping. */
    double[] gaps() {
        return Arrays.copyOf(gaps, count);
    }
}
