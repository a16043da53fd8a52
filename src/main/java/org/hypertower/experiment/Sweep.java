package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.tower.Numbers;

/**
 * Runs a grid of trainings (tower height x initial alpha x seed) in parallel worker processes,
 * one run per process since DJL allows one gradient collector per process, and collects their
 * outcomes in {@code sweep.csv}. A worker that dies marks its run failed and the sweep goes on;
 * running a sweep again in the same folder resumes it: runs that completed or diverged are kept,
 * every other run is run again.
 */
public final class Sweep {

    /** The header of {@code sweep.csv}. */
    public static final List<String> HEADER = List.of("height", "alpha0", "seed", "status", "final_train_loss", "test_error");

    /**
     * One run of the grid.
     *
     * @param height the number of levels above the bottom optimizer
     * @param alpha0 the bottom optimizer's initial learning rate
     * @param seed the run's seed
     */
    public record Point(int height, double alpha0, long seed) {

        /** Returns the run's folder name, e.g. {@code h2_a0.001_s1}. */
        public String id() {
            return "h" + height + "_a" + Numbers.format(alpha0) + "_s" + seed;
        }
    }

    /**
     * How a run of the grid ended.
     *
     * @param point the run
     * @param status completed, diverged, stopped or failed
     * @param finalTrainLoss the last epoch's training loss (NaN when none)
     * @param testError one minus the last epoch's test accuracy (NaN when none)
     * @param message what happened, in one sentence
     */
    public record Outcome(Point point, String status, double finalTrainLoss, double testError, String message) {}

    /** Hears a sweep's progress; calls come from worker threads. */
    public interface Listener {

        /** A run's worker process started. */
        default void started(Point point, Process process) {}

        /** A run ended (or was found done by an earlier sweep). */
        default void finished(Outcome outcome, boolean resumed) {}
    }

    private final SweepConfig config;
    private final Map<Point, Outcome> outcomes = new ConcurrentHashMap<>();

    /** A sweep of a configuration. */
    public Sweep(SweepConfig config) {
        this.config = config;
    }

    /** Returns every run of the grid, in height, alpha, seed order. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (int h : config.heights()) {
            for (double a : config.alphas()) {
                for (int s = 0; s < config.seeds(); s++) {
                    out.add(new Point(h, a, s));
                }
            }
        }
        return out;
    }

    /** Returns the folder of a run. */
    public Path folder(Point p) {
        return config.out().resolve("runs").resolve(p.id());
    }

    /** Runs every run not done yet and returns every outcome, in grid order. */
    public List<Outcome> run(Listener listener) throws InterruptedException {
        try {
            Files.createDirectories(config.out().resolve("runs"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + config.out().resolve("runs") + ": " + e.getMessage(), e);
        }
        List<Point> todo = new ArrayList<>();
        for (Point p : points()) {
            Outcome done = readOutcome(p, 0);
            if (done.status().equals("completed") || done.status().equals("diverged")) {
                outcomes.put(p, done);
                listener.finished(done, true);
            } else {
                todo.add(p);
            }
        }
        writeCsv();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "hypertower-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        List<Process> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread hook = new Thread(() -> live.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (Point p : todo) {
                futures.add(pool.submit(() -> {
                    Outcome o = runOne(p, listener, live);
                    outcomes.put(p, o);
                    writeCsv();
                    listener.finished(o, false);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the sweep failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the hook is already stopping the workers
            }
        }
        return points().stream().map(outcomes::get).toList();
    }

    private Outcome runOne(Point p, Listener listener, List<Process> live) throws IOException, InterruptedException {
        Path folder = folder(p);
        deleteRecursively(folder);
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(WorkerCommand.java(config.workers() > 1));
        command.addAll(List.of("train", "--quiet", "--out", folder.toString(),
                "--tower", config.template().build(p.height(), p.alpha0()).toString(), "--seed", Long.toString(p.seed())));
        command.addAll(config.trainArguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("worker.log").toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process process = builder.start();
        live.add(process);
        listener.started(p, process);
        int code;
        try {
            code = process.waitFor();
        } finally {
            live.remove(process);
        }
        return readOutcome(p, code);
    }

    /** Reads a run's outcome from its run.json; a missing or unfinished one is a failure. */
    private Outcome readOutcome(Point p, int exitCode) {
        Path manifest = folder(p).resolve("run.json");
        String why = exitCode == 0 ? "the worker left no finished run" : "the worker exited with code " + exitCode;
        if (!Files.isRegularFile(manifest)) {
            return new Outcome(p, "failed", Double.NaN, Double.NaN, why + ".");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(manifest.toFile());
            String status = root.path("status").asText("failed");
            if (status.equals("running")) {
                return new Outcome(p, "failed", Double.NaN, Double.NaN, why + " before the run ended.");
            }
            JsonNode fin = root.path("final");
            double loss = fin.has("train_loss") ? fin.get("train_loss").asDouble() : Double.NaN;
            double error = fin.has("test_accuracy") ? 1 - fin.get("test_accuracy").asDouble() : Double.NaN;
            return new Outcome(p, status, loss, error, root.path("message").asText(""));
        } catch (IOException e) {
            return new Outcome(p, "failed", Double.NaN, Double.NaN, "its run.json is unreadable: " + e.getMessage());
        }
    }

    /** Rewrites sweep.csv with every outcome known so far (atomically). */
    private synchronized void writeCsv() {
        Path file = config.out().resolve("sweep.csv");
        Path tmp = config.out().resolve("sweep.csv.part");
        List<Outcome> known = new ArrayList<>(outcomes.values());
        known.sort(Comparator.comparingInt((Outcome o) -> o.point().height())
                .thenComparingDouble(o -> o.point().alpha0()).thenComparingLong(o -> o.point().seed()));
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                        .setHeader(HEADER.toArray(String[]::new)).get())) {
            for (Outcome o : known) {
                csv.printRecord(o.point().height(), Numbers.format(o.point().alpha0()), o.point().seed(), o.status(),
                        number(o.finalTrainLoss()), number(o.testError()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
