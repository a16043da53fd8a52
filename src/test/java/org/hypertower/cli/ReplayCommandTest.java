package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hypertower replay} refuses a reference file it cannot replay faithfully, and a CSV path it
 * cannot write, with one sentence naming the field or the path, and never leaves a CSV behind.
 */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A value no reference holds, written where a test needs a bare NaN token (Jackson writes NaN quoted). */
    private static final double NAN_MARKER = 123456.789;
    private static final String W1 = "initial_parameters[\"layer1.weight\"]";
    private static final String B1 = "initial_parameters[\"layer1.bias\"]";
    private static final String W2 = "initial_parameters[\"layer2.weight\"]";
    private static final String B2 = "initial_parameters[\"layer2.bias\"]";

    @TempDir
    Path dir;



    private static Path reference(String name) {
        try {
            return Path.of(ReplayCommandTest.class.getResource("/reference/" + name + ".json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Code 2, one "hypertower: " line containing the fragment, no stack trace, no exception name. */
    private static void assertOneSentence(CliResult r, String fragment) {
        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(1, r.errLines().size(), () -> "exactly one line:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("hypertower: "), line);
        assertTrue(line.contains(fragment), () -> "'" + line + "' should contain '" + fragment + "'");
        assertFalse(r.err().contains("\tat ") || r.err().contains("at org."), "no stack trace");
        assertFalse(r.err().contains("Exception"), "no exception names");
        assertEquals("", r.out());
    }

    /** Writes sgd__sgd.json with one edit to the folder. */
    private Path variant(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(reference("sgd__sgd").toFile());
        edit.accept(root);
        Path file = dir.resolve("reference.json");
        Files.writeString(file, JSON.writeValueAsString(root).replace(Double.toString(NAN_MARKER), "NaN"));
        return file;
    }

    private static ObjectNode problem(ObjectNode root) {
        return (ObjectNode) root.get("problem");
    }

    private static ArrayNode at(ObjectNode root, String... path) {
        JsonNode node = root;
        for (String p : path) {
            node = p.matches("\\d+") ? node.get(Integer.parseInt(p)) : node.get(p);
        }
        return (ArrayNode) node;
    }

    private static ObjectNode step(ObjectNode root, int t) {
        return (ObjectNode) root.get("steps").get(t);
    }

    private static ObjectNode hyper(ObjectNode root, int t) {
        return (ObjectNode) step(root, t).get("hyper");
    }

    private static Arguments bad(String name, Consumer<ObjectNode> edit, String fragment) {
        return Arguments.of(name, edit, fragment);
    }

    static Stream<Arguments> malformedReferences() {
        return Stream.of(
                bad("no steps", r -> r.putArray("steps"), "steps is empty"),
                bad("a string loss", r -> step(r, 3).put("loss", "abc"), "steps[3].loss is \"abc\", not a number"),
                bad("a null loss", r -> step(r, 3).putNull("loss"), "steps[3].loss is null, not a number"),
                bad("a string hyperparameter", r -> hyper(r, 2).put("0.alpha", "fast"),
                        "steps[2].hyper[\"0.alpha\"] is \"fast\", not a number"),
                bad("a step's hyperparameter missing", r -> hyper(r, 5).remove("0.mu"),
                        "steps[5].hyper has no \"0.mu\""),
                bad("a step's extra hyperparameter", r -> hyper(r, 5).put("0.beta", 0.5),
                        "steps[5].hyper has \"0.beta\""),
                bad("hyperparameters the tower does not learn", r -> {
                    for (var s : r.get("steps")) {
                        ((ObjectNode) s.get("hyper")).set("0.beta", ((ObjectNode) s.get("hyper")).remove("0.mu"));
                    }
                }, "learns 0.alpha, 0.mu, 1.alpha, 1.mu, but its steps[0].hyper has 0.alpha, 1.alpha, 1.mu, 0.beta"),
                bad("a string feature", r -> at(r, "problem", "features", "5").set(2, "x"),
                        "problem.features[5][2] is \"x\", not a number"),
                bad("a boolean feature", r -> at(r, "problem", "features", "5").set(2, true),
                        "problem.features[5][2] is true, not a number"),
                bad("a NaN feature", r -> at(r, "problem", "features", "6").set(1, NAN_MARKER),
                        "problem.features[6][1] is NaN, not a finite number"),
                bad("a feature beyond float32", r -> at(r, "problem", "features", "6").set(1, 1e39),
                        "problem.features[6][1] is 1.0E39, beyond the range of float32"),
                bad("a ragged features row", r -> at(r, "problem", "features", "4").remove(3),
                        "problem.features[4] has 3 values, but problem.features[0] has 4"),
                bad("features wider than the model's input", r -> {
                    for (var row : r.get("problem").get("features")) {
                        ((ArrayNode) row).add(1.0);
                    }
                }, "problem.features has 5 values per row, but " + W1 + " has 4 columns"),
                bad("no features", r -> problem(r).putArray("features"), "problem.features is empty"),
                bad("features not a list", r -> problem(r).putObject("features"), "problem.features is an object, not a list"),
                bad("a string label", r -> at(r, "problem", "labels").set(7, "setosa"),
                        "problem.labels[7] is \"setosa\", not a number"),
                bad("a fractional label", r -> at(r, "problem", "labels").set(7, 1.5),
                        "problem.labels[7] is 1.5, not a whole number"),
                bad("a negative label", r -> at(r, "problem", "labels").set(7, -1), "problem.labels[7] is -1"),
                bad("a label beyond the model's outputs", r -> at(r, "problem", "labels").set(7, 3),
                        "problem.labels[7] is 3"),
                bad("a label missing", r -> at(r, "problem", "labels").remove(149),
                        "problem.labels has 149 values, but problem.features has 150 rows"),
                bad("a batch index beyond the rows", r -> at(r, "problem", "batches", "0").set(1, 999),
                        "problem.batches[0][1] is 999, but there are only 150 rows"),
                bad("a negative batch index", r -> at(r, "problem", "batches", "1").set(0, -1),
                        "problem.batches[1][0] is -1"),
                bad("a string batch index", r -> at(r, "problem", "batches", "1").set(0, "7"),
                        "problem.batches[1][0] is \"7\", not a number"),
                bad("no batches", r -> problem(r).putArray("batches"), "problem.batches is empty"),
                bad("an empty batch", r -> at(r, "problem", "batches").set(2, JSON.createArrayNode()),
                        "problem.batches[2] is empty"),
                bad("a string initial weight", r -> at(r, "initial_parameters", "layer1.weight", "0").set(0, "w"),
                        W1 + "[0][0] is \"w\", not a number"),
                bad("an infinite initial weight", r -> at(r, "initial_parameters", "layer2.bias").set(1, 1e39),
                        B2 + "[1] is 1.0E39, beyond the range of float32"),
                bad("a ragged weight", r -> at(r, "initial_parameters", "layer1.weight", "3").remove(0),
                        W1 + "[3] has 3 values, but " + W1 + "[0] has 4"),
                bad("a bias that does not match its weight", r -> at(r, "initial_parameters", "layer1.bias").remove(0),
                        B1 + " has 7 values, but " + W1 + " has 8 rows"),
                bad("layers that do not chain", r -> {
                    for (var row : r.get("initial_parameters").get("layer2.weight")) {
                        ((ArrayNode) row).remove(0);
                    }
                }, W2 + " has 7 columns, but " + W1 + " has 8 rows"),
                bad("a bias missing", r -> ((ObjectNode) r.get("initial_parameters")).remove("layer2.bias"),
                        B2 + " is missing"),
                bad("a layer skipped", r -> {
                    ObjectNode init = (ObjectNode) r.get("initial_parameters");
                    init.set("layer3.weight", init.remove("layer2.weight"));
                    init.set("layer3.bias", init.remove("layer2.bias"));
                }, "initial_parameters[\"layer3.weight\"]"),
                bad("a tower that is not text", r -> r.put("tower", 5), "tower is 5, not text"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedReferences")
    void aMalformedReferenceExitsTwoNamingTheFieldAndWritesNoCsv(String name, Consumer<ObjectNode> edit,
            String fragment) throws IOException {
        Path file = variant(edit);
        Path csv = dir.resolve("out.csv");

        CliResult r = CliResult.execute("replay", file.toString(), "--csv", csv.toString());

        assertOneSentence(r, fragment);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no CSV, not even a temporary one");
        }
    }

    @Test
    void aFailedReplayLeavesAnExistingCsvAsItWas() throws IOException {
        Path file = variant(r -> r.putArray("steps"));
        Path csv = dir.resolve("out.csv");
        Files.writeString(csv, "an earlier replay\n");

        CliResult r = CliResult.execute("replay", file.toString(), "--csv", csv.toString());

        assertOneSentence(r, "The reference file " + file + " ");
        assertEquals("an earlier replay\n", Files.readString(csv));
    }

    // ---------------------------------------------------------------- the reference file

    static Stream<Arguments> unreadableReferences() {
        return Stream.of(
                Arguments.of("missing.json", "it does not exist"),
                Arguments.of("folder.json", "it is a folder, not a file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableReferences")
    void aReferenceThatCannotBeReadExitsTwoWithOneSentence(String name, String reason) throws IOException {
        Files.createDirectory(dir.resolve("folder.json"));
        Path file = dir.resolve(name);

        CliResult r = CliResult.execute("replay", file.toString());

        assertOneSentence(r, "Cannot read the reference file " + file + ": " + reason + ".");
    }

    @Test
    void anUnreadableReferenceExitsTwoWithOneSentence() throws Exception {
        Path file = Files.copy(reference("sgd"), dir.resolve("locked.json"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        // as an unprivileged user, even where the tests run as root
        UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"), List.of(), "replay", file.toString());

        assertEquals(2, r.code(), r.err().toString());
        assertEquals(List.of("hypertower: Cannot read the reference file " + file + ": permission denied."), r.errLines());
    }

    // ---------------------------------------------------------------- the CSV

    @Test
    void aCsvThatIsTheReferenceItselfIsRefusedAndTheReferenceKept() throws IOException {
        Path file = Files.copy(reference("sgd"), dir.resolve("sgd.json"));
        byte[] before = Files.readAllBytes(file);

        CliResult r = CliResult.execute("replay", file.toString(), "--csv", dir.resolve(".").resolve("sgd.json").toString());

        assertOneSentence(r, "is the reference file itself");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the reference is untouched");
    }

    static Stream<Arguments> unwritableCsvs() {
        return Stream.of(
                Arguments.of("folder", "it is a folder, not a file"),
                Arguments.of("missing/out.csv", "does not exist"),
                Arguments.of("notes.txt/out.csv", "a part of the path is a file, not a folder"),
                Arguments.of("x".repeat(300) + ".csv", "file name too long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unwritableCsvs")
    void aCsvThatCannotBeWrittenExitsTwoNamingThePath(String name, String reason) throws IOException {
        Files.createDirectory(dir.resolve("folder"));
        Files.writeString(dir.resolve("notes.txt"), "notes\n");
        Path csv = dir.resolve(name);

        CliResult r = CliResult.execute("replay", reference("sgd").toString(), "--csv", csv.toString());

        assertOneSentence(r, "Cannot write " + csv + ": ");
        assertTrue(r.err().contains(reason), r.err());
        try (Stream<Path> left = Files.list(dir); Stream<Path> inFolder = Files.list(dir.resolve("folder"))) {
            assertEquals(2, left.count(), "nothing written");
            assertEquals(0, inFolder.count(), "nothing written");
        }
    }

    @Test
    void aCsvInAReadOnlyFolderExitsTwoNamingThePath() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path csv = folder.resolve("out.csv");
        Path ref = Files.copy(reference("sgd"), dir.resolve("sgd.json"));

        UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"), List.of(), "replay", ref.toString(), "--csv",
                csv.toString());

        assertEquals(2, r.code(), r.err().toString());
        assertEquals(List.of("hypertower: Cannot write " + csv + ": permission denied."), r.errLines());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(0, left.count(), "nothing written");
        }
    }

    @Test
    void aReplayReplacesAnExistingCsvAndLeavesNoTemporaryFile() throws IOException {
        Path csv = dir.resolve("sgd.csv");
        Files.writeString(csv, "an earlier replay\n");

        CliResult r = CliResult.execute("replay", reference("sgd").toString(), "--csv", csv.toString());

        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,loss,0.alpha,0.mu", lines.get(0));
        assertEquals(61, lines.size());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(csv), left.toList());
        }
    }
}
