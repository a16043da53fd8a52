package org.hypertower.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Why a file operation failed, in words, and files replaced in one step. */
class FileErrorsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new AccessDeniedException("/data/x"), "permission denied"),
                Arguments.of(new NoSuchFileException("/data/x"), "it does not exist"),
                Arguments.of(new FileSystemException("/data/x", null, "Is a directory"), "it is a folder, not a file"),
                Arguments.of(new FileSystemException("/data/x", null, "Read-only file system"),
                        "the file system is read-only"),
                Arguments.of(new IOException("No space left on device"), "no space left on device"),
                Arguments.of(new java.io.EOFException(), "the file ends early"),
                Arguments.of(new java.io.UncheckedIOException(new AccessDeniedException("/x")), "permission denied"),
                Arguments.of(new IOException((String) null), "an input/output error (IOException)"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void reasonSaysWhyWithoutRepeatingThePath(Throwable failure, String expected) {
        assertEquals(expected, FileErrors.reason(failure));
        assertEquals("Cannot read /data/y: " + expected + ".", FileErrors.cannotRead(Path.of("/data/y"), failure));
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("run.json");
        AtomicFiles.writeString(file, "{\"a\": 1}\n");
        AtomicFiles.writeString(file, "{\"a\": 2}\n");
        assertEquals("{\"a\": 2}\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailedAtomicWriteKeepsTheOldFileAndNamesTheNewOne() throws IOException {
        Path file = dir.resolve("run.json");
        AtomicFiles.writeString(file, "old");
        Path missing = dir.resolve("gone").resolve("run.json");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(missing, "new"));
        assertEquals("Cannot write " + missing + ": it does not exist.", e.getMessage());
        Files.createDirectory(dir.resolve("folder.json"));
        IOException overFolder = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir.resolve("folder.json"), "x"));
        assertTrue(overFolder.getMessage().startsWith("Cannot write " + dir.resolve("folder.json") + ": "), overFolder.getMessage());
        assertEquals("old", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(AtomicFiles::isTemporary));
        }
    }
}
