package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run view-model without the FX toolkit: runs execute on the calling thread, drain applies their events. */
class RunViewModelTest {

    /** Runs every task at once on the submitting thread. */
    static final class DirectExecutor extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RunViewModel model(Path dir) {
        RunViewModel vm = new RunViewModel(new RunStore(dir), new DirectExecutor());
        vm.epochsProperty().set(5);
        return vm;
    }

    @Test
    void aRunsEventsReachItsDataOnlyWhenDrained(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData run = vm.start(TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"));
        assertEquals(0, run.steps(), "nothing applied before the pulse");
        assertTrue(vm.drain() > 15);
        assertEquals(15, run.steps());
        assertEquals(5, run.epochs().size());
        assertEquals(List.of("0.alpha", "0.beta1", "0.beta2", "1.alpha", "1.mu"), run.keys());
        assertEquals(RunStatus.COMPLETED, run.endedProperty().get().status());
        assertEquals(RunViewModel.State.IDLE, vm.stateProperty().get());
        assertTrue(vm.messageProperty().get().contains("completed"), vm.messageProperty().get());
        assertTrue(Files.exists(run.folder().resolve("steps.csv")));
        assertTrue(Files.exists(run.folder().resolve("run.json")));
        assertEquals(org.hypertower.engine.IntraOpThreads.choose(0, "paper-mlp"),
                readJson(run.folder().resolve("run.json")).path("threads").asInt(),
                "run.json records PyTorch's threads the run computed with");
        assertEquals(run.hyperparameter(0).get(14), run.learned().get("0.alpha"), 1e-12);
    }

    @Test
    void baselineFreezesTheBottomLevelAndLearnedReRunUsesTheTowersFinalValues(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData tower = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        vm.drain();
        RunData baseline = vm.startBaseline(tower);
        RunData learned = vm.startAtLearnedValues(tower, tower.learned());
        vm.drain();
        assertEquals("sgd(alpha=0.1)", baseline.config().tower().toString());
        assertEquals(tower.config().seed(), baseline.config().seed());
        assertEquals(1, learned.config().tower().height());
        assertEquals(tower.learned().get("0.alpha"), learned.config().tower().level(0).value("alpha"), 1e-15);
        assertEquals(3, vm.runs().size());
        assertTrue(baseline.steps() == tower.steps() && learned.steps() == tower.steps());
    }

    @Test
    void aDivergingRunEndsDivergedAndKeepsItsData(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        vm.modelProperty().set("mlp");
        vm.hiddenProperty().set("8");
        vm.epochsProperty().set(10);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=1e10)"));
        vm.drain();
        assertEquals(RunStatus.DIVERGED, run.endedProperty().get().status());
        assertTrue(run.endedProperty().get().message().startsWith("Diverged at step"), run.endedProperty().get().message());
        assertEquals(run.endedProperty().get().steps(), run.steps(), "every step before the divergence is kept");
    }

    @Test
    void aRunThatCannotStartSaysWhyAndLeavesTheModelIdle(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        vm.modelProperty().set("cnn");
        RunData run = vm.start(TowerSpec.parse("sgd(0.1)"));
        vm.drain();
        assertNotNull(run.endedProperty().get());
        assertEquals(RunStatus.FAILED, run.endedProperty().get().status());
        assertTrue(vm.messageProperty().get().contains("needs images"), vm.messageProperty().get());
        assertEquals(RunViewModel.State.IDLE, vm.stateProperty().get());
    }

    @Test
    void aPastRunReopensFromItsFolder(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        vm.drain();
        RunViewModel other = model(dir);
        RunData reopened = other.open(run.folder());
        assertNotNull(reopened);
        assertEquals(run.steps(), reopened.steps());
        assertEquals(run.keys(), reopened.keys());
        assertEquals(run.loss().get(7), reopened.loss().get(7), 1e-12);
        assertEquals(RunStatus.COMPLETED, reopened.endedProperty().get().status());
        assertEquals("sgd(0.1) / sgd(0.01) · Iris", reopened.name());
        RunData baseline = vm.startBaseline(run);
        vm.drain();
        assertEquals(RunKind.BASELINE, other.open(baseline.folder()).kind(), "the folder's name tells the kind");
        assertEquals("sgd(0.1) / sgd(0.01) · Iris (2)", other.open(run.folder()).name(), "opened twice");
        assertEquals(null, other.open(dir.resolve("nothing-here")));
        assertTrue(other.messageProperty().get().contains("run.json is missing"), other.messageProperty().get());
    }

    @Test
    void aLearnedValueNoPlainOptimizerStartsFromIsSaidInsteadOfRun(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData tower = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        vm.drain();
        RunData rerun = vm.startAtLearnedValues(tower, java.util.Map.of("0.alpha", -0.02, "0.mu", 0.0));
        assertEquals(null, rerun);
        assertEquals(1, vm.runs().size(), "nothing was queued");
        assertTrue(vm.messageProperty().get().contains("0.alpha=-0.02"), vm.messageProperty().get());
    }

    @Test
    void runsAreNamedFromWhatTheyAreAndTheSameRunTwiceIsNumbered(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData tower = vm.start(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"));
        RunData again = vm.start(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"));
        vm.drain();
        RunData baseline = vm.startBaseline(tower);
        vm.drain();
        assertEquals("adam(0.001) / sgd(1e-5) · Iris", tower.name());
        assertEquals("adam(0.001) / sgd(1e-5) · Iris (2)", again.name());
        assertEquals("baseline adam(0.001) · Iris", baseline.name());
        assertTrue(vm.messageProperty().get().startsWith("baseline adam(0.001) · Iris: completed."),
                vm.messageProperty().get());
    }

    @Test
    void removingAFinishedRunKeepsItsFilesOnDisk(@TempDir Path dir) throws Exception {
        RunViewModel vm = model(dir);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        vm.drain();
        List<String> steps = Files.readAllLines(run.folder().resolve("steps.csv"));

        assertTrue(vm.remove(run));
        assertEquals(List.of(), vm.runs());
        assertEquals("Removed sgd(0.1) / sgd(0.01) · Iris from the list; its files stay in " + run.folder() + ".",
                vm.messageProperty().get());
        assertEquals(steps, Files.readAllLines(run.folder().resolve("steps.csv")));
        assertTrue(Files.exists(run.folder().resolve("run.json")));
    }

    @Test
    void aRunningRunIsNotRemovedAndTheMessageSaysToStopItFirst(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)")); // ended, but not yet drained

        assertFalse(vm.remove(run));
        assertEquals(List.of(run), vm.runs());
        assertEquals("sgd(0.1) / sgd(0.01) · Iris is still running and cannot be removed; stop it first, then remove it.",
                vm.messageProperty().get());
        assertEquals(0, vm.clearFinished());
        assertEquals(List.of(run), vm.runs());
        vm.drain();
        assertEquals(1, vm.clearFinished());
        assertEquals(List.of(), vm.runs());
        assertTrue(vm.messageProperty().get().startsWith("Cleared 1 finished run from the list; their files stay on disk"),
                vm.messageProperty().get());
    }

    @Test
    void aQueuedRunRemovedBeforeItStartsNeverRunsAndLeavesNoFolder(@TempDir Path dir) {
        QueueExecutor queue = new QueueExecutor();
        RunViewModel vm = new RunViewModel(new RunStore(dir), queue);
        vm.epochsProperty().set(2);
        RunData first = vm.start(TowerSpec.parse("sgd(alpha=0.1)"));
        RunData second = vm.start(TowerSpec.parse("sgd(alpha=0.2)"));

        assertTrue(vm.remove(second));
        assertTrue(vm.messageProperty().get().contains("before it started; nothing was written"), vm.messageProperty().get());
        queue.runAll();
        vm.drain();
        assertEquals(List.of(first), vm.runs());
        assertEquals(RunStatus.COMPLETED, first.endedProperty().get().status());
        assertFalse(Files.exists(second.folder()), "the empty folder made for it is gone");
        assertEquals(RunViewModel.State.IDLE, vm.stateProperty().get());
    }

    @Test
    void aRunEndingWhileTheUserLooksElsewhereIsAnnounced(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        List<RunNotice> notices = new java.util.ArrayList<>();
        vm.setOnNotice(notices::add);

        vm.start(TowerSpec.parse("sgd(alpha=0.1)"));
        vm.drain();
        assertEquals(List.of(), notices, "the user watched it end");

        vm.lookingElsewhereProperty().set(true);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.2)"));
        vm.drain();
        assertEquals(1, notices.size());
        RunNotice notice = notices.get(0);
        assertSame(run, notice.run());
        assertEquals(RunStatus.COMPLETED, notice.status());
        assertEquals("Run completed", notice.title());
        assertTrue(notice.text().startsWith("sgd(0.2) · Iris\nTest accuracy "), notice.text());

        vm.modelProperty().set("cnn"); // cannot start on Iris: fails
        vm.start(TowerSpec.parse("sgd(alpha=0.1)"));
        vm.drain();
        assertEquals(RunStatus.FAILED, notices.get(1).status());
        assertEquals("Run failed", notices.get(1).title());
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void closingDuringARunStopsItAndItsFilesSayStopped(@TempDir Path dir) throws Exception {
        RunViewModel vm = RunViewModel.withBackgroundThread(new RunStore(dir));
        vm.epochsProperty().set(100_000);
        RunData run = vm.start(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (run.steps() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            vm.drain();
        }
        assertTrue(run.steps() >= 20, "the run took a few steps");

        vm.shutdown();

        com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.folder().resolve("run.json").toFile());
        assertEquals("stopped", manifest.get("status").asText(), manifest.toString());
        assertTrue(manifest.get("message").asText().startsWith("Stopped when the workbench closed after"),
                manifest.toString());
        long steps = Files.readAllLines(run.folder().resolve("steps.csv")).size() - 1;
        assertEquals(steps, manifest.get("steps").asLong(), "run.json counts the rows steps.csv keeps");
        assertTrue(steps >= 20);
        assertEquals(RunStatus.STOPPED, run.endedProperty().get().status(), "the window's model knows it too");
        assertEquals(RunViewModel.State.IDLE, vm.stateProperty().get());
    }

    /** Keeps submitted tasks until told to run them, as a busy training thread would. */
    static final class QueueExecutor extends AbstractExecutorService {
        private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return tasks.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return tasks.isEmpty();
        }
    }
    @Test
    void aPulseTellsOnlyTheRunsThatGotDataSoFinishedRunsCostNothing(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData first = vm.start(TowerSpec.parse("sgd(alpha=0.01)"));
        vm.drain();
        long version = first.versionProperty().get();
        RunData second = vm.start(TowerSpec.parse("sgd(alpha=0.02)"));
        assertTrue(vm.drain() > 0);
        assertEquals(version, first.versionProperty().get(), "the finished run was not touched");
        assertTrue(second.versionProperty().get() > 0);
        long secondVersion = second.versionProperty().get();
        assertEquals(0, vm.drain());
        assertEquals(secondVersion, second.versionProperty().get(), "an empty pulse tells no one");
    }

    @Test
    void theViewIsWokenOnceWhenARunEndsNotPerStep(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        int[] wakeUps = {0};
        vm.setOnEndQueued(() -> wakeUps[0]++);
        vm.start(TowerSpec.parse("sgd(alpha=0.01)"));
        assertEquals(1, wakeUps[0], "one wake-up for 15 steps and the end");
    }
    @Test
    void removingARunKeepsTheOtherRunsColoursAndANewRunTakesTheFreedOne(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData first = vm.start(TowerSpec.parse("sgd(alpha=0.01)"));
        RunData second = vm.start(TowerSpec.parse("sgd(alpha=0.02)"));
        RunData third = vm.start(TowerSpec.parse("sgd(alpha=0.03)"));
        vm.drain();
        assertEquals(List.of(0, 1, 2), List.of(first.colorSlot(), second.colorSlot(), third.colorSlot()));

        assertTrue(vm.remove(first));
        assertEquals(1, second.colorSlot(), "the second run keeps its colour");
        assertEquals(2, third.colorSlot(), "the third run keeps its colour");
        RunData fourth = vm.start(TowerSpec.parse("sgd(alpha=0.04)"));
        assertEquals(0, fourth.colorSlot(), "the new run takes the colour no run in the list has");
    }
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void theTrainingThreadRunsBelowTheWindowsPriority(@TempDir Path dir) throws Exception {
        RunViewModel vm = RunViewModel.withBackgroundThread(new RunStore(dir), 4);
        vm.epochsProperty().set(1);
        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.01)"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.endedProperty().get() == null && System.nanoTime() < deadline) {
            vm.drain();
            Thread.sleep(20);
        }
        assertEquals(RunStatus.COMPLETED, run.endedProperty().get().status());

        // the kernel's view: /proc/self/task/TID/stat, whose 19th field is the nice value
        List<Integer> nice = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals("hypertower-trai")) {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    nice.add(Integer.parseInt(fields[16]));
                }
            }
        }
        vm.shutdown();
        // native threads PyTorch starts from the training thread inherit its name and its priority
        assertFalse(nice.isEmpty(), "the training thread is found");
        assertTrue(nice.stream().allMatch(n -> n == 4), "the training thread (and its native helpers) at nice 4: " + nice);
    }

    @Test
    void theProgressSaysPyTorchIsLoadingUntilItIsAndARunMeanwhileStillTrains(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        assertEquals("Ready.", vm.progressProperty().get());
        vm.setEngineLoading(true);
        assertEquals(RunViewModel.ENGINE_LOADING, vm.progressProperty().get());

        RunData run = vm.start(TowerSpec.parse("sgd(alpha=0.1)"));
        vm.drain();
        assertEquals(RunStatus.COMPLETED, run.endedProperty().get().status(), "Start works while PyTorch loads");
        assertEquals(RunViewModel.ENGINE_LOADING, vm.progressProperty().get(), "idle again: still loading");

        vm.setEngineLoading(false);
        assertEquals("Ready.", vm.progressProperty().get());
    }
}
