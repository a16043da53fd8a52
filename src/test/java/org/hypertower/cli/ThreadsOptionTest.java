package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --threads}: PyTorch's threads of a run, recorded in its run.json; a count this machine cannot use is refused. */
class ThreadsOptionTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @TempDir
    Path dir;

    private static int threadsIn(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("run.json").toFile()).path("threads").asInt(-1);
    }

    @Test
    void anMlpRunTakesOneThreadByDefaultAndSaysSo() throws IOException {
        Path out = dir.resolve("run");

        CliResult r = CliResult.execute("train", "--tower", "sgd(0.1)", "--epochs", "1", "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(1, threadsIn(out));
        assertTrue(r.out().matches("(?s).*training steps \\d+ examples/s on 1 thread\\R.*"), r.out());
    }

    @Test
    void aRunTakesTheThreadsAskedForAndRecordsThem() throws IOException {
        Path out = dir.resolve("run");

        CliResult r = CliResult.execute("train", "--tower", "sgd(0.1)", "--epochs", "1", "--threads",
                Integer.toString(CORES), "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(CORES, threadsIn(out));
        assertTrue(r.out().contains("examples/s on " + CORES + (CORES == 1 ? " thread" : " threads")), r.out());
    }

    static Stream<Arguments> countsThisMachineCannotUse() {
        String give = " is not a thread count for this machine; give 1 to " + CORES + " (its " + (CORES == 1 ? "core"
                : "cores") + "), or leave --threads out for the default (1 for the MLPs, every core for the CNN and "
                + "ResNet-20).";
        return Stream.of(
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", "0"), "--threads 0" + give),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", "-1"), "--threads -1" + give),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", Integer.toString(CORES + 1)),
                        "--threads " + (CORES + 1) + give),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", "2147483647"), "--threads 2147483647" + give),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", "99999999999"),
                        "Invalid value for option '--threads': 99999999999 is out of range (-2147483648 to 2147483647)."),
                Arguments.of(List.of("train", "--tower", "sgd(0.1)", "--threads", "two"),
                        "Invalid value for option '--threads': 'two' is not a whole number."),
                Arguments.of(List.of("workbench", "--threads", "0"), "--threads 0" + give),
                Arguments.of(List.of("workbench", "--threads", Integer.toString(CORES + 1)), "--threads " + (CORES + 1) + give),
                Arguments.of(List.of("bench", "--threads-scaling", "--threads", "1"),
                        "With --threads-scaling, --threads is the count compared with 1: give 2 to "
                                + Math.max(2, CORES) + ", or leave it out for every core (at least 2)."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countsThisMachineCannotUse")
    void aCountThisMachineCannotUseIsRefusedInOneLineBeforeAnythingIsWritten(List<String> args, String expected) {
        Path out = dir.resolve("run");
        List<String> all = new java.util.ArrayList<>(args);
        if (args.get(0).equals("train")) {
            all.addAll(List.of("--out", out.toString()));
        }

        CliResult r = CliResult.execute(all.toArray(String[]::new));

        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("hypertower: " + expected), r.errLines());
        assertFalse(Files.exists(out), "nothing is written");
        assertEquals("", r.out());
    }
}
