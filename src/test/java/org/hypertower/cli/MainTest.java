package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.engine.Versions;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The headless command line: exit codes, what goes to stdout and stderr, and the files train and replay write. */
class MainTest {

    private static final String STEP_HEADER_START = "step,epoch,loss,accuracy,0.alpha,0.mu,1.alpha,1.mu";

    @TempDir
    Path dir;



    private static Path reference(String name) {
        try {
            return Path.of(MainTest.class.getResource("/reference/" + name + ".json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** A user error: code 2, one "hypertower: " line, at most the usage hint after it, no stack trace. */
    private static void assertUsageError(CliResult r, String fragment) {
        assertEquals(Main.USAGE, r.code(), r.err());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line:\n" + r.err());
        assertTrue(lines.get(0).startsWith("hypertower: "), lines.get(0));
        assertTrue(lines.get(0).contains(fragment), () -> "'" + lines.get(0) + "' should contain '" + fragment + "'");
        assertFalse(r.err().contains("at org."), "no stack trace");
        assertFalse(r.err().contains("Exception"), "no exception names");
    }

    // ---------------------------------------------------------------- usage

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "replay", "bench"})
    void helpPrintsUsageAndExitsZero(String command) {
        CliResult r = command.isEmpty() ? CliResult.execute("--help") : CliResult.execute(command, "--help");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: hypertower" + (command.isEmpty() ? "" : " " + command) + " "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void linkingFileCallsAheadLeavesNothingBehindAndNeverThrows(@TempDir Path folder) throws IOException {
        Main.linkFileNatives(folder);
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList());
        }
        Main.linkFileNatives(folder.resolve("not-there")); // cannot write: links less, quietly
        assertFalse(Files.exists(folder.resolve("not-there")));
    }

    @Test
    void noArgumentsPrintUsageAndExitZero() {
        CliResult r = CliResult.execute();

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: hypertower "), r.out());
        assertTrue(r.out().contains("train") && r.out().contains("replay") && r.out().contains("bench"),
                "the commands are listed: " + r.out());
        assertEquals("", r.err());
    }

    @Test
    void versionNamesHypertowersVersion() {
        CliResult r = CliResult.execute("--version");

        assertEquals(0, r.code(), r.err());
        assertEquals("hypertower " + Versions.hypertower(), r.out().strip());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badTowerSpecExitsTwoWithExactlyOneLineNamingThePosition() {
        CliResult r = CliResult.execute("train", "--tower", "sgd(alpha=-1)", "--out", dir.resolve("run").toString());

        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("position 11"), r.err());
        assertTrue(r.err().contains("sgd alpha must be >= 0, not -1.0."), r.err());
        assertFalse(r.err().contains("at org."), r.err());
        assertEquals("", r.out());
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--out", "DIR", "--bogus"), "Unknown option: '--bogus'"),
                Arguments.of(List.of("frobnicate"), "'frobnicate'"),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--model", "resnet", "--out", "DIR"),
                        "Unknown --model 'resnet'; use one of paper-mlp, mlp, cnn, resnet20."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--dataset", "imagenet", "--out", "DIR"),
                        "Unknown --dataset 'imagenet'; use one of iris, mnist, fashion-mnist, cifar10, cifar100."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--epochs", "0", "--out", "DIR"),
                        "--epochs must be at least 1, not 0."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--epochs", "ten", "--out", "DIR"),
                        "'ten' is not a whole number"),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--labeled-fraction", "1.5", "--out", "DIR"),
                        "--labeled-fraction must be between 0 and 1 (exclusive), not 1.5."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--precision", "float16", "--out", "DIR"),
                        "Unknown --precision 'float16'; use float32 or float64."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)"), "Missing required option: '--out=DIR'"),
                Arguments.of(List.of("train", "--out", "DIR"), "train needs --tower SPEC, or --follow RUN_DIR"),
                Arguments.of(List.of("bench", "--steps", "0"), "--steps"),
                Arguments.of(List.of("bench", "--loader", "--blocks", "0"), "--blocks"),
                Arguments.of(List.of("replay"), "Missing required parameter: 'FILE.json'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("usageErrors")
    void usageErrorExitsTwoWithOneClearLine(List<String> args, String fragment) {
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            resolved.add(a.equals("DIR") ? dir.resolve("run").toString() : a);
        }

        CliResult r = CliResult.execute(resolved.toArray(String[]::new));

        assertUsageError(r, fragment);
        assertFalse(Files.exists(dir.resolve("run")), "nothing is written");
    }

    @Test
    void replayOfAMissingFileExitsTwoNamingTheFile() {
        Path missing = dir.resolve("missing.json");

        CliResult r = CliResult.execute("replay", missing.toString());

        assertUsageError(r, missing.toString());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void replayOfAFileThatIsNotJsonExitsTwoWithOneLine() throws IOException {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "these are notes, not { JSON\n");

        CliResult r = CliResult.execute("replay", file.toString());

        assertUsageError(r, file.toString());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void replayOfJsonNotInTheReferenceFormatExitsTwoWithOneLine() throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"tower\": \"sgd(0.1)\", \"problem\": {\"features\": [[1, 2, 3, 4]]}}\n");

        CliResult r = CliResult.execute("replay", file.toString());

        assertUsageError(r, "not in the reference format");
        assertTrue(r.err().contains(file.toString()), r.err());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void replayOfAReferenceWithABadTowerExitsTwoWithOneSentence() throws IOException {
        Path file = dir.resolve("bad-tower.json");
        Files.writeString(file, "{\"tower\": \"sgd(-1)\"}\n");

        CliResult r = CliResult.execute("replay", file.toString());

        assertUsageError(r, "position 5: sgd alpha must be >= 0, not -1.0.");
        assertEquals(1, r.errLines().size(), r.err());
        assertFalse(r.err().contains(".."), r.err());
    }

    // ---------------------------------------------------------------- replay

    @Test
    void replayWritesTheCsvFileWithEveryLevelsHyperparameters() throws IOException {
        Path csv = dir.resolve("sgd__sgd.csv");

        CliResult r = CliResult.execute("replay", reference("sgd__sgd").toString(), "--csv", csv.toString());

        assertEquals(0, r.code(), r.err());
        List<String> lines = lines(csv);
        assertEquals("step,loss,0.alpha,0.mu,1.alpha,1.mu", lines.get(0));
        assertEquals(60, lines.size() - 1);
        assertTrue(lines.get(1).startsWith("0,"), lines.get(1));
        assertTrue(lines.get(60).startsWith("59,"), lines.get(60));
        assertEquals("", r.out());
    }

    @Test
    void replayWithoutCsvWritesTheCsvToStdout() {
        CliResult r = CliResult.execute("replay", reference("sgd__sgd").toString());

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.outLines();
        assertEquals("step,loss,0.alpha,0.mu,1.alpha,1.mu", lines.get(0));
        assertEquals(60, lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            assertEquals(6, line.split(",").length, line);
        }
    }

    // ---------------------------------------------------------------- train

    private CliResult trainThreeEpochs(Path out) {
        return CliResult.execute("train", "--tower", "sgd(0.1)/sgd(0.01)", "--epochs", "3", "--out", out.toString());
    }

    @Test
    void trainExitsZeroAndSummarizesTheRun() {
        CliResult r = trainThreeEpochs(dir.resolve("run"));

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("completed: Completed 3 epochs, 9 steps."), r.out());
        assertTrue(r.out().contains("final test accuracy "), r.out());
    }

    @Test
    void trainWritesEveryStepToStepsCsv() throws IOException {
        Path out = dir.resolve("run");

        trainThreeEpochs(out);

        List<String> lines = lines(out.resolve("steps.csv"));
        assertTrue(lines.get(0).startsWith(STEP_HEADER_START), lines.get(0));
        assertEquals(9, lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            assertEquals(Integer.toString(i - 1), fields[0], "step");
            assertEquals(Integer.toString((i - 1) / 3), fields[1], "epoch");
            assertEquals(lines.get(0).split(",").length, fields.length, "a value or an empty field per column");
        }
    }

    @Test
    void trainWritesEveryEpochToEpochsCsv() throws IOException {
        Path out = dir.resolve("run");

        trainThreeEpochs(out);

        List<String> lines = lines(out.resolve("epochs.csv"));
        assertEquals("epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,pseudo_labeled,pseudo_label_accuracy",
                lines.get(0));
        assertEquals(3, lines.size() - 1);
        assertTrue(lines.get(3).startsWith("2,9,"), lines.get(3));
    }

    @Test
    void trainWritesTheRunsManifest() throws IOException {
        Path out = dir.resolve("run");

        trainThreeEpochs(out);

        JsonNode run = json(out.resolve("run.json"));
        assertEquals("completed", run.get("status").asText());
        assertEquals(TowerSpec.parse("sgd(0.1)/sgd(0.01)").toString(), run.get("configuration").get("tower").asText());
        assertEquals("sgd(alpha=0.1) / sgd(alpha=0.01)", run.get("configuration").get("tower").asText());
        assertEquals(3, run.get("configuration").get("epochs").asInt());
        assertEquals(9, run.get("steps").asInt());
        JsonNode accuracy = run.get("final").get("test_accuracy");
        assertTrue(accuracy != null && accuracy.isNumber(), "final.test_accuracy: " + run.get("final"));
        assertTrue(accuracy.asDouble() >= 0 && accuracy.asDouble() <= 1, accuracy.toString());
        assertTrue(run.get("hyperparameters").get("0.alpha").isNumber(), run.get("hyperparameters").toString());
        assertEquals(0.01, run.get("hyperparameters").get("1.alpha").asDouble(), "the top level's alpha is constant");
        assertFalse(run.get("versions").get("djl").asText().isBlank(), run.get("versions").toString());
        assertFalse(run.get("configuration").get("constrained").asBoolean(), "as in the reference by default");
    }

    @Test
    void aSweepTakesThePresetsSettingsAndOptionsGivenExplicitlyWin() throws IOException {
        Path out = dir.resolve("sweep");
        CliResult r = CliResult.execute("sweep", "--preset", "iris", "--epochs", "1", "--tower-template", "sgd", "--alphas", "0.1",
                "--heights", "0", "--seeds", "1", "--workers", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode args = json(out.resolve("experiment.json")).get("train_arguments");
        assertEquals("[\"--dataset\",\"iris\",\"--model\",\"paper-mlp\",\"--hidden\",\"8\",\"--epochs\",\"1\","
                + "\"--limit\",\"0\",\"--test-limit\",\"0\",\"--batch-size\",\"10\"]", args.toString());
        assertEquals(2, CliResult.execute("sweep", "--preset", "imagenet", "--tower-template", "sgd", "--alphas", "0.1", "--out",
                out.toString()).code());
    }

    @Test
    void constrainedTrainingIsRecordedAndReadBack() throws IOException {
        Path out = dir.resolve("run");
        CliResult r = CliResult.execute("train", "--tower", "sgd(0.1)/sgd(0.01)", "--epochs", "1", "--constrained", "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode run = json(out.resolve("run.json"));
        assertTrue(run.get("configuration").get("constrained").asBoolean());
        assertTrue(org.hypertower.export.RunManifest.readConfiguration(run.get("configuration")).constrained());
    }

    @Test
    void divergingTrainExitsZeroAndRecordsTheDivergedStatus() throws IOException {
        Path out = dir.resolve("run");

        CliResult r = CliResult.execute("train", "--model", "mlp", "--tower", "sgd(0.1) / sgd(1e12)", "--epochs", "10", "--out",
                out.toString());

        assertEquals(0, r.code(), r.err());
        JsonNode run = json(out.resolve("run.json"));
        assertEquals("diverged", run.get("status").asText());
        assertTrue(run.get("message").asText().startsWith("Diverged at step " + run.get("steps").asInt() + ": "),
                run.get("message").asText());
        assertTrue(r.out().contains("diverged: Diverged at step "), r.out());
    }

    @Test
    void divergingTrainKeepsTheStepsBeforeTheDivergence() throws IOException {
        Path out = dir.resolve("run");

        CliResult.execute("train", "--model", "mlp", "--tower", "sgd(0.1) / sgd(1e12)", "--epochs", "10", "--out", out.toString());

        int steps = json(out.resolve("run.json")).get("steps").asInt();
        assertTrue(steps >= 1 && steps < 30, "diverged after some steps: " + steps);
        List<String> lines = lines(out.resolve("steps.csv"));
        assertTrue(lines.get(0).startsWith(STEP_HEADER_START), lines.get(0));
        assertEquals(steps, lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith((i - 1) + ","), lines.get(i));
        }
    }

    // ---------------------------------------------------------------- bench

    @Test
    void benchEndsWithTheOverheadRatio() {
        // bench sets PyTorch's thread properties for the process; leave them as they were for the other tests
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        String interop = System.getProperty("ai.djl.pytorch.num_interop_threads");
        CliResult r;
        try {
            r = CliResult.execute("bench", "--steps", "20", "--blocks", "2", "--warmup", "2");
        } finally {
            restore("ai.djl.pytorch.num_threads", threads);
            restore("ai.djl.pytorch.num_interop_threads", interop);
        }

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.outLines();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("overhead_ratio=\\d+\\.\\d+"), last);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
