package org.hypertower.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hypertower.data.DataException;
import org.hypertower.tower.Numbers;

/**
 * A rivals' sweep's {@value RivalsSweep#FILE} summarized per method and alpha0, and per method over
 * the grid: its spread, its best error and where, and whether it recovers from a too-large alpha0.
 *
 * <p>A diverged seed counts as test error {@value #DIVERGED_ERROR} (the worst there is) in every
 * mean, so a method that diverges where another merely trains badly is never the better of the
 * two; a failed run (a worker that died, a run not finished) counts in no mean.
 *
 * @param methods the methods, in the grid's order
 * @param alphas the initial alphas, ascending
 */
public record RivalsSummary(List<Method> methods, List<Double> alphas) {

    /** The test error a diverged seed counts as. */
    public static final double DIVERGED_ERROR = 1.0;

    /** How far above its best a method's error at the largest alpha0 may be for it to count as recovering. */
    public static final double RECOVERY_MARGIN = 0.05;

    /**
     * One method over the grid.
     *
     * @param name its name, e.g. {@code sgd h=1} or {@code prodigy}
     * @param knob the argument alpha0 sets, e.g. {@code alpha} or {@code d0}
     * @param cells its cell at each alpha0: the mean and standard deviation of the test error over the
     *     seeds that finished or diverged (a diverged one as {@value #DIVERGED_ERROR}), and the counts
     */
    public record Method(String name, String knob, Map<Double, SweepSummary.Cell> cells) {

        /** Returns its mean test error at an alpha0, NaN when no seed finished or diverged there. */
        public double mean(double alpha0) {
            SweepSummary.Cell c = cells.get(alpha0);
            return c == null ? Double.NaN : c.mean();
        }

        /** Returns the largest minus the smallest mean over alpha0 (NaN with fewer than two). */
        public double spread() {
            List<Double> means = cells.values().stream().map(SweepSummary.Cell::mean).filter(m -> !Double.isNaN(m)).toList();
            return means.size() < 2 ? Double.NaN
                    : means.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                            - means.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** Returns its lowest mean test error over alpha0 (NaN when none). */
        public double best() {
            return cells.values().stream().mapToDouble(SweepSummary.Cell::mean).filter(m -> !Double.isNaN(m)).min()
                    .orElse(Double.NaN);
        }

        /** Returns the smallest alpha0 where its mean is its best (NaN when none). */
        public double bestAlpha() {
            double best = best();
            return cells.entrySet().stream().filter(e -> e.getValue().mean() == best).mapToDouble(Map.Entry::getKey)
                    .findFirst().orElse(Double.NaN);
        }

        /**
         * Returns whether its mean at the grid's largest alpha0 is within {@value #RECOVERY_MARGIN} of
         * its best: a too-large start it recovers from.
         */
        public boolean recovers(double largestAlpha) {
            double at = mean(largestAlpha);
            return !Double.isNaN(at) && at - best() <= RECOVERY_MARGIN + 1e-12;
        }
    }

    /** Returns the largest alpha0 of the grid. */
    public double largestAlpha() {
        return alphas.get(alphas.size() - 1);
    }

    /** Returns the method of a name, if the sweep has it. */
    public java.util.Optional<Method> method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Returns the table as plain text, one line per method: spread, best error and its alpha0, the
     * error at the largest alpha0 and whether that recovers.
     */
    public String text() {
        int width = Math.max(6, methods.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %6s  %6s  %-9s  %9s  %s%n",
                "method", "knob", "spread", "best", "at alpha0", "at " + Numbers.format(largestAlpha()), "recovers"));
        for (Method m : methods) {
            t.append(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %6s  %6s  %-9s  %9s  %s%n", m.name(), m.knob(),
                    fmt(m.spread()), fmt(m.best()), Double.isNaN(m.bestAlpha()) ? "-" : Numbers.format(m.bestAlpha()),
                    fmt(m.mean(largestAlpha())), m.recovers(largestAlpha()) ? "yes" : "no"));
        }
        return t.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * Reads and summarizes a rivals.csv.
     *
     * @throws DataException naming the file and what is wrong
     */
    public static RivalsSummary read(Path csv) {
        Map<String, String> knobs = new LinkedHashMap<>();
        Map<String, Map<Double, List<String[]>>> rows = SweepSummary.readRuns(csv, RivalsSweep.HEADER,
                "a rivals' sweep's result", new LinkedHashMap<>(), r -> {
                    knobs.putIfAbsent(r.get("method"), r.get("knob"));
                    return r.get("method");
                });
        TreeSet<Double> alphas = new TreeSet<>();
        rows.values().forEach(m -> alphas.addAll(m.keySet()));
        List<Method> methods = new ArrayList<>();
        rows.forEach((name, byAlpha) -> {
            Map<Double, SweepSummary.Cell> cells = new TreeMap<>();
            byAlpha.forEach((a, runs) -> cells.put(a, cell(runs)));
            methods.add(new Method(name, knobs.get(name), cells));
        });
        return new RivalsSummary(List.copyOf(methods), List.copyOf(alphas));
    }

    /** A cell of seeds: finished ones with their error, diverged ones as {@value #DIVERGED_ERROR}. */
    private static SweepSummary.Cell cell(List<String[]> runs) {
        List<Double> errors = new ArrayList<>();
        int diverged = 0;
        int failed = 0;
        for (String[] r : runs) {
            if (r[0].equals("diverged")) {
                diverged++;
                errors.add(DIVERGED_ERROR);
            } else if (r[0].equals("completed") && !r[1].isEmpty()) {
                errors.add(Double.parseDouble(r[1]));
            } else {
                failed++;
            }
        }
        return new SweepSummary.Cell(Comparison.mean(errors), Comparison.std(errors), errors.size(), diverged, failed);
    }
}
