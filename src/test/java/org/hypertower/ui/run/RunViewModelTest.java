package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
}
