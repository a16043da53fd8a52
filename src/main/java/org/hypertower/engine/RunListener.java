package org.hypertower.engine;

/**
 * Receives a run's events on the training thread, in order: {@link #started}, then
 * {@link #step} for every step with {@link #epoch} after each epoch, then {@link #ended} exactly
 * once. Events are immutable; a listener must return quickly and never block.
 */
public interface RunListener {

    /** Called before the first step. */
    default void started(RunStarted event) {}

    /** Called after every completed step. */
    default void step(StepMetrics metrics) {}

    /** Called after every completed epoch. */
    default void epoch(EpochMetrics metrics) {}

    /** Called once when the run ends, whatever the reason. */
    default void ended(RunEnded event) {}
}
