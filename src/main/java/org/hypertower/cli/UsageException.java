package org.hypertower.cli;

/** Bad input a command found after parsing; the message is one sentence for the user. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
