package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run view-model's pace, without the FX toolkit, on a real training thread: it slows the run
 * going at once and the runs that start later, full speed resumes at once, and Stop still ends a
 * paced run at once. Bounds are loose: the machine may be loaded.
 */
@Timeout(120)
class RunPaceTest {

    private static final TowerSpec TOWER = TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)");

    @TempDir
    Path dir;

    private RunViewModel vm;

    private RunViewModel model() {
        vm = RunViewModel.withBackgroundThread(new RunStore(dir));
        vm.epochsProperty().set(100_000); // longer than any test waits
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.shutdown();
        }
    }

    /** Drains until a condition holds; fails naming it after the time. */
    private void waitUntil(String what, double seconds, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            vm.drain();
            if (condition.call()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Steps taken in two seconds, from the run's first step. */
    private int stepsInTwoSeconds(RunData run) throws Exception {
        waitUntil("the run steps", 60, () -> run.steps() > 0);
        int before = run.steps();
        Thread.sleep(2000);
        vm.drain();
        return run.steps() - before;
    }

    @Test
    void aPaceSetBeforeTheRunHoldsItToAFewStepsPerSecondAndFullSpeedResumesAtOnce() throws Exception {
        RunViewModel vm = model();
        vm.paceProperty().set(5);
        RunData run = vm.start(TOWER);

        int paced = stepsInTwoSeconds(run);
        assertTrue(paced >= 1 && paced < 30, "5 steps/s for 2 s took " + paced + " steps");

        vm.paceProperty().set(0);
        int from = run.steps();
        waitUntil("full speed takes hundreds of steps", 30, () -> run.steps() >= from + 300);
    }

    @Test
    void aPaceSetDuringARunSlowsItAtOnce() throws Exception {
        RunViewModel vm = model();
        RunData run = vm.start(TOWER);
        waitUntil("the run goes at full speed", 60, () -> run.steps() >= 50);

        vm.paceProperty().set(2);
        Thread.sleep(700); // a step in progress may end first
        vm.drain();
        int before = run.steps();
        Thread.sleep(2000);
        vm.drain();
        int paced = run.steps() - before;
        assertTrue(paced < 30, "2 steps/s for 2 s took " + paced + " steps");
    }

    @Test
    void stopEndsAPacedRunWithoutWaitingForItsNextStep() throws Exception {
        RunViewModel vm = model();
        vm.paceProperty().set(0.1); // ten seconds between steps
        RunData run = vm.start(TOWER);
        waitUntil("the run steps", 60, () -> run.steps() > 0);

        long asked = System.nanoTime();
        vm.stop();
        waitUntil("the run is stopped", 5, run::hasEnded);
        double seconds = (System.nanoTime() - asked) / 1e9;
        assertEquals(RunStatus.STOPPED, run.endedProperty().get().status());
        assertTrue(seconds < 5, "stopping took " + seconds + " s");
    }

    @Test
    void aNegativePaceIsRefusedAndThePaceStays() {
        RunViewModel vm = model();
        vm.paceProperty().set(5);
        vm.paceProperty().set(-1);
        assertEquals(5, vm.paceProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("A pace is a number of steps per second"),
                vm.messageProperty().get());
    }
    @Test
    void theSpeedShownFollowsThePaceWithinSecondsNotTheWholeRunsAverage() throws Exception {
        RunViewModel vm = model();
        RunData run = vm.start(TOWER);
        waitUntil("full speed takes hundreds of steps", 60, () -> run.steps() >= 500);
        vm.paceProperty().set(10); // Iris's batch is 10: 100 examples/s
        java.util.regex.Pattern speed = java.util.regex.Pattern.compile(", (\\d+) examples/s on 1 thread, ");
        waitUntil("the status says about 100 examples/s (" + vm.progressProperty().get() + ")", 30, () -> {
            java.util.regex.Matcher m = speed.matcher(vm.progressProperty().get());
            return m.find() && Integer.parseInt(m.group(1)) >= 50 && Integer.parseInt(m.group(1)) <= 150;
        });
    }
}
