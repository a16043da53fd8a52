package org.hypertower.ui.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunText;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode's view-model without the FX toolkit: runs execute on the calling thread, drain applies their events. */
class DemoViewModelTest {

    /** Runs every task at once on the submitting thread. */
    private static final class DirectExecutor extends AbstractExecutorService {
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

    private static RunViewModel runs(Path dir) {
        RunViewModel vm = new RunViewModel(new RunStore(dir), new DirectExecutor());
        vm.epochsProperty().set(5);
        return vm;
    }

    private static Map<String, DemoViewModel.Reading> byId(DemoViewModel demo) {
        return demo.readings().stream().collect(Collectors.toMap(DemoViewModel.Reading::id, Function.identity()));
    }

    @Test
    void theReadoutShowsTheRunsStepEpochLossAccuracyAndEveryLearnedValue(@TempDir Path dir) {
        RunViewModel runs = runs(dir);
        DemoViewModel demo = new DemoViewModel(runs);
        RunData run = runs.start(TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"));
        runs.drain();

        demo.demoModeProperty().set(true);

        assertSame(run, demo.shownProperty().get());
        Map<String, DemoViewModel.Reading> r = byId(demo);
        assertEquals(List.of("step", "epoch", "loss", "accuracy", "0.alpha", "0.beta1", "0.beta2"),
                demo.readings().stream().map(DemoViewModel.Reading::id).toList(),
                "the top level's alpha and mu are constants: nothing learns them");
        assertEquals("15", r.get("step").value());
        assertEquals("5 of 5", r.get("epoch").value());
        assertEquals(RunText.shortNumber(run.smoothedLoss().get(14), 3), r.get("loss").value());
        assertEquals(RunText.percent(run.epochs().get(4).testAccuracy()), r.get("accuracy").value());
        double alpha = run.hyperparameter(0).get(14);
        double tenBefore = run.hyperparameter(0).get(4);
        assertEquals("level 0 alpha", r.get("0.alpha").label());
        assertEquals(RunText.shortNumber(alpha, 3) + (alpha > tenBefore ? " ↑" : alpha < tenBefore ? " ↓" : ""),
                r.get("0.alpha").value());
        assertTrue(demo.titleProperty().get().startsWith(run.name()), demo.titleProperty().get());
    }

    @Test
    void theReadoutIsEmptyAndIdleWhileDemoModeIsOff(@TempDir Path dir) {
        RunViewModel runs = runs(dir);
        DemoViewModel demo = new DemoViewModel(runs);
        runs.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        runs.drain();

        assertTrue(demo.readings().isEmpty());
        assertNull(demo.shownProperty().get());
        demo.toggle();
        assertFalse(demo.readings().isEmpty());
        demo.toggle();
        assertTrue(demo.readings().isEmpty());
        assertEquals("", demo.titleProperty().get());
    }

    @Test
    void withNoRunTheReadoutSaysHowToStartOne(@TempDir Path dir) {
        DemoViewModel demo = new DemoViewModel(runs(dir));
        demo.toggle();
        assertTrue(demo.readings().isEmpty());
        assertEquals("No run yet: build a tower and press Start.", demo.titleProperty().get());
    }

    @Test
    void theReadoutShowsTheSelectedRunElseTheLatest(@TempDir Path dir) {
        RunViewModel runs = runs(dir);
        DemoViewModel demo = new DemoViewModel(runs);
        demo.toggle();
        RunData first = runs.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        RunData second = runs.startBaseline(first);
        runs.drain();
        assertSame(second, demo.shownProperty().get());
        assertEquals(List.of("step", "epoch", "loss", "accuracy"),
                demo.readings().stream().map(DemoViewModel.Reading::id).toList(), "a baseline learns nothing");

        runs.compare().selectedProperty().set(first);
        assertSame(first, demo.shownProperty().get());
        assertTrue(byId(demo).containsKey("0.alpha"));
    }

    @Test
    void paceIsTheRunViewModelsAndReadsInWords(@TempDir Path dir) {
        RunViewModel runs = runs(dir);
        DemoViewModel demo = new DemoViewModel(runs);
        demo.paceProperty().set(5);
        assertEquals(5, runs.paceProperty().get());
        assertEquals("full speed", DemoViewModel.paceText(0));
        assertEquals("1 step/s", DemoViewModel.paceText(1));
        assertEquals("5 steps/s", DemoViewModel.paceText(5));
        assertEquals("full speed", DemoViewModel.paceText(DemoViewModel.PACES.get(0)));
    }
    @Test
    void aLearnedValueShowsAsManyDigitsAsItTakesToSeeItMove() {
        assertEquals("0.9000003", DemoViewModel.moved(0.90000031, 0.9));
        assertEquals("0.00331", DemoViewModel.moved(0.0033127, 0.001));
        assertEquals("0.998999", DemoViewModel.moved(0.99899908, 0.999));
        assertEquals("0.9", DemoViewModel.moved(0.9, 0.9), "a value that has not moved is shown as it is");
    }
}
