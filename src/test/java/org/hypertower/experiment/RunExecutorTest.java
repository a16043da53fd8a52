package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between what an experiment runs and where: every kind hands its jobs to the executor it
 * is given, and runs one executor finished are kept by another (an experiment resumes anywhere).
 */
class RunExecutorTest {

    private static final List<String> TRAIN = List.of("--dataset", "iris", "--epochs", "2");

    /** Trains on this machine and records every job it was handed. */
    private static final class Recording implements RunExecutor {
        final List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        final List<Path> roots = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<WorkerPool.Result> run(Path root, List<WorkerPool.Job> jobs, WorkerPool.Listener listener,
                StopRequest stop) throws IOException, InterruptedException {
            roots.add(root);
            jobs.forEach(j -> this.jobs.add(j.id()));
            return RunExecutor.local(2).run(root, jobs, listener, stop);
        }

        @Override
        public String describe() {
            return "a recording of this machine";
        }
    }

    private static List<Boolean> kept(ExperimentPlan plan, Path out, RunExecutor executor) throws Exception {
        List<Boolean> kept = Collections.synchronizedList(new ArrayList<>());
        plan.run(out, executor, (run, status, error, message, wasKept) -> kept.add(wasKept), new StopRequest());
        return kept;
    }

    @Test
    void everyKindOfExperimentTrainsWhereItsExecutorSays(@TempDir Path dir) throws Exception {
        Recording where = new Recording();
        ExperimentPlan sweep = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "s", "sgd", List.of(0.01, 0.1), List.of(0, 1),
                1, TRAIN);
        kept(sweep, dir.resolve("sweep"), where);
        assertEquals(List.of("h0_a0.01_s0", "h0_a0.1_s0", "h1_a0.01_s0", "h1_a0.1_s0"),
                where.jobs.stream().sorted().toList());
        assertEquals(List.of(dir.resolve("sweep").resolve("runs")), where.roots);

        where.jobs.clear();
        ExperimentPlan table = new ExperimentPlan(ExperimentPlan.Kind.TABLE1, "t", "sgd(alpha=0.05) / sgd(alpha=0.01)",
                List.of(), List.of(), 1, TRAIN);
        ExperimentPlan.Result r = table.run(dir.resolve("table"), where, (run, s, e, m, k) -> { }, new StopRequest());
        assertEquals(List.of("baseline0_s0", "follow0_s0", "learned0_s0", "tower0_s0"), where.jobs.stream().sorted().toList(),
                "both phases of Table 1, the re-run at learned values and the run following the learned path included");
        assertTrue(r.report() != null, "the report is written as with the local pool");
    }

    @Test
    void runsOneExecutorFinishedAreKeptByAnother(@TempDir Path dir) throws Exception {
        ExperimentPlan stack = new ExperimentPlan(ExperimentPlan.Kind.STACK, "k", "sgd", List.of(0.1), List.of(0, 1), 1,
                TRAIN);
        Recording first = new Recording();
        assertEquals(List.of(false, false), kept(stack, dir, first));
        Recording second = new Recording();
        assertEquals(List.of(true, true), kept(stack, dir, second), "nothing is trained again");
    }

    @Test
    void theLocalExecutorSaysWhereAndRefusesANegativeCount() {
        assertEquals("this machine, 2 worker processes", RunExecutor.local(2).describe());
        assertEquals("this machine, 1 worker process", RunExecutor.local(1).describe());
        assertThrows(IllegalArgumentException.class, () -> RunExecutor.local(-1));
    }
}
