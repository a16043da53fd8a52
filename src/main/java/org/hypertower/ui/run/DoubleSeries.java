package org.hypertower.ui.run;

import java.util.Arrays;

/** A growable array of doubles: a chart series without boxing. */
public final class DoubleSeries {

    private double[] values = new double[256];
    private int size;

    /** Appends a value. */
    public void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /** Returns the value at an index. */
    public double get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i];
    }

    /** Returns the number of values. */
    public int size() {
        return size;
    }
}
