package org.hypertower.playground;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.TowerSpec;

/**
 * The 2-D playground's configuration: an objective over {@code (x, y)}, a start point, up to
 * {@value #MAX_TOWERS} towers, a number of steps and a seed. Immutable; {@link #run} computes every
 * tower's {@link Trajectory} afresh, in double precision, with the project's own layer classes. Three
 * towers of 500 steps take a few milliseconds once the JIT is warm, so a view can re-run them all on
 * every move of a slider.
 *
 * @param objective the loss
 * @param startX the first point
 * @param startY the first point
 * @param towers one to {@value #MAX_TOWERS} towers, each run from the start on its own
 * @param steps the number of steps, 1 to {@value #MAX_STEPS}
 * @param seed the seed of a noisy objective's gradients: every tower sees the same noise
 * @param kick a one-off change to every tower's bottom learning rate, or null for none
 */
public record Playground(Objective objective, double startX, double startY, List<TowerSpec> towers, int steps,
        long seed, Kick kick) {

    /** The most towers run at once. */
    public static final int MAX_TOWERS = 3;

    /** The most steps a path takes. */
    public static final int MAX_STEPS = 100_000;

    /** A playground without a kick. */
    public Playground(Objective objective, double startX, double startY, List<TowerSpec> towers, int steps, long seed) {
        this(objective, startX, startY, towers, steps, seed, null);
    }

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException with one sentence naming the problem
     */
    public Playground {
        if (objective == null) {
            throw new IllegalArgumentException("The playground needs an objective, e.g. quadratic(a=1, b=10).");
        }
        if (!Double.isFinite(startX) || !Double.isFinite(startY)) {
            throw new IllegalArgumentException("The start point must be finite, not (" + Numbers.format(startX) + ", "
                    + Numbers.format(startY) + ").");
        }
        if (towers == null || towers.isEmpty() || towers.size() > MAX_TOWERS) {
            throw new IllegalArgumentException("The playground runs 1 to " + MAX_TOWERS + " towers, not "
                    + (towers == null ? 0 : towers.size()) + ".");
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("The number of steps must be 1 to " + MAX_STEPS + ", not " + steps + ".");
        }
        towers = List.copyOf(towers);
    }

    /** Returns the same playground with other towers (a slider moved). */
    public Playground withTowers(List<TowerSpec> others) {
        return new Playground(objective, startX, startY, others, steps, seed, kick);
    }

    /** Runs every tower from the start, each with fresh state; a tower that diverges does not stop the others. */
    public List<Trajectory> run() {
        List<Trajectory> out = new ArrayList<>(towers.size());
        for (TowerSpec tower : towers) {
            out.add(Trajectory.run(objective, tower, startX, startY, steps, seed, kick));
        }
        return List.copyOf(out);
    }
}
