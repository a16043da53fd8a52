package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hypertower.export.RecordedRun;
import org.hypertower.export.RunFilesCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults from outside, on {@code train} in a process of its own: SIGINT, SIGTERM and SIGHUP at
 * seeded random steps, a second signal, a signal before the run starts, kill -9 at seeded random
 * times (the first 50 ms included) and a disk that fills up (a real small file system). After each,
 * the run's files must tell the truth and hold whole rows, and the folder must take a new run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFaultsTest {

    private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "HUP", 1, "TERM", 15);
    private static final String[] LONG_RUN = {"train", "--tower", "adam(alpha=0.01) / sgd(alpha=1e-5)", "--epochs",
        "100000"};
    private int cases;
    private int passed;

    @TempDir
    Path dir;

    @AfterAll
    void report() {
        System.out.printf("run faults: %d cases, %d passed every check (files whole and truthful, no process left)%n",
                cases, passed);
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(LONG_RUN));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A run of a few steps into a folder must work after whatever happened to the one before. */
    private void assertTheFolderTakesANewRun(Path out) throws Exception {
        try (CliProcess again = CliProcess.start(dir.resolve("logs"), "train", "--tower", "sgd(0.1)", "--epochs", "2",
                "--quiet", "--replace", "--out", out.toString())) {
            assertEquals(0, again.waitFor(120), again.err());
        }
        assertEquals("completed", RunFilesCheck.check(out).status());
    }

    static Stream<Arguments> signals() {
        return Stream.of("INT", "TERM", "HUP").flatMap(s -> Stream.of(Arguments.of(s, 11L), Arguments.of(s, 12L)));
    }

    @ParameterizedTest(name = "SIG{0}, seed {1}")
    @MethodSource("signals")
    void aSignalStopsTheRunBetweenTwoStepsAndItsFilesSaySo(String signal, long seed) throws Exception {
        cases++;
        Path out = dir.resolve("run");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), train(out))) {
            assertTrue(p.await(() -> p.printed("epoch 1 "), 120_000), p.err());
            Thread.sleep(new SplittableRandom(seed).nextInt(1, 800));
            p.signal(signal);
            int code = p.waitFor(60);
            assertEquals(128 + NUMBERS.get(signal), code, p.err());
            String name = "SIG" + signal + (signal.equals("INT") ? " (Ctrl-C)" : "");
            assertEquals(List.of("hypertower: " + name + ": stopping after the current step; send it again to stop at once."),
                    p.err().lines().toList());
            RunFilesCheck.Found found = RunFilesCheck.check(out);
            assertEquals("stopped", found.status());
            long steps = found.manifest().path("steps").asLong();
            assertEquals("Stopped by " + name + " after " + steps + " steps.", found.manifest().path("message").asText());
            assertEquals(steps, found.steps(), "every step the run made is in steps.csv");
            assertEquals(found.manifest().path("final").path("epochs_completed").asInt(), found.epochs());
            assertTrue(p.out().contains("stopped: Stopped by " + name), p.out());
            assertEquals(List.of(), p.aliveDescendants());
        }
        assertTheFolderTakesANewRun(out);
        passed++;
    }

    @Test
    void aSecondSignalStopsAtOnceAndStillWritesRunJson() throws Exception {
        cases++;
        // ResNet-20 steps take a fifth of a second here: the second signal comes while the first waits for one
        Path data = dir.resolve("data");
        org.hypertower.data.DatasetFiles.writeDataset(org.hypertower.data.DatasetId.CIFAR10, data);
        Path out = dir.resolve("run");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), "train", "--dataset", "cifar10", "--data-dir",
                data.toString(), "--model", "resnet20", "--batch-size", "64", "--tower", "adam(0.01) / sgd(1e-5)",
                "--epochs", "100000", "--out", out.toString())) {
            assertTrue(p.await(() -> p.printed("epoch 2 "), 120_000), p.err());
            p.signal("INT");
            Thread.sleep(30);
            p.signal("INT");
            assertEquals(130, p.waitFor(60), p.err());
            assertEquals(List.of("hypertower: SIGINT (Ctrl-C): stopping after the current step; send it again to stop at "
                    + "once.", "hypertower: SIGINT (Ctrl-C) again: stopping at once."), p.err().lines().toList());
            RunFilesCheck.Found found = RunFilesCheck.check(out);
            assertEquals("stopped", found.status(), found.manifest().toString());
            assertEquals("Stopped at once by a second SIGINT (Ctrl-C) after " + found.steps() + " steps.",
                    found.manifest().path("message").asText());
            assertEquals(found.manifest().path("steps").asLong(), found.steps());
        }
        assertTheFolderTakesANewRun(out);
        passed++;
    }

    /** Returns whether a process has a file open now (Linux's /proc). */
    private static boolean hasOpen(long pid, Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            });
        } catch (IOException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    @Test
    void aSignalWhileTheDataLoadsStopsBeforeTrainingAndWritesNothing() throws Exception {
        cases++;
        // 60,000 images in the real format: reading them takes long enough to be caught in the act
        Path data = dir.resolve("data");
        Path folder = org.hypertower.data.DatasetFiles.writeDataset(org.hypertower.data.DatasetId.FASHION_MNIST,
                data.resolve("fashion-mnist"), 60_000, 100, true);
        Path images = folder.resolve("train-images-idx3-ubyte.gz").toRealPath();
        Path out = dir.resolve("run");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), train(out, "--dataset", "fashion-mnist", "--data-dir",
                data.toString(), "--model", "mlp"))) {
            assertTrue(p.await(() -> hasOpen(p.pid(), images), 120_000), "the images are being read: " + p.err());
            p.signal("TERM");
            assertEquals(143, p.waitFor(60), p.err());
            assertEquals(List.of("hypertower: SIGTERM: stopping after the current step; send it again to stop at once.",
                    "hypertower: stopped before training began; nothing was written."), p.err().lines().toList());
            assertFalse(Files.exists(out), "nothing was written");
        }
        assertTheFolderTakesANewRun(out);
        passed++;
    }

    static Stream<Arguments> kills() {
        SplittableRandom random = new SplittableRandom(9);
        List<Arguments> times = new ArrayList<>(List.of(Arguments.of(0L), Arguments.of(15L), Arguments.of(45L)));
        for (int i = 0; i < 7; i++) {
            times.add(Arguments.of((long) random.nextInt(50, 4000)));
        }
        return times.stream();
    }

    @ParameterizedTest(name = "after {0} ms")
    @MethodSource("kills")
    void killNineAtAnyTimeLeavesReadableFilesAndAFolderThatTakesANewRun(long millis) throws Exception {
        cases++;
        Path out = dir.resolve("run");
        try (CliProcess p = CliProcess.start(dir.resolve("logs"), train(out))) {
            Thread.sleep(millis);
            p.signal("KILL");
            assertEquals(137, p.waitFor(60));
        }
        RunFilesCheck.Found found = RunFilesCheck.check(out);
        if (found.manifest() != null) {
            assertEquals("running", found.status(), "killed: the run.json of the start, whole");
            RecordedRun read = RecordedRun.read(out);
            assertEquals(RecordedRun.INTERRUPTED, read.status(), "nobody holds the folder any more");
            assertEquals(found.steps(), read.steps().size());
        }
        assertTheFolderTakesANewRun(out);
        passed++;
    }

    @Test
    void runningOutOfJavaHeapWhileLoadingSaysSoInOneLineAndWritesNoRun() throws Exception {
        cases++;
        // 90,000 images of 28 x 28 (71 MB of pixels) in the real idx format, for a 64 MB heap: more
        // than the heap holds (Fashion-MNIST's own 47 MB are read into one array, which fits)
        Path data = dir.resolve("data");
        org.hypertower.data.DatasetFiles.writeDataset(org.hypertower.data.DatasetId.FASHION_MNIST,
                data.resolve("fashion-mnist"), 90_000, 100, true);
        Path out = dir.resolve("run");
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
        command.addAll(CliProcess.javaCommand("-Xmx64m"));
        command.addAll(List.of("train", "--dataset", "fashion-mnist", "--data-dir", data.toString(), "--model", "mlp",
                "--tower", "sgd(0.1)", "--epochs", "1", "--out", out.toString()));
        try (CliProcess p = CliProcess.startCommand(dir.resolve("logs"), command)) {
            assertEquals(1, p.waitFor(120), p.err());
            assertEquals(List.of("hypertower: Out of memory while loading Fashion-MNIST: Java's heap (64 MB) is too small "
                    + "for it; give Java more, e.g. HYPERTOWER_JAVA_OPTS=-Xmx4g."), p.err().lines().toList());
        }
        assertEquals(null, RunFilesCheck.check(out).manifest(), "nothing was trained");
        passed++;
    }

    static Stream<Arguments> disks() {
        // below the reserve the folder is refused at once; above it the run fills the disk part way
        return Stream.of(Arguments.of(128, 2), Arguments.of(300, 1), Arguments.of(340, 1), Arguments.of(420, 1));
    }

    @ParameterizedTest(name = "{0} KiB")
    @MethodSource("disks")
    void aFullDiskEndsTheRunFailedNamingTheFile(int kib, int expectedCode) throws Exception {
        cases++;
        Namespaces.require();
        Path mount = Files.createDirectories(dir.resolve("small"));
        Path copy = dir.resolve("copy");
        // a real small file system: tmpfs, mounted in a mount namespace of the test's own; the run's folder is
        // copied out before the namespace ends
        StringBuilder script = new StringBuilder("mount -t tmpfs -o size=" + kib + "k tmpfs '" + mount + "' || exit 99; ");
        for (String word : CliProcess.javaCommand()) {
            script.append('\'').append(word).append("' ");
        }
        for (String word : train(mount.resolve("run"), "--quiet")) {
            script.append('\'').append(word).append("' ");
        }
        script.append("; code=$?; cp -a '").append(mount).append("/.' '").append(copy).append("'; exit $code");
        try (CliProcess p = CliProcess.startCommand(dir.resolve("logs"), List.of("unshare", "--user", "--map-root-user",
                "--mount", "sh", "-c", script.toString()))) {
            assertEquals(expectedCode, p.waitFor(300), p.err());
            List<String> err = p.err().lines().toList();
            assertEquals(1, err.size(), p.err());
            Path run = copy.resolve("run");
            if (expectedCode == 2) {
                assertEquals("hypertower: Cannot write in " + mount.resolve("run") + ": no space left on device; choose "
                        + "another --out.", err.get(0));
                assertEquals(null, RunFilesCheck.check(run).manifest());
                passed++;
                return;
            }
            assertTrue(err.get(0).matches("hypertower: The run failed at step \\d+: Cannot write "
                    + java.util.regex.Pattern.quote(mount.resolve("run").toString()) + "/(steps|epochs)\\.csv: no space left "
                    + "on device\\. Its files in .* keep (every step until then|its first \\d+ steps)\\."), err.get(0));
            RunFilesCheck.Found found = RunFilesCheck.check(run);
            assertEquals("failed", found.status());
            JsonNode m = found.manifest();
            assertTrue(m.path("message").asText().contains("no space left on device"), m.toString());
            assertTrue(found.steps() > 0 && found.steps() <= m.path("steps").asLong(), found.steps() + " rows");
        }
        passed++;
    }
}
