package org.hypertower.playground;

/** An objective's text that cannot be read; the message is one sentence for the user. */
public final class ObjectiveException extends IllegalArgumentException {

    ObjectiveException(String message) {
        super(message);
    }
}
