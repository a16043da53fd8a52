package org.hypertower.playground;

import org.hypertower.tower.Numbers;

/**
 * A one-off change to a path's bottom learning rate: before step {@link #step} the first
 * {@code 0.alpha} hyperparameter is multiplied by {@link #factor}, as setting it by hand during a
 * training run would ({@link org.hypertower.tower.Tower#set}). It shows how a tower answers a
 * learning rate knocked out of place; a tower of one level cannot answer and keeps the new value.
 *
 * @param step the first step that uses the changed value, at least 1
 * @param factor what alpha is multiplied by, finite and above 0
 */
public record Kick(int step, double factor) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException with one sentence naming the problem
     */
    public Kick {
        if (step < 1) {
            throw new IllegalArgumentException("A kick comes at step 1 or later, not " + step + ".");
        }
        if (!Double.isFinite(factor) || factor <= 0) {
            throw new IllegalArgumentException("A kick multiplies alpha by a finite number above 0, not "
                    + Numbers.format(factor) + ".");
        }
    }

    /** Returns the kick as the tab shows it, e.g. {@code alpha ×10 at step 30}. */
    public String text() {
        String times = factor == Math.rint(factor) && Math.abs(factor) < 1e9 ? Long.toString((long) factor)
                : Numbers.format(factor);
        return "alpha ×" + times + " at step " + step;
    }
}
