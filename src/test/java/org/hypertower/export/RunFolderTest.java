package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StepMetrics;
import org.hypertower.engine.TrainingRun;
import org.hypertower.files.FolderLock;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run folder, a run never overwritten unasked, and files that tell the truth. */
class RunFolderTest {

    private static final RunListener NOTHING = new RunListener() { };

    @TempDir
    Path dir;

    static RunConfig iris(int epochs, int batchSize) {
        return new RunConfig(DataConfig.iris(0.2), "paper-mlp", new int[] {8}, TowerSpec.parse("sgd(0.1) / sgd(0.01)"),
                epochs, batchSize, 0, "float32");
    }

    private static RunEnded train(Path folder, RunConfig config, RunFolder.IfHoldsRun ifHoldsRun) {
        try (RunFolder f = RunFolder.open(folder, ifHoldsRun)) {
            return f.record(RunFactory.create(config), config, NOTHING);
        }
    }

    private static JsonNode manifest(Path folder) throws IOException {
        return new ObjectMapper().readTree(folder.resolve("run.json").toFile());
    }

    @Test
    void aFolderThatHoldsARunIsRefusedAndNothingInItIsTouched() throws IOException {
        train(dir, iris(2, 10), RunFolder.IfHoldsRun.REFUSE);
        byte[] before = Files.readAllBytes(dir.resolve("steps.csv"));
        RunFilesException e = assertThrows(RunFilesException.class, () -> train(dir, iris(5, 10),
                RunFolder.IfHoldsRun.REFUSE));
        assertEquals(RunFilesException.Kind.HOLDS_RUN, e.kind());
        assertEquals(dir + " already holds a run (completed, 6 steps); pass --replace to overwrite it, or choose another "
                + "--out.", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("steps.csv")));
        assertEquals(2, manifest(dir).path("configuration").path("epochs").asInt());
    }

    @Test
    void aUsersOwnFileOfARunsNameIsNeverOverwrittenUnasked() throws IOException {
        Files.writeString(dir.resolve("steps.csv"), "my own notes\n");
        RunFilesException e = assertThrows(RunFilesException.class, () -> RunFolder.check(dir,
                RunFolder.IfHoldsRun.REFUSE));
        assertTrue(e.getMessage().contains("already holds a file named steps.csv"), e.getMessage());
        assertEquals("my own notes\n", Files.readString(dir.resolve("steps.csv")));
    }

    @Test
    void replacingARunDeletesItsFilesFirst() throws IOException {
        train(dir, iris(3, 10), RunFolder.IfHoldsRun.REFUSE);
        train(dir, iris(1, 10), RunFolder.IfHoldsRun.REPLACE);
        RunFilesCheck.Found found = RunFilesCheck.check(dir);
        assertEquals("completed", found.status());
        assertEquals(3, found.steps());
        assertEquals(1, found.epochs());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheFolder() throws IOException {
        try (RunFolder first = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE)) {
            assertTrue(FolderLock.isHeld(dir));
            for (RunFolder.IfHoldsRun mode : RunFolder.IfHoldsRun.values()) {
                RunFilesException e = assertThrows(RunFilesException.class, () -> RunFolder.open(dir, mode));
                assertEquals(RunFilesException.Kind.IN_USE, e.kind());
                assertEquals(dir + " is in use by another run in this process; wait for it to end, or choose another "
                        + "--out.", e.getMessage());
            }
            assertTrue(FolderLock.isHeld(dir), "the refused writer must not release the first one's lock");
        }
        assertFalse(FolderLock.isHeld(dir));
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(dir.resolve(FolderLock.FILE)), files.toList(), "the reserve is given back");
        }
    }

    @Test
    void aFolderWhereARunWritesAFileIsRefusedEvenWhenReplacing() throws IOException {
        Files.createDirectories(dir.resolve("steps.csv"));
        RunFilesException e = assertThrows(RunFilesException.class, () -> RunFolder.open(dir,
                RunFolder.IfHoldsRun.REPLACE));
        assertEquals(dir.resolve("steps.csv") + " is a folder where the run writes a file; move it away, or choose "
                + "another --out.", e.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("steps.csv")));
    }

    @Test
    void aFileOrAnEmptyNameIsNoFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(file + " is a file, not a folder; choose a folder for the run's files with --out.",
                assertThrows(RunFilesException.class, () -> RunFolder.open(file, RunFolder.IfHoldsRun.REFUSE))
                        .getMessage());
        assertEquals("The run's folder has an empty name; give one, e.g. --out runs/first.",
                assertThrows(RunFilesException.class, () -> RunFolder.open(Path.of(""), RunFolder.IfHoldsRun.REFUSE))
                        .getMessage());
        RunFilesException below = assertThrows(RunFilesException.class, () -> RunFolder.open(file.resolve("run"),
                RunFolder.IfHoldsRun.REFUSE));
        assertEquals("Cannot create the folder " + file.resolve("run") + ": a part of the path is a file, not a folder; "
                + "choose another --out.", below.getMessage());
    }

    @Test
    void aBatchLargerThanTheDataIsRecordedAsTheBatchTheRunUsed() throws IOException {
        train(dir, iris(2, 1000), RunFolder.IfHoldsRun.REFUSE);
        JsonNode m = manifest(dir);
        assertEquals(30, m.path("configuration").path("batch_size").asInt(), "Iris trains on 20% of 150 rows");
        assertEquals(2, m.path("steps").asInt());
    }

    @Test
    void aRunEndedAtOnceFromAnotherThreadIsRecordedAsStopped() throws Exception {
        RunConfig config = iris(100_000, 10);
        TrainingRun run = RunFactory.create(config);
        CountDownLatch fiftySteps = new CountDownLatch(50);
        try (RunFolder folder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE)) {
            Thread trainer = new Thread(() -> folder.record(run, config, new RunListener() {
                @Override
                public void step(StepMetrics m) {
                    fiftySteps.countDown();
                }
            }));
            trainer.start();
            assertTrue(fiftySteps.await(60, TimeUnit.SECONDS));
            assertTrue(folder.abandon("Stopped at once by a second signal after %d steps."));
            JsonNode m = manifest(dir);
            assertEquals("stopped", m.path("status").asText());
            long steps = m.path("steps").asLong();
            assertEquals("Stopped at once by a second signal after " + steps + " steps.", m.path("message").asText());
            assertTrue(m.path("hyperparameters").has("0.alpha"), "the last recorded values: " + m);
            assertEquals(steps, RunFilesCheck.check(dir).steps(), "every recorded step is in steps.csv");
            run.requestStop();
            trainer.join(30_000);
            assertFalse(trainer.isAlive());
            assertEquals(steps, manifest(dir).path("steps").asLong(), "the run's own end is not recorded over it");
            assertFalse(folder.abandon("again"));
        }
    }

    @Test
    void aStopDuringTheEvaluationEndsTheRunWithoutThatEpoch() throws IOException {
        // Iris evaluates 120 rows in one batch: a stop requested from the epoch's last step lands in the evaluation
        RunConfig config = iris(3, 10);
        TrainingRun run = RunFactory.create(config);
        RunEnded ended;
        try (RunFolder folder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE)) {
            ended = folder.record(run, config, new RunListener() {
                @Override
                public void step(StepMetrics m) {
                    if (m.step() == 4) {
                        run.requestStop("Stopped by a test");
                    }
                }
            });
        }
        assertEquals(RunStatus.STOPPED, ended.status());
        assertEquals("Stopped by a test after 5 steps.", ended.message());
        RunFilesCheck.Found found = RunFilesCheck.check(dir);
        assertEquals(5, found.steps());
        assertEquals(1, found.epochs(), "the second epoch was stopped before its evaluation");
    }

    /** The disk, but the n-th replacement of a file is slow, so that two threads meet while it is written. */
    private static final class SlowReplace implements RunIo {
        private final int slow;
        private final CountDownLatch writing = new CountDownLatch(1);
        private int replaces;

        SlowReplace(int slow) {
            this.slow = slow;
        }

        @Override
        public void write(Path file, java.nio.channels.FileChannel channel, java.nio.ByteBuffer bytes) throws IOException {
            RunIo.DISK.write(file, channel, bytes);
        }

        @Override
        public void replace(Path file, byte[] content) throws IOException {
            boolean isSlow;
            synchronized (this) {
                isSlow = ++replaces == slow;
            }
            if (isSlow) {
                writing.countDown();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RunIo.DISK.replace(file, content);
        }

        @Override
        public void delete(Path file) throws IOException {
            RunIo.DISK.delete(file);
        }
    }

    @Test
    void aStopAtOnceWhileTheRunWritesItsEndWaitsForItAndLeavesItsRunJson() throws Exception {
        // replacements: the reserve, the first run.json, the final run.json (slow)
        SlowReplace disk = new SlowReplace(3);
        RunConfig config = iris(2, 10);
        try (RunFolder folder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE, disk)) {
            Thread trainer = new Thread(() -> folder.record(RunFactory.create(config), config, NOTHING));
            trainer.start();
            assertTrue(disk.writing.await(60, TimeUnit.SECONDS), "the run writes its end");
            assertFalse(folder.abandon("Stopped at once after %d steps."), "the run's own end is being written");
            assertEquals("completed", manifest(dir).path("status").asText(), "abandon() returned after that write");
            trainer.join(30_000);
        }
        assertEquals("completed", RunFilesCheck.check(dir).status());
    }

    @Test
    void aRunThatEndsWhileAStopAtOnceWritesReturnsOnlyOnceThatRunJsonIsWritten() throws Exception {
        // replacements: the reserve, the first run.json, abandon()'s run.json (slow)
        SlowReplace disk = new SlowReplace(3);
        RunConfig config = iris(100_000, 10);
        TrainingRun run = RunFactory.create(config);
        CountDownLatch tenSteps = new CountDownLatch(10);
        try (RunFolder folder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE, disk)) {
            java.util.concurrent.atomic.AtomicReference<String> statusWhenRecordReturned =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread trainer = new Thread(() -> {
                folder.record(run, config, new RunListener() {
                    @Override
                    public void step(StepMetrics m) {
                        tenSteps.countDown();
                    }
                });
                try {
                    statusWhenRecordReturned.set(manifest(dir).path("status").asText());
                } catch (IOException e) {
                    statusWhenRecordReturned.set(e.toString());
                }
            });
            trainer.start();
            assertTrue(tenSteps.await(60, TimeUnit.SECONDS));
            Thread stopper = new Thread(() -> folder.abandon("Stopped at once after %d steps."));
            stopper.start();
            assertTrue(disk.writing.await(60, TimeUnit.SECONDS), "abandon() writes its run.json");
            run.requestStop(); // the run ends while that is written
            trainer.join(30_000);
            stopper.join(30_000);
            assertEquals("stopped", statusWhenRecordReturned.get(), "record() returned after abandon()'s run.json");
        }
        RunFilesCheck.Found found = RunFilesCheck.check(dir);
        assertEquals("Stopped at once after " + found.steps() + " steps.", found.manifest().path("message").asText());
    }
}
