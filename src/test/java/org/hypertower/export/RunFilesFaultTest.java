package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStatus;
import org.hypertower.files.FolderLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails at every point where a run writes, and a disk that fills up at every point,
 * injected under the run's files (see {@link SmallDisk}): whatever fails, {@code run.json} is
 * absent or whole with a status that tells the truth, the CSVs hold whole rows only, and the
 * folder is released.
 */
class RunFilesFaultTest {

    private static final RunConfig CONFIG = RunFolderTest.iris(4, 10);

    @TempDir
    Path dir;

    /** How one injected fault ended. */
    private enum Outcome { REFUSED_AT_START, ENDED, FINAL_RUN_JSON_FAILED }

    private Outcome runOn(SmallDisk disk, Path folder) throws IOException {
        Outcome outcome;
        RunEnded ended = null;
        try (RunFolder f = RunFolder.open(folder, RunFolder.IfHoldsRun.REFUSE, disk)) {
            ended = f.record(RunFactory.create(CONFIG), CONFIG, new RunListener() { });
            outcome = Outcome.ENDED;
        } catch (RunFilesException e) {
            assertTrue(e.getMessage().contains(folder.toString()), "the message names the folder or file: " + e.getMessage());
            assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
            outcome = switch (e.kind()) {
                case UNUSABLE -> Outcome.REFUSED_AT_START;
                case WRITE_FAILED -> Outcome.FINAL_RUN_JSON_FAILED;
                default -> fail("unexpected " + e.kind() + ": " + e.getMessage());
            };
        }
        assertFalse(FolderLock.isHeld(folder), "the folder is released");
        assertFalse(Files.exists(folder.resolve(RunFolder.RESERVE)), "the reserve is given back");
        RunFilesCheck.Found found = RunFilesCheck.check(folder);
        switch (outcome) {
            case REFUSED_AT_START -> {
                assertEquals(null, found.manifest(), "nothing was trained, so there is no run.json");
                assertEquals(0, found.steps());
            }
            case FINAL_RUN_JSON_FAILED -> assertEquals("running", found.status(), "the run.json of the start, whole");
            case ENDED -> {
                assertEquals(ended.status().label(), found.status());
                assertEquals(ended.steps(), found.manifest().path("steps").asLong());
                if (disk.failed() && ended.status() == RunStatus.FAILED) {
                    String m = ended.message();
                    assertTrue(m.matches("The run failed at step \\d+: Cannot write .*(steps|epochs)\\.csv: no space left "
                            + "on device\\."), m);
                    assertTrue(found.steps() <= ended.steps(), found.steps() + " rows for " + ended.steps() + " steps");
                    assertEquals(found.steps(), found.manifest().path("steps_recorded").asLong());
                }
                if (!disk.failed()) {
                    assertEquals("completed", found.status());
                    assertEquals(12, found.steps());
                    assertEquals(4, found.epochs());
                }
            }
        }
        return outcome;
    }

    @Test
    void aWriteFailingAtAnyPointLeavesTruthfulWholeFiles() throws IOException {
        SmallDisk counting = SmallDisk.unlimited();
        assertEquals(Outcome.ENDED, runOn(counting, dir.resolve("clean")));
        int points = counting.calls();
        assertTrue(points >= 8, "reserve, two run.json, two headers, rows and epochs at each epoch: " + points);
        java.util.EnumMap<Outcome, Integer> seen = new java.util.EnumMap<>(Outcome.class);
        for (int k = 1; k <= points; k++) {
            Outcome o = runOn(new SmallDisk(Long.MAX_VALUE / 2, k), dir.resolve("fail-" + k));
            seen.merge(o, 1, Integer::sum);
        }
        // the reserve and the first run.json refuse the folder; every CSV write ends the run failed; the final
        // run.json is retried after giving back the reserve, and succeeds
        assertEquals(2, seen.getOrDefault(Outcome.REFUSED_AT_START, 0), seen.toString());
        assertEquals(points - 2, seen.getOrDefault(Outcome.ENDED, 0), seen.toString());
        System.out.printf("fault injection: %d write points, each failed once; %s%n", points, seen);
    }

    @Test
    void replacingARunOnADiskTooFullForANewOneKeepsTheOldRun() throws IOException {
        Path folder = dir.resolve("run");
        assertEquals(Outcome.ENDED, runOn(SmallDisk.unlimited(), folder));
        byte[] before = Files.readAllBytes(folder.resolve("run.json"));
        RunFilesException e = org.junit.jupiter.api.Assertions.assertThrows(RunFilesException.class,
                () -> RunFolder.open(folder, RunFolder.IfHoldsRun.REPLACE, new SmallDisk(1000, 0)));
        assertEquals("Cannot write in " + folder + ": no space left on device; choose another --out.", e.getMessage());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(folder.resolve("run.json")),
                "the run to replace is still there");
        assertEquals(12, RunFilesCheck.check(folder).steps());
    }

    @Test
    void aDiskFillingUpAtAnyPointLeavesTruthfulWholeFiles() throws IOException {
        SmallDisk counting = SmallDisk.unlimited();
        runOn(counting, dir.resolve("clean"));
        long need = 256 * 1024 + Files.size(dir.resolve("clean/run.json")) * 2 + Files.size(dir.resolve("clean/steps.csv"))
                + Files.size(dir.resolve("clean/epochs.csv"));
        java.util.EnumMap<Outcome, Integer> seen = new java.util.EnumMap<>(Outcome.class);
        int cases = 0;
        java.util.List<Long> sizes = new java.util.ArrayList<>(java.util.List.of(0L, 100L, 100_000L));
        long from = 256 * 1024 - 1024;
        for (long free = from; free <= need + 1024; free += Math.max(1, (need + 1024 - from) / 150) + cases % 5) {
            sizes.add(free);
        }
        for (long free : sizes) {
            Outcome o = runOn(new SmallDisk(free, 0), dir.resolve("disk-" + cases++));
            seen.merge(o, 1, Integer::sum);
            assertNotEquals(Outcome.FINAL_RUN_JSON_FAILED, o, "the reserve always makes room for the final run.json, "
                    + "free " + free);
        }
        assertTrue(seen.getOrDefault(Outcome.REFUSED_AT_START, 0) > 0 && seen.getOrDefault(Outcome.ENDED, 0) > 0,
                seen.toString());
        System.out.printf("fault injection: %d disk sizes up to %d bytes; %s%n", cases, need, seen);
    }
}
