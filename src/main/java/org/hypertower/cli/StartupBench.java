package org.hypertower.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hypertower.tower.TowerSpec;

/**
 * {@code bench --startup}: starts the {@code ./hypertower} launcher as a user does, again and
 * again, and reads how long each process took from its start to the end of the first training
 * step of a one-epoch Iris run ({@code run.json}'s {@code startup.first_step_seconds}); with
 * {@code --ui}, to the window's first frame on the screen (the opening frame), to the workbench's
 * own first frame laid out and to PyTorch loaded behind it. The launcher as built is timed
 * interleaved with it started without its class-data archive ({@code HYPERTOWER_CDS=0}), for the
 * window without its opening frame, and, for {@code train}, without the libtorch shortcut,
 * without the engine preload, without jemalloc ({@code HYPERTOWER_JEMALLOC=0}; the same as the
 * launcher where the system has no jemalloc), and with none of them (as before them): each round runs every
 * contender once, in a rotating order, after one untimed round. The last line is
 * {@code startup_first_step_ratio=R} (or {@code startup_window_ratio=R}): the launcher's median
 * over its target, 0.8 s to the first step, 1.5 s to the window.
 */
final class StartupBench {

    /** The first step of an Iris run, from the process's start: the issue's target. */
    static final double FIRST_STEP_TARGET_SECONDS = 0.8;
    /** The window's first frame on the screen, from the process's start: the issue's target. */
    static final double WINDOW_TARGET_SECONDS = 1.5;

    private static final long CHILD_TIMEOUT_SECONDS = 180;

    private final PrintWriter out;
    private final Path launcher;
    private final int rounds;
    private final boolean window;
    private final TowerSpec tower;

    StartupBench(PrintWriter out, Path launcher, int rounds, boolean window, TowerSpec tower) {
        this.out = out;
        this.launcher = launcher;
        this.rounds = rounds;
        this.window = window;
        this.tower = tower;
    }

    /** One way of starting the launcher: its name and what it adds to the environment and to Java's options. */
    record Contender(String name, Map<String, String> environment, String javaOptions) {}

    /**
     * Removes from a child's environment the allocator the launcher preloaded into this process
     * ({@code HYPERTOWER_PRELOADED}, jemalloc), so that another program (gdtuo's Python) starts
     * as it would on its own. A preload of the user's own is left as it is.
     */
    static void withoutLaunchersPreload(Map<String, String> environment) {
        String ours = environment.get("HYPERTOWER_PRELOADED");
        if (ours != null && ours.equals(environment.get("LD_PRELOAD"))) {
            environment.remove("LD_PRELOAD");
            if (JEMALLOC_CONF.equals(environment.get("MALLOC_CONF"))) {
                environment.remove("MALLOC_CONF");
            }
        }
        environment.remove("HYPERTOWER_PRELOADED");
    }

    /** The jemalloc settings the launcher sets with its preload. */
    static final String JEMALLOC_CONF = "thp:always,metadata_thp:always";

    /** One timed start: the figure measured (seconds from the process's start), the process's wall time. */
    private record Sample(double seconds, double workbenchSeconds, double engineSeconds, double wallSeconds) {}

    /**
     * Returns the launcher that started this JVM ({@code -Dhypertower.launcher}, which it sets).
     *
     * @throws UsageException when this JVM was started otherwise
     */
    static Path launcher(String mode) {
        String named = System.getProperty("hypertower.launcher");
        if (named == null || !Files.isExecutable(Path.of(named))) {
            throw new UsageException("bench " + mode + " times the ./hypertower launcher as a user starts it, so run it "
                    + "through the launcher: ./hypertower bench " + mode + ".");
        }
        return Path.of(named);
    }

    int call() throws IOException, InterruptedException {
        List<Contender> contenders = new ArrayList<>(List.of(
                new Contender("launcher as built", Map.of(), ""),
                new Contender("no class-data archive", Map.of("HYPERTOWER_CDS", "0"), "")));
        if (window) {
            contenders.add(new Contender("no opening frame", Map.of(), "-Dhypertower.window.opening=false"));
        } else {
            contenders.add(new Contender("no libtorch shortcut", Map.of(), "-Dhypertower.engine.shortcut=false"));
            contenders.add(new Contender("no engine preload", Map.of(), "-Dhypertower.engine.preload=false"));
            contenders.add(new Contender("no jemalloc", Map.of("HYPERTOWER_JEMALLOC", "0"), ""));
            contenders.add(new Contender("none (as before)", Map.of("HYPERTOWER_CDS", "0", "HYPERTOWER_JEMALLOC", "0"),
                    "-Dhypertower.engine.preload=false -Dhypertower.engine.shortcut=false"));
        }
        String what = window ? "the window's first frame on the screen (then the workbench's own laid out, and "
                + "PyTorch loaded behind it)"
                : "the end of the first step of 'train --dataset iris --epochs 1 --tower " + tower + "'";
        out.printf(Locale.ROOT, "startup: seconds from the process's start to %s; %d rounds of %d contenders, "
                + "after one untimed round%n", what, rounds, contenders.size());
        if (window) {
            out.println(System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()
                    ? "window: headless (Monocle; no DISPLAY)" : "window: on DISPLAY " + System.getenv("DISPLAY"));
        }
        out.flush();
        Path root = Files.createTempDirectory("hypertower-startup-bench-");
        Map<Contender, List<Sample>> samples = new LinkedHashMap<>();
        contenders.forEach(c -> samples.put(c, new ArrayList<>()));
        try {
            for (int round = -1; round < rounds; round++) {
                for (int k = 0; k < contenders.size(); k++) {
                    Contender c = contenders.get(Math.floorMod(round + k, contenders.size()));
                    Sample s = window ? window(c, root) : train(c, root.resolve("run"));
                    if (round >= 0) {
                        samples.get(c).add(s);
                        out.printf(Locale.ROOT, "round %d, %-22s %.3f s%s%s (process %.2f s)%n", round + 1,
                                c.name() + ":", s.seconds(), Double.isNaN(s.workbenchSeconds()) ? ""
                                        : String.format(Locale.ROOT, ", workbench at %.3f s", s.workbenchSeconds()),
                                Double.isNaN(s.engineSeconds()) ? ""
                                        : String.format(Locale.ROOT, ", PyTorch loaded at %.3f s", s.engineSeconds()),
                                s.wallSeconds());
                        out.flush();
                    }
                }
            }
        } finally {
            org.hypertower.experiment.RemoteRuns.delete(root);
        }
        out.printf(Locale.ROOT, "%n%-24s %9s %9s %9s %11s%s%n", "contender", "median s", "min s", "max s", "process s",
                window ? String.format(Locale.ROOT, " %12s", "workbench s") : "");
        for (var e : samples.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Sample::seconds).toArray();
            double[] wall = e.getValue().stream().mapToDouble(Sample::wallSeconds).toArray();
            double[] workbench = e.getValue().stream().mapToDouble(Sample::workbenchSeconds).toArray();
            out.printf(Locale.ROOT, "%-24s %9.3f %9.3f %9.3f %11.3f%s%n", e.getKey().name(), median(v),
                    Arrays.stream(v).min().orElse(Double.NaN), Arrays.stream(v).max().orElse(Double.NaN), median(wall),
                    window ? String.format(Locale.ROOT, " %12.3f", median(workbench)) : "");
        }
        if (window) {
            out.println("(workbench s: the median seconds until the workbench's own first frame was laid out)");
        }
        double shipped = median(samples.get(contenders.get(0)).stream().mapToDouble(Sample::seconds).toArray());
        for (int k = 1; k < contenders.size(); k++) {
            double other = median(samples.get(contenders.get(k)).stream().mapToDouble(Sample::seconds).toArray());
            out.printf(Locale.ROOT, "launcher as built / %s: %.3f%n", contenders.get(k).name(), shipped / other);
        }
        double target = window ? WINDOW_TARGET_SECONDS : FIRST_STEP_TARGET_SECONDS;
        out.printf(Locale.ROOT, "(ratio: the launcher's median seconds / the %.1f s target; below 1 meets it)%n", target);
        out.printf(Locale.ROOT, "%s=%.4f%n", window ? "startup_window_ratio" : "startup_first_step_ratio",
                shipped / target);
        out.flush();
        return 0;
    }

    private Sample train(Contender c, Path dir) throws IOException, InterruptedException {
        Finished f = run(c, dir.getParent(), List.of(launcher.toString(), "train", "--dataset", "iris", "--epochs", "1",
                "--tower", tower.toString(), "--out", dir.toString(), "--replace", "--quiet"), "");
        JsonNode startup = new ObjectMapper().readTree(dir.resolve("run.json").toFile()).path("startup");
        if (!startup.path("first_step_seconds").isNumber()) {
            throw new RunFailure("The run of '" + c.name() + "' recorded no start-up figures in " + dir.resolve("run.json")
                    + ".");
        }
        return new Sample(startup.get("first_step_seconds").asDouble(), Double.NaN, Double.NaN, f.wallSeconds());
    }

    private Sample window(Contender c, Path root) throws IOException, InterruptedException {
        String headless = System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()
                ? " -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true" : "";
        Finished f = run(c, root, List.of(launcher.toString()), "-Dhypertower.startup.probe=true" + headless);
        // the first frame on the screen, not the window's event: show() sends that before anything is drawn
        double firstFrame = figure(f.stdout(), "first_frame_seconds");
        double workbench = figure(f.stdout(), "workbench_ready_seconds");
        double engine = figure(f.stdout(), "engine_loaded_seconds");
        if (Double.isNaN(firstFrame) || Double.isNaN(workbench) || Double.isNaN(engine)) {
            throw new RunFailure("The workbench started by '" + c.name() + "' did not report its window and engine (exit "
                    + f.code() + "): " + f.stderr().strip().replaceAll("\\s*\\R\\s*", " "));
        }
        return new Sample(firstFrame, workbench, engine, f.wallSeconds());
    }

    /** A finished child: its exit code, output and wall time. */
    record Finished(int code, String stdout, String stderr, double wallSeconds) {}

    /**
     * Runs a command with a contender's environment (the workbench's files in {@code root}, not the
     * user's), its Java options added to {@code HYPERTOWER_JAVA_OPTS}; returns when it has ended.
     *
     * @throws RunFailure when it fails or runs too long
     */
    Finished run(Contender c, Path root, List<String> command, String moreJavaOptions)
            throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command);
        Map<String, String> env = b.environment();
        env.putAll(c.environment());
        env.put("HYPERTOWER_CONFIG", root.resolve("workbench.json").toString());
        env.put("HYPERTOWER_RUNS", root.resolve("runs").toString());
        env.put("HYPERTOWER_EXPERIMENTS", root.resolve("experiments").toString());
        String opts = String.join(" ", env.getOrDefault("HYPERTOWER_JAVA_OPTS", ""), c.javaOptions(), moreJavaOptions)
                .strip();
        env.put("HYPERTOWER_JAVA_OPTS", opts);
        return finish(c.name(), b, root);
    }

    /** Starts a process, waits for it and returns what it did; {@link RunFailure} when it failed. */
    static Finished finish(String name, ProcessBuilder b, Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Path stdout = Files.createTempFile(root, "stdout", ".txt");
        Path stderr = Files.createTempFile(root, "stderr", ".txt");
        b.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        long t0 = System.nanoTime();
        Process p = b.start();
        p.getOutputStream().close();
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new RunFailure("'" + name + "' ran longer than " + CHILD_TIMEOUT_SECONDS + " s and was stopped.");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Finished f = new Finished(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8), wall);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        if (f.code() != 0) {
            String said = f.stderr().strip();
            throw new RunFailure("'" + name + "' failed with exit code " + f.code()
                    + (said.isEmpty() ? "" : ": " + said.lines().reduce((a, z) -> z).orElse("")));
        }
        return f;
    }

    /** Returns the number after {@code name=} on a line of the output, or NaN. */
    static double figure(String output, String name) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(name + "=")) {
                try {
                    return Double.parseDouble(line.substring(name.length() + 1).strip());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
