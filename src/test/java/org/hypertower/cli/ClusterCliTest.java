package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hypertower.experiment.DriverCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --master} from the command line: a wrong master is refused in one sentence within 30 s
 * with nothing written; on Spark ({@code local[2,2]}, in a driver process of its own) a sweep gives
 * what this machine's pool gives, resumes there, and survives its driver being killed.
 */
@Timeout(600)
class ClusterCliTest {

    private static String[] sweep(Path out, String epochs, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--tower-template", "sgd", "--alphas", "0.01,0.1", "--heights",
                "0,1", "--seeds", "2", "--epochs", epochs, "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void assertRefusedQuickly(Path out, String master, String expected, String... more) {
        long start = System.nanoTime();
        List<String> options = new ArrayList<>(List.of("--master", master));
        options.addAll(List.of(more));
        CliResult r = CliResult.execute(sweep(out, "1", options.toArray(String[]::new)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one sentence: " + r.err());
        assertTrue(r.err().startsWith("hypertower: " + expected), r.err());
        assertTrue(r.err().strip().endsWith("."), r.err());
        assertTrue(seconds < 30, "refused after " + seconds + " s");
        assertFalse(Files.exists(out), "the experiment's folder is untouched");
    }

    @Test
    void aMalformedMasterIsRefusedNamingIt(@TempDir Path dir) {
        assertRefusedQuickly(dir.resolve("x"), "sparkk://host:7077", "--master 'sparkk://host:7077' is not a Spark master URL");
        assertRefusedQuickly(dir.resolve("x"), "local[0]", "--master 'local[0]' is not a Spark master URL");
        assertRefusedQuickly(dir.resolve("x"), "spark://host", "--master 'spark://host' is not a Spark master URL");
    }

    @Test
    void aMasterNothingAnswersAtIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertRefusedQuickly(dir.resolve("x"), "spark://127.0.0.1:" + port, "--master 'spark://127.0.0.1:" + port
                + "': nothing answers at 127.0.0.1:" + port + " (connection refused)");
        assertRefusedQuickly(dir.resolve("x"), "spark://no-such-host.invalid:7077",
                "--master 'spark://no-such-host.invalid:7077': nothing answers at no-such-host.invalid:7077 (no such host)");
    }

    @Test
    void aMasterThatIsNotSparkIsRefusedWithinHalfAMinute(@TempDir Path dir) throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // takes the connection, says nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "spark://127.0.0.1:" + silent.getLocalPort();
            // executors told where Hypertower is: only the master is in question
            assertRefusedQuickly(dir.resolve("x"), url, "The Spark master at '" + url + "' did not take this application",
                    "--spark-conf", "spark.executor.extraClassPath=" + dir);
        }
    }

    @Test
    void aClusterWhoseExecutorsWouldHaveNoHypertowerIsRefused(@TempDir Path dir) throws IOException {
        String before = System.getProperty(DriverCommand.BUNDLE_PROPERTY);
        try (ServerSocket master = new ServerSocket(0)) {
            Path missing = dir.resolve("hypertower-executor.jar");
            System.setProperty(DriverCommand.BUNDLE_PROPERTY, missing.toString());
            assertRefusedQuickly(dir.resolve("x"), "spark://127.0.0.1:" + master.getLocalPort(), "--master spark://127.0.0.1:"
                    + master.getLocalPort() + ": the cluster's executors need Hypertower's classes, and " + missing
                    + " is not built; build it once with mvn -B -Pexecutor-bundle -DskipTests package");
        } finally {
            if (before == null) {
                System.clearProperty(DriverCommand.BUNDLE_PROPERTY);
            } else {
                System.setProperty(DriverCommand.BUNDLE_PROPERTY, before);
            }
        }
    }

    @Test
    void workersAndSparkSettingsNeedTheRightCompany(@TempDir Path dir) {
        CliResult both = CliResult.execute(sweep(dir.resolve("x"), "1", "--master", "local[2]", "--workers", "2"));
        assertEquals(2, both.code());
        assertTrue(both.err().startsWith("hypertower: --workers is for this machine's worker processes"), both.err());
        CliResult conf = CliResult.execute(sweep(dir.resolve("x"), "1", "--spark-conf", "spark.executor.memory=4g"));
        assertEquals(2, conf.code());
        assertTrue(conf.err().startsWith("hypertower: --spark-conf is a setting for Spark"), conf.err());
        CliResult key = CliResult.execute(sweep(dir.resolve("x"), "1", "--master", "local[2]", "--spark-conf", "memory=4g"));
        assertEquals(2, key.code());
        assertTrue(key.err().startsWith("hypertower: --spark-conf memory: Spark's settings begin with 'spark.'"), key.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void aSweepOnLocalSparkEqualsThisMachinesAndResumesHere(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        CliResult pool = CliResult.execute(sweep(local, "2", "--workers", "2"));
        assertEquals(0, pool.code(), pool.err());
        Path spark = dir.resolve("spark");
        CliResult onSpark = CliResult.execute(sweep(spark, "2", "--master", "local[2,2]"));
        assertEquals(0, onSpark.code(), onSpark.err());
        assertTrue(onSpark.out().contains("on Spark at local[2,2]"), onSpark.out());
        assertEquals("", onSpark.err(), "nothing of Spark's own logging reaches the user");
        assertEquals(Files.readAllLines(local.resolve("sweep.csv")), Files.readAllLines(spark.resolve("sweep.csv")));
        for (String run : List.of("h0_a0.01_s0", "h1_a0.1_s1")) {
            assertArrayEquals(Files.readAllBytes(local.resolve("runs").resolve(run).resolve("steps.csv")),
                    Files.readAllBytes(spark.resolve("runs").resolve(run).resolve("steps.csv")), run);
        }
        // started on Spark, resumed on this machine: nothing is trained again
        CliResult resumed = CliResult.execute(sweep(spark, "2", "--workers", "1"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(8, resumed.out().lines().filter(l -> l.contains("completed (kept from before)")).count(),
                resumed.out());
    }

    @Test
    void aKilledDriverLeavesAFolderTheSameCommandResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("spark");
        String[] command = sweep(out, "150", "--master", "local[2,2]");
        CompletableFuture<CliResult> first = CompletableFuture.supplyAsync(() -> CliResult.execute(command));
        Path runs = out.resolve("runs");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<Path> done = List.of();
        while (done.isEmpty() && System.nanoTime() < deadline && !first.isDone()) {
            Thread.sleep(50);
            if (Files.isDirectory(runs)) {
                try (var list = Files.list(runs)) {
                    done = list.filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(p -> Files.isRegularFile(p.resolve("run.json"))).toList();
                }
            }
        }
        assertFalse(done.isEmpty(), "a run was committed");
        assertFalse(first.isDone(), "the experiment is still under way");
        ProcessHandle driver = ProcessHandle.current().children().filter(ClusterCliTest::isDriver).findFirst().orElseThrow();
        Map<Path, byte[]> committed = new HashMap<>();
        for (Path run : done) {
            committed.put(run.getFileName(), Files.readAllBytes(run.resolve("run.json")));
        }
        driver.destroyForcibly();
        CliResult killed = first.get(1, TimeUnit.MINUTES);
        assertEquals(137, killed.code(), killed.err());

        CliResult again = CliResult.execute(command);
        assertEquals(0, again.code(), again.err());
        List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(9, rows.size(), "a header and 8 runs: " + rows);
        assertTrue(rows.stream().skip(1).allMatch(r -> r.contains(",completed,")), String.join("\n", rows));
        for (Map.Entry<Path, byte[]> run : committed.entrySet()) {
            assertArrayEquals(run.getValue(), Files.readAllBytes(runs.resolve(run.getKey()).resolve("run.json")),
                    run.getKey() + " was kept, not trained again");
            assertTrue(again.out().contains(run.getKey() + " completed (kept from before)"), again.out());
        }
        assertNotEquals(List.of(), committed.keySet());
    }

    /** Returns whether a process is a driver {@link ClusterDriver} started (its environment says so). */
    private static boolean isDriver(ProcessHandle p) {
        try {
            String environment = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"),
                    StandardCharsets.ISO_8859_1);
            return environment.contains(DriverCommand.VARIABLE + "=1");
        } catch (IOException gone) {
            return false;
        }
    }
}
