package org.hypertower.export;

/**
 * A run's folder cannot be used or written. The message is one sentence for the user: what, where
 * (the folder or file) and what to do.
 */
public final class RunFilesException extends RuntimeException {

    /** Why a folder or file could not be used. */
    public enum Kind {
        /** The folder already holds a run, or a file of a run's name. */
        HOLDS_RUN,
        /** Another run is writing the folder now. */
        IN_USE,
        /** The folder cannot be created or written (a file in the way, permissions, a full disk at the start). */
        UNUSABLE,
        /** A write failed while the run trained. */
        WRITE_FAILED
    }

    private final Kind kind;

    /** A problem of a kind, with its sentence. */
    public RunFilesException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Returns why. */
    public Kind kind() {
        return kind;
    }
}
