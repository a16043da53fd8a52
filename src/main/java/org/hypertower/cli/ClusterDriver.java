package org.hypertower.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs an experiment command with {@code --master} in a Spark driver: a JVM of its own, started
 * with Spark's jars ({@code target/spark-classpath.txt}) and the module options Spark needs on Java
 * 17, running the same command. This process never loads Spark; it relays the driver's output and
 * its exit code, and a stop signal (the driver stops the runs on the cluster and keeps what
 * finished). The driver stops too when this process dies (its standard input closes).
 */
final class ClusterDriver {

    /** Set in a driver's environment: this process is the driver, and connects to the master itself. */
    static final String DRIVER_VARIABLE = "HYPERTOWER_SPARK_DRIVER";
    /** A file listing Spark's jars, one class path line, instead of the one beside the classes. */
    static final String CLASSPATH_PROPERTY = "hypertower.spark.classpath";
    /** The executor bundle to ship to a cluster, instead of the one beside the classes. */
    static final String BUNDLE_PROPERTY = "hypertower.executor.bundle";

    private ClusterDriver() {}

    /** Returns whether this process is a driver started by {@link #run}. */
    static boolean inDriver() {
        return "1".equals(System.getenv(DRIVER_VARIABLE));
    }

    /**
     * Runs the command line that was given to {@code cli} again in a driver and returns its exit code.
     *
     * @throws UsageException when Spark's jars cannot be found
     */
    static int run(CommandLine cli) throws IOException, InterruptedException {
        List<String> command = command(cli.getParseResult().originalArgs());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(DRIVER_VARIABLE, "1");
        builder.environment().put("OPT_OUT_TRACKING", "true");
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

    /** Returns the driver's command: {@code java OPTIONS -cp CLASSES:SPARK org.hypertower.cli.Main ARGS}. */
    static List<String> command(List<String> args) {
        List<String> spark = sparkClassPath();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx2g");
        command.addAll(moduleOptions(spark));
        for (String p : List.of("ai.djl.offline", "org.slf4j.simpleLogger.defaultLogLevel", BUNDLE_PROPERTY,
                CLASSPATH_PROPERTY)) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        // Spark says much at WARN that is not the user's business (native Hadoop, hostnames); errors stay
        for (String logger : List.of("org.apache.spark", "org.apache.hadoop", "org.sparkproject", "io.netty")) {
            command.add("-Dorg.slf4j.simpleLogger.log." + logger + "=error");
        }
        // but for what says why runs wait or train again: no executors, executors lost
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.spark.scheduler.TaskSchedulerImpl=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.spark.scheduler.TaskSetManager=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path") + File.pathSeparator + String.join(File.pathSeparator, spark));
        command.add(Main.class.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Returns the executor bundle ({@code mvn -Pexecutor-bundle package}): {@code hypertower-executor.jar}
     * beside the classes, or the file {@value #BUNDLE_PROPERTY} names; it may not be built.
     */
    static Path executorBundle() {
        String named = System.getProperty(BUNDLE_PROPERTY);
        if (named != null) {
            return Path.of(named);
        }
        return beside("hypertower-executor.jar");
    }

    private static Path beside(String name) {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolveSibling(name);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(name);
        }
    }

    /**
     * Returns Spark's jars, as the build listed them in {@code spark-classpath.txt} beside the
     * classes (or in the file {@value #CLASSPATH_PROPERTY} names).
     *
     * @throws UsageException when the list or a jar on it is missing
     */
    static List<String> sparkClassPath() {
        Path file;
        String named = System.getProperty(CLASSPATH_PROPERTY);
        if (named != null) {
            file = Path.of(named);
        } else {
            file = beside("spark-classpath.txt");
        }
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException("--master needs Spark's jars, listed in " + file + ", which cannot be read ("
                    + org.hypertower.files.FileErrors.reason(e) + "); build once with mvn compile (./hypertower does).");
        }
        List<String> jars = Arrays.stream(line.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
        for (String jar : jars) {
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new UsageException("--master needs Spark's jars, and " + jar + " is missing; build once with "
                        + "mvn compile, which downloads them.");
            }
        }
        return jars;
    }

    /**
     * Returns the JVM options Spark needs on this Java ({@code --add-opens ...}), as the Spark
     * version on the class path lists them (they change between versions), without loading Spark
     * into this process: its launcher jar is read by a class loader of its own.
     */
    static List<String> moduleOptions(List<String> sparkJars) {
        URL[] launcher = sparkJars.stream().filter(j -> Path.of(j).getFileName().toString().startsWith("spark-launcher_"))
                .map(j -> {
                    try {
                        return Path.of(j).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(launcher, ClassLoader.getPlatformClassLoader())) {
            Object options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                    .getMethod("defaultModuleOptionArray").invoke(null);
            return List.of((String[]) options);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            throw new UsageException("--master needs Spark's launcher jar (spark-launcher_2.13) among Spark's jars, and "
                    + "it is not there or not usable (" + e + "); rebuild with mvn compile.");
        }
    }

    private static Thread relay(InputStream from, PrintWriter to, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("WARNING: Using incubator modules: jdk.incubator.vector")) {
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
