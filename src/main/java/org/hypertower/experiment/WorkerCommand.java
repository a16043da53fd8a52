package org.hypertower.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts a worker: this JVM's java and class path, running the CLI. */
final class WorkerCommand {

    private WorkerCommand() {}

    /**
     * Returns {@code java [options] -cp CLASSPATH org.hypertower.cli.Main}.
     *
     * @param oneThread give the worker one PyTorch thread, so parallel workers share the cores
     */
    static List<String> java(boolean oneThread) {
        return java(oneThread ? 1 : 0);
    }

    /** Returns {@code java [options] -cp CLASSPATH org.hypertower.cli.Main} for a worker with {@code threads} PyTorch threads (0: PyTorch's default). */
    static List<String> java(int threads) {
        return java(threads, System.getenv("HYPERTOWER_WORKER_JAVA_OPTS"));
    }

    /** Returns the command that trains one run in a process of its own: {@code java ... Main train --worker --quiet --out DIR ARGS}. */
    static List<String> train(boolean oneThread, Path out, List<String> trainArguments) {
        return train(oneThread ? 1 : 0, out, trainArguments);
    }

    /** As {@link #train(boolean, Path, List)}, with {@code threads} PyTorch threads (0: PyTorch's default). */
    static List<String> train(int threads, Path out, List<String> trainArguments) {
        List<String> command = new ArrayList<>(java(threads));
        command.addAll(List.of("train", "--worker", "--quiet", "--out", out.toString()));
        command.addAll(trainArguments);
        return command;
    }

    /**
     * Returns a process builder for a worker's command with the workers' environment: offline, no
     * telemetry, and PyTorch's OpenMP threads sleeping while they wait (as the launcher sets it,
     * unless set otherwise). Its standard input stays a pipe held open by the caller: the worker
     * stops when it closes.
     */
    static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        return builder;
    }

    /**
     * Returns the class path a worker needs: this JVM's, and the jars the calling thread's class
     * loaders add to it (a Spark executor loads the application's jars, {@code spark.jars}, that way).
     */
    static String classPath() {
        java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        List<String> added = new ArrayList<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof java.net.URLClassLoader urls) {
                List<String> own = new ArrayList<>();
                for (java.net.URL u : urls.getURLs()) {
                    if (u.getProtocol().equals("file")) {
                        try {
                            own.add(java.nio.file.Path.of(u.toURI()).toString());
                        } catch (java.net.URISyntaxException | IllegalArgumentException notAFile) {
                            // not a local file: a worker could not read it either
                        }
                    }
                }
                added.addAll(0, own); // a parent's before its child's, as the loaders look
            }
        }
        entries.addAll(added);
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The default heap of a worker, unless HYPERTOWER_WORKER_JAVA_OPTS says otherwise. */
    static final String DEFAULT_HEAP = "-Xmx2g";

    /**
     * Returns the heap a worker gets, in bytes: the last -Xmx of HYPERTOWER_WORKER_JAVA_OPTS, else
     * {@value #DEFAULT_HEAP}.
     */
    static long heapBytes() {
        return heapBytes(System.getenv("HYPERTOWER_WORKER_JAVA_OPTS"));
    }

    static long heapBytes(String options) {
        String xmx = DEFAULT_HEAP;
        if (options != null) {
            for (String o : options.trim().split("\\s+")) {
                if (o.startsWith("-Xmx")) {
                    xmx = o;
                } else if (o.startsWith("-XX:MaxHeapSize=")) {
                    xmx = "-Xmx" + o.substring("-XX:MaxHeapSize=".length());
                }
            }
        }
        String size = xmx.substring(4).toLowerCase(java.util.Locale.ROOT);
        long unit = switch (size.isEmpty() ? ' ' : size.charAt(size.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
        } catch (NumberFormatException notASize) {
            return 2L << 30;
        }
    }

    static List<String> java(boolean oneThread, String extra) {
        return java(oneThread ? 1 : 0, extra);
    }

    static List<String> java(int threads, String extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        // the default first: options given after it win (the JVM takes the last -Xmx), so the heap
        // is always the one heapBytes() says
        command.add(DEFAULT_HEAP);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        // a worker that crashes leaves its report with the system's temporary files, not in the
        // user's current folder, and no core dump
        command.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "hypertower-worker-crash-%p.log"));
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-Dai.djl.offline=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error");
        if (threads > 0) {
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
            command.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        command.add("-cp");
        command.add(classPath());
        command.add("org.hypertower.cli.Main");
        return command;
    }
}
