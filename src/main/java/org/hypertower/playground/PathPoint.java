package org.hypertower.playground;

/**
 * One step of a playground path. Arrays are indexed like {@link Trajectory#keys()}.
 *
 * @param step the 0-based step
 * @param x the point where the step's gradient was taken
 * @param y the point where the step's gradient was taken
 * @param loss the objective at that point (noiseless)
 * @param gx the gradient the step used (with noise, for a noisy objective)
 * @param gy the gradient the step used
 * @param hyperparameters every level's effective hyperparameters after the step
 * @param hypergradients d(loss)/d(hyperparameter) each received at the step; NaN for the top level's
 *     constants, and on a step that diverged before the tower stepped
 */
public record PathPoint(int step, double x, double y, double loss, double gx, double gy, double[] hyperparameters,
        double[] hypergradients) {}
