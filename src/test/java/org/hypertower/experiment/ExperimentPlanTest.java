package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one description of an experiment: checked, saved with it, read back, and refusing to mix folders. */
class ExperimentPlanTest {

    private static final List<String> IRIS = List.of("--dataset", "iris", "--epochs", "2");

    @Test
    void aPlanRoundTripsThroughItsJsonFile(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t", "adam / sgd(alpha=1e-5)",
                List.of(1e-8, 0.001, 1.0), List.of(0, 2), 3, IRIS);
        Files.writeString(dir.resolve(ExperimentPlan.FILE), plan.toJson());
        assertEquals(plan, ExperimentPlan.read(dir));
        assertEquals(18, plan.runCount());
        assertTrue(plan.toJson().contains("\"kind\" : \"SWEEP\""), plan.toJson());
    }

    @Test
    void eachKindCountsItsRunsAndListsItsTowers() {
        ExperimentPlan stack = new ExperimentPlan(ExperimentPlan.Kind.STACK, null, "sgd", List.of(0.1), List.of(0, 1, 2), 2,
                IRIS);
        assertEquals(List.of("sgd(alpha=0.1)", "sgd(alpha=0.1) / sgd(alpha=0.01)",
                "sgd(alpha=0.1) / sgd(alpha=0.01) / sgd(alpha=0.01)"),
                stack.towerList().stream().map(Object::toString).toList());
        assertEquals(6, stack.runCount());
        assertEquals(ExperimentPlan.Kind.STACK.toString(), stack.title(), "a missing title is the kind's");
        ExperimentPlan table = new ExperimentPlan(ExperimentPlan.Kind.TABLE1, "t", "sgd(0.1) / sgd(0.01); adam / sgd(1e-5)",
                List.of(), List.of(), 2, IRIS);
        assertEquals(16, table.runCount(), "tower, baseline, re-run and following another seed's path, per seed");
        assertEquals("table1.html", table.kind().reportFile());
    }

    @Test
    void aPlanThatCannotRunSaysWhatIsWrongInOneSentence() {
        assertEquals("An experiment needs at least one seed, not 0.", assertThrows(IllegalArgumentException.class,
                () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t", "sgd", List.of(0.1), List.of(0), 0, IRIS))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t",
                "sgd", List.of(-1.0), List.of(0), 1, IRIS)).getMessage().contains("finite number >= 0, not -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t",
                "sgd", List.of(0.1), List.of(-2), 1, IRIS)).getMessage().contains("between 0 and 100, not -2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t",
                "sgd(", List.of(0.1), List.of(0), 1, IRIS)).getMessage().startsWith("The tower template 'sgd(' is not valid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.STACK, "t",
                "sgd", List.of(0.1, 0.2), List.of(0), 1, IRIS)).getMessage().contains("exactly one initial alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "t",
                " ; ", List.of(), List.of(), 1, IRIS)).getMessage().startsWith("Give at least one tower"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "t",
                "sgd(0.1); adam(beta1=7)", List.of(), List.of(), 1, IRIS)).getMessage().startsWith("'adam(beta1=7)'"));
    }

    @Test
    void anUnknownDatasetOrModelIsRefusedAndMissingDataIsFoundBeforeAnyWorkerStarts(@TempDir Path dir) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t",
                "sgd", List.of(0.1), List.of(0), 1, List.of("--dataset", "imagenet"))).getMessage()
                .startsWith("Unknown --dataset 'imagenet'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t",
                "sgd", List.of(0.1), List.of(0), 1, List.of("--model", "vgg"))).getMessage()
                .startsWith("Unknown --model 'vgg'"));
        ExperimentPlan cifar = new ExperimentPlan(ExperimentPlan.Kind.STACK, "t", "sgd", List.of(0.1), List.of(0, 1), 1,
                List.of("--dataset", "cifar100", "--model", "resnet20", "--data-dir", dir.toString()));
        String missing = assertThrows(org.hypertower.data.DataException.class, () -> cifar.run(dir.resolve("out"), 2,
                (a, b, c, d, e) -> { })).getMessage();
        assertTrue(missing.startsWith("CIFAR-100 was not found"), missing);
        assertFalse(Files.exists(dir.resolve("out")), "nothing was started or written");
    }

    @Test
    void aFolderWithoutAPlanOrWithABrokenOneIsNamedInTheError(@TempDir Path dir) throws Exception {
        String none = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.read(dir)).getMessage();
        assertTrue(none.contains("is not an experiment's folder"), none);
        Files.writeString(dir.resolve(ExperimentPlan.FILE), "{\"kind\":\"SWEEP\",\"towers\":\"sgd\",\"seeds\":0}");
        String bad = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.read(dir)).getMessage();
        assertTrue(bad.startsWith("Cannot read " + dir.resolve(ExperimentPlan.FILE)), bad);
        assertTrue(bad.contains("at least one seed"), bad);
        Files.writeString(dir.resolve(ExperimentPlan.FILE), "{not json");
        assertEquals("Cannot read " + dir.resolve(ExperimentPlan.FILE) + ": it is not valid JSON (line 1, column 2); fix "
                + "it, or choose the folder an experiment wrote.", assertThrows(IllegalArgumentException.class,
                        () -> ExperimentPlan.read(dir)).getMessage());
        Files.writeString(dir.resolve(ExperimentPlan.FILE), "{\"kind\": \"SWEEP\", \"seeds\": \"many\"}");
        assertEquals("Cannot read " + dir.resolve(ExperimentPlan.FILE) + ": its field 'seeds' is 'many', not a whole "
                + "number; fix it, or choose the folder an experiment wrote.", assertThrows(IllegalArgumentException.class,
                        () -> ExperimentPlan.read(dir)).getMessage());
        Files.writeString(dir.resolve(ExperimentPlan.FILE), "{\"kind\": \"NOSUCH\", \"seeds\": 1}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.read(dir)).getMessage()
                .contains("its field 'kind' is 'NOSUCH', not one of "));
    }

    @Test
    void aStackRunsSavesItsPlanAndAFolderHoldingAnotherExperimentIsRefused(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.STACK, "stack", "sgd", List.of(0.1), List.of(0, 1), 1,
                IRIS);
        List<String> runs = new CopyOnWriteArrayList<>();
        ExperimentPlan.Result r = plan.run(dir, 2, (run, status, error, why, kept) -> runs.add(run + " " + status));
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(2, r.towerResults().size());
        assertEquals(dir.resolve("report.html"), r.report());
        assertTrue(Files.readString(r.report()).contains("<h2>Configuration</h2>"), "the report shows the plan");
        assertEquals(plan, ExperimentPlan.read(dir));

        ExperimentPlan other = new ExperimentPlan(ExperimentPlan.Kind.STACK, "stack", "sgd", List.of(0.2), List.of(0, 1), 1,
                IRIS);
        String refused = assertThrows(IllegalArgumentException.class, () -> other.run(dir, 2, (a, b, c, d, e) -> { }))
                .getMessage();
        assertTrue(refused.contains("already holds a different experiment"), refused);
        assertEquals(plan, ExperimentPlan.read(dir), "the folder's plan is untouched");
    }

    @Test
    void aFolderFromBeforePlansWereSavedIsAdoptedOnlyWhenItsRunsMatch(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("runs/h0_a0.1_s0"));
        Files.writeString(dir.resolve("runs/h0_a0.1_s0/run.json"), "{\"status\":\"completed\",\"configuration\":"
                + "{\"dataset\":\"iris\",\"model\":\"paper-mlp\",\"epochs\":3,\"batch_size\":10,\"limit\":0}}");
        ExperimentPlan other = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--epochs", "5"));
        String refused = assertThrows(IllegalArgumentException.class, () -> other.report(dir)).getMessage();
        assertTrue(refused.contains("holds runs trained with other settings (h0_a0.1_s0 has epochs 3, not 5)"), refused);
        assertFalse(Files.exists(dir.resolve(ExperimentPlan.FILE)));

        ExperimentPlan same = new ExperimentPlan(ExperimentPlan.Kind.STACK, "t", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--epochs", "3", "--batch-size", "10"));
        same.report(dir);
        assertEquals(same, ExperimentPlan.read(dir), "adopted");
    }

    @Test
    void theSameExperimentIsRecognizedWhateverItsTitleSpacingOrDataFolder() {
        ExperimentPlan a = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "one", "sgd", List.of(0.1), List.of(0, 1), 2,
                List.of("--dataset", "iris", "--data-dir", "/a"));
        ExperimentPlan b = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "two", " sgd(alpha=0.01)/sgd(0.01) ", List.of(0.1),
                List.of(0, 1), 2, List.of("--dataset", "iris", "--data-dir", "/b"));
        assertTrue(a.sameExperiment(b));
        ExperimentPlan c = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "one", "sgd", List.of(0.1), List.of(0, 1), 2,
                List.of("--dataset", "iris", "--data-dir", "/a", "--constrained"));
        assertFalse(a.sameExperiment(c), "constrained runs are other runs");
        ExperimentPlan d = new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "x", "sgd(0.1);adam", List.of(), List.of(), 2,
                List.of());
        ExperimentPlan e = new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "y", "sgd(alpha=0.1); adam(alpha=0.001)",
                List.of(), List.of(), 2, List.of());
        assertTrue(d.sameExperiment(e));
    }

    @Test
    void trainOptionsAreTheSameExperimentWhateverTheirOrderOrWrittenOutDefaults() {
        // as the workbench writes them, and as the experiment commands do
        ExperimentPlan window = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "a", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--model", "paper-mlp", "--hidden", "8", "--epochs", "2", "--batch-size", "10",
                        "--limit", "0"));
        ExperimentPlan command = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "b", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--model", "paper-mlp", "--hidden", "8", "--epochs", "2", "--limit", "0",
                        "--test-limit", "0"));
        assertTrue(window.sameExperiment(command));
        assertTrue(command.sameExperiment(window));
        ExperimentPlan otherBatch = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "b", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--epochs", "2", "--batch-size", "5"));
        assertFalse(window.sameExperiment(otherBatch), "another batch size trains other runs");
        ExperimentPlan otherHidden = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "b", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--epochs", "2", "--hidden", "8,8"));
        assertFalse(window.sameExperiment(otherHidden));
    }

    @Test
    void eachKindIsSaidAsTheCommandThatRunsIt() {
        Path out = Path.of("out");
        List<String> train = List.of("--dataset", "iris", "--epochs", "2", "--batch-size", "10", "--constrained");
        assertEquals(List.of("sweep", "--tower-template", "adam / sgd(alpha=1e-5)", "--alphas", "1.0E-6,0.01", "--heights",
                "0,2", "--seeds", "3", "--dataset", "iris", "--epochs", "2", "--batch-size", "10", "--constrained", "--out",
                "out"), new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t", "adam / sgd(alpha=1e-5)", List.of(1e-6, 0.01),
                        List.of(0, 2), 3, train).commandLine(out));
        assertEquals(List.of("experiment", "stack", "--tower-template", "sgd", "--alpha", "0.1", "--max-height", "2",
                "--seeds", "1", "--dataset", "iris", "--epochs", "100", "--out", "out"),
                new ExperimentPlan(ExperimentPlan.Kind.STACK, "t", "sgd", List.of(0.1), List.of(0, 1, 2), 1,
                        List.of("--dataset", "iris")).commandLine(out), "train's default epochs, not the command's");
        assertEquals(List.of("experiment", "compare", "--towers", "sgd(0.1); adam", "--baselines", "", "--seeds", "2",
                "--epochs", "5", "--out", "out"), new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "t", "sgd(0.1); adam",
                        List.of(), List.of(), 2, List.of("--epochs", "5")).commandLine(out), "the baselines are among its towers");
        assertEquals(List.of("experiment", "table1", "--towers", "sgd(0.1) / sgd(0.01)", "--seeds", "1", "--epochs", "2",
                "--out", "out"), new ExperimentPlan(ExperimentPlan.Kind.TABLE1, "t", "sgd(0.1) / sgd(0.01)", List.of(),
                        List.of(), 1, List.of("--epochs", "2")).commandLine(out));

        String gaps = assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.STACK, "t",
                "sgd", List.of(0.1), List.of(0, 2), 1, IRIS).commandLine(out)).getMessage();
        assertEquals("This stack's heights [0, 2] are not 0 up to its tallest, as 'experiment stack --max-height' runs "
                + "them; run it on this machine.", gaps);
        String option = assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP,
                "t", "sgd", List.of(0.1), List.of(0), 1, List.of("--epochs", "2", "--normalize")).commandLine(out))
                .getMessage();
        assertEquals("The train option --normalize of this experiment is not one the experiment commands take; run it on "
                + "this machine.", option);
    }

    @Test
    void aFolderInUseByAnotherRunOfTheExperimentIsRefused(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.STACK, "stack", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--dataset", "iris", "--epochs", "100000"));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                plan.run(dir, 1, (a, b, c, d, e) -> { });
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        first.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(dir.resolve("runs/t0_s0/worker.log")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String refused = assertThrows(IllegalArgumentException.class, () -> plan.run(dir, 1, (a, b, c, d, e) -> { }))
                .getMessage();
        assertTrue(refused.contains("is in use by another run of this experiment"), refused);
        first.interrupt();
        first.join(30_000);
        assertTrue(ended.get() instanceof InterruptedException, String.valueOf(ended.get()));
    }

    @Test
    void aDifferentExperimentAimedAtABusyFolderIsToldItIsDifferentNotThatItIsBusy(@TempDir Path dir) throws Exception {
        ExperimentPlan running = new ExperimentPlan(ExperimentPlan.Kind.STACK, "stack", "sgd", List.of(0.1), List.of(0), 1,
                List.of("--epochs", "1"));
        Files.writeString(dir.resolve(ExperimentPlan.FILE), running.toJson());
        ExperimentPlan other = new ExperimentPlan(ExperimentPlan.Kind.STACK, "stack", "adam", List.of(0.1), List.of(0), 1,
                List.of("--epochs", "1"));
        try (org.hypertower.files.FolderLock busy = org.hypertower.files.FolderLock.tryAcquire(dir).orElseThrow()) {
            String refused = assertThrows(IllegalArgumentException.class, () -> other.run(dir, 1, (a, b, c, d, e) -> { }))
                    .getMessage();
            assertTrue(refused.contains("already holds a different experiment"), refused);
            String same = assertThrows(IllegalArgumentException.class, () -> running.run(dir, 1, (a, b, c, d, e) -> { }))
                    .getMessage();
            assertTrue(same.contains("is in use by another run of this experiment in this process"), same);
        }
    }

    @Test
    void interruptingAnExperimentKillsItsWorkersAtOnceAndTheRunsResumeLater(@TempDir Path dir) throws Exception {
        List<String> longRun = List.of("--dataset", "iris", "--epochs", "100000");
        WorkerPool pool = new WorkerPool(dir, 2);
        List<WorkerPool.Job> jobs = List.of(new WorkerPool.Job("a", longRun), new WorkerPool.Job("b", longRun),
                new WorkerPool.Job("c", longRun));
        List<Process> started = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                pool.run(jobs, new WorkerPool.Listener() {
                    @Override
                    public void started(WorkerPool.Job job, Process process) {
                        started.add(process);
                        two.countDown();
                    }
                });
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        caller.start();
        assertTrue(two.await(60, TimeUnit.SECONDS), "two workers start");
        caller.interrupt();
        caller.join(30_000);
        assertFalse(caller.isAlive(), "the pool returns once interrupted");
        assertTrue(ended.get() instanceof InterruptedException, String.valueOf(ended.get()));
        assertEquals(2, started.size(), "the third job never starts");
        for (Process p : started) {
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "every worker is stopped");
        }
        assertEquals("failed", pool.read(jobs.get(0), 1).status(), "an interrupted run is not finished, so it runs again");
        assertTrue(Files.exists(dir.resolve("a/worker.log")), "the first job had started");
        assertFalse(Files.exists(dir.resolve("c")), "the third job never started");
    }
}
