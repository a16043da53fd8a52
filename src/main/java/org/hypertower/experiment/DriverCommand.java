package org.hypertower.experiment;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command of a Spark driver: a JVM of its own, started with Spark's jars
 * ({@code target/spark-classpath.txt}) and the module options Spark needs on Java 17, running a
 * {@code hypertower} experiment command ({@code sweep} or {@code experiment ...} with
 * {@code --master}). The command line ({@code --master}) and the workbench (Run on: Spark) both
 * start their drivers with it; neither loads Spark into its own JVM. A driver stops its runs on
 * the cluster, keeping what finished, on SIGTERM or when its standard input ends (its parent died).
 */
public final class DriverCommand {

    /** Set in a driver's environment: that process is the driver, and connects to the master itself. */
    public static final String VARIABLE = "HYPERTOWER_SPARK_DRIVER";
    /** A file listing Spark's jars, one class path line, instead of the one beside the classes. */
    public static final String CLASSPATH_PROPERTY = "hypertower.spark.classpath";
    /** The executor bundle to ship to a cluster, instead of the one beside the classes. */
    public static final String BUNDLE_PROPERTY = "hypertower.executor.bundle";
    /** The class the driver runs: the command line's (named, not linked: this package stands below it). */
    static final String MAIN = "org.hypertower.cli.Main";

    private DriverCommand() {}

    /** Returns whether this process is a driver started with {@link #builder}. */
    public static boolean inDriver() {
        return "1".equals(System.getenv(VARIABLE));
    }

    /**
     * Returns a process builder of a driver running a {@code hypertower} command: the command and
     * the driver's environment; standard input, output and error are pipes, as by default.
     *
     * @param args the command's arguments, e.g. {@code sweep ... --master local[2] --out DIR}
     * @throws IllegalArgumentException in one sentence when Spark's jars cannot be found
     */
    public static ProcessBuilder builder(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().put(VARIABLE, "1");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder;
    }

    /**
     * Returns the driver's command: {@code java OPTIONS -cp CLASSES:SPARK org.hypertower.cli.Main ARGS}.
     *
     * @throws IllegalArgumentException in one sentence when Spark's jars cannot be found
     */
    public static List<String> command(List<String> args) {
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
        command.add(MAIN);
        command.addAll(args);
        return command;
    }

    /**
     * Returns whether a line a driver wrote to its standard error is the JVM's own notice of a module
     * Spark's options add: nothing for the user to do, so it is not shown.
     */
    public static boolean isJvmNotice(String line) {
        return line.equals("WARNING: Using incubator modules: jdk.incubator.vector");
    }

    /**
     * Returns the executor bundle ({@code mvn -Pexecutor-bundle package}): {@code hypertower-executor.jar}
     * beside the classes, or the file {@value #BUNDLE_PROPERTY} names; it may not be built.
     */
    public static Path executorBundle() {
        String named = System.getProperty(BUNDLE_PROPERTY);
        return named != null ? Path.of(named) : beside("hypertower-executor.jar");
    }

    private static Path beside(String name) {
        try {
            return Path.of(DriverCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling(name);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(name);
        }
    }

    /**
     * Returns Spark's jars, as the build listed them in {@code spark-classpath.txt} beside the
     * classes (or in the file {@value #CLASSPATH_PROPERTY} names).
     *
     * @throws IllegalArgumentException in one sentence when the list or a jar on it is missing
     */
    public static List<String> sparkClassPath() {
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
            throw new IllegalArgumentException("--master needs Spark's jars, listed in " + file + ", which cannot be read ("
                    + org.hypertower.files.FileErrors.reason(e) + "); build once with mvn compile (./hypertower does).");
        }
        List<String> jars = Arrays.stream(line.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
        for (String jar : jars) {
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new IllegalArgumentException("--master needs Spark's jars, and " + jar + " is missing; build once "
                        + "with mvn compile, which downloads them.");
            }
        }
        return jars;
    }

    /**
     * Returns the JVM options Spark needs on this Java ({@code --add-opens ...}), as the Spark
     * version on the class path lists them (they change between versions), without loading Spark
     * into this process: its launcher jar is read by a class loader of its own.
     *
     * @throws IllegalArgumentException in one sentence when the launcher jar is not there or not usable
     */
    public static List<String> moduleOptions(List<String> sparkJars) {
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
            throw new IllegalArgumentException("--master needs Spark's launcher jar (spark-launcher_2.13) among Spark's "
                    + "jars, and it is not there or not usable (" + e + "); rebuild with mvn compile.");
        }
    }
}
