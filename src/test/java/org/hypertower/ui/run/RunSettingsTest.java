package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run settings without the FX toolkit: each dataset's own settings, the limits, and refusals before a run. */
class RunSettingsTest {

    @TempDir
    Path dir;

    private RunViewModel model() {
        return new RunViewModel(new RunStore(dir), new RunViewModelTest.DirectExecutor());
    }

    @ParameterizedTest
    @CsvSource({
        "IRIS,          paper-mlp, 8,   100, 10",
        "MNIST,         mlp,       128, 5,   128",
        "FASHION_MNIST, mlp,       128, 5,   128",
        "CIFAR10,       resnet20,  8,   10,  128",
        "CIFAR100,      resnet20,  8,   10,  128",
    })
    void eachDatasetStartsFromThePapersSettings(DatasetId id, String model, String hidden, int epochs, int batch) {
        RunViewModel vm = model();
        vm.datasetProperty().set(id == DatasetId.IRIS ? DatasetId.MNIST : id);
        vm.datasetProperty().set(id);
        assertEquals(model, vm.modelProperty().get());
        assertEquals(hidden, vm.hiddenProperty().get());
        assertEquals(epochs, vm.epochsProperty().get());
        assertEquals(batch, vm.batchSizeProperty().get());
        assertEquals(0, vm.limitProperty().get());
        assertEquals(0, vm.testLimitProperty().get());
    }

    @Test
    void choosingADatasetGivesItItsDefaultsAndSaysWhatChanged() {
        RunViewModel vm = model();
        vm.epochsProperty().set(2000);

        vm.datasetProperty().set(DatasetId.FASHION_MNIST);

        assertEquals(5, vm.epochsProperty().get(), "not Iris's 2000");
        assertEquals(128, vm.batchSizeProperty().get());
        assertEquals("Fashion-MNIST: model paper-mlp → mlp, hidden 8 → 128, epochs 2000 → 5, batch 10 → 128 (its defaults).",
                vm.messageProperty().get());
    }

    @Test
    void eachDatasetKeepsWhatTheUserChangedForIt() {
        RunViewModel vm = model();
        vm.epochsProperty().set(2000);
        vm.datasetProperty().set(DatasetId.FASHION_MNIST);
        vm.epochsProperty().set(2);
        vm.limitProperty().set(1000);

        vm.datasetProperty().set(DatasetId.IRIS);
        assertEquals(2000, vm.epochsProperty().get());
        assertEquals(10, vm.batchSizeProperty().get());
        assertEquals(0, vm.limitProperty().get());
        assertEquals("paper-mlp", vm.modelProperty().get());
        assertEquals("Iris: model mlp → paper-mlp, hidden 128 → 8, epochs 2 → 2000, batch 128 → 10, limit 1000 → all"
                + " (as you left them).", vm.messageProperty().get());

        vm.datasetProperty().set(DatasetId.FASHION_MNIST);
        assertEquals(2, vm.epochsProperty().get());
        assertEquals(1000, vm.limitProperty().get());
        assertTrue(vm.messageProperty().get().endsWith("(as you left them)."), vm.messageProperty().get());
    }

    @Test
    void aDatasetThatIsNotHereIsSaidWhenChosenAndItsRunIsRefused() {
        RunViewModel vm = model();
        vm.setDatasetCheck(id -> id == DatasetId.IRIS ? null : id.title() + " is not on this machine: Download it first.");

        vm.datasetProperty().set(DatasetId.CIFAR10);
        assertEquals("CIFAR-10 is not on this machine: Download it first. CIFAR-10: model paper-mlp → resnet20, "
                + "epochs 100 → 10, batch 10 → 128 (its defaults).", vm.messageProperty().get());

        assertNull(vm.start(TowerSpec.parse("sgd(0.1)")));
        assertEquals(List.of(), vm.runs(), "no failed run is added");
        assertEquals(RunViewModel.State.IDLE, vm.stateProperty().get());
        assertEquals("CIFAR-10 is not on this machine: Download it first.", vm.messageProperty().get());
    }

    @Test
    void hiddenSizesThatAreNotNumbersAreSaidInsteadOfRun() {
        RunViewModel vm = model();
        vm.hiddenProperty().set("64, lots");

        assertNull(vm.start(TowerSpec.parse("sgd(0.1)")));

        assertEquals(List.of(), vm.runs());
        assertEquals("The hidden sizes are whole numbers separated by commas, e.g. 128 or 256,128; '64, lots' is not.",
                vm.messageProperty().get());
    }

    @Test
    void theLimitsAreTrainedOnAndRecordedInTheRunsConfiguration() throws Exception {
        RunViewModel vm = model();
        vm.epochsProperty().set(3);
        vm.limitProperty().set(20);
        vm.testLimitProperty().set(50);

        RunData run = vm.start(TowerSpec.parse("sgd(0.1)"));
        vm.drain();

        assertEquals(RunStatus.COMPLETED, run.endedProperty().get().status(), run.endedProperty().get().message());
        assertEquals(6, run.steps(), "3 epochs of 2 batches: the first 20 of Iris's 30 labeled rows");
        JsonNode config = new ObjectMapper().readTree(run.folder().resolve("run.json").toFile()).get("configuration");
        assertEquals(20, config.get("limit").asInt(), config.toString());
        assertEquals(50, config.get("test_limit").asInt(), config.toString());
    }

    @Test
    void aPastRunsSettingsBringTheirLimitsBack() {
        RunViewModel vm = model();
        vm.limitProperty().set(500);
        vm.testLimitProperty().set(100);
        var config = vm.config(TowerSpec.parse("sgd(0.1)"));
        RunViewModel other = model();

        other.applySettings(config);

        assertEquals(500, other.limitProperty().get());
        assertEquals(100, other.testLimitProperty().get());
    }

    @Test
    void aRunReportsItsProgressAsAFractionOfItsSteps() {
        RunViewModel vm = model();
        vm.epochsProperty().set(40); // 120 steps: a progress line every 10
        List<Double> seen = new ArrayList<>();
        vm.progressFractionProperty().addListener((obs, old, now) -> seen.add(now.doubleValue()));

        vm.start(TowerSpec.parse("sgd(0.1)"));
        vm.drain();

        assertEquals(-1, seen.get(0), "being set up");
        assertEquals(1 / 120.0, seen.get(1), 1e-12, "after step 1");
        assertEquals(111 / 120.0, seen.get(seen.size() - 2), 1e-12, "after step 111, the last line");
        assertEquals(0, seen.get(seen.size() - 1), "nothing runs any more");
    }
}
