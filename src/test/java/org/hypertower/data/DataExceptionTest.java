package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sentence for a dataset file that cannot be read: why in words, and what to do when permission is denied. */
class DataExceptionTest {

    private static final Path FILE = Path.of("data", "fashion-mnist", "train-images-idx3-ubyte.gz");

    @Test
    void permissionDeniedSaysWhatToDoAndDoesNotRepeatThePath() {
        // Java's AccessDeniedException carries nothing but the path
        AccessDeniedException denied = new AccessDeniedException(FILE.toString());

        DataException e = DataException.cannotRead(FILE, denied);

        assertEquals("Cannot read " + FILE + ": permission denied; fix its permissions or choose another --data-dir.",
                e.getMessage());
        assertSame(denied, e.getCause());
    }

    @Test
    void permissionDeniedInsideAnUncheckedExceptionIsRecognized() {
        DataException e = DataException.cannotRead(FILE, new UncheckedIOException(new AccessDeniedException(FILE.toString())));

        assertEquals("Cannot read " + FILE + ": permission denied; fix its permissions or choose another --data-dir.",
                e.getMessage());
    }

    @Test
    void otherFailuresSayWhyWithoutAdvice() {
        DataException e = DataException.cannotRead(FILE, new IOException("Input/output error"));

        assertEquals("Cannot read " + FILE + ": input/output error.", e.getMessage());
    }
}
