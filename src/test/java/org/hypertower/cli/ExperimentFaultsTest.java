package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.export.RunFilesCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on an experiment from outside: its parent killed with kill -9, its parent stopped by a
 * signal, one of its workers killed mid-run. No worker may outlive its parent, every run's files
 * must tell the truth, and running the same command again must finish the experiment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentFaultsTest {

    private static final List<String> RUNS = List.of("h0_a0.01_s0", "h0_a0.1_s0", "h1_a0.01_s0", "h1_a0.1_s0");
    private int passed;
    private long slowestOrphanMillis;

    @TempDir
    Path dir;

    @AfterAll
    void report() {
        System.out.printf("experiment faults: %d cases passed; workers gone at most %d ms after their parent was killed%n",
                passed, slowestOrphanMillis);
    }

    private String[] sweep(Path out) {
        return new String[] {"sweep", "--tower-template", "sgd", "--alphas", "0.01,0.1", "--heights", "0,1", "--seeds", "1",
            "--epochs", "400", "--workers", "2", "--out", out.toString()};
    }

    /** Waits until two workers train: two run folders with steps in them. */
    private static boolean twoWorkersTraining(Path out) {
        int training = 0;
        for (String run : RUNS) {
            try {
                Path steps = out.resolve("runs").resolve(run).resolve("steps.csv");
                if (Files.isRegularFile(steps) && Files.readAllLines(steps).size() > 20) {
                    training++;
                }
            } catch (java.io.IOException notYet) {
                // being written
            }
        }
        return training >= 2;
    }

    /** Runs the same sweep again: it must finish every run. */
    private void assertTheSweepResumesToTheEnd(Path out) throws Exception {
        try (CliProcess again = CliProcess.start(dir.resolve("logs"), sweep(out))) {
            assertEquals(0, again.waitFor(300), again.err());
            assertEquals("", again.err(), "nothing on stderr");
            assertEquals(List.of(), again.aliveDescendants());
        }
        for (String run : RUNS) {
            assertEquals("completed", RunFilesCheck.check(out.resolve("runs").resolve(run)).status(), run);
        }
        List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(5, rows.size(), rows.toString());
        assertTrue(rows.stream().skip(1).allMatch(r -> r.contains(",completed,")), rows.toString());
    }

    @Test
    void killingTheSweepLeavesNoWorkerBehindAndTheSweepResumes() throws Exception {
        Path out = dir.resolve("sweep");
        List<ProcessHandle> workers;
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), sweep(out))) {
            assertTrue(p.await(() -> twoWorkersTraining(out), 180_000), p.out() + p.err());
            workers = p.descendantsSeen();
            assertTrue(workers.size() >= 2, workers.toString());
            p.signal("KILL");
            assertEquals(137, p.waitFor(30));
            long killed = System.nanoTime();
            for (ProcessHandle w : workers) {
                w.onExit().get(40, java.util.concurrent.TimeUnit.SECONDS);
            }
            slowestOrphanMillis = Math.max(slowestOrphanMillis, (System.nanoTime() - killed) / 1_000_000);
            assertEquals(List.of(), p.aliveDescendants());
        }
        List<String> stopped = new ArrayList<>();
        for (String run : RUNS) {
            RunFilesCheck.Found found = RunFilesCheck.check(out.resolve("runs").resolve(run));
            if ("stopped".equals(found.status())) {
                stopped.add(run);
                assertTrue(found.manifest().path("message").asText().startsWith(
                        "Stopped because the experiment that started it ended after "), found.manifest().toString());
                assertEquals(found.manifest().path("steps").asLong(), found.steps());
            }
        }
        assertTrue(stopped.size() >= 1, "the workers that were training stopped and said why: " + stopped);
        for (String run : RUNS) {
            String status = RunFilesCheck.check(out.resolve("runs").resolve(run)).status();
            assertTrue(status == null || List.of("stopped", "completed").contains(status), run + ": " + status);
        }
        assertTheSweepResumesToTheEnd(out);
        passed++;
    }

    @Test
    void aSignalStopsEveryWorkerGracefullyAndTheSweepResumes() throws Exception {
        Path out = dir.resolve("sweep");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), sweep(out))) {
            assertTrue(p.await(() -> twoWorkersTraining(out), 180_000), p.out() + p.err());
            p.signal("INT");
            assertEquals(130, p.waitFor(60), p.err());
            List<String> err = p.err().lines().toList();
            assertEquals("hypertower: SIGINT (Ctrl-C): stopping every worker after its current step; send it again to "
                    + "stop at once.", err.get(0));
            assertTrue(err.get(err.size() - 1).matches("hypertower: stopped; \\d of 4 runs are finished in .*; run the "
                    + "same command again to resume\\."), p.err());
            assertEquals(List.of(), p.aliveDescendants());
        }
        for (String run : RUNS) {
            RunFilesCheck.Found found = RunFilesCheck.check(out.resolve("runs").resolve(run));
            assertTrue(found.status() == null || List.of("stopped", "completed").contains(found.status()), run + ": "
                    + found.status());
            if ("stopped".equals(found.status())) {
                assertTrue(found.manifest().path("message").asText().startsWith("Stopped by SIGTERM after "),
                        found.manifest().toString());
            }
        }
        assertTheSweepResumesToTheEnd(out);
        passed++;
    }

    @Test
    void aTerminalsCtrlCReachingEveryProcessStopsEachWorkerOnceAndTheSweepResumes() throws Exception {
        Path out = dir.resolve("sweep");
        List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT,TERM,HUP"));
        command.addAll(CliProcess.javaCommand());
        command.addAll(List.of(sweep(out)));
        try (CliProcess p = CliProcess.startCommand(dir.resolve("logs"), command)) {
            assertTrue(p.await(() -> twoWorkersTraining(out), 180_000), p.out() + p.err());
            // as a terminal does: SIGINT to the whole process group, the sweep and its workers alike
            new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).inheritIO().start().waitFor();
            assertEquals(130, p.waitFor(60), p.err());
            assertEquals(List.of(), p.aliveDescendants());
        }
        int stopped = 0;
        for (String run : RUNS) {
            RunFilesCheck.Found found = RunFilesCheck.check(out.resolve("runs").resolve(run));
            if ("stopped".equals(found.status())) {
                stopped++;
                // the worker ignored the terminal's SIGINT and stopped once, when its parent asked
                assertTrue(found.manifest().path("message").asText().matches("Stopped by SIGTERM after \\d+ steps\\."),
                        found.manifest().toString());
            }
        }
        assertTrue(stopped >= 1, "the training workers stopped");
        assertTheSweepResumesToTheEnd(out);
        passed++;
    }

    /**
     * Returns a worker that is training now: its run has steps and no final run.json yet, whose pid
     * names the worker (a persistent worker's command line names no run).
     */
    private static ProcessHandle aTrainingWorker(CliProcess p, Path out) {
        for (String run : RUNS) {
            Path folder = out.resolve("runs").resolve(run);
            if (twoRows(folder)) {
                long pid = pid(folder);
                for (ProcessHandle worker : p.descendantsSeen()) {
                    if (worker.isAlive() && worker.pid() == pid) {
                        return worker;
                    }
                }
            }
        }
        throw new AssertionError("no worker is training: " + p.descendantsSeen());
    }

    private static long pid(Path run) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile())
                    .path("pid").asLong(-1);
        } catch (java.io.IOException notYet) {
            return -1;
        }
    }

    private static boolean twoRows(Path run) {
        try {
            return Files.readAllLines(run.resolve("steps.csv")).size() > 2
                    && !Files.readString(run.resolve("run.json")).contains("\"ended\"");
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    @Test
    void aWorkerKilledMidRunFailsOnlyItsRunAndTheResumeFinishesIt() throws Exception {
        Path out = dir.resolve("sweep");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), sweep(out))) {
            assertTrue(p.await(() -> twoWorkersTraining(out), 180_000), p.out() + p.err());
            ProcessHandle victim = aTrainingWorker(p, out);
            victim.destroyForcibly();
            assertEquals(0, p.waitFor(300), p.err());
            assertTrue(p.out().contains("1 runs failed"), p.out());
            assertTrue(p.out().lines().anyMatch(l -> l.matches("\\[\\d/4\\] h\\d_a0\\.\\d+_s0 failed: the worker exited with "
                    + "code 137 before the run ended\\.")), p.out());
            assertEquals(List.of(), p.aliveDescendants());
        }
        for (String run : RUNS) {
            RunFilesCheck.check(out.resolve("runs").resolve(run));
        }
        assertTheSweepResumesToTheEnd(out);
        passed++;
    }
}
