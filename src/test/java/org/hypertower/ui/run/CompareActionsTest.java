package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compare menu's model without the FX toolkit: which run its actions act on, and what they refuse. */
class CompareActionsTest {

    private static final String ADAM_SGD = "adam(alpha=0.001) / sgd(alpha=1e-05)";

    private static RunViewModel model(Path dir) {
        RunViewModel vm = new RunViewModel(new RunStore(dir), new RunViewModelTest.DirectExecutor());
        vm.epochsProperty().set(5);
        return vm;
    }

    @Test
    void reRunAfterABaselineStartsFromTheTowersLearnedValuesNotTheBaselinesFrozenOnes(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData tower = vm.start(TowerSpec.parse(ADAM_SGD));
        vm.drain();
        RunData baseline = vm.startBaseline();
        vm.drain();
        assertEquals(RunKind.BASELINE, baseline.kind());
        assertSame(tower, vm.compare().targetProperty().get(), "nothing selected: the last tower run");

        RunData rerun = vm.startAtLearnedValues();
        vm.drain();
        double learned = tower.learned().get("0.alpha");
        assertNotEquals(0.001, learned, 1e-6);
        assertEquals(learned, rerun.config().tower().level(0).value("alpha"), 1e-15);
        assertEquals(RunKind.LEARNED_RERUN, rerun.kind());
        assertEquals("learned re-run adam(" + RunText.shortNumber(learned, 2) + ") · Iris", rerun.name());
    }

    @Test
    void followingATowerRunTrainsItsBottomOptimizerAlongTheLearnedPath(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData tower = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        assertFalse(vm.compare().followProperty().get().enabled(), "not before the tower ends");
        vm.drain();
        assertEquals(new CompareActions.Action("Follow the learned path of " + tower.name(), true),
                vm.compare().followProperty().get());
        RunData follow = vm.startFollowing();
        vm.drain();
        assertEquals(RunKind.FOLLOW, follow.kind());
        assertEquals("sgd(alpha=0.1)", follow.config().tower().toString());
        assertEquals("following sgd(0.1) · Iris", follow.name());
        java.util.List<org.hypertower.engine.StepMetrics> path = org.hypertower.export.RecordedRun.read(tower.folder())
                .steps();
        java.util.List<org.hypertower.engine.StepMetrics> steps = org.hypertower.export.RecordedRun.read(follow.folder())
                .steps();
        assertEquals(path.size(), steps.size());
        for (int t = 0; t < path.size(); t++) {
            assertEquals(path.get(t).hyperparameters()[0], steps.get(t).hyperparameters()[0], 0, "0.alpha at " + t);
            assertEquals(path.get(t).loss(), steps.get(t).loss(), 1e-4 * Math.max(1, path.get(t).loss()), "loss at " + t);
        }
        assertEquals(RunKind.FOLLOW, RunKind.ofFolderName(follow.folder().getFileName().toString()));

        vm.compare().selectedProperty().set(follow);
        assertNull(vm.startFollowing());
        assertEquals(follow.name() + " is a plain optimizer, with no learned path; select a tower run to follow the path "
                + "it learned.", vm.messageProperty().get());
    }

    @Test
    void aReRunAskedOnABaselineSaysSoInOneSentenceAndRunsNothing(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        vm.start(TowerSpec.parse(ADAM_SGD));
        vm.drain();
        RunData baseline = vm.startBaseline();
        vm.drain();
        vm.compare().selectedProperty().set(baseline);

        assertNull(vm.startAtLearnedValues());
        assertEquals("baseline adam(0.001) · Iris is a baseline with frozen values; select the tower run to re-run at its "
                + "learned values.", vm.messageProperty().get());
        assertEquals(2, vm.runs().size(), "nothing was queued");
    }

    @Test
    void aPlainRunHasNothingLearnedToReRunAndIsItsOwnBaseline(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData plain = vm.start(TowerSpec.parse("sgd(alpha=0.1)"));
        vm.drain();

        assertNull(vm.startAtLearnedValues());
        assertEquals("sgd(0.1) · Iris is a plain optimizer with nothing learned; select a tower run to re-run at its "
                + "learned values.", vm.messageProperty().get());
        assertNull(vm.startBaseline(plain));
        assertTrue(vm.messageProperty().get().startsWith("sgd(0.1) · Iris is a plain optimizer already"),
                vm.messageProperty().get());
        assertEquals(1, vm.runs().size());
    }

    @Test
    void aTowerWhoseBottomLevelIsAllFixedLearnedNothingToReRun(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        vm.start(TowerSpec.parse("sgd(alpha=0.1 fixed, mu=0.0 fixed) / sgd(alpha=0.01)"));
        vm.drain();
        assertNull(vm.startAtLearnedValues());
        assertTrue(vm.messageProperty().get().contains("learned nothing there"), vm.messageProperty().get());
    }

    @Test
    void theSelectedRunIsTheTargetAndARemovedSelectionFallsBackToTheLastTowerRun(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        RunData first = vm.start(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        RunData second = vm.start(TowerSpec.parse("sgd(alpha=0.2) / sgd(alpha=0.01)"));
        vm.drain();
        assertSame(second, vm.compare().targetProperty().get());
        vm.compare().selectedProperty().set(first);
        assertSame(first, vm.compare().targetProperty().get());
        RunData rerun = vm.startAtLearnedValues();
        vm.drain();
        assertEquals(first.learned().get("0.alpha"), rerun.config().tower().level(0).value("alpha"), 1e-15);

        vm.remove(first);
        assertNull(vm.compare().selectedProperty().get());
        assertSame(second, vm.compare().targetProperty().get(), "the re-run is not a tower run");
    }

    @Test
    void theMenuItemsNameTheirRunAndAreDisabledWhileTheyCannotAct(@TempDir Path dir) {
        RunViewModel vm = model(dir);
        CompareActions compare = vm.compare();
        assertEquals(new CompareActions.Action("With baseline (start a run first)", false), compare.baselineProperty().get());
        assertEquals(new CompareActions.Action("Re-run plain at learned values (start a run first)", false),
                compare.learnedProperty().get());

        RunData tower = vm.start(TowerSpec.parse(ADAM_SGD)); // its events wait for the pulse: it has not ended
        String name = "adam(0.001) / sgd(1e-5) · Iris";
        assertEquals(name, tower.name());
        assertEquals(new CompareActions.Action("With baseline of " + name + " (bottom optimizer, frozen)", true),
                compare.baselineProperty().get());
        assertEquals(new CompareActions.Action("Re-run plain at learned values of " + name + " (once it ends)", false),
                compare.learnedProperty().get());
        vm.drain();
        assertEquals(new CompareActions.Action("Re-run plain at learned values of " + name, true),
                compare.learnedProperty().get());

        RunData baseline = vm.startBaseline();
        vm.drain();
        compare.selectedProperty().set(baseline);
        assertEquals("Re-run plain at learned values of baseline adam(0.001) · Iris", compare.learnedProperty().get().text());
        assertTrue(compare.learnedProperty().get().enabled(), "it says why it cannot when asked");
        compare.selectedProperty().set(null);
        assertFalse(compare.learnedProperty().get().text().contains("baseline"));
    }
}
