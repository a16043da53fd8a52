package org.hypertower.engine;

/** How a run ended. */
public enum RunStatus {
    /** Every epoch ran. */
    COMPLETED,
    /** A loss or hyperparameter became non-finite; the run ended at that step. */
    DIVERGED,
    /** The user asked it to stop. */
    STOPPED,
    /** An error ended it. */
    FAILED;

    /** Returns the lower-case name used in files, e.g. {@code diverged}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
