package org.hypertower.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed file appears whole or not at all, and an older file stays until the new one is complete. */
class AtomicOutputTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    @Test
    void aCompleteWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("out.csv"), "old\n");

        try (AtomicOutput output = AtomicOutput.create(file)) {
            output.write(out -> out.write("new\n"));
        }

        assertEquals("new\n", Files.readString(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("out.csv"), "old\n");

        try (AtomicOutput output = AtomicOutput.create(file)) {
            assertThrows(IllegalStateException.class, () -> output.write(out -> {
                out.write("half");
                throw new IllegalStateException("the replay failed");
            }));
        }

        assertEquals("old\n", Files.readString(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void anOutputClosedUnwrittenLeavesNothing() throws IOException {
        Path file = dir.resolve("out.csv");

        try (AtomicOutput output = AtomicOutput.create(file)) {
            assertEquals(1, files().size(), "the temporary file is open");
            assertTrue(AtomicFiles.isTemporary(files().get(0)), "and recognizable as one");
        }

        assertEquals(List.of(), files());
    }

    @Test
    void aMissingFolderIsNamedBeforeAnythingIsWritten() {
        Path file = dir.resolve("missing").resolve("out.csv");

        IOException e = assertThrows(IOException.class, () -> AtomicOutput.create(file));

        assertEquals("Cannot write " + file + ": the folder " + dir.resolve("missing") + " does not exist.", e.getMessage());
    }
}
