package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a new JVM as an unprivileged user, so that file permissions hold even
 * where the tests run as root (root reads a file of mode 000). As root the JVM starts through
 * {@code unshare --user --map-user=1000 --map-group=1000}: in that new user namespace it is user
 * 1000, the files root owns (the JDK, the class path, the test's files) appear as its own, and their
 * mode bits apply to it. As any other user it starts directly.
 */
final class UnprivilegedCli {

    private static final long TIMEOUT_SECONDS = 120;

    private UnprivilegedCli() {}

    /** What one run printed and returned. */
    record Result(int code, List<String> out, List<String> err) {

        /** Returns stderr without the one line PyTorch may print while loading, which is not Hypertower's. */
        List<String> errLines() {
            return err.stream().filter(l -> !l.contains("AutoNonVariableTypeMode")).toList();
        }
    }

    /**
     * Returns whether this JVM runs as root, for whom mode bits do not restrict reading: whether a
     * file it makes belongs to user 0.
     */
    static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("hypertower-", ".uid");
        try {
            return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
        } finally {
            Files.delete(probe);
        }
    }

    /**
     * Runs {@code hypertower ARGS} as an unprivileged user and returns what it printed.
     *
     * @param logs a folder for the output, readable by this JVM whatever the test made unreadable
     * @param systemProperties {@code name=value} pairs passed as {@code -D} options
     */
    static Result run(Path logs, List<String> systemProperties, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            Namespaces.require();
            command.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(logs);
        Path out = logs.resolve("stdout.txt");
        Path err = logs.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("HYPERTOWER_DEBUG");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("hypertower " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    /** Takes every permission from a file or folder (mode 000); {@link #restore} gives them back. */
    static void makeUnreadable(Path path) throws IOException {
        Files.setPosixFilePermissions(path, Set.of());
    }

    /** Gives the owner back reading and writing, and for a folder searching, so the test can clean up. */
    static void restore(Path path, boolean folder) throws IOException {
        Set<PosixFilePermission> owner = folder
                ? Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)
                : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Files.setPosixFilePermissions(path, owner);
    }
}
