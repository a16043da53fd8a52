package org.hypertower.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The command line in a JVM of its own, as a user starts it from a shell: signals at their
 * defaults (a test JVM may have been started ignoring SIGINT, and children inherit that), output
 * in files, and a way to send it any signal and to see its descendants.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;
    private final List<ProcessHandle> seen = new ArrayList<>();

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Returns {@code java ... org.hypertower.cli.Main}, the way experiments start their workers. */
    static List<String> javaCommand() {
        return javaCommand("-Xmx512m");
    }

    /** Returns {@code java OPTION ... org.hypertower.cli.Main}. */
    static List<String> javaCommand(String heapOption) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), heapOption, "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    /** Starts {@code hypertower ARGS}, its output going to files in {@code logs}. */
    static CliProcess start(Path logs, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
        command.addAll(javaCommand());
        command.addAll(List.of(args));
        return startCommand(logs, command);
    }

    /** Starts a command, its output going to files in {@code logs}. */
    static CliProcess startCommand(Path logs, List<String> command) throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "stdout", ".txt");
        Path err = Files.createTempFile(logs, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().remove("HYPERTOWER_DEBUG");
        builder.environment().remove("HYPERTOWER_WORKER_JAVA_OPTS");
        return new CliProcess(builder.start(), out, err);
    }

    /** Returns the process id. */
    long pid() {
        return process.pid();
    }

    /** Sends a signal by name (INT, TERM, HUP, KILL). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits until a condition holds, or the process ends, or the time is up; returns whether it holds. */
    boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            remember();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Returns whether stdout has a line containing a text yet. */
    boolean printed(String text) {
        try {
            return Files.readString(out, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Notes the descendants alive now, to check later that none outlives the test. */
    void remember() {
        process.descendants().filter(h -> seen.stream().noneMatch(s -> s.pid() == h.pid())).forEach(seen::add);
    }

    /** Returns the descendants seen so far that are still alive. */
    List<ProcessHandle> aliveDescendants() {
        remember();
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Returns the descendants seen so far. */
    List<ProcessHandle> descendantsSeen() {
        remember();
        return List.copyOf(seen);
    }

    /** Waits for the end and returns the exit code; -1 when it did not end in time (it is then killed). */
    int waitFor(long seconds) throws InterruptedException {
        remember();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** Returns stdout so far. */
    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Returns stderr so far. */
    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Kills the process and its descendants if they are still there. */
    @Override
    public void close() {
        remember();
        process.destroyForcibly();
        seen.forEach(ProcessHandle::destroyForcibly);
    }
}
