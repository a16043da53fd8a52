package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Setting a hyperparameter of the run training now, through the view-model, without the FX toolkit. */
@Timeout(120)
class InterventionModelTest {

    private static final TowerSpec TOWER = TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)");

    @TempDir
    Path dir;

    private RunViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.shutdown();
        }
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            vm.drain();
            if (condition.call()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private RunData startPaused() throws Exception {
        vm = RunViewModel.withBackgroundThread(new RunStore(dir));
        vm.epochsProperty().set(100_000);
        RunData run = vm.start(TOWER);
        waitUntil("the run steps", () -> run.steps() >= 5);
        vm.togglePause();
        int[] seen = {-1};
        waitUntil("no step comes any more", () -> {
            Thread.sleep(200);
            vm.drain();
            boolean still = run.steps() == seen[0];
            seen[0] = run.steps();
            return still;
        });
        return run;
    }

    @Test
    void timesTenOnAPausedRunSetsTheValueAtOnceAndTheRunKeepsIt() throws Exception {
        RunData run = startPaused();
        InterventionModel model = vm.intervention();
        assertTrue(model.availableProperty().get());
        assertEquals("0.alpha", model.keyProperty().get());
        double before = run.currentValue("0.alpha");
        assertEquals("now " + RunText.shortNumber(before, 4), model.currentProperty().get());

        assertTrue(model.multiply(10));
        waitUntil("the intervention is applied while paused", () -> run.interventions().size() == 1);
        Intervention i = run.interventions().get(0);
        assertEquals(run.steps(), i.step(), "applied before the next step, with no step taken");
        assertEquals(before, i.oldValue(), 0);
        assertEquals(10 * before, i.newValue(), 1e-15);
        assertEquals("now " + RunText.shortNumber(10 * before, 4), model.currentProperty().get());
        assertTrue(vm.messageProperty().get().contains("0.alpha set to"), vm.messageProperty().get());

        vm.togglePause();
        waitUntil("the run goes on", () -> run.steps() > i.step() + 3);
        vm.stop();
        waitUntil("the run ends", run::hasEnded);
        assertEquals(RunStatus.STOPPED, run.endedProperty().get().status());
        assertFalse(model.availableProperty().get());
        JsonNode listed = new ObjectMapper().readTree(run.folder().resolve("run.json").toFile()).get("interventions");
        assertEquals(1, listed.size());
        assertEquals(i.step(), listed.get(0).get("step").asLong());
        assertEquals(i.newValue(), listed.get(0).get("new").asDouble(), 0);
    }

    @Test
    void aRefusedValueIsOneSentenceAndChangesNothing() throws Exception {
        RunData run = startPaused();
        InterventionModel model = vm.intervention();
        model.textProperty().set("fast");
        assertFalse(model.set());
        assertEquals("'fast' is not a number: type a value such as 0.01 or 1e-3, then press Set.", vm.messageProperty().get());
        model.textProperty().set("-1");
        assertFalse(model.set());
        assertEquals("0.alpha must be a finite number >= 0, not -1.0.", vm.messageProperty().get());
        assertEquals("-1", model.textProperty().get(), "the refused value stays to be corrected");
        model.keyProperty().set("0.beta1");
        assertFalse(model.multiply(10));
        assertTrue(vm.messageProperty().get().startsWith("0.beta1 must be a finite number in (0, 1), not "));
        vm.drain();
        assertTrue(run.interventions().isEmpty());

        model.textProperty().set("0.5");
        assertTrue(model.set());
        assertEquals("", model.textProperty().get());
        waitUntil("applied", () -> run.interventions().size() == 1);
        assertEquals("now 0.5", model.currentProperty().get());
    }

    @Test
    void withoutARunNothingCanBeSet() {
        vm = RunViewModel.withBackgroundThread(new RunStore(dir));
        InterventionModel model = vm.intervention();
        assertFalse(model.availableProperty().get());
        assertFalse(model.multiply(10));
        assertEquals("No run is training, so there is no hyperparameter to set; start a run first.",
                vm.messageProperty().get());
    }
}
