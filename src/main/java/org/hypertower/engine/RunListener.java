package org.hypertower.engine;

/**
 * Receives a run's events on the training thread, in order: {@link #started}, then
 * {@link #step} for every step with {@link #epoch} after each epoch, then {@link #ended} exactly
 * once; {@link #intervened} between two steps whenever a hyperparameter is set by hand. Events
 * are immutable; a listener must return quickly and never block.
 */
public interface RunListener {

    /** Called before the first step. */
    default void started(RunStarted event) {}

    /** Called after every completed step. */
    default void step(StepMetrics metrics) {}

    /** Called after every completed epoch. */
    default void epoch(EpochMetrics metrics) {}

    /** Called when a hyperparameter was set by hand, before the step that first uses it. */
    default void intervened(Intervention event) {}

    /** Called once when the run ends, whatever the reason. */
    default void ended(RunEnded event) {}
}
