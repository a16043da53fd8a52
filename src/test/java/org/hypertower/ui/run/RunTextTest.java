package org.hypertower.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StepMetrics;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names, status lines and tooltips of the runs list, from the runs' data alone. */
class RunTextTest {

    private static RunConfig config(String tower, String dataset) {
        return new RunConfig(new DataConfig(dataset, null, 0, 0, false, false, 0.2, 0), "paper-mlp", new int[] {8},
                TowerSpec.parse(tower), 100, 10, 0, "float32", "cpu", false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TOWER         | adam(alpha=0.001) / sgd(alpha=1e-05) | iris          | adam(0.001) / sgd(1e-5) · Iris",
        "BASELINE      | adam(alpha=0.001)                    | iris          | baseline adam(0.001) · Iris",
        "LEARNED_RERUN | adam(alpha=0.0034123)                | iris          | learned re-run adam(0.0034) · Iris",
        "TOWER         | sgd(0.1) / sgd(0.01) / sgd(1e-4)     | fashion-mnist | sgd(0.1) / sgd(0.01) / sgd(0.0001) · Fashion-MNIST",
    })
    void namesSayWhatARunIsItsTowerAndItsDataset(RunKind kind, String tower, String dataset, String name) {
        assertEquals(name, RunText.name(kind, config(tower, dataset)));
    }

    @ParameterizedTest
    @CsvSource({
        "0.001, 0.001", "1e-5, 1e-5", "0.0034123, 0.0034", "0.1, 0.1", "1, 1", "2.5e7, 2.5e7", "-0.02, -0.02",
        "0, 0", "1e-4, 0.0001", "0.000099, 9.9e-5", "123456, 120000", "NaN, nan",
    })
    void shortNumbersKeepTwoSignificantDigits(double value, String text) {
        assertEquals(text, RunText.shortNumber(value, 2));
    }

    @Test
    void theStatusLineSaysQueuedRunningOrHowItEndedWithTheLastTestAccuracyAndTrainLoss() {
        RunData run = new RunData("a", RunKind.TOWER, config("sgd(0.1)", "iris"), Path.of("runs", "a"));
        assertEquals("queued", RunText.statusLine(run));
        run.setKeys(List.of("0.alpha", "0.mu"));
        assertEquals("running, epoch 1 of 100", RunText.statusLine(run));
        run.append(new StepMetrics(0, 0, 1.0986, 0.3, new double[] {0.1, 0}, new double[] {Double.NaN, Double.NaN}));
        assertEquals("running, epoch 1 of 100 · loss 1.1", RunText.statusLine(run));
        run.append(new EpochMetrics(0, 1, 0.8123, 0.5, 0.9, 0.9666));
        assertEquals("running, epoch 2 of 100 · test acc 96.7% · train loss 0.812", RunText.statusLine(run));
        run.end(new RunEnded(RunStatus.COMPLETED, 1, "Completed 100 epochs, 1 steps."));
        assertEquals("completed · test acc 96.7% · train loss 0.812", RunText.statusLine(run));
        run.end(new RunEnded(RunStatus.DIVERGED, 1, "Diverged at step 1."));
        assertEquals("diverged at step 1 · test acc 96.7% · train loss 0.812", RunText.statusLine(run));
    }

    @Test
    void theTooltipHoldsTheFullTowerTheSettingsTheStatusTheMessageAndTheFolder() {
        RunData run = new RunData("adam(0.001) / sgd(1e-5) · Iris", RunKind.TOWER,
                config("adam(alpha=0.001) / sgd(alpha=1e-05)", "iris"), Path.of("runs", "first"));
        run.end(new RunEnded(RunStatus.STOPPED, 0, "Stopped after 0 steps."));
        String tip = RunText.tooltip(run);
        assertEquals(List.of("adam(alpha=0.001) / sgd(alpha=1e-05)", "Tower run on Iris (20% labeled)",
                "paper-mlp hidden 8, 100 epochs, batch 10, seed 0, cpu", "stopped", "Stopped after 0 steps.",
                "Files: " + Path.of("runs", "first")), tip.lines().toList());
        RunData baseline = new RunData("b", RunKind.BASELINE, config("adam(alpha=0.001)", "iris"), Path.of("b"));
        assertTrue(RunText.tooltip(baseline).contains("Baseline: the bottom optimizer, frozen"), RunText.tooltip(baseline));
    }

    @Test
    void aRunFoldersNameTellsTheKindOfTheRunItHolds() {
        assertEquals(RunKind.BASELINE, RunKind.ofFolderName("20250101-120000-baseline_adam_alpha_0.001_"));
        assertEquals(RunKind.LEARNED_RERUN, RunKind.ofFolderName("20250101-120000-learned_adam_alpha_0.0034_-1"));
        assertEquals(RunKind.TOWER, RunKind.ofFolderName("20250101-120000-adam_alpha_0.001_sgd_alpha_1e-05_"));
        assertEquals(RunKind.TOWER, RunKind.ofFolderName("my-run"));
    }
}
