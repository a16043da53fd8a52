package org.hypertower.tower;

import java.util.List;

/**
 * One instantiated level of a tower: an optimizer with its own state for one run, updating a
 * list of target vectors (the model's weights at level 0, the stored hyperparameters of the level
 * below otherwise).
 *
 * <p>Call order, once per training step, after the loss of the step has been differentiated:
 *
 * <ol>
 *   <li>{@link #hypergradient} with the gradient of the loss with respect to the targets that
 *       the previous {@link #step} returned: the derivative of that loss with respect to this
 *       level's effective hyperparameters, as they were used in that step (zero before the first
 *       step). Only levels with a level above them are asked, and at most once per step: a level
 *       may give up what it kept for it as soon as it has read it.
 *   <li>the level above, if any, updates this level's stored hyperparameters ({@link #setRaw}).
 *   <li>{@link #step} with the targets and the same gradient: returns the updated targets.
 * </ol>
 *
 * <p>This is the one-step hypergradient of Chandra et al.: every value entering an update is
 * detached except the hyperparameters, so each derivative reaches one step back.
 *
 * @param <V> the vector type of the targets
 */
public interface Level<V> {

    /** Returns the spec this level was built from. */
    LayerSpec spec();

    /** Returns the names of the learned hyperparameters, e.g. {@code alpha, mu}. */
    List<String> hyperparameterNames();

    /** Returns how each learned hyperparameter is stored. */
    Reparam reparam(int index);

    /** Returns the definition of a learned hyperparameter: its name in the layer type, range and default. */
    HyperparameterDef definition(int index);

    /** Returns the stored value of a learned hyperparameter. */
    double raw(int index);

    /** Sets the stored value of a learned hyperparameter (the level above does this). */
    void setRaw(int index, double value);

    /** Returns the effective value of a learned hyperparameter. */
    default double effective(int index) {
        return reparam(index).toEffective(raw(index));
    }

    /**
     * Returns why a learned hyperparameter cannot be set by hand between two steps, as a clause
     * (e.g. {@code dog recomputes its step size eta ... every step}), or null when it can.
     */
    default String whyNotSettable(int index) {
        return null;
    }

    /**
     * Returns the targets the model is evaluated at (test loss and accuracy, predictions): the
     * current ones, unless the layer reports an average of its iterates, as DoG (its polynomial
     * average) and Schedule-Free (its x, while gradients are taken at y) do. Valid until the next
     * {@link #step}.
     *
     * @param current the targets the last step returned, or the initial ones before any step
     */
    default List<V> evaluationPoint(List<V> current) {
        return current;
    }

    /**
     * Returns d(loss)/d(effective hyperparameter) through the last {@link #step}.
     *
     * @param upstream d(loss)/d(target) for each target the last step returned
     */
    double[] hypergradient(List<V> upstream);

    /**
     * Updates the targets with the current hyperparameters.
     *
     * @param params the targets' current values
     * @param grads d(loss)/d(target), detached
     * @return the new values, one per target
     */
    List<V> step(List<V> params, List<V> grads);
}
