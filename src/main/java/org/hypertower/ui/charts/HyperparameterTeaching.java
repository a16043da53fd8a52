package org.hypertower.ui.charts;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Predicate;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.hypertower.ui.run.RunData;

/**
 * What pointing at a hyperparameter's chart teaches: at the step under the pointer, for the run
 * whose line is nearest to it, each value of its level, the hypergradient it received and the
 * change that followed (for SGD: when the last two gradients agree, alpha rises).
 */
final class HyperparameterTeaching {

    private HyperparameterTeaching() {}

    /**
     * Installs the tooltip on a chart.
     *
     * @param runs the runs that may be drawn on it
     * @param shown whether a run is drawn
     * @param preferred the run that wins a tie (the focused one), or null
     */
    static void install(TraceChart chart, int level, String key, Collection<RunData> runs, Predicate<RunData> shown,
            java.util.function.Supplier<RunData> preferred) {
        Tooltip tip = new Tooltip();
        tip.setShowDelay(Duration.millis(100));
        tip.setHideDelay(Duration.millis(200));
        Tooltip.install(chart, tip);
        chart.setOnMouseMoved(e -> {
            double x = chart.xValueAt(e.getX(), e.getY());
            int step = (int) Math.round(x);
            RunData nearest = Double.isNaN(x) ? null : nearest(chart, key, step, e.getY(), runs, shown, preferred.get());
            tip.setText(nearest == null ? "" : nearest.name() + "\n" + explain(nearest, level, step));
        });
    }

    private static RunData nearest(TraceChart chart, String key, int step, double pointerY, Collection<RunData> runs,
            Predicate<RunData> shown, RunData preferred) {
        RunData best = null;
        double bestDistance = Double.MAX_VALUE;
        for (RunData run : runs) {
            int i = run.keys().indexOf(key);
            if (i < 0 || !shown.test(run) || step < 0 || step >= run.steps()) {
                continue;
            }
            double distance = Math.abs(chart.yPosition(run.hyperparameter(i).get(step)) - pointerY);
            if (distance < bestDistance || (distance == bestDistance && run == preferred)) {
                best = run;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The teaching text for one level at one step. */
    static String explain(RunData run, int level, int step) {
        if (step < 0 || step >= run.steps()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("step " + step);
        for (int i = 0; i < run.keys().size(); i++) {
            String key = run.keys().get(i);
            if (!key.startsWith(level + ".")) {
                continue;
            }
            String name = key.substring(key.indexOf('.') + 1);
            double v = run.hyperparameter(i).get(step);
            double before = step > 0 ? run.hyperparameter(i).get(step - 1) : v;
            double g = run.hypergradient(i).get(step);
            sb.append(String.format(Locale.ROOT, "%n%s = %.6g", name, v));
            if (Double.isNaN(g)) {
                sb.append("  (constant: the top level is not optimized)");
            } else {
                sb.append(String.format(Locale.ROOT, ",  dL/d%s = %.4g,  change %+.3g", name, g, v - before));
                if (name.equals("alpha") && g != 0) {
                    sb.append(g < 0 ? "  (the last two gradients agree: alpha rises)"
                            : "  (the last two gradients disagree: alpha falls)");
                }
            }
        }
        return sb.toString();
    }
}
