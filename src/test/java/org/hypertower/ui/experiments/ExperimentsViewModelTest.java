package org.hypertower.ui.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.ExperimentPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Experiments view-model without the FX toolkit: updates applied at once, experiments on a chosen thread. */
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
        vm.kindProperty().set(ExperimentPlan.Kind.STACK);
        vm.towersProperty().set("sgd");
        vm.alphasProperty().set("0.1");
        vm.heightsProperty().set("1");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Done"), vm.messageProperty().get());
        ExperimentPlan.Result r = vm.resultProperty().get();
        assertNotNull(r);
        assertEquals(2, r.towerResults().size(), "heights 0 and 1");
        assertEquals(2, vm.log().size(), "one line per run");
        assertEquals(2, vm.doneProperty().get());
        assertEquals(2, vm.totalProperty().get());
        assertTrue(Files.isRegularFile(vm.folderProperty().get().resolve(ExperimentPlan.FILE)));
    }

    @Test
    void aSettingThatCannotBeUsedIsSaidAndNothingStarts(@TempDir Path dir) throws Exception {
        ExperimentsViewModel vm = model(dir);
        vm.kindProperty().set(ExperimentPlan.Kind.SWEEP);
        vm.alphasProperty().set("1e-3, big");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().contains("is not a comma-separated list of numbers"),
                vm.messageProperty().get());
        vm.alphasProperty().set("0.1");
        vm.towersProperty().set("sgd(alpha=-1)");
        vm.start();
        assertTrue(vm.messageProperty().get().contains("position"), vm.messageProperty().get());
        vm.towersProperty().set("sgd");
        vm.heightsProperty().set("1.5");
        vm.start();
        assertTrue(vm.messageProperty().get().contains("whole numbers"), vm.messageProperty().get());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no folder was made");
        }
    }

    @Test
    void anExperimentOnADatasetThatIsNotHereSaysWhereToGetItAndStartsNothing(@TempDir Path dir) throws Exception {
        ExperimentsViewModel vm = model(dir);
        vm.apply(ExperimentPreset.CIFAR100);
        vm.kindProperty().set(ExperimentPlan.Kind.STACK);
        vm.alphasProperty().set("0.1");
        vm.heightsProperty().set("1");
        org.junit.jupiter.api.Assumptions.assumeFalse(new org.hypertower.data.DataLocator(java.util.Optional.empty())
                .isAvailable(org.hypertower.data.DatasetId.CIFAR100), "CIFAR-100 is installed on this machine");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("The experiment cannot start: CIFAR-100 was not found"),
                vm.messageProperty().get());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no folder was made");
        }
    }

    @Test
    void openingAFolderThatIsNoExperimentSaysSo(@TempDir Path dir) {
        ExperimentsViewModel vm = model(dir);
        vm.open(dir);
        assertTrue(vm.messageProperty().get().contains("is not an experiment's folder"), vm.messageProperty().get());
        assertFalse(vm.runningProperty().get());
        assertNull(vm.resultProperty().get());
    }

    @Test
    void theRivalsSweepIsPlannedFromTheFormAndAnUnknownRivalIsSaid(@TempDir Path dir) throws Exception {
        ExperimentsViewModel vm = model(dir);
        vm.kindProperty().set(ExperimentPlan.Kind.RIVALS);
        vm.towersProperty().set("sgd, adam / sgd(alpha=1e-5)");
        vm.heightsProperty().set("0,2");
        vm.alphasProperty().set("1e-4,1");
        vm.rivalsProperty().set("prodigy, cocob");
        ExperimentPlan plan = vm.plan();
        List<String> methods = new java.util.ArrayList<>(List.of("sgd h=0", "sgd h=2", "t2 h=0", "t2 h=2"));
        methods.addAll(List.of("prodigy", "cocob"));
        assertEquals(methods, plan.rows().stream().map(org.hypertower.experiment.SweepRow::label).toList());
        assertEquals("sgd; adam / sgd(alpha=1e-5)", plan.towers());
        assertEquals(methods.size() * 2, plan.runCount());

        Files.writeString(dir.resolve(ExperimentPlan.FILE), plan.toJson());
        assertTrue(ExperimentPlan.read(dir).sameExperiment(plan), "saved and read back, it is the same experiment");
        Files.delete(dir.resolve(ExperimentPlan.FILE));

        vm.rivalsProperty().set("prodigy,nosuch");
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertEquals("The experiment cannot start: Unknown rival 'nosuch'; use all, none or some of dadapt_sgd,dadapt_adam,"
                + "prodigy,dog,schedulefree_sgd,schedulefree_adamw,cocob.", vm.messageProperty().get());
    }

    @Test
    void aPresetFillsTheTrainingSettingsAndAComparisonAddsTheBaselines(@TempDir Path dir) {
        ExperimentsViewModel vm = model(dir);
        vm.apply(ExperimentPreset.FASHION_MNIST);
        assertEquals("fashion-mnist", vm.datasetProperty().get());
        assertEquals("mlp", vm.modelProperty().get());
        assertEquals("128", vm.hiddenProperty().get());
        assertEquals(128, vm.batchSizeProperty().get());
        vm.kindProperty().set(ExperimentPlan.Kind.COMPARE);
        vm.towersProperty().set("adam(0.001) / sgd(1e-5)");
        vm.constrainedProperty().set(true);
        ExperimentPlan plan = vm.plan();
        assertEquals(4, plan.towerList().size(), "the tower and three baselines");
        assertTrue(plan.trainArguments().contains("--constrained"));
        assertTrue(plan.trainArguments().containsAll(List.of("--dataset", "fashion-mnist", "--hidden", "128")));
    }

    @Test
    void aStoppedExperimentKillsItsWorkersKeepsItsFinishedRunsAndOpeningItsFolderResumesWithItsSettings(
            @TempDir Path dir) throws Exception {
        // updates one at a time, as the FX thread would apply them
        Object fx = new Object();
        ExperimentsViewModel vm = new ExperimentsViewModel(dir, r -> {
            synchronized (fx) {
                r.run();
            }
        }, job -> {
            Thread t = new Thread(job, "test-experiment");
            t.setDaemon(true);
            t.start();
        });
        vm.kindProperty().set(ExperimentPlan.Kind.SWEEP);
        vm.towersProperty().set("sgd");
        vm.alphasProperty().set("0.01,0.1");
        vm.heightsProperty().set("0,1");
        vm.seedsProperty().set(1);
        vm.epochsProperty().set(3);
        vm.workersProperty().set(1);
        vm.constrainedProperty().set(true);
        vm.start();
        assertTrue(vm.runningProperty().get());
        Path folder = vm.folderProperty().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (vm.doneProperty().get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(vm.doneProperty().get() >= 1, "a run finished");
        synchronized (fx) {
            ExperimentPlan.Result partial = vm.resultProperty().get();
            assertTrue(partial != null && partial.sweep() != null, "what finished is drawn while the sweep runs");
            assertTrue(partial.report() == null, "no report before the end");
            assertTrue(partial.sweep().cells().values().stream().flatMap(m -> m.values().stream())
                    .anyMatch(c -> c.finished() >= 1), "the finished run's cell");
        }
        vm.stop();
        while (vm.runningProperty().get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(vm.runningProperty().get());
        int finished;
        synchronized (fx) {
            // the runs that ended, a stopped one included ("... stopped: Stopped by SIGTERM after N steps.")
            finished = (int) vm.log().stream().filter(l -> l.contains(" completed")).count();
            assertTrue(vm.log().stream().allMatch(l -> l.contains(" completed") || l.contains(" stopped: Stopped by "
                    + "SIGTERM after ") || l.endsWith(" stopped: Stopped before its run began.")), vm.log().toString());
            assertTrue(vm.messageProperty().get().startsWith("Stopped."), vm.messageProperty().get());
        }
        assertTrue(finished < 4, "one worker, four runs of several seconds: stopped before the end");
        long liveWorkers = 0;
        for (int i = 0; i < 100; i++) {
            liveWorkers = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
            if (liveWorkers == 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(0, liveWorkers, "no worker process is left running");

        // the settings change, then opening the folder brings back the experiment's own
        vm.alphasProperty().set("0.5");
        vm.epochsProperty().set(9);
        vm.constrainedProperty().set(false);
        vm.open(folder);
        assertEquals("0.01,0.1", vm.alphasProperty().get());
        assertEquals(3, vm.epochsProperty().get());
        assertTrue(vm.constrainedProperty().get());
        while (vm.runningProperty().get() && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(50);
        }
        synchronized (fx) {
            assertTrue(vm.messageProperty().get().startsWith("Done"), vm.messageProperty().get());
            long kept = vm.log().stream().filter(l -> l.endsWith("(kept from before)")).count();
            assertTrue(kept >= finished && kept < 4, "finished runs are kept, the others run: " + vm.log() + " after "
                    + finished);
            assertEquals(4, vm.log().size());
            assertEquals(2, vm.resultProperty().get().sweep().heights().size());
        }
    }

    @Test
    void twoExperimentsStartedInTheSameSecondGetTheirOwnFolders(@TempDir Path dir) {
        ExperimentsViewModel vm = new ExperimentsViewModel(dir, Runnable::run, job -> { });
        vm.kindProperty().set(ExperimentPlan.Kind.STACK);
        vm.alphasProperty().set("0.1");
        vm.heightsProperty().set("0");
        vm.start();
        Path first = vm.folderProperty().get();
        vm.runningProperty().set(false); // the job was never run: pretend it ended
        vm.alphasProperty().set("0.2");
        vm.start();
        Path second = vm.folderProperty().get();
        assertNotNull(first);
        assertNotNull(second);
        assertFalse(first.equals(second), first + " and " + second);
    }
    @Test
    void theRunsTheWorkersTrainAreListedWithTheirProgressAndGoWhenTheyEnd(@TempDir Path dir) {
        Object fx = new Object(); // the watcher's updates and the experiment's, one at a time as on the FX thread
        ExperimentsViewModel vm = new ExperimentsViewModel(dir, r -> {
            synchronized (fx) {
                r.run();
            }
        }, Runnable::run);
        vm.epochsProperty().set(2000); // 6,000 steps of Iris: a few seconds, long enough to be watched
        vm.seedsProperty().set(1);
        vm.workersProperty().set(1);
        vm.kindProperty().set(ExperimentPlan.Kind.STACK);
        vm.towersProperty().set("sgd");
        vm.alphasProperty().set("0.1");
        vm.heightsProperty().set("1");
        List<String> added = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        List<Double> fractions = new java.util.ArrayList<>();
        vm.training().addListener((javafx.collections.ListChangeListener<ExperimentsViewModel.WorkerRun>) c -> {
            while (c.next()) {
                for (ExperimentsViewModel.WorkerRun w : c.getAddedSubList()) {
                    added.add(w.name());
                    w.textProperty().addListener((obs, old, now) -> texts.add(now));
                    w.fractionProperty().addListener((obs, old, now) -> fractions.add(now.doubleValue()));
                }
            }
        });
        vm.start();

        assertTrue(vm.messageProperty().get().startsWith("Done"), vm.messageProperty().get());
        synchronized (fx) {
            assertEquals(2, added.size(), "heights 0 and 1, one row each: " + added);
            assertTrue(texts.stream().anyMatch(t -> t.matches("step [\\d,]+ of 6,000 · epoch \\d+ of 2000")), texts.toString());
            assertTrue(fractions.stream().anyMatch(f -> f > 0 && f <= 1), fractions.toString());
            assertEquals(List.of(), vm.training(), "every row went when its run ended");
        }
    }
}
