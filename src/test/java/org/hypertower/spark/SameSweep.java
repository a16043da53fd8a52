package org.hypertower.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Asserts that two folders of one sweep trained the same runs, to the byte, and nothing is half there. */
final class SameSweep {

    private SameSweep() {}

    static void assertSame(Path expected, Path actual, int runCount) throws IOException {
        List<Path> runs;
        try (var list = Files.list(expected.resolve("runs"))) {
            runs = list.filter(Files::isDirectory).map(Path::getFileName).sorted().toList();
        }
        assertEquals(runCount, runs.size(), "runs in " + expected);
        for (Path run : runs) {
            for (String file : List.of("steps.csv", "epochs.csv")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve("runs").resolve(run).resolve(file)),
                        Files.readAllBytes(actual.resolve("runs").resolve(run).resolve(file)), run + "/" + file);
            }
        }
        assertEquals(Files.readAllLines(expected.resolve("sweep.csv")), Files.readAllLines(actual.resolve("sweep.csv")));
        try (var left = Files.list(actual.resolve("runs"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no half-arrived run is left");
        }
    }
}
