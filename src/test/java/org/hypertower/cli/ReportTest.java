package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} rebuilds what it shows from the runs a folder holds now, not from an old summary:
 * a run whose run.json is garbage or whose folder was deleted counts as failed, a missing
 * sweep.csv is rebuilt, and a broken summary file is named with its line and field.
 */
class ReportTest {

    @TempDir
    Path dir;


    @Test
    void aSweepsReportIsRebuiltFromTheRunsItsFolderHoldsNow() throws IOException {
        Path out = dir.resolve("sweep");
        CliResult sweep = CliResult.execute("sweep", "--tower-template", "sgd", "--alphas", "0.01,0.1,1", "--heights", "0", "--seeds",
                "1", "--epochs", "2", "--workers", "2", "--out", out.toString());
        assertEquals(0, sweep.code(), sweep.err());
        Path runs = out.resolve("runs");
        Files.writeString(runs.resolve("h0_a0.01_s0").resolve("run.json"), "{\"status\": \"comp");
        try (var files = Files.walk(runs.resolve("h0_a0.1_s0"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(out.resolve("sweep.csv"));

        CliResult report = CliResult.execute("report", out.toString());

        assertEquals(0, report.code(), report.err());
        assertEquals("", report.err());
        List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(4, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("0,0.01,0,failed,,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("0,0.1,0,failed,,"), rows.get(2));
        assertTrue(rows.get(3).startsWith("0,1.0,0,completed,"), rows.get(3));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, html.split("&ndash; \\(1f\\)", -1).length - 1, "both broken runs show as failed, without numbers");
    }

    @Test
    void aSweepCsvWithABadNumberIsNamedWithItsLineAndField() throws IOException {
        Path legacy = Files.createDirectories(dir.resolve("legacy"));
        Files.writeString(legacy.resolve("sweep.csv"), "height,alpha0,seed,status,final_train_loss,test_error\n"
                + "0,0.1,0,completed,1.0,0.5\n0,abc,1,completed,1.0,0.5\n");

        CliResult report = CliResult.execute("report", legacy.toString());

        assertEquals(2, report.code(), report.err());
        assertEquals(List.of("hypertower: " + legacy.resolve("sweep.csv") + " line 3: alpha0 is 'abc', not a number; fix "
                + "or remove that line."), report.err().lines().toList());
    }

    @Test
    void aFolderWithNeitherPlanNorSweepSaysWhatItNeeds() {
        CliResult report = CliResult.execute("report", dir.toString());

        assertEquals(2, report.code(), report.err());
        assertEquals(List.of("hypertower: No experiment in " + dir + " (no experiment.json or sweep.csv); pass the folder an "
                + "experiment wrote (its --out)."), report.err().lines().toList());
    }
}
