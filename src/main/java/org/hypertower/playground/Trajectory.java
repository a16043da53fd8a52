package org.hypertower.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hypertower.tower.DoubleVectorOps;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.Tower;
import org.hypertower.tower.TowerSpec;

/**
 * One tower's path over a 2-D objective: what every step saw and did, immutable once made. The
 * tower is the project's own ({@link Tower} over {@link DoubleVectorOps}, the same layer classes
 * as in training), run on the single target {@value #TARGET} holding {@code (x, y)}.
 *
 * <p>Step t takes the gradient at the point {@code p_t}, then runs the tower once: every level's
 * hypergradient, the levels above updating the ones below top-down, and the point moving to
 * {@code p_{t+1}}. A path stops early, {@link Status#DIVERGED}, at the first step whose loss or
 * gradient is not finite (recorded as it was; the tower does not step), or whose update leaves a
 * hyperparameter or the point not finite (recorded after the update).
 */
public final class Trajectory {

    /** The name of the weight tensor the bottom level updates (it names {@code sgd_per_param}'s alpha). */
    public static final String TARGET = "weights";

    /** How a path ended. */
    public enum Status {
        /** Every step was taken. */
        FINISHED("finished"),
        /** The path stopped at a step that diverged. */
        DIVERGED("diverged");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** Returns the word used in summaries and CSV files. */
        public String label() {
            return label;
        }
    }

    private final TowerSpec tower;
    private final List<String> keys;
    private final double[] initial;
    private final List<PathPoint> points;
    private final Status status;
    private final String message;
    private final int alphaIndex;
    private final double[] end;

    private Trajectory(TowerSpec tower, List<String> keys, double[] initial, List<PathPoint> points, double[] end,
            Status status, String message) {
        this.tower = tower;
        this.end = end.clone();
        this.keys = List.copyOf(keys);
        this.initial = initial;
        this.points = List.copyOf(points);
        this.status = status;
        this.message = message;
        this.alphaIndex = alphaKey(keys);
    }

    /**
     * Runs a tower from a start point for a number of steps (fewer when it diverges).
     *
     * @param objective the loss
     * @param tower the tower; fresh state for this path
     * @param startX the first point
     * @param startY the first point
     * @param steps the number of steps, at least 1
     * @param seed the seed of a noisy objective's gradients
     */
    public static Trajectory run(Objective objective, TowerSpec tower, double startX, double startY, int steps,
            long seed) {
        return run(objective, tower, startX, startY, steps, seed, null);
    }

    /**
     * Runs a tower as {@link #run(Objective, TowerSpec, double, double, int, long)} does, with its
     * bottom learning rate multiplied once, before the kick's step.
     *
     * @param kick the change to {@code 0.alpha}, or null for none; a kick after the last step changes nothing
     */
    public static Trajectory run(Objective objective, TowerSpec tower, double startX, double startY, int steps,
            long seed, Kick kick) {
        if (steps < 1) {
            throw new IllegalArgumentException("A path takes at least 1 step, not " + steps + ".");
        }
        Tower<double[]> running = new Tower<>(tower, DoubleVectorOps.INSTANCE, List.of(TARGET));
        List<String> keys = running.hyperparameterKeys();
        double[] initial = running.hyperparameterValues();
        Objective.Gradients gradients = objective.gradients(seed);
        List<PathPoint> points = new ArrayList<>(steps);
        double[] p = {startX, startY};
        double[] values = initial;
        int kicked = kick == null ? -1 : alphaKey(keys);
        for (int t = 0; t < steps; t++) {
            if (kicked >= 0 && t == kick.step()) {
                running.set(keys.get(kicked), values[kicked] * kick.factor());
                values = running.hyperparameterValues();
            }
            double loss = objective.value(p[0], p[1]);
            double[] g = gradients.at(p[0], p[1]);
            if (!Double.isFinite(loss) || !finite(g)) {
                double[] none = new double[keys.size()];
                Arrays.fill(none, Double.NaN);
                points.add(new PathPoint(t, p[0], p[1], loss, g[0], g[1], values.clone(), none));
                String what = !Double.isFinite(loss) ? "the loss became " + Numbers.format(loss)
                        : "the gradient became (" + Numbers.format(g[0]) + ", " + Numbers.format(g[1]) + ")";
                return new Trajectory(tower, keys, initial, points, p, Status.DIVERGED, diverged(t, what, tower));
            }
            double x = p[0];
            double y = p[1];
            p = running.step(List.of(p), List.of(g)).get(0);
            values = running.hyperparameterValues();
            points.add(new PathPoint(t, x, y, loss, g[0], g[1], values, running.hypergradients()));
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    String key = keys.get(i);
                    int level = Integer.parseInt(key.substring(0, key.indexOf('.')));
                    String advice = tower.level(level).type().standaloneAdvice()
                            .orElse("lower the alpha of level " + (level + 1));
                    return new Trajectory(tower, keys, initial, points, p, Status.DIVERGED, "Diverged at step " + t
                            + ": level " + level + "'s " + key.substring(key.indexOf('.') + 1) + " became "
                            + Numbers.format(values[i]) + "; " + advice + ".");
                }
            }
            if (!finite(p)) {
                return new Trajectory(tower, keys, initial, points, p, Status.DIVERGED, diverged(t, "the point became ("
                        + Numbers.format(p[0]) + ", " + Numbers.format(p[1]) + ")", tower));
            }
        }
        return new Trajectory(tower, keys, initial, points, p, Status.FINISHED, "Finished " + steps + " steps.");
    }

    /** Returns the index of the first key of level 0's alpha, or -1 when the bottom level has none. */
    private static int alphaKey(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).startsWith("0.alpha")) {
                return i;
            }
        }
        return -1;
    }

    private static String diverged(int step, String what, TowerSpec tower) {
        String advice = tower.level(0).type().standaloneAdvice().orElse(tower.height() > 1
                ? "lower level 0's alpha or the alpha of the levels above it" : "lower alpha");
        return "Diverged at step " + step + ": " + what + "; " + advice + ".";
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the tower that made the path. */
    public TowerSpec tower() {
        return tower;
    }

    /** Returns the key of every learned hyperparameter, {@code LEVEL.NAME} as in {@code steps.csv}, bottom first. */
    public List<String> keys() {
        return keys;
    }

    /** Returns every hyperparameter's effective value before the first step, in key order. */
    public double[] initialHyperparameters() {
        return initial.clone();
    }

    /** Returns every step taken, in order. */
    public List<PathPoint> points() {
        return points;
    }

    /** Returns the number of steps recorded (the steps asked for, unless the path diverged). */
    public int length() {
        return points.size();
    }

    /** Returns one step. */
    public PathPoint point(int step) {
        return points.get(step);
    }

    /**
     * Returns where the path ended, {@code {x, y}}: the point after the last step taken, or the
     * point where it diverged when its loss or gradient there was not finite.
     */
    public double[] end() {
        return end.clone();
    }

    /** Returns how the path ended. */
    public Status status() {
        return status;
    }

    /** Returns one sentence on how the path ended: where it diverged and what to lower, or that it finished. */
    public String message() {
        return message;
    }

    /** Returns the x of every step's point, for drawing. */
    public double[] xs() {
        return points.stream().mapToDouble(PathPoint::x).toArray();
    }

    /** Returns the y of every step's point, for drawing. */
    public double[] ys() {
        return points.stream().mapToDouble(PathPoint::y).toArray();
    }

    /** Returns a hyperparameter's value after every step, for drawing. */
    public double[] values(String key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("No hyperparameter " + key + "; this tower has " + keys + ".");
        }
        return points.stream().mapToDouble(pt -> pt.hyperparameters()[i]).toArray();
    }

    /**
     * Returns what the step scrubber shows at a step: the gradients at t and t-1, their dot product,
     * the hypergradient of the bottom level's learning rate and the change of it that followed.
     */
    public StepInsight insight(int step) {
        PathPoint now = points.get(step);
        double[] g = {now.gx(), now.gy()};
        PathPoint before = step > 0 ? points.get(step - 1) : null;
        double[] gPrev = before == null ? null : new double[] {before.gx(), before.gy()};
        double dot = before == null ? Double.NaN : g[0] * gPrev[0] + g[1] * gPrev[1];
        double alphaBefore = alphaAfter(step - 1);
        double alphaAfter = alphaAfter(step);
        double[] direction = null;
        double previousAlpha = alphaAfter(step - 1);
        if (before != null && previousAlpha != 0) {
            direction = new double[] {(before.x() - now.x()) / previousAlpha, (before.y() - now.y()) / previousAlpha};
        }
        double hypergradient = alphaIndex < 0 ? Double.NaN : now.hypergradients()[alphaIndex];
        return new StepInsight(step, alphaIndex < 0 ? "" : keys.get(alphaIndex), g, gPrev, dot, direction,
                hypergradient, alphaBefore, alphaAfter, alphaAfter - alphaBefore,
                HypergradientFormula.of(tower.level(0)));
    }

    /**
     * Returns the bottom level's alpha after a step; before the first when the step is -1. NaN for
     * a standalone rival, which has no learning rate alpha (cocob's alpha is something else).
     */
    private double alphaAfter(int step) {
        if (alphaIndex < 0) {
            return tower.level(0).type().standalone() ? Double.NaN : tower.level(0).value("alpha");
        }
        return step < 0 ? initial[alphaIndex] : points.get(step).hyperparameters()[alphaIndex];
    }
}
