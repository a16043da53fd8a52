package org.hypertower.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.files.AtomicFiles;
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
    public List<Outcome> run(Listener listener) throws InterruptedException, IOException {
        return run(listener, new StopRequest());
    }

    /**
     * Runs every run not done yet and returns every outcome, in grid order.
     *
     * @throws InterruptedException when stopped first (see {@link WorkerPool#run(List, WorkerPool.Listener, StopRequest)})
     * @throws IOException naming the file, when sweep.csv or a run's folder cannot be written
     */
    public List<Outcome> run(Listener listener, StopRequest stop) throws InterruptedException, IOException {
        List<Point> points = points();
        Map<String, Point> byId = new java.util.HashMap<>();
        List<WorkerPool.Job> jobs = new ArrayList<>();
        for (Point p : points) {
            List<String> args = new ArrayList<>(List.of("--tower", config.template().build(p.height(), p.alpha0()).toString(),
                    "--seed", Long.toString(p.seed())));
            args.addAll(config.trainArguments());
            jobs.add(new WorkerPool.Job(p.id(), args));
            byId.put(p.id(), p);
        }
        AtomicReference<IOException> csvFailure = new AtomicReference<>();
        Files.createDirectories(config.out());
        config.executor().run(config.out().resolve("runs"), jobs, new WorkerPool.Listener() {
            @Override
            public void started(WorkerPool.Job job, Process process) {
                listener.started(byId.get(job.id()), process);
            }

            @Override
            public void finished(WorkerPool.Result r, boolean kept) {
                Point p = byId.get(r.job().id());
                double error = 1 - r.testAccuracy();
                Outcome o = new Outcome(p, r.status(), r.trainLoss(), error, r.message());
                outcomes.put(p, o);
                try {
                    writeCsv();
                } catch (IOException e) {
                    // the runs go on: each keeps its own files, and sweep.csv is rebuilt from them next time
                    csvFailure.compareAndSet(null, e);
                }
                listener.finished(o, kept);
            }
        }, stop);
        if (csvFailure.get() != null) {
            throw csvFailure.get();
        }
        return points.stream().map(outcomes::get).toList();
    }

    /** Rewrites sweep.csv with every outcome known so far, in one step (see {@link AtomicFiles}). */
    private synchronized void writeCsv() throws IOException {
        List<Outcome> known = new ArrayList<>(outcomes.values());
        known.sort(Comparator.comparingInt((Outcome o) -> o.point().height())
                .thenComparingDouble(o -> o.point().alpha0()).thenComparingLong(o -> o.point().seed()));
        StringBuilder text = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(HEADER.toArray(String[]::new)).get())) {
            for (Outcome o : known) {
                csv.printRecord(o.point().height(), Numbers.format(o.point().alpha0()), o.point().seed(), o.status(),
                        number(o.finalTrainLoss()), number(o.testError()));
            }
        }
        AtomicFiles.writeString(config.out().resolve("sweep.csv"), text);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
