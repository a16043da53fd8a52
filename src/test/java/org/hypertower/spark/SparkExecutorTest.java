package org.hypertower.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An experiment on embedded Spark ({@code local[2,2]}) trains the same runs, to the byte, as this machine's pool. */
@Timeout(600)
class SparkExecutorTest {

    private static final ExperimentPlan SWEEP = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "spark", "sgd",
            List.of(0.01, 0.1), List.of(0, 1), 2, List.of("--dataset", "iris", "--epochs", "2"));

    @Test
    void aTinyIrisSweepOnLocalSparkEqualsTheLocalPoolsRunForRun(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        SWEEP.run(local, RunExecutor.local(2), (run, status, error, message, kept) -> { }, new StopRequest());
        Path spark = dir.resolve("spark");
        try (SparkExecutor executor = SparkExecutor.start("local[2,2]")) {
            assertTrue(executor.describe().startsWith("Spark at local[2,2]"), executor.describe());
            SWEEP.run(spark, executor, (run, status, error, message, kept) -> { }, new StopRequest());
        }
        SameSweep.assertSame(local, spark, 8);
    }

    @Test
    void aRunThatCrashesItsWorkerFailsAloneWithItsLastWords(@TempDir Path dir) throws Exception {
        ExperimentPlan slow = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "crash", "sgd", List.of(0.01, 0.1),
                List.of(0, 1), 1, List.of("--dataset", "iris", "--epochs", "1500"));
        Map<String, String> ended = new ConcurrentHashMap<>();
        AtomicLong crashed = new AtomicLong();
        // once both workers train their first run (each gets its job as it starts, and a run takes
        // seconds), one of them crashes natively: the JVM reports a fatal error and aborts
        java.util.Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        Thread crasher = new Thread(() -> {
            try {
                List<ProcessHandle> workers = List.of();
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
                while (workers.size() < 2) {
                    if (System.nanoTime() > deadline) {
                        return; // asserted below: no worker was crashed
                    }
                    Thread.sleep(50);
                    // this test's workers, not what an earlier test in this JVM may still be ending
                    workers = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                            .filter(p -> !before.contains(p.pid())).toList();
                }
                Thread.sleep(1_000);
                ProcessHandle worker = busiest(workers);
                crashed.set(worker.pid());
                new ProcessBuilder("kill", "-SEGV", Long.toString(worker.pid())).start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (SparkExecutor executor = SparkExecutor.start("local[2,2]")) {
            crasher.setDaemon(true);
            crasher.start();
            slow.run(dir, executor, (run, status, error, message, kept) -> ended.put(run, status + ": " + message),
                    new StopRequest());
        }
        crasher.join(60_000);
        assertTrue(crashed.get() > 0, "a worker was crashed");
        assertEquals(4, ended.size(), ended.toString());
        List<String> failed = ended.values().stream().filter(v -> v.startsWith("failed")).toList();
        assertEquals(1, failed.size(), "the crashed run fails, alone: " + ended);
        assertTrue(failed.get(0).matches("failed: the worker exited with code \\d+; the JVM crashed: SIGSEGV \\(0xb\\) "
                + "at pc=.*; its report: .*hypertower-worker-crash-\\d+\\.log( before the run ended)?\\."), failed.get(0));
        assertEquals(3, ended.values().stream().filter(v -> v.startsWith("completed")).count(), ended.toString());
    }

    /** Returns the worker training now: the one whose CPU time grows (one between runs sits idle). */
    private static ProcessHandle busiest(List<ProcessHandle> workers) {
        long[] before = workers.stream().mapToLong(SparkExecutorTest::cpuMillis).toArray();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessHandle busiest = workers.get(0);
        long most = -1;
        for (int i = 0; i < workers.size(); i++) {
            long grew = cpuMillis(workers.get(i)) - before[i];
            if (grew > most) {
                most = grew;
                busiest = workers.get(i);
            }
        }
        return busiest;
    }

    private static long cpuMillis(ProcessHandle p) {
        return p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
    }

    @Test
    void aMasterSparkDoesNotKnowIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkExecutor.start("nonsense"));
        assertTrue(e.getMessage().startsWith("Spark cannot use the master 'nonsense'"), e.getMessage());
    }
}
