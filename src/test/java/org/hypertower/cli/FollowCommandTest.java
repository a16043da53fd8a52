package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.engine.StepMetrics;
import org.hypertower.export.RecordedRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --follow RUN_DIR} trains a tower run's bottom optimizer alone with the path the tower
 * learned, and reproduces the tower's losses; {@code export-schedule} writes that path; bad input is
 * one sentence and exit code 2.
 */
class FollowCommandTest {

    /** The float32 parity tolerance of the reference checks: relative to the loss, absolute below 1. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path shared;

    static Path tower;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATower() {
        tower = shared.resolve("tower");
        CliResult r = CliResult.execute("train", "--tower", "sgd(alpha=0.05, mu=0.5) / sgd(alpha=0.01)", "--epochs", "4",
                "--seed", "3", "--quiet", "--out", tower.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void followingReproducesTheTowerRunsLossAtEveryStep() throws IOException {
        Path follow = dir.resolve("follow");
        CliResult r = CliResult.execute("train", "--follow", tower.toString(), "--quiet", "--out", follow.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("following the alpha, mu that sgd(alpha=0.05, mu=0.5) / sgd(alpha=0.01) learned in "),
                r.err());
        RecordedRun ref = RecordedRun.read(tower);
        RecordedRun got = RecordedRun.read(follow);
        assertEquals("sgd(alpha=0.05, mu=0.5)", got.config().tower().toString(), "the bottom level alone");
        assertEquals(List.of("0.alpha", "0.mu"), got.keys());
        assertEquals(3, got.config().seed(), "the seed defaults to the followed run's");
        assertEquals(ref.steps().size(), got.steps().size());
        boolean moved = false;
        for (int t = 0; t < ref.steps().size(); t++) {
            StepMetrics a = ref.steps().get(t);
            StepMetrics b = got.steps().get(t);
            assertEquals(a.loss(), b.loss(), TOLERANCE * Math.max(1, Math.abs(a.loss())), "loss at step " + t);
            assertEquals(a.hyperparameters()[0], b.hyperparameters()[0], 0, "0.alpha at step " + t);
            assertEquals(a.hyperparameters()[1], b.hyperparameters()[1], 0, "0.mu at step " + t);
            moved |= a.hyperparameters()[0] != 0.05 && a.hyperparameters()[1] != 0.5;
        }
        assertTrue(moved, "the tower learned a path: a test of following a constant would prove little");
        JsonNode manifest = new ObjectMapper().readTree(follow.resolve("run.json").toFile());
        assertEquals(tower.toString(), manifest.get("follow").get("run").asText());
        assertEquals(ref.steps().size(), manifest.get("follow").get("steps").asInt());
        assertFalse(manifest.get("follow").has("held_from_step"));
    }

    @Test
    void explicitOptionsWinAndStepsPastThePathHoldItsLastValues() throws IOException {
        Path follow = dir.resolve("longer");
        CliResult r = CliResult.execute("train", "--follow", tower.toString(), "--epochs", "6", "--seed", "1", "--quiet",
                "--out", follow.toString());
        assertEquals(0, r.code(), r.err());
        RecordedRun ref = RecordedRun.read(tower);
        RecordedRun got = RecordedRun.read(follow);
        int n = ref.steps().size();
        assertEquals(1, got.config().seed());
        assertEquals(6 * n / 4, got.steps().size());
        assertTrue(r.err().contains("The schedule has " + n + " steps and this run takes " + 6 * n / 4 + ": steps " + n
                + " to " + (6 * n / 4 - 1) + " hold its last values (alpha = "), r.err());
        double last = ref.steps().get(n - 1).hyperparameters()[0];
        for (int t = 0; t < got.steps().size(); t++) {
            double expected = ref.steps().get(Math.min(t, n - 1)).hyperparameters()[0];
            assertEquals(expected, got.steps().get(t).hyperparameters()[0], 0, "0.alpha at step " + t);
        }
        assertEquals(last, got.steps().get(got.steps().size() - 1).hyperparameters()[0], 0);
        JsonNode manifest = new ObjectMapper().readTree(follow.resolve("run.json").toFile());
        assertEquals(n, manifest.get("follow").get("held_from_step").asInt());
    }

    @Test
    void exportScheduleWritesThePathAsCsvAndJsonExactly() throws IOException {
        Path out = dir.resolve("export");
        CliResult r = CliResult.execute("export-schedule", tower.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        RecordedRun ref = RecordedRun.read(tower);
        List<String> csv = Files.readAllLines(out.resolve("schedule.csv"));
        assertEquals("step,alpha,mu", csv.get(0));
        assertEquals(ref.steps().size() + 1, csv.size());
        for (int t = 0; t < ref.steps().size(); t++) {
            String[] cells = csv.get(t + 1).split(",");
            assertEquals(Integer.toString(t), cells[0]);
            assertEquals(ref.steps().get(t).hyperparameters()[0], Double.parseDouble(cells[1]), 0);
            assertEquals(ref.steps().get(t).hyperparameters()[1], Double.parseDouble(cells[2]), 0);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("schedule.json").toFile());
        assertEquals("sgd(alpha=0.05, mu=0.5)", json.get("layer").asText());
        assertEquals(3, json.get("source").get("seed").asInt());
        assertEquals("iris", json.get("source").get("dataset").asText());
        assertEquals(ref.steps().size(), json.get("values").get("alpha").size());
        assertEquals(ref.steps().get(7).hyperparameters()[0], json.get("values").get("alpha").get(7).asDouble(), 0);

        Path single = dir.resolve("alpha.json");
        r = CliResult.execute("export-schedule", tower.toString(), "--out", single.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(single));
        assertFalse(Files.exists(dir.resolve("alpha.csv")), "a .json file asks for JSON alone");
    }

    @Test
    void followWithTowerIsRefused() {
        assertRefused(CliResult.execute("train", "--follow", tower.toString(), "--tower", "sgd(0.05)", "--out",
                dir.resolve("x").toString()), "--follow trains the bottom level of the followed run's tower, so --tower is "
                        + "not needed; leave out one of them.");
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void trainWithoutTowerOrFollowIsRefused() {
        assertRefused(CliResult.execute("train", "--out", dir.resolve("x").toString()), "train needs --tower SPEC, or "
                + "--follow RUN_DIR to follow the path a tower run learned; run 'hypertower train --help' for usage.");
    }

    @Test
    void aPlainRunHasNoPathToFollow() {
        Path plain = dir.resolve("plain");
        assertEquals(0, CliResult.execute("train", "--tower", "sgd(0.05)", "--epochs", "1", "--quiet", "--out",
                plain.toString()).code());
        assertRefused(CliResult.execute("train", "--follow", plain.toString(), "--out", dir.resolve("x").toString()),
                plain + " was trained by a plain sgd(alpha=0.05): no level above it learned its hyperparameters, so there "
                        + "is no path to follow; give a tower run (two levels or more).");
        assertRefused(CliResult.execute("export-schedule", plain.toString()), plain + " was trained by a plain "
                + "sgd(alpha=0.05): no level above it learned its hyperparameters, so there is no path to follow; give a "
                + "tower run (two levels or more).");
    }

    @Test
    void foldersThatHoldNoRunAreRefused() throws IOException {
        Path missing = dir.resolve("missing");
        assertRefused(CliResult.execute("train", "--follow", missing.toString(), "--out", dir.resolve("x").toString()),
                "There is no run folder " + missing + "; give the folder a tower run was trained into (its --out).");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertRefused(CliResult.execute("export-schedule", file.toString()), file + " is a file, not a run's folder; "
                + "give the folder a tower run was trained into (its --out).");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(CliResult.execute("train", "--follow", empty.toString(), "--out", dir.resolve("x").toString()),
                "No run in " + empty + ": run.json is missing; give the folder a tower run was trained into (its --out).");
        Path noSteps = copyOfTower("nosteps");
        Files.delete(noSteps.resolve("steps.csv"));
        assertRefused(CliResult.execute("train", "--follow", noSteps.toString(), "--out", dir.resolve("x").toString()),
                "No steps.csv in " + noSteps + ": the run recorded no step; give a tower run that trained.");
    }

    @Test
    void aCorruptStepsCsvIsNamedWithItsLine() throws IOException {
        Path corrupt = copyOfTower("corrupt");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(corrupt.resolve("steps.csv")));
        String[] cells = lines.get(4).split(",", -1);
        cells[4] = "zero";
        lines.set(4, String.join(",", cells));
        Files.write(corrupt.resolve("steps.csv"), lines);
        assertRefused(CliResult.execute("train", "--follow", corrupt.toString(), "--out", dir.resolve("x").toString()),
                corrupt.resolve("steps.csv") + " is corrupt at line 5: it is not a row of numbers; train the run again.");
        lines = new java.util.ArrayList<>(Files.readAllLines(tower.resolve("steps.csv")));
        lines.remove(3);
        Files.write(corrupt.resolve("steps.csv"), lines);
        assertRefused(CliResult.execute("export-schedule", corrupt.toString()), corrupt.resolve("steps.csv")
                + " is corrupt at line 4: it is step 3 where step 2 belongs; train the run again.");
    }

    @Test
    void aLearningRateThatTurnedNegativeIsFollowedAsTheTowerTookIt() throws IOException {
        Path negative = copyOfTower("negative");
        setCell(negative.resolve("steps.csv"), 2, "0.alpha", "-0.002");
        Path follow = dir.resolve("x");
        CliResult r = CliResult.execute("train", "--follow", negative.toString(), "--quiet", "--out", follow.toString());
        assertEquals(0, r.code(), r.err());
        int n = RecordedRun.read(tower).steps().size();
        assertTrue(r.err().contains("hypertower: The path's alpha is outside >= 0 at 1 of its " + n + " steps (first at "
                + "step 2), as the tower's was (an unconstrained tower lets a learned value do that); it is followed as it "
                + "is."), r.err());
        assertEquals(-0.002, RecordedRun.read(follow).steps().get(2).hyperparameters()[0], 0);
    }

    @Test
    void aValueTheLayerCannotHoldIsRefused() throws IOException {
        Path adam = dir.resolve("adam");
        assertEquals(0, CliResult.execute("train", "--tower", "adam(alpha=0.01) / sgd(alpha=1e-4)", "--epochs", "1",
                "--quiet", "--out", adam.toString()).code());
        setCell(adam.resolve("steps.csv"), 2, "0.beta1", "1.5");
        assertRefused(CliResult.execute("train", "--follow", adam.toString(), "--out", dir.resolve("x").toString()),
                "The schedule's beta1 at step 2 cannot be followed by a plain adam(alpha=0.01): 0.beta1 must be a finite "
                        + "number in (0, 1), not 1.5.");
        assertFalse(Files.exists(dir.resolve("x")));
    }

    /** Replaces one value of a steps.csv: the column named, the row of a step. */
    private static void setCell(Path steps, int step, String column, String value) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(steps));
        int c = List.of(lines.get(0).split(",", -1)).indexOf(column);
        String[] cells = lines.get(step + 1).split(",", -1);
        cells[c] = value;
        lines.set(step + 1, String.join(",", cells));
        Files.write(steps, lines);
    }

    @Test
    void exportScheduleRefusesAFormatItsFileDoesNotHave() {
        assertRefused(CliResult.execute("export-schedule", tower.toString(), "--out", dir.resolve("a.csv").toString(),
                "--format", "json"), "--out " + dir.resolve("a.csv") + " ends in .csv but --format is json; give a .json "
                        + "file, or a folder.");
        assertRefused(CliResult.execute("export-schedule", tower.toString(), "--format", "xml"),
                "Unknown --format 'xml'; use csv, json or both.");
    }

    private Path copyOfTower(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        for (String f : List.of("run.json", "steps.csv", "epochs.csv")) {
            Files.copy(tower.resolve(f), copy.resolve(f));
        }
        return copy;
    }

    private static void assertRefused(CliResult r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("hypertower: " + expected), r.errLines());
    }
}
