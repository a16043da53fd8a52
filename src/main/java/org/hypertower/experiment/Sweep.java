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
 * Runs a grid of trainings (row x initial alpha x seed) in parallel worker processes, one run per
 * process since DJL allows one gradient collector per process, and collects their outcomes in a CSV
 * file. A sensitivity sweep's rows are tower heights and its file {@code sweep.csv}; a rivals' sweep
 * ({@link RivalsSweep}) has rows of several methods and its own file. A worker that dies marks its
 * run failed and the sweep goes on; running a sweep again in the same folder resumes it: runs that
 * completed or diverged are kept, every other run is run again.
 */
public final class Sweep {

    /** The header of {@code sweep.csv}. */
    public static final List<String> HEADER = List.of("height", "alpha0", "seed", "status", "final_train_loss", "test_error");

    /**
     * One run of the grid.
     *
     * @param row the method it trains (a tower height, or a rival)
     * @param alpha0 the initial learning rate (mapped to the row's knob)
     * @param seed the run's seed
     */
    public record Point(SweepRow row, double alpha0, long seed) {

        /** Returns the run's folder name, e.g. {@code h2_a0.001_s1} or {@code prodigy_a1e-06_s0}. */
        public String id() {
            return row.id() + "_a" + Numbers.format(alpha0) + "_s" + seed;
        }

        /** Returns the tower the run trains. */
        public org.hypertower.tower.TowerSpec tower() {
            return row.tower(alpha0);
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
     * @param steps the training steps it took (-1 when unknown)
     * @param wallSeconds how long it trained, from its start to its end (NaN when unknown)
     */
    public record Outcome(Point point, String status, double finalTrainLoss, double testError, String message, long steps,
            double wallSeconds) {}

    /**
     * How a sweep writes its outcomes: the file, its header, each run's record and the records' order.
     *
     * @param file the file's name in the sweep's folder
     * @param header the header
     * @param record a run's fields, in the header's order
     * @param order the order of the records
     */
    record Table(String file, List<String> header, java.util.function.Function<Outcome, List<?>> record,
            Comparator<Outcome> order) {}

    /** sweep.csv: one record per run, by height, alpha0 and seed. */
    private static final Table SWEEP_CSV = new Table("sweep.csv", HEADER, o -> List.of(
            ((SweepRow.Tower) o.point().row()).height(), Numbers.format(o.point().alpha0()), o.point().seed(), o.status(),
            number(o.finalTrainLoss()), number(o.testError())),
            Comparator.comparingInt((Outcome o) -> ((SweepRow.Tower) o.point().row()).height())
                    .thenComparingDouble(o -> o.point().alpha0()).thenComparingLong(o -> o.point().seed()));

    /** Hears a sweep's progress; calls come from worker threads. */
    public interface Listener {

        /** A run's worker process started. */
        default void started(Point point, Process process) {}

        /** A run ended (or was found done by an earlier sweep). */
        default void finished(Outcome outcome, boolean resumed) {}
    }

    private final List<SweepRow> rows;
    private final List<Double> alphas;
    private final int seeds;
    private final RunExecutor executor;
    private final Path out;
    private final List<String> trainArguments;
    private final Table table;
    private final Map<Point, Outcome> outcomes = new ConcurrentHashMap<>();

    /** A sensitivity sweep of a configuration: a row per height, written to sweep.csv. */
    public Sweep(SweepConfig config) {
        this(config.heights().stream().map(h -> SweepRow.height(config.template(), h)).toList(), config.alphas(),
                config.seeds(), config.executor(), config.out(), config.trainArguments(), SWEEP_CSV);
    }

    /** A sweep of any rows, written to a table of its own. */
    Sweep(List<SweepRow> rows, List<Double> alphas, int seeds, RunExecutor executor, Path out, List<String> trainArguments,
            Table table) {
        this.rows = List.copyOf(rows);
        this.alphas = List.copyOf(alphas);
        this.seeds = seeds;
        this.executor = executor;
        this.out = out;
        this.trainArguments = List.copyOf(trainArguments);
        this.table = table;
    }

    /** Returns every run of the grid, in row, alpha, seed order. */
    public List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (SweepRow row : rows) {
            for (double a : alphas) {
                for (int s = 0; s < seeds; s++) {
                    points.add(new Point(row, a, s));
                }
            }
        }
        return points;
    }

    /** Returns the folder of a run. */
    public Path folder(Point p) {
        return out.resolve("runs").resolve(p.id());
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
            List<String> args = new ArrayList<>(List.of("--tower", p.tower().toString(), "--seed", Long.toString(p.seed())));
            args.addAll(trainArguments);
            jobs.add(new WorkerPool.Job(p.id(), args));
            byId.put(p.id(), p);
        }
        AtomicReference<IOException> csvFailure = new AtomicReference<>();
        Files.createDirectories(out);
        executor.run(out.resolve("runs"), jobs, new WorkerPool.Listener() {
            @Override
            public void started(WorkerPool.Job job, Process process) {
                listener.started(byId.get(job.id()), process);
            }

            @Override
            public void finished(WorkerPool.Result r, boolean kept) {
                Point p = byId.get(r.job().id());
                double error = 1 - r.testAccuracy();
                Outcome o = new Outcome(p, r.status(), r.trainLoss(), error, r.message(), steps(r), wallSeconds(r));
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

    /** Rewrites the table with every outcome known so far, in one step (see {@link AtomicFiles}). */
    private synchronized void writeCsv() throws IOException {
        List<Outcome> known = new ArrayList<>(outcomes.values());
        known.sort(table.order());
        StringBuilder text = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(table.header().toArray(String[]::new)).get())) {
            for (Outcome o : known) {
                csv.printRecord(table.record().apply(o));
            }
        }
        AtomicFiles.writeString(out.resolve(table.file()), text);
    }

    /** Returns the steps a run's run.json says it took, -1 when it says none. */
    private static long steps(WorkerPool.Result r) {
        return r.manifest() != null && r.manifest().has("steps") ? r.manifest().get("steps").asLong() : -1;
    }

    /** Returns the seconds from a run's start to its end as its run.json says, NaN when it does not say. */
    private static double wallSeconds(WorkerPool.Result r) {
        if (r.manifest() == null || !r.manifest().has("started") || !r.manifest().has("ended")) {
            return Double.NaN;
        }
        try {
            return java.time.Duration.between(java.time.Instant.parse(r.manifest().get("started").asText()),
                    java.time.Instant.parse(r.manifest().get("ended").asText())).toMillis() / 1000.0;
        } catch (java.time.format.DateTimeParseException unreadable) {
            return Double.NaN;
        }
    }

    /** Returns a number as the tables write it: six significant digits, empty for NaN. */
    static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
