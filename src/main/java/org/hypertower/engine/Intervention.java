package org.hypertower.engine;

/**
 * A learned hyperparameter set by hand while a run trains (see {@link TrainingRun#intervene}).
 * It is applied between two steps: step {@code step} is the first to use the new value, so the
 * row of that step in {@code steps.csv} shows it after that step's own update.
 *
 * @param step the number of steps completed before it, i.e. the first step that uses it
 * @param key the hyperparameter's key, {@code LEVEL.NAME} as in {@code steps.csv}
 * @param oldValue the effective value before it
 * @param newValue the effective value it set
 */
public record Intervention(long step, String key, double oldValue, double newValue) {}
