package org.hypertower.tower;

import java.util.List;

/**
 * {@link VectorOps} over plain {@code double[]} vectors: the weights of small problems solved in
 * double precision, such as the 2-D playground's objectives, optimized by the same layer classes
 * as a model's weights. Every operation allocates a new array; nothing needs releasing, so
 * {@link #keep} is the identity.
 */
public final class DoubleVectorOps implements VectorOps<double[]> {

    /** The shared instance; it holds no state. */
    public static final DoubleVectorOps INSTANCE = new DoubleVectorOps();

    private DoubleVectorOps() {}

    @Override
    public double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    @Override
    public double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    @Override
    public double[] mul(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    @Override
    public double[] div(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    @Override
    public double[] scale(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * s;
        }
        return out;
    }

    @Override
    public double[] addScalar(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + s;
        }
        return out;
    }

    @Override
    public double[] sqrt(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(a[i]);
        }
        return out;
    }

    @Override
    public double[] square(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * a[i];
        }
        return out;
    }

    @Override
    public double[] abs(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    @Override
    public double[] max(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    /** Sums in order, starting from 0. */
    @Override
    public double sum(double[] a) {
        double total = 0;
        for (double x : a) {
            total += x;
        }
        return total;
    }

    @Override
    public double[] full(double[] like, double value) {
        double[] out = new double[like.length];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** Sums in order, target by target and element by element, starting from 0. */
    @Override
    public double[] dots(List<double[]> a, List<List<double[]>> columns) {
        double[] out = new double[columns.size()];
        for (int j = 0; j < out.length; j++) {
            List<double[]> column = columns.get(j);
            double sum = 0;
            for (int i = 0; column != null && i < a.size(); i++) {
                double[] c = column.get(i);
                if (c != null) {
                    double[] x = a.get(i);
                    for (int e = 0; e < x.length; e++) {
                        sum += x[e] * c[e];
                    }
                }
            }
            out[j] = sum;
        }
        return out;
    }

    @Override
    public double[] keep(double[] v) {
        return v;
    }
}
