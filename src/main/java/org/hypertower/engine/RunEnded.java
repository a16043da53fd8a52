package org.hypertower.engine;

/**
 * How a run ended.
 *
 * @param status completed, diverged, stopped or failed
 * @param steps the number of steps completed (and reported)
 * @param message one sentence for the user: for a diverged run, where and what to lower
 */
public record RunEnded(RunStatus status, long steps, String message) {}
