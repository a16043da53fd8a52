package org.hypertower.data;

/** Data that cannot be used; the message is one sentence naming the file and the problem. */
public final class DataException extends RuntimeException {

    /** Creates the exception with a user-facing sentence. */
    public DataException(String message) {
        super(message);
    }

    /** Creates the exception with a user-facing sentence and the underlying cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
