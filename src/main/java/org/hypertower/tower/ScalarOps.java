package org.hypertower.tower;

import java.util.List;

/** {@link VectorOps} over single doubles: the hyperparameters optimized by levels 1 and up. */
public final class ScalarOps implements VectorOps<Double> {

    /** The shared instance; it holds no state. */
    public static final ScalarOps INSTANCE = new ScalarOps();

    private ScalarOps() {}

    @Override
    public Double add(Double a, Double b) {
        return a + b;
    }

    @Override
    public Double sub(Double a, Double b) {
        return a - b;
    }

    @Override
    public Double mul(Double a, Double b) {
        return a * b;
    }

    @Override
    public Double div(Double a, Double b) {
        return a / b;
    }

    @Override
    public Double scale(Double a, double s) {
        return a * s;
    }

    @Override
    public Double addScalar(Double a, double s) {
        return a + s;
    }

    @Override
    public Double sqrt(Double a) {
        return Math.sqrt(a);
    }

    @Override
    public Double square(Double a) {
        return a * a;
    }

    @Override
    public Double abs(Double a) {
        return Math.abs(a);
    }

    @Override
    public Double max(Double a, Double b) {
        return Math.max(a, b);
    }

    @Override
    public double sum(Double a) {
        return a;
    }

    @Override
    public Double full(Double like, double value) {
        return value;
    }

    @Override
    public double[] dots(List<Double> a, List<List<Double>> columns) {
        double[] out = new double[columns.size()];
        for (int j = 0; j < out.length; j++) {
            List<Double> column = columns.get(j);
            double sum = 0;
            for (int i = 0; column != null && i < a.size(); i++) {
                Double c = column.get(i);
                if (c != null) {
                    sum += a.get(i) * c;
                }
            }
            out[j] = sum;
        }
        return out;
    }

    @Override
    public Double keep(Double v) {
        return v;
    }
}
