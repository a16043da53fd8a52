package org.hypertower.ui.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Experiments view-model without the FX toolkit: experiments run at once on the calling thread. */
class ExperimentsViewModelTest {

    private static ExperimentsViewModel model(Path dir) {
        ExperimentsViewModel vm = new ExperimentsViewModel(dir, Runnable::run, Runnable::run);
        vm.epochsProperty().set(2);
        vm.seedsProperty().set(1);
        return vm;
    }

    @Test
    void aStackExperimentRunsInWorkersAndDeliversItsCurves(@TempDir Path dir) {
        ExperimentsViewModel vm = model(dir);
        vm.kindProperty().set(ExperimentsViewModel.Kind.STACK);
        vm.towersProperty().set("sgd");
        vm.alphasProperty().set("0.1");
        vm.heightsProperty().set("1");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Done"), vm.messageProperty().get());
        assertNotNull(vm.comparisonResultProperty().get());
        assertEquals(2, vm.comparisonResultProperty().get().size(), "heights 0 and 1");
        assertEquals(2, vm.log().size(), "one line per run");
    }

    @Test
    void aSettingThatCannotBeUsedIsSaidAndNothingStarts(@TempDir Path dir) {
        ExperimentsViewModel vm = model(dir);
        vm.kindProperty().set(ExperimentsViewModel.Kind.SWEEP);
        vm.alphasProperty().set("1e-3, big");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().contains("is not a comma-separated list of numbers"),
                vm.messageProperty().get());
        vm.alphasProperty().set("0.1");
        vm.towersProperty().set("sgd(alpha=-1)");
        vm.start();
        assertTrue(vm.messageProperty().get().contains("position"), vm.messageProperty().get());
    }
}
