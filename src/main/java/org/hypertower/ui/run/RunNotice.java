package org.hypertower.ui.run;

import org.hypertower.engine.RunStatus;

/**
 * A run's end worth telling a user who looks elsewhere (another window, the Experiments tab).
 *
 * @param run the run
 * @param status completed, diverged or failed
 * @param title one line, e.g. {@code Run completed}
 * @param text the run's name, its test accuracy when known, and its message
 */
public record RunNotice(RunData run, RunStatus status, String title, String text) {}
