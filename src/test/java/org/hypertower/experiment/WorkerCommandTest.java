package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java command line that experiments start their workers with. */
class WorkerCommandTest {

    /**
     * libtorch prints its warnings once per process straight to the native stderr, so only a fresh
     * process shows whether a run still triggers one (the AutoNonVariableTypeMode deprecation came
     * from writing the initial weights with NDArray.set).
     */
    /** A worker's PyTorch threads sleep while they wait, as the launcher's do, unless the parent chose otherwise. */
    @Test
    void aWorkersOpenMpThreadsSleepWhileTheyWait() {
        String parents = System.getenv("OMP_WAIT_POLICY");
        assertEquals(parents != null ? parents : "PASSIVE",
                WorkerCommand.builder(List.of("java")).environment().get("OMP_WAIT_POLICY"));
    }

    @Test
    void aWorkerThatTrainsPrintsNothingOnStderr(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(WorkerCommand.java(true));
        command.addAll(List.of("train", "--tower", "sgd(0.01)", "--dataset", "iris", "--epochs", "1",
                "--out", dir.resolve("run").toString()));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }

        assertTrue(ended, "the run ends");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains("final test accuracy"), "it trained");
        assertEquals(List.of(), stderr.lines().toList(), "nothing on stderr, no libtorch warning in particular");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] ''{0}''")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "none", value = {
        "none | 2147483648", "'' | 2147483648", "-Xmx512m | 536870912", "-Xms1g -Xmx8g | 8589934592",
        "-Xmx4g -Xmx1024k | 1048576", "-Xmx123456 | 123456", "-Xmxoops | 2147483648",
        "-XX:+UseSerialGC | 2147483648", "-XX:MaxHeapSize=3g | 3221225472"})
    void aWorkersHeapIsTheLastXmxOfItsOptionsElseTwoGigabytes(String options, long bytes) {
        assertEquals(bytes, WorkerCommand.heapBytes(options));
        List<String> command = WorkerCommand.java(false, options);
        String last = command.stream().filter(o -> o.startsWith("-Xmx") || o.startsWith("-XX:MaxHeapSize=")).reduce(
                (a, b) -> b).orElseThrow();
        assertEquals(bytes, WorkerCommand.heapBytes(last), "the worker starts with the heap the check assumes: " + command);
    }
}
