package org.hypertower.ui.charts;

import java.util.function.ToDoubleFunction;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.ui.run.DoubleSeries;
import org.hypertower.ui.run.RunData;

/** A run's series as the charts read them: by index, without copying. */
final class RunSeries {

    private RunSeries() {}

    /** A per-step series: x is the step. */
    static Decimator.Source steps(DoubleSeries series) {
        return new Decimator.Source() {
            @Override
            public int size() {
                return series.size();
            }

            @Override
            public double x(int i) {
                return i;
            }

            @Override
            public double y(int i) {
                return series.get(i);
            }
        };
    }

    /** A per-epoch series: x and y read from each epoch's metrics. */
    static Decimator.Source epochs(RunData run, ToDoubleFunction<EpochMetrics> x, ToDoubleFunction<EpochMetrics> y) {
        return new Decimator.Source() {
            @Override
            public int size() {
                return run.epochs().size();
            }

            @Override
            public double x(int i) {
                return x.applyAsDouble(run.epochs().get(i));
            }

            @Override
            public double y(int i) {
                return y.applyAsDouble(run.epochs().get(i));
            }
        };
    }
}
