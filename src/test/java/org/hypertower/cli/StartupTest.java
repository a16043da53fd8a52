package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hypertower.engine.StartupClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What makes a start fast changes nothing a user sees: a command line built for its command alone
 * answers as the whole one does, the engine preload is for {@code train} only, a class-data
 * archive that does not fit is ignored silently, and the start-up figures a run records.
 */
class StartupTest {

    @TempDir
    Path dir;

    /** What one execution printed and returned. */
    private record Answer(int code, String out, String err) {}

    private static Answer run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Answer(code, out.toString(), err.toString());
    }

    static Stream<String> commandNames() {
        return Main.COMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class)
                .map(c -> c.getAnnotation(CommandLine.Command.class).name());
    }

    @ParameterizedTest
    @MethodSource("commandNames")
    void aCommandLineBuiltForOneCommandAnswersItsHelpAndMistakesAsTheWholeOneDoes(String command) {
        for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "--no-such-option"},
                new String[] {command, "--seed", "abc"})) {
            CommandLine lean = Main.forArguments(args);
            assertEquals(java.util.Set.of(command), lean.getSubcommands().keySet(), "only " + command + " is built");
            assertEquals(run(Main.newCommandLine(), args), run(lean, args), String.join(" ", args));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "trian", "--help", "--version"})
    void theRootsOwnArgumentsGetEveryCommand(String first) {
        assertEquals(Main.newCommandLine().getSubcommands().keySet(), Main.forArguments(first).getSubcommands().keySet());
        assertEquals(run(Main.newCommandLine(), first), run(Main.forArguments(first), first));
    }

    @Test
    void onlyATrainingCommandLineLoadsTheEngineFromTheStart() {
        assertTrue(Main.trainsAtOnce("train", "--tower", "sgd(0.1)", "--out", "x"));
        assertFalse(Main.trainsAtOnce());
        assertFalse(Main.trainsAtOnce("train", "--help"));
        assertFalse(Main.trainsAtOnce("train", "-h"));
        assertFalse(Main.trainsAtOnce("bench", "--tower", "sgd(0.1)"), "bench sets the engine's threads first");
        assertFalse(Main.trainsAtOnce("report", "x"));
    }

    @Test
    void aRunInAProcessOfItsOwnRecordsWhenItsFirstStepEnded() throws IOException {
        Path out = dir.resolve("run");
        double before = StartupClock.processSeconds();
        Answer r = run(Main.newCommandLine(), "train", "--tower", "sgd(0.1)", "--epochs", "1", "--out", out.toString(),
                "--quiet");
        double after = StartupClock.processSeconds();
        assertEquals(0, r.code(), r.err());
        JsonNode startup = new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("startup");
        double first = startup.path("first_step_seconds").asDouble(Double.NaN);
        assertTrue(first >= before - 0.011 && first <= after + 0.011,
                "the first step ended during the run, on the process's clock: " + before + " <= " + first + " <= " + after);
        double jvm = startup.path("jvm_start_seconds").asDouble(Double.NaN);
        assertTrue(jvm >= 0 && jvm < first, "the JVM started after the process and before the first step: " + jvm);
    }

    @Test
    void aClassDataArchiveThatDoesNotFitIsIgnoredWithoutAWord() throws Exception {
        // an archive made for another class path (a stale one): it holds a class from a jar this run does not have
        String name = "org/hypertower/cli/StartupTest$Answer";
        Path jar = dir.resolve("other.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                var in = StartupTest.class.getResourceAsStream("/" + name + ".class")) {
            out.putNextEntry(new java.util.jar.JarEntry(name + ".class"));
            in.transferTo(out);
        }
        Path list = Files.writeString(dir.resolve("classes.lst"), "java/lang/Object\n" + name + "\n");
        Path other = dir.resolve("other.jsa");
        assertEquals(0, java(dir.resolve("dump"), "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + other, "-cp", jar.toString()).code());
        Answer strict = java(dir.resolve("strict"), "-Xshare:on", "-XX:SharedArchiveFile=" + other, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--version");
        assertTrue(strict.code() != 0 && (strict.out() + strict.err()).contains("Unable to use shared archive"),
                "the archive does not fit this class path: " + strict);
        Path broken = Files.write(dir.resolve("broken.jsa"), new byte[] {1, 2, 3, 4});
        String version = "hypertower " + org.hypertower.engine.Versions.hypertower();
        // and one that is not an archive at all, and one that is not there: as the launcher starts Java
        for (Path archive : List.of(other, broken, dir.resolve("missing.jsa"))) {
            Answer r = java(dir.resolve("run"), "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "--version");
            assertEquals(new Answer(0, version + "\n", ""), r, archive.toString());
        }
    }

    @Test
    void theTimingBenchesRefuseWhatTheyCannotRun() throws IOException {
        Answer noLauncher = run(Main.newCommandLine(), "bench", "--startup");
        assertEquals(Main.USAGE, noLauncher.code());
        assertEquals("hypertower: bench --startup times the ./hypertower launcher as a user starts it, so run it through "
                + "the launcher: ./hypertower bench --startup.\n", noLauncher.err());
        Path launcher = Files.createFile(dir.resolve("hypertower"));
        assertTrue(launcher.toFile().setExecutable(true));
        String before = System.getProperty("hypertower.launcher");
        System.setProperty("hypertower.launcher", launcher.toString());
        try {
            assertRefused("needs --gdtuo PATH", "bench", "--end-to-end");
            assertRefused("is not a folder", "bench", "--end-to-end", "--gdtuo", dir.resolve("none").toString());
            assertRefused("which is not there", "bench", "--end-to-end", "--gdtuo", dir.toString());
            assertRefused("give one of them", "bench", "--startup", "--end-to-end");
            assertRefused("--runs must be at least 1", "bench", "--startup", "--runs", "0");
        } finally {
            if (before == null) {
                System.clearProperty("hypertower.launcher");
            } else {
                System.setProperty("hypertower.launcher", before);
            }
        }
    }

    private static void assertRefused(String fragment, String... args) {
        Answer r = run(Main.newCommandLine(), args);
        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("hypertower: ") && r.err().contains(fragment), r.err());
    }

    @Test
    void gdtuosScriptSaysHowToGetGdtuoWhenItIsMissing() throws Exception {
        Path script = Path.of("src/test/python/gdtuo_epoch.py");
        for (List<String> args : List.of(List.<String>of(), List.of("--gdtuo", dir.resolve("none").toString()))) {
            List<String> command = new ArrayList<>(List.of("python3", script.toString()));
            command.addAll(args);
            ProcessBuilder b = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                    .redirectError(dir.resolve("err.txt").toFile());
            b.environment().remove("GDTUO_PATH");
            Process p = b.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
            String err = read(dir.resolve("err.txt"));
            assertEquals(2, p.exitValue(), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("gdtuo_epoch.py: ") && err.contains(
                    "https://github.com/kach/gradient-descent-the-ultimate-optimizer"), err);
            assertEquals("", read(dir.resolve("out.txt")));
        }
    }

    /** Runs this JVM's java with arguments; its output in files under {@code logs}. */
    private static Answer java(Path logs, String... args) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(logs.resolve("out.txt").toFile())
                .redirectError(logs.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ended: " + command);
        return new Answer(p.exitValue(), read(logs.resolve("out.txt")), read(logs.resolve("err.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** gdtuo's Python starts without the jemalloc the launcher preloaded here, but with a preload of the user's. */
    @Test
    void otherProgramsStartWithoutTheLaunchersPreloadButKeepTheUsers() {
        java.util.Map<String, String> ours = new java.util.HashMap<>(java.util.Map.of("LD_PRELOAD", "/lib/libjemalloc.so.2",
                "MALLOC_CONF", StartupBench.JEMALLOC_CONF, "HYPERTOWER_PRELOADED", "/lib/libjemalloc.so.2", "PATH", "/bin"));
        StartupBench.withoutLaunchersPreload(ours);
        assertEquals(java.util.Map.of("PATH", "/bin"), ours);

        java.util.Map<String, String> users = new java.util.HashMap<>(java.util.Map.of("LD_PRELOAD", "/opt/mine.so",
                "MALLOC_CONF", "narenas:1", "HYPERTOWER_PRELOADED", "/lib/libjemalloc.so.2"));
        StartupBench.withoutLaunchersPreload(users);
        assertEquals(java.util.Map.of("LD_PRELOAD", "/opt/mine.so", "MALLOC_CONF", "narenas:1"), users);

        java.util.Map<String, String> confOfTheirOwn = new java.util.HashMap<>(java.util.Map.of("LD_PRELOAD", "/lib/j.so",
                "MALLOC_CONF", "narenas:1", "HYPERTOWER_PRELOADED", "/lib/j.so"));
        StartupBench.withoutLaunchersPreload(confOfTheirOwn);
        assertEquals(java.util.Map.of("MALLOC_CONF", "narenas:1"), confOfTheirOwn);
    }
}
