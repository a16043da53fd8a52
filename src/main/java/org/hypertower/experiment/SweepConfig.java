package org.hypertower.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep's grid and the training settings every run shares.
 *
 * @param template how a tower of each height is built
 * @param alphas the initial learning rates
 * @param heights the tower heights (0 = the plain optimizer)
 * @param seeds how many seeds (0 .. seeds-1) each point runs with
 * @param executor where the runs train ({@link RunExecutor#local(int)} with 0 workers: nowhere, the
 *     runs' folders are only read back, to rewrite sweep.csv and the report)
 * @param out the sweep's folder
 * @param trainArguments the {@code train} options every run gets (dataset, model, epochs, ...)
 */
public record SweepConfig(TowerTemplate template, List<Double> alphas, List<Integer> heights, int seeds,
        RunExecutor executor, Path out, List<String> trainArguments) {

    /** A sweep on this machine's worker processes, {@code workers} at once (see {@link RunExecutor#local(int)}). */
    public SweepConfig(TowerTemplate template, List<Double> alphas, List<Integer> heights, int seeds, int workers, Path out,
            List<String> trainArguments) {
        this(template, alphas, heights, seeds, RunExecutor.local(workers), out, trainArguments);
    }

    /** Checks the grid. */
    public SweepConfig {
        if (alphas.isEmpty() || heights.isEmpty() || seeds < 1) {
            throw new IllegalArgumentException("a sweep needs at least one alpha, one height and one seed");
        }
        for (double a : alphas) {
            if (!(a >= 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("an initial alpha must be a finite number >= 0, not " + a);
            }
        }
        for (int h : heights) {
            if (h < 0) {
                throw new IllegalArgumentException("a height must be >= 0, not " + h);
            }
        }
        java.util.Objects.requireNonNull(executor, "executor");
        alphas = List.copyOf(alphas);
        heights = List.copyOf(heights);
        trainArguments = List.copyOf(trainArguments);
    }
}
