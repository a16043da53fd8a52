package org.hypertower.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.hypertower.experiment.DriverCommand;
import picocli.CommandLine;

/**
 * Runs an experiment command with {@code --master} in a Spark driver: a JVM of its own, started
 * with Spark's jars ({@code target/spark-classpath.txt}) and the module options Spark needs on Java
 * 17, running the same command ({@link DriverCommand}, as the workbench's drivers). This process
 * never loads Spark; it relays the driver's output and its exit code, and a stop signal (the driver
 * stops the runs on the cluster and keeps what finished). The driver stops too when this process dies (its standard input closes).
 */
final class ClusterDriver {


    private ClusterDriver() {}

    /** Returns whether this process is a driver started by {@link #run}. */
    static boolean inDriver() {
        return DriverCommand.inDriver();
    }

    /**
     * Runs the command line that was given to {@code cli} again in a driver and returns its exit code.
     *
     * @throws UsageException when Spark's jars cannot be found
     */
    static int run(CommandLine cli) throws IOException, InterruptedException {
        ProcessBuilder builder;
        try {
            builder = DriverCommand.builder(cli.getParseResult().originalArgs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Process driver = builder.start();
        Thread out = relay(driver.getInputStream(), cli.getOut(), "hypertower-driver-out");
        Thread err = relay(driver.getErrorStream(), cli.getErr(), "hypertower-driver-err");
        try (StopSignals signals = StopSignals.install(cli.getErr(), "stopping the experiment's runs on Spark")) {
            signals.onStop(reason -> driver.destroy());
            signals.onForce(message -> driver.destroyForcibly());
            int code = driver.waitFor();
            out.join(5_000);
            err.join(5_000);
            return signals.exitCode() != 0 ? signals.exitCode() : code;
        } finally {
            if (driver.isAlive()) {
                driver.destroyForcibly();
            }
        }
    }

    private static Thread relay(InputStream from, PrintWriter to, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (DriverCommand.isJvmNotice(line)) {
                        continue; // the JVM's, for a module Spark's options add: nothing for the user to do
                    }
                    synchronized (to) {
                        to.println(line);
                        to.flush();
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
