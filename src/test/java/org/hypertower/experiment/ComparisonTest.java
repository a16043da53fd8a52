package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Towers compared on the same seeds in worker processes: curves, summary, report, resume. */
class ComparisonTest {

    @Test
    void aComparisonSummarizesEveryTowerOverItsSeedsAndResumesWithoutRerunning(@TempDir Path out) throws Exception {
        Comparison.Config config = new Comparison.Config("test", List.of(TowerSpec.parse("sgd(alpha=0.1)"),
                TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)")), 2, 2, out,
                List.of("--dataset", "iris", "--epochs", "3"));
        List<Comparison.TowerResult> results = new Comparison(config).run(new WorkerPool.Listener() { });
        assertEquals(2, results.size());
        for (Comparison.TowerResult r : results) {
            assertEquals(2, r.runs(), r.toString());
            assertTrue(r.testErrorMean() >= 0 && r.testErrorMean() <= 1, r.toString());
            assertEquals(3, r.curves().epochs().length);
            assertEquals(2, r.curves().seeds()[2], "both seeds reached the last epoch");
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("tower,runs,diverged,failed,test_error_mean,test_error_std", summary.get(0));
        assertEquals(3, summary.size());
        assertEquals(1 + 2 * 3, Files.readAllLines(out.resolve("curves.csv")).size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
        assertTrue(Files.exists(out.resolve("runs/t1_s1/steps.csv")));

        AtomicInteger kept = new AtomicInteger();
        List<Comparison.TowerResult> again = new Comparison(config).run(new WorkerPool.Listener() {
            @Override
            public void finished(WorkerPool.Result r, boolean wasKept) {
                if (wasKept) {
                    kept.incrementAndGet();
                }
            }
        });
        assertEquals(4, kept.get(), "every finished run is kept");
        assertEquals(results.get(1).testErrorMean(), again.get(1).testErrorMean(), 1e-12);
    }

    @Test
    void theReportCommandRewritesAComparisonFromItsRunsWithoutTrainingAnything(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "c", "sgd(alpha=0.1); sgd(alpha=0.1) / sgd(0.01)",
                List.of(), List.of(), 1, List.of("--dataset", "iris", "--epochs", "2"));
        List<Comparison.TowerResult> first = plan.run(dir, 2, (a, b, c, d, e) -> { }).towerResults();
        Files.delete(dir.resolve("report.html"));
        Files.delete(dir.resolve("summary.csv"));
        // one run is lost: the report counts it as failed and does not train it again
        try (var files = Files.walk(dir.resolve("runs/t1_s0"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = org.hypertower.cli.Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        assertEquals(0, cli.execute("report", dir.toString()), out.toString());
        assertEquals("wrote " + dir.resolve("report.html"), out.toString().trim());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertTrue(summary.get(1).startsWith("sgd(alpha=0.1),1,0,0,"), summary.toString());
        assertTrue(summary.get(2).startsWith("sgd(alpha=0.1) / sgd(alpha=0.01),0,0,1,"), summary.toString());
        assertFalse(Files.exists(dir.resolve("runs/t1_s0")), "nothing was trained");
        assertTrue(summary.get(1).contains(String.format(java.util.Locale.ROOT, "%.6g", first.get(0).testErrorMean())),
                summary.get(1));

        assertEquals(2, cli.execute("report", dir.resolve("runs").toString()));
        assertTrue(out.toString().contains("No experiment in"), out.toString());
    }

    @Test
    void theCifar100PresetRunsResNet20InWorkersOnFilesInTheRealFormat(@TempDir Path dir) throws Exception {
        // the seed paper's CIFAR-100 setting, end to end from the command line, on a small generated archive
        org.hypertower.data.DatasetFiles.writeDataset(org.hypertower.data.DatasetId.CIFAR100, dir.resolve("data"));
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = org.hypertower.cli.Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        int code = cli.execute("experiment", "stack", "--preset", "cifar100", "--epochs", "1", "--max-height", "1",
                "--seeds", "1", "--workers", "2", "--data-dir", dir.resolve("data").toString(), "--out",
                dir.resolve("exp").toString());
        assertEquals(0, code, out.toString());
        String summary = Files.readString(dir.resolve("exp/summary.csv"));
        assertTrue(summary.contains("sgd(alpha=0.01),1,0,0,"), summary);
        assertTrue(summary.contains("sgd(alpha=0.01) / sgd(alpha=0.01),1,0,0,"), summary);
        String run = Files.readString(dir.resolve("exp/runs/t1_s0/run.json"));
        assertTrue(run.contains("\"model\" : \"resnet20\"") && run.contains("\"dataset\" : \"cifar100\""), run);
        assertTrue(run.contains("\"status\" : \"completed\""), run);
    }

    @Test
    void tableOneRunsTheTowerItsFrozenBaselineAndTheReRunAtItsLearnedValues(@TempDir Path out) throws Exception {
        Comparison.Config config = new Comparison.Config("t1", List.of(TowerSpec.parse("sgd(alpha=0.05) / sgd(alpha=0.01)")),
                1, 2, out, List.of("--dataset", "iris", "--epochs", "3"));
        List<LearnedValuesTable.Row> rows = new LearnedValuesTable(config).run(new WorkerPool.Listener() { });
        LearnedValuesTable.Row row = rows.get(0);
        assertEquals(1, (int) row.towerError()[2]);
        assertEquals(1, (int) row.baselineError()[2]);
        assertEquals(1, (int) row.learnedError()[2]);
        String baseline = Files.readString(out.resolve("runs/baseline0_s0/run.json"));
        assertTrue(baseline.contains("\"tower\" : \"sgd(alpha=0.05)\""), "the baseline is the frozen bottom level");
        String learned = Files.readString(out.resolve("runs/learned0_s0/run.json"));
        String towerRun = Files.readString(out.resolve("runs/tower0_s0/run.json"));
        com.fasterxml.jackson.databind.JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(towerRun);
        double learnedAlpha = t.get("hyperparameters").get("0.alpha").asDouble();
        com.fasterxml.jackson.databind.JsonNode l = new com.fasterxml.jackson.databind.ObjectMapper().readTree(learned);
        assertEquals(learnedAlpha, TowerSpec.parse(l.get("configuration").get("tower").asText()).level(0).value("alpha"),
                1e-15, "the re-run starts at the tower's final alpha");
        assertEquals(2, Files.readAllLines(out.resolve("table1.csv")).size());
    }

    @Test
    void tableOnesFourthColumnFollowsThePathTheTowerLearnedOnTheNextSeed(@TempDir Path out) throws Exception {
        Comparison.Config config = new Comparison.Config("t1", List.of(TowerSpec.parse("sgd(alpha=0.05) / sgd(alpha=0.01)")),
                2, 2, out, List.of("--dataset", "iris", "--epochs", "3"));
        LearnedValuesTable.Row row = new LearnedValuesTable(config).run(new WorkerPool.Listener() { }).get(0);
        assertEquals(2, (int) row.followError()[2]);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int s = 0; s < 2; s++) {
            Path followed = out.resolve("runs/tower0_s" + (1 - s));
            com.fasterxml.jackson.databind.JsonNode run = json.readTree(out.resolve("runs/follow0_s" + s + "/run.json")
                    .toFile());
            assertEquals(followed.toAbsolutePath().toString(), run.get("follow").get("run").asText(),
                    "seed " + s + " follows the other seed's tower");
            assertEquals(s, run.get("configuration").get("seed").asInt(), "on its own seed");
            assertEquals("sgd(alpha=0.05)", run.get("configuration").get("tower").asText());
            List<org.hypertower.engine.StepMetrics> path = org.hypertower.export.RecordedRun.read(followed).steps();
            List<org.hypertower.engine.StepMetrics> steps = org.hypertower.export.RecordedRun.read(out.resolve(
                    "runs/follow0_s" + s)).steps();
            assertEquals(path.size(), steps.size());
            for (int t = 0; t < steps.size(); t++) {
                assertEquals(path.get(t).hyperparameters()[0], steps.get(t).hyperparameters()[0], 0, "0.alpha at " + t);
            }
        }
        List<String> csv = Files.readAllLines(out.resolve("table1.csv"));
        assertTrue(csv.get(0).endsWith(",follow_other_seed_error_mean,follow_other_seed_error_std"), csv.get(0));
        assertTrue(Files.readString(out.resolve("table1.html")).contains("<th>following the path of another seed</th>"));
    }

    @Test
    void withOneSeedTheFourthColumnFollowsItsOwnPathAndReproducesTheTower(@TempDir Path out) throws Exception {
        Comparison.Config config = new Comparison.Config("t1", List.of(TowerSpec.parse("sgd(alpha=0.05) / sgd(alpha=0.01)")),
                1, 1, out, List.of("--dataset", "iris", "--epochs", "3"));
        LearnedValuesTable.Row row = new LearnedValuesTable(config).run(new WorkerPool.Listener() { }).get(0);
        assertEquals(1, (int) row.followError()[2]);
        assertEquals(row.towerError()[0], row.followError()[0], 1e-12);
    }

    @Test
    void aLearnedValueOutOfRangeLeavesNoReRun() throws Exception {
        com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"hyperparameters\":{\"0.alpha\":-0.01,\"0.mu\":0.0,\"1.alpha\":0.01}}");
        assertEquals(null, LearnedValuesTable.learnedBottom(TowerSpec.parse("sgd(0.1)").level(0), manifest));
        com.fasterxml.jackson.databind.JsonNode good = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"hyperparameters\":{\"0.alpha\":0.2,\"0.mu\":0.0,\"1.alpha\":0.01}}");
        assertEquals("sgd(alpha=0.2, mu=0.0)",
                LearnedValuesTable.learnedBottom(TowerSpec.parse("sgd(0.1)").level(0), good).toString());
    }
}
