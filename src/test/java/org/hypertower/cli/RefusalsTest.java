package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.data.DatasetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans and options that cannot work are refused up front, in one line, before anything is written:
 * no worker starts, no folder appears, and the refusal names what to change.
 */
class RefusalsTest {

    @TempDir
    Path dir;



    private static void assertRefused(CliResult r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("hypertower: " + expected), r.errLines());
    }

    static Stream<Arguments> experimentsThatCannotWork() {
        return Stream.of(
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--hidden", "0"),
                        "--hidden sizes must be positive, not 0."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--hidden", "abc"),
                        "--hidden takes whole numbers separated by commas, e.g. 8 or 128,64, not 'abc'."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--limit", "-1"),
                        "--limit and --test-limit must not be negative (0 means all), not -1."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--batch-size", "0"),
                        "--batch-size must be at least 1, not 0."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--model", "cnn"),
                        "The cnn model needs images (channels x height x width); this dataset has 4 features per "
                                + "example: use paper-mlp or mlp."),
                Arguments.of(List.of("experiment", "compare", "--towers", "sgd(0.1)", "--model", "resnet20"),
                        "The resnet20 model needs images (channels x height x width); this dataset has 4 features per "
                                + "example: use paper-mlp or mlp."),
                Arguments.of(List.of("experiment", "table1", "--towers", "sgd(0.1) / sgd(0.01)", "--hidden", "8,-2"),
                        "--hidden sizes must be positive, not -2."),
                Arguments.of(List.of("experiment", "stack", "--max-height", "100000"),
                        "--max-height must be between 0 and 100, not 100000."),
                Arguments.of(List.of("experiment", "compare", "--towers", ";;"),
                        "--towers lists no tower; give at least one, e.g. --towers 'sgd(alpha=0.01) / sgd(alpha=0.01)'."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--seeds", "2147483647"),
                        "2147483647 seeds are more runs than an experiment plans (at most 10000); use fewer --seeds."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "1e-8,1e-7,1e-6,1e-5,1e-4,1e-3,1e-2,1e-1",
                        "--heights", "0,1,2,3,4,5,6,7,8,9", "--seeds", "200"),
                        "This experiment has 16000 runs, more than an experiment plans (at most 10000); use fewer seeds, "
                                + "alphas, heights or towers."),
                Arguments.of(List.of("experiment", "rivals", "--rivals", "prodigy,adam"),
                        "--rivals: Unknown rival 'adam'; use all, none or some of dadapt_sgd,dadapt_adam,prodigy,dog,"
                                + "schedulefree_sgd,schedulefree_adamw,cocob."),
                Arguments.of(List.of("experiment", "rivals", "--alphas", "0,1"),
                        "The rivals' sweep needs every alpha0 above 0 (its axis is logarithmic and cocob's alpha is "
                                + "1/alpha0), not 0.0."),
                Arguments.of(List.of("experiment", "rivals", "--templates", "none", "--rivals", "none"),
                        "The rivals' sweep needs a tower template or a rival, e.g. templates sgd,adam and rivals "
                                + "dadapt_sgd,dadapt_adam,prodigy,dog,schedulefree_sgd,schedulefree_adamw,cocob."),
                Arguments.of(List.of("experiment", "rivals", "--templates", "sgd,adam / sgd / sgd"),
                        "The tower template 'adam / sgd / sgd' is not valid: tower spec: a tower template has one or two "
                                + "levels (BOTTOM or BOTTOM / UPPER), not 3."),
                Arguments.of(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--hidden", "8", "--hidden", "16"),
                        "--hidden is given more than once; give it once, or run 'hypertower sweep --help' for usage."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experimentsThatCannotWork")
    void anExperimentThatCannotWorkIsRefusedBeforeAnythingIsWritten(List<String> args, String expected) {
        Path out = dir.resolve("experiment");
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--epochs", "1", "--out", out.toString()));

        CliResult r = CliResult.execute(all.toArray(String[]::new));

        assertRefused(r, expected);
        assertFalse(Files.exists(out), "nothing is written");
        assertEquals("", r.out(), "no worker started");
    }

    @Test
    void aCorruptDatasetIsRefusedOnceNotByEveryWorker() throws IOException {
        Path data = dir.resolve("data");
        Path folder = DatasetFiles.writeDataset(org.hypertower.data.DatasetId.FASHION_MNIST, data);
        Path images = folder.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = dir.resolve("experiment");

        CliResult r = CliResult.execute("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--heights", "0", "--seeds", "1",
                "--dataset", "fashion-mnist", "--model", "mlp", "--data-dir", data.toString(), "--epochs", "1", "--out",
                out.toString());

        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(images.toString()), r.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aModelTooBigForThisMachineIsRefusedNamingItsSize() {
        Path out = dir.resolve("run");

        // far more than any machine has
        CliResult r = CliResult.execute("train", "--tower", "sgd(0.1)", "--hidden", "2000000000,2000000000", "--out", out.toString());

        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().matches("hypertower: The model \\(paper-mlp with hidden sizes 2000000000,2000000000\\) has "
                + "4,000,000,018,000,000,003 trainable parameters: training it takes about more than 8,000,000 TB in "
                + "float32, more than this machine's [\\d.,]+ [GT]B; use smaller --hidden sizes\\.\\R"), r.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void emptyPathsAreRefusedNotTakenForTheCurrentFolder() {
        assertRefused(CliResult.execute("train", "--tower", "sgd(0.1)", "--out", ""),
                "Invalid value for option '--out': the name is empty; give a file or folder.");
        assertRefused(CliResult.execute("train", "--tower", "sgd(0.1)", "--data-dir", "", "--out", dir.resolve("r").toString()),
                "--data-dir is empty; give the folder that holds the dataset's files, or leave the option out.");
        assertRefused(CliResult.execute("download", "mnist", "--data-dir", ""),
                "Invalid value for option '--data-dir': the name is empty; give a file or folder.");
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void equalAlphasAreOneValueAndRunOnce() throws IOException {
        Path out = dir.resolve("sweep");

        CliResult r = CliResult.execute("sweep", "--tower-template", "sgd", "--alphas", "0.1,1e-1,0.10", "--heights", "0,0", "--seeds",
                "1", "--epochs", "1", "--workers", "1", "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("hypertower: --alphas or --heights lists a value more than once (0.1 and 1e-1 are one value); "
                + "each runs once."), r.errLines());
        assertTrue(r.out().startsWith("sweep: 1 runs (1 heights x 1 alphas x 1 seeds)"), r.out());
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            assertEquals(List.of("h0_a0.1_s0"), runs.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(2, Files.readAllLines(out.resolve("sweep.csv")).size());
    }

    @Test
    void aRunFolderAFileIsInTheWayOfIsNamedInOneLine() throws IOException {
        Path out = dir.resolve("sweep");
        Files.createDirectories(out.resolve("runs"));
        Files.writeString(out.resolve("runs").resolve("h0_a0.1_s0"), "not a folder\n");

        CliResult r = CliResult.execute("sweep", "--tower-template", "sgd", "--alphas", "0.1", "--heights", "0", "--seeds",
                "1", "--epochs", "1", "--workers", "1", "--out", out.toString());

        assertEquals(1, r.code(), r.err());
        assertEquals(List.of("hypertower: Cannot prepare " + out.resolve("runs").resolve("h0_a0.1_s0") + " for its run: a "
                + "file of that name is in the way; remove what is in the way, or choose another --out."), r.errLines());
    }
}
