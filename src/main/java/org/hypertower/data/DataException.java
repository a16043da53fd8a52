package org.hypertower.data;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.hypertower.files.FileErrors;

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

    /**
     * Returns {@code Cannot read FILE: REASON.} for a dataset file that could not be read, the reason
     * in words ({@link FileErrors#reason}); when permission is denied, also what to do about it.
     */
    static DataException cannotRead(Path file, Throwable failure) {
        String advice = isPermissionDenied(failure) ? "; fix its permissions or choose another --data-dir" : "";
        return new DataException("Cannot read " + file + ": " + FileErrors.reason(failure) + advice + ".", failure);
    }

    /** Returns whether a failure is a denied permission, itself or wrapped in an {@link UncheckedIOException}. */
    static boolean isPermissionDenied(Throwable failure) {
        return failure instanceof AccessDeniedException
                || failure instanceof UncheckedIOException u && u.getCause() instanceof AccessDeniedException;
    }
}
