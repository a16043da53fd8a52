package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.cli.Main;
import org.hypertower.data.DataException;
import org.hypertower.engine.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's folder reads back into the configuration and every step and epoch it recorded. */
class RecordedRunTest {

    @Test
    void aCompletedRunReadsBackWithItsConfigurationStepsAndEpochs(@TempDir Path dir) {
        assertEquals(0, Main.newCommandLine().execute("train", "--tower", "sgd(0.1) / sgd(0.01)", "--epochs", "4",
                "--seed", "3", "--out", dir.toString(), "--quiet"));
        RecordedRun run = RecordedRun.read(dir);
        assertEquals("completed", run.status());
        assertEquals(12, run.steps().size());
        assertEquals(4, run.epochs().size());
        assertEquals(List.of("0.alpha", "0.mu", "1.alpha", "1.mu"), run.keys());
        RunConfig c = run.config();
        assertEquals("sgd(alpha=0.1) / sgd(alpha=0.01)", c.tower().toString());
        assertEquals(3, c.seed());
        assertEquals(4, c.epochs());
        assertEquals("iris", c.dataset());
        assertTrue(Double.isNaN(run.steps().get(5).hypergradients()[2]), "the top level's hypergradient is empty");
        assertTrue(Double.isFinite(run.steps().get(5).hypergradients()[0]));
        assertEquals(run.steps().get(11).hyperparameters()[0], run.learned().get("0.alpha"), 1e-12);
    }

    @Test
    void anInterruptedRunKeepsEveryCompleteRow(@TempDir Path dir) throws IOException {
        assertEquals(0, Main.newCommandLine().execute("train", "--tower", "sgd(0.1)", "--epochs", "2", "--out",
                dir.toString(), "--quiet"));
        // simulate a crash: the manifest still says running, no process holds the folder, the last line is cut
        String manifest = Files.readString(dir.resolve("run.json")).replaceFirst("\"status\" : \"completed\"",
                "\"status\" : \"running\"");
        Files.writeString(dir.resolve("run.json"), manifest);
        String steps = Files.readString(dir.resolve("steps.csv"));
        Files.writeString(dir.resolve("steps.csv"), steps.substring(0, steps.length() - 7));
        RecordedRun run = RecordedRun.read(dir);
        assertEquals(RecordedRun.INTERRUPTED, run.status(), "nobody holds the folder, so the run is not running");
        assertTrue(run.message().contains("ended before the run did"), run.message());
        assertEquals(5, run.steps().size(), "6 steps written, the last one cut");
    }

    @Test
    void aRunKilledBeforeItsStepsHeaderWasWholeReadsBackWithNoSteps(@TempDir Path dir) throws IOException {
        assertEquals(0, Main.newCommandLine().execute("train", "--tower", "sgd(0.1)", "--epochs", "2", "--out",
                dir.toString(), "--quiet"));
        String manifest = Files.readString(dir.resolve("run.json")).replaceFirst("\"status\" : \"completed\"",
                "\"status\" : \"running\"");
        Files.writeString(dir.resolve("run.json"), manifest);
        String header = Files.readAllLines(dir.resolve("steps.csv")).get(0);
        // kill -9 can land while the file exists but before its header's newline, or before any byte
        for (String left : List.of("", header.substring(0, 6), header.substring(0, header.length() - 1))) {
            Files.writeString(dir.resolve("steps.csv"), left);
            RecordedRun run = RecordedRun.read(dir);
            assertEquals(RecordedRun.INTERRUPTED, run.status(), "'" + left + "'");
            assertEquals(0, run.steps().size(), "'" + left + "'");
        }
    }

    @Test
    void aFolderWithoutARunSaysSo(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class, () -> RecordedRun.read(dir));
        assertTrue(e.getMessage().contains("run.json is missing"), e.getMessage());
    }
}
