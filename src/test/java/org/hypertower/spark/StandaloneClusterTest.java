package org.hypertower.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a Master and two Workers, each a JVM of its own,
 * from the Maven jars): a tiny Iris sweep trains there to the same bytes as on this machine's pool,
 * though one executor is killed (kill -9) in the middle of it; its run is trained again elsewhere
 * and every run arrives exactly once.
 */
@Timeout(900)
class StandaloneClusterTest {

    private static final ExperimentPlan SWEEP = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "cluster", "sgd",
            List.of(0.01, 0.1), List.of(0, 1), 2, List.of("--dataset", "iris", "--epochs", "30"));

    @Test
    void aSweepSurvivesAKilledExecutorAndEqualsTheLocalPoolsRunForRun(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        SWEEP.run(local, RunExecutor.local(2), (run, status, error, message, kept) -> { }, new StopRequest());

        Path out = dir.resolve("cluster");
        List<String> arrived = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<ProcessHandle> killed = new AtomicReference<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("spark"), 2, 1024);
                SparkExecutor executor = SparkExecutor.start(cluster.masterUrl(), cluster.driverSettings())) {
            assertEquals(2, cluster.aliveWorkers());
            SWEEP.run(out, executor, (run, status, error, message, kept) -> {
                arrived.add(run);
                if (killed.get() == null) {
                    // the first run is in: both executors are busy with the next ones; one dies mid-run
                    List<ProcessHandle> executors = cluster.executors();
                    if (!executors.isEmpty()) {
                        ProcessHandle victim = executors.get(0);
                        killed.set(victim);
                        victim.destroyForcibly();
                    }
                }
            }, new StopRequest());
            assertNotNull(killed.get(), "an executor was killed");
            assertFalse(killed.get().isAlive());
            assertTrue(cluster.executors().stream().noneMatch(p -> p.pid() == killed.get().pid()));
        }

        assertEquals(8, arrived.size(), "every run arrives once: " + arrived);
        assertEquals(8, new HashSet<>(arrived).size(), "no run arrives twice: " + arrived);
        SameSweep.assertSame(local, out, 8);
    }
}
