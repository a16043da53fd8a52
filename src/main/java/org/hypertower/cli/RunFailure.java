package org.hypertower.cli;

/**
 * A command that started its work could not finish it (a write failed, memory ran out): exit code
 * 1; the message is one sentence for the user, saying what was kept.
 */
final class RunFailure extends RuntimeException {

    RunFailure(String message) {
        super(message);
    }
}
