package org.hypertower.ui.charts;

import java.util.Arrays;

/**
 * Reduces a growing series to at most two points per bucket (the bucket's minimum and maximum, in
 * order), so a chart of 100,000 steps draws about a thousand points and still shows every spike.
 * It is fed incrementally: each {@link #update} folds only the points added since the last one;
 * when the buckets run out, their width doubles and the output is rebuilt once (about log2(n)
 * times over a series' life). Series of up to {@code 2 * buckets} points are kept whole;
 * non-finite values are left out. Needs no JavaFX.
 */
public final class Decimator {

    /** A series read by index. */
    public interface Source {
        /** Returns the number of points. */
        int size();

        /** Returns the x of point {@code i}. */
        double x(int i);

        /** Returns the y of point {@code i}. */
        double y(int i);
    }

    private final int buckets;
    private int width = 1;
    private int folded;
    private int seen;
    private int committed;
    private int size;
    private double[] xs = new double[64];
    private double[] ys = new double[64];
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private double minMagnitude = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double minX = Double.POSITIVE_INFINITY;

    /** A decimator keeping at most {@code 2 * buckets} points (plus two of the bucket in progress). */
    public Decimator(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be positive, not " + buckets);
        }
        this.buckets = buckets;
    }

    /**
     * Folds the points the source gained since the last call.
     *
     * @return whether the output changed
     */
    public boolean update(Source source) {
        int n = source.size();
        if (n == seen) {
            return false;
        }
        if (n < seen) {
            clear(); // the source was replaced by a shorter one
        }
        seen = n;
        size = committed;
        while (folded + width <= n) {
            emit(source, folded, folded + width);
            committed = size;
            folded += width;
            if (committed > 2 * buckets) {
                width *= 2;
                size = 0;
                committed = 0;
                folded = 0;
            }
        }
        if (folded < n) {
            emit(source, folded, n); // the bucket in progress, replaced by the next update
        }
        return true;
    }

    /** Forgets every point (the next update starts afresh). */
    public void clear() {
        width = 1;
        folded = 0;
        seen = 0;
        committed = 0;
        size = 0;
        minY = Double.POSITIVE_INFINITY;
        maxY = Double.NEGATIVE_INFINITY;
        minMagnitude = Double.POSITIVE_INFINITY;
        minX = Double.POSITIVE_INFINITY;
        maxX = Double.NEGATIVE_INFINITY;
    }

    private void emit(Decimator.Source source, int start, int end) {
        int min = -1;
        int max = -1;
        double minV = 0;
        double maxV = 0;
        for (int i = start; i < end; i++) {
            double v = source.y(i);
            if (!Double.isFinite(v) || !Double.isFinite(source.x(i))) {
                continue;
            }
            if (min < 0 || v < minV) {
                min = i;
                minV = v;
            }
            if (max < 0 || v > maxV) {
                max = i;
                maxV = v;
            }
        }
        if (min < 0) {
            return;
        }
        add(source.x(Math.min(min, max)), Math.min(min, max) == min ? minV : maxV);
        if (min != max) {
            add(source.x(Math.max(min, max)), Math.max(min, max) == min ? minV : maxV);
        }
    }

    private void add(double x, double y) {
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        if (y != 0) {
            minMagnitude = Math.min(minMagnitude, Math.abs(y));
        }
    }

    /** Returns the number of points to draw. */
    public int size() {
        return size;
    }

    /** Returns the x of output point {@code i}. */
    public double x(int i) {
        return xs[i];
    }

    /** Returns the y of output point {@code i}. */
    public double y(int i) {
        return ys[i];
    }

    /** Returns the smallest y of every point seen (infinite when none). */
    public double minY() {
        return minY;
    }

    /** Returns the largest y seen. */
    public double maxY() {
        return maxY;
    }

    /** Returns the smallest non-zero |y| seen. */
    public double minMagnitude() {
        return minMagnitude;
    }

    /** Returns the smallest x seen. */
    public double minX() {
        return minX;
    }

    /** Returns the largest x seen. */
    public double maxX() {
        return maxX;
    }

    /** Returns how many source points each bucket holds now. */
    public int bucketWidth() {
        return width;
    }
}
