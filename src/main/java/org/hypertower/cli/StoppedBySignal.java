package org.hypertower.cli;

/** A signal stopped a command part way; what it finished is kept. The message is one sentence. */
final class StoppedBySignal extends RuntimeException {

    private final int exitCode;

    StoppedBySignal(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Returns 128 plus the signal's number. */
    int exitCode() {
        return exitCode;
    }
}
