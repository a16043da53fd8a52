package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent worker trains many runs in one JVM, each from a fresh state: a run's files are the
 * same bytes as a fresh process's, whatever ran before it in that worker, and a run that kills its
 * worker fails alone while a new worker takes the remaining jobs.
 */
class PersistentWorkersTest {

    private static final List<String> TARGET = List.of("--tower", "adam(alpha=0.02) / sgd(alpha=1e-4)", "--seed", "3",
            "--dataset", "iris", "--epochs", "6", "--pseudo-label-threshold", "0.9");

    /** Records which worker process started each job. */
    private static final class Pids implements WorkerPool.Listener {
        final Map<String, Long> byJob = new ConcurrentHashMap<>();

        @Override
        public void started(WorkerPool.Job job, Process process) {
            byJob.put(job.id(), process.pid());
        }
    }

    @Test
    void aRunInsideAPersistentWorkerWritesTheSameFilesAsAFreshProcess(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("fresh");
        List<WorkerPool.Result> alone = new WorkerPool(fresh, 1, WorkerPool.Mode.FRESH)
                .run(List.of(new WorkerPool.Job("target", TARGET)), new WorkerPool.Listener() { });
        assertEquals("completed", alone.get(0).status(), alone.get(0).message());

        Path persistent = dir.resolve("persistent");
        Pids pids = new Pids();
        List<WorkerPool.Result> results = new WorkerPool(persistent, 1, WorkerPool.Mode.PERSISTENT).run(List.of(
                // a different tower, seed, precision and model before each copy of the target
                new WorkerPool.Job("other", List.of("--tower", "sgd(alpha=0.1) / adam(alpha=1e-3)", "--seed", "7",
                        "--dataset", "iris", "--epochs", "3", "--precision", "float64", "--model", "mlp")),
                new WorkerPool.Job("target2", TARGET),
                new WorkerPool.Job("other2", List.of("--tower", "rmsprop(alpha=0.01)", "--seed", "1", "--dataset", "iris",
                        "--epochs", "2", "--hidden", "16,4", "--labeled-fraction", "0.5")),
                new WorkerPool.Job("target3", TARGET)), pids);
        results.forEach(r -> assertEquals("completed", r.status(), r.job().id() + ": " + r.message()));
        assertEquals(1, pids.byJob.values().stream().distinct().count(), "one worker trained all four: " + pids.byJob);

        for (String copy : List.of("target2", "target3")) {
            for (String file : List.of("steps.csv", "epochs.csv")) {
                assertArrayEquals(Files.readAllBytes(fresh.resolve("target").resolve(file)),
                        Files.readAllBytes(persistent.resolve(copy).resolve(file)), copy + "/" + file);
            }
            assertEquals(alone.get(0).testAccuracy(), results.get(copy.equals("target2") ? 1 : 3).testAccuracy());
        }
        assertTrue(Files.readString(persistent.resolve("target3").resolve("worker.log")).contains("completed"),
                "each run's own output goes to its folder's worker.log");
    }

    @Test
    void aWorkerKilledMidRunFailsOnlyThatRunAndANewWorkerTakesTheRest(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("runs");
        Pids pids = new Pids();
        WorkerPool.Listener killer = new WorkerPool.Listener() {
            @Override
            public void started(WorkerPool.Job job, Process process) {
                pids.started(job, process);
                if (job.id().equals("victim")) {
                    Thread t = new Thread(() -> {
                        Path steps = root.resolve("victim").resolve("steps.csv");
                        long deadline = System.nanoTime() + 120_000_000_000L;
                        try {
                            while (System.nanoTime() < deadline
                                    && !(Files.isRegularFile(steps) && Files.readAllLines(steps).size() > 5)) {
                                Thread.sleep(50);
                            }
                        } catch (Exception ignored) {
                            // kill it anyway
                        }
                        process.destroyForcibly(); // kill -9
                    });
                    t.setDaemon(true);
                    t.start();
                }
            }
        };
        List<String> quick = List.of("--tower", "sgd(alpha=0.1)", "--dataset", "iris", "--epochs", "2");
        List<WorkerPool.Result> results = new WorkerPool(root, 1, WorkerPool.Mode.PERSISTENT).run(List.of(
                new WorkerPool.Job("before", quick),
                new WorkerPool.Job("victim", List.of("--tower", "sgd(alpha=0.1)", "--dataset", "iris", "--epochs", "100000")),
                new WorkerPool.Job("after", quick)), killer);
        assertEquals("completed", results.get(0).status(), results.get(0).message());
        assertEquals("failed", results.get(1).status());
        assertEquals("the worker exited with code 137 before the run ended.", results.get(1).message());
        assertEquals("completed", results.get(2).status(), results.get(2).message());
        assertEquals(pids.byJob.get("before"), pids.byJob.get("victim"), "the victim ran in the first worker");
        assertNotEquals(pids.byJob.get("victim"), pids.byJob.get("after"), "a new worker replaced the killed one");
    }

    @Test
    void hypertowerFreshWorkersAsksForAProcessPerRun() {
        assertEquals(WorkerPool.Mode.PERSISTENT, WorkerPool.Mode.fromSetting(null));
        assertEquals(WorkerPool.Mode.PERSISTENT, WorkerPool.Mode.fromSetting("0"));
        assertEquals(WorkerPool.Mode.FRESH, WorkerPool.Mode.fromSetting("1"));
        assertEquals(WorkerPool.Mode.FRESH, WorkerPool.Mode.fromSetting(" true"));
    }
}
