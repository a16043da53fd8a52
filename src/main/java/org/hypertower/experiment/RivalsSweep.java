package org.hypertower.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.TowerSpecException;

/**
 * The rivals' sweep: towers of several templates and heights against the learning-rate-free
 * optimizers ({@link Rival}), every method trained at every initial alpha and seed, alpha0 mapped to
 * each method's own knob (a tower's bottom alpha; a rival's d0, reps_rel, lr or 1/alpha). It is a
 * {@link Sweep} whose rows are methods instead of heights, and writes {@value #FILE}; its report is
 * {@link RivalsReport}.
 */
public final class RivalsSweep {

    /** The name of its results file. */
    public static final String FILE = "rivals.csv";

    /** The header of {@value #FILE}; {@code wall_s} is each run's seconds from start to end. */
    public static final List<String> HEADER = List.of("method", "knob", "alpha0", "knob_value", "seed", "status",
            "test_error", "final_train_loss", "steps", "wall_s", "tower");

    /** The default initial alphas, from 1e-8 to 1. */
    public static final List<Double> DEFAULT_ALPHAS = List.of(1e-8, 1e-6, 1e-4, 1e-2, 1.0);

    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private RivalsSweep() {}

    /**
     * Returns the methods of a rivals' sweep, in the order they are drawn: each template's towers of
     * every height (a template's heights together), then the rivals. A template written as a bare
     * layer name ({@code sgd}) names its rows ({@code sgd h=1}); any other is {@code t1}, {@code t2}
     * ... by its place in the list.
     */
    public static List<SweepRow> rows(List<String> templates, List<Integer> heights, List<Rival> rivals) {
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            String text = templates.get(i).strip();
            TowerTemplate template = TowerTemplate.parse(text);
            String name = BARE_NAME.matcher(text).matches() ? text : "t" + (i + 1);
            for (int h : heights) {
                rows.add(SweepRow.tower(name, template, h));
            }
        }
        for (Rival r : rivals) {
            rows.add(new SweepRow.RivalRow(r));
        }
        return rows;
    }

    /**
     * Splits a list of tower templates at commas or semicolons outside parentheses ({@code sgd,adam},
     * {@code sgd_on_steroids(mu=0.9, wd=0.1); adam / sgd(alpha=1e-5)}); repeated templates count once,
     * and {@code none} is none.
     *
     * @throws IllegalArgumentException naming the template that is not one, in one sentence
     */
    public static List<String> parseTemplates(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (text == null || text.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        int depth = 0;
        StringBuilder part = new StringBuilder();
        String all = (text == null ? "" : text) + ",";
        for (char c : all.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if ((c == ',' || c == ';') && depth <= 0) {
                String t = part.toString().strip();
                if (!t.isEmpty()) {
                    try {
                        TowerTemplate.parse(t);
                    } catch (TowerSpecException e) {
                        throw new IllegalArgumentException("The tower template '" + t + "' is not valid: "
                                + e.getMessage().replaceAll("[.\\s]+$", "") + ".", e);
                    }
                    out.add(t);
                }
                part.setLength(0);
                depth = 0;
            } else {
                part.append(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns the sweep of rows at initial alphas, each with seeds 0 .. seeds-1, writing {@value #FILE}
     * in grid order (row, alpha0, seed).
     */
    public static Sweep sweep(List<SweepRow> rows, List<Double> alphas, int seeds, RunExecutor executor, Path out,
            List<String> trainArguments) {
        List<String> order = rows.stream().map(SweepRow::id).toList();
        Sweep.Table table = new Sweep.Table(FILE, HEADER, o -> {
            Sweep.Point p = o.point();
            return List.of(p.row().label(), p.row().knob(), Numbers.format(p.alpha0()),
                    Numbers.format(p.row().knobValue(p.alpha0())), p.seed(), o.status(), Sweep.number(o.testError()),
                    Sweep.number(o.finalTrainLoss()), o.steps() < 0 ? "" : Long.toString(o.steps()),
                    Double.isNaN(o.wallSeconds()) ? "" : String.format(java.util.Locale.ROOT, "%.1f", o.wallSeconds()),
                    p.tower().toString());
        }, Comparator.comparingInt((Sweep.Outcome o) -> order.indexOf(o.point().row().id()))
                .thenComparingDouble(o -> o.point().alpha0()).thenComparingLong(o -> o.point().seed()));
        return new Sweep(rows, alphas, seeds, executor, out, trainArguments, table);
    }
}
