package org.hypertower.ui.experiments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hypertower.experiment.DriverCommand;

/**
 * An experiment running on Spark, seen from the workbench: a driver process (see
 * {@link DriverCommand}) running the experiment's command with {@code --master}, so that Spark is
 * never loaded into the window's JVM. Its standard output is read line by line for the runs as
 * they end ({@code [3/8] h0_a0.01_s1 completed, test error 0.1234}); its standard error is kept
 * for the last line, what a failed driver says. Stopping sends SIGTERM (the driver cancels its
 * Spark job, its runs stop after their current step, what finished stays), then, after a grace
 * period, kills the driver and every process under it. Its standard input stays open: the driver
 * stops when it closes, i.e. when this JVM dies, however it dies.
 */
final class SparkDriver {

    /** How long a driver may take to stop its runs after SIGTERM before it is killed with them. */
    static final long STOP_GRACE_SECONDS = 30;

    /** A line of the command's per-run progress: {@code [done/total] line}. */
    private static final Pattern PROGRESS = Pattern.compile("\\[(\\d+)/(\\d+)] (.+)");

    /** Hears the driver's runs end; called on the thread that reads its output. */
    interface Listener {
        /** Spark is up and the runs were checked: the driver said what it runs, before the first run ends. */
        void ready();

        /** A run ended (or was found done before): the how-manieth, and its line as the CLI prints it. */
        void finished(int done, String line);
    }

    private final Process process;
    private final Thread out;
    private final Thread err;
    private volatile String lastError = "";
    private volatile boolean stopRequested;

    private SparkDriver(Process process, Listener listener) {
        this.process = process;
        boolean[] ready = {false};
        this.out = read(process.getInputStream(), "hypertower-spark-driver-out", line -> {
            if (!ready[0]) {
                ready[0] = true;
                listener.ready(); // its first line: the experiment's header, once Spark is up
            }
            Matcher m = PROGRESS.matcher(line);
            if (m.matches()) {
                listener.finished(Integer.parseInt(m.group(1)), m.group(3));
            }
        });
        this.err = read(process.getErrorStream(), "hypertower-spark-driver-err", line -> {
            if (!line.isBlank() && !DriverCommand.isJvmNotice(line)) {
                lastError = line.strip();
            }
        });
    }

    /**
     * Starts a driver running a {@code hypertower} command.
     *
     * @param args the command, e.g. {@code sweep ... --out DIR --master local[2]}
     * @throws IllegalArgumentException in one sentence when Spark's jars cannot be found
     * @throws IOException when the process cannot start
     */
    static SparkDriver start(List<String> args, Listener listener) throws IOException {
        return new SparkDriver(DriverCommand.builder(args).start(), listener);
    }

    /** Waits until the driver has ended and its output is read; returns its exit code. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        out.join(5_000);
        err.join(5_000);
        return code;
    }

    /** The exit code of a driver killed with SIGKILL (128 + 9). */
    static final int KILLED = 137;

    /**
     * Returns the signal whose arrival an exit code reports (a driver stopping on SIGINT, SIGTERM
     * or SIGHUP ends with 128 plus its number, as does a JVM it killed before the driver handled
     * it), or null for any other code.
     */
    static String signalName(int exitCode) {
        return switch (exitCode) {
            case 129 -> "SIGHUP";
            case 130 -> "SIGINT";
            case KILLED -> "SIGKILL";
            case 143 -> "SIGTERM";
            default -> null;
        };
    }

    /** Returns whether {@link #stop} was called. */
    boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Returns the last line the driver wrote to its standard error, without the {@code hypertower: }
     * every message of the command line starts with (empty when it wrote none).
     */
    String lastError() {
        return lastError.replaceFirst("^hypertower: ", "");
    }

    /**
     * Asks the driver to stop (SIGTERM): it cancels its Spark job and its runs stop after their
     * current step. One that has not ended after {@link #STOP_GRACE_SECONDS} is killed, with every
     * process under it. Returns at once.
     */
    void stop() {
        if (stopRequested) {
            return;
        }
        stopRequested = true;
        process.destroy();
        Thread reaper = new Thread(() -> {
            try {
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
            }
        }, "hypertower-spark-driver-stop");
        reaper.setDaemon(true);
        reaper.start();
    }

    /** Kills the driver and every process under it at once. */
    void kill() {
        List<ProcessHandle> under = process.descendants().toList();
        process.destroyForcibly();
        under.forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread read(InputStream from, String name, Consumer<String> line) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    try {
                        line.accept(l);
                    } catch (RuntimeException e) {
                        // a line that could not be shown: the next still is, and the driver never blocks on a full pipe
                    }
                }
            } catch (IOException gone) {
                // the driver ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
