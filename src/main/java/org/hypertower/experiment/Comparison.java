package org.hypertower.experiment;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.hypertower.files.AtomicFiles;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.export.RecordedRun;
import org.hypertower.tower.TowerSpec;

/**
 * Several towers (and plain optimizers, which are one-level towers) trained on the same seeds,
 * compared by their curves and final test error, mean ± standard deviation over seeds: the papers'
 * "towers against PyTorch-style baselines" and "the same layer stacked 1..K high".
 *
 * <p>Writes {@code summary.csv} ({@code tower,runs,diverged,failed,test_error_mean,test_error_std}),
 * {@code curves.csv} ({@code tower,epoch,seeds,test_accuracy_mean,test_accuracy_std,
 * train_loss_mean,train_loss_std}), {@code accuracy.svg}, {@code loss.svg} and {@code report.html};
 * every run's files go under {@code runs/t<INDEX>_s<SEED>/}.
 */
public final class Comparison {

    /**
     * What to compare.
     *
     * @param title the report's title
     * @param towers the towers, in the order shown
     * @param seeds how many seeds (0 .. seeds-1) each tower runs with
     * @param workers how many runs at once, in as many worker processes (0: none, summarize what is there)
     * @param out the experiment's folder
     * @param trainArguments the {@code train} options every run gets
     */
    public record Config(String title, List<TowerSpec> towers, int seeds, RunExecutor executor, Path out,
            List<String> trainArguments) {

        /** A comparison on this machine's worker processes, {@code workers} at once (see {@link RunExecutor#local(int)}). */
        public Config(String title, List<TowerSpec> towers, int seeds, int workers, Path out, List<String> trainArguments) {
            this(title, towers, seeds, RunExecutor.local(workers), out, trainArguments);
        }

        /** Checks the values. */
        public Config {
            if (towers.isEmpty() || seeds < 1) {
                throw new IllegalArgumentException("a comparison needs at least one tower and one seed");
            }
            towers = List.copyOf(towers);
            trainArguments = List.copyOf(trainArguments);
        }
    }

    /**
     * One tower's results over its seeds.
     *
     * @param tower the tower
     * @param runs the runs with a final test accuracy
     * @param diverged the runs that diverged
     * @param failed the runs that failed
     * @param testErrorMean the mean final test error over finished runs (NaN when none)
     * @param testErrorStd its standard deviation (0 with one run)
     * @param curves mean and deviation per epoch
     */
    public record TowerResult(TowerSpec tower, int runs, int diverged, int failed, double testErrorMean,
            double testErrorStd, Curves curves) {}

    /**
     * Per-epoch means and deviations over seeds.
     *
     * @param epochs the epoch numbers (1-based)
     * @param seeds how many seeds reached each epoch
     * @param accuracyMean the mean test accuracy
     * @param accuracyStd its deviation
     * @param lossMean the mean training loss
     * @param lossStd its deviation
     */
    public record Curves(double[] epochs, int[] seeds, double[] accuracyMean, double[] accuracyStd, double[] lossMean,
            double[] lossStd) {}

    /** The plain optimizers towers are compared with by default: the seed paper's PyTorch-style baselines. */
    public static final String DEFAULT_BASELINES = "sgd(alpha=0.01);sgd(alpha=0.01, mu=0.9);adam(alpha=0.001)";

    /**
     * Parses towers written one after another, separated by {@code ;}.
     *
     * @throws IllegalArgumentException naming the tower, the position and the problem
     */
    public static List<TowerSpec> parseTowers(String text) {
        List<TowerSpec> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(TowerSpec.parse(part.trim()));
            } catch (org.hypertower.tower.TowerSpecException e) {
                throw new IllegalArgumentException("'" + part.trim() + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private final Config config;

    /** A comparison of a configuration. */
    public Comparison(Config config) {
        this.config = config;
    }

    /** Runs what is not done yet, writes the files and returns each tower's results. */
    public List<TowerResult> run(WorkerPool.Listener listener) throws IOException, InterruptedException {
        return run(listener, new StopRequest());
    }

    /** Runs what is not done yet unless stopped, writes the files and returns each tower's results. */
    public List<TowerResult> run(WorkerPool.Listener listener, StopRequest stop) throws IOException, InterruptedException {
        List<WorkerPool.Job> jobs = jobs();
        Files.createDirectories(config.out());
        List<WorkerPool.Result> results = config.executor().run(config.out().resolve("runs"), jobs, listener, stop);
        List<TowerResult> out = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            out.add(summarize(config.towers().get(t), results.subList(t * config.seeds(), (t + 1) * config.seeds())));
        }
        write(out);
        return out;
    }

    /** Returns every run of the comparison: each tower with each seed, {@code t<INDEX>_s<SEED>}. */
    private List<WorkerPool.Job> jobs() {
        List<WorkerPool.Job> jobs = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            for (int s = 0; s < config.seeds(); s++) {
                List<String> args = new ArrayList<>(List.of("--tower", config.towers().get(t).toString(), "--seed",
                        Integer.toString(s)));
                args.addAll(config.trainArguments());
                jobs.add(new WorkerPool.Job("t" + t + "_s" + s, args));
            }
        }
        return jobs;
    }

    /**
     * Returns each tower's results from the runs that have finished so far (completed or diverged),
     * reading their folders while the comparison runs; writes nothing.
     */
    public List<TowerResult> soFar() {
        List<WorkerPool.Job> jobs = jobs();
        WorkerPool pool = new WorkerPool(config.out().resolve("runs"), 0);
        List<TowerResult> out = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            List<WorkerPool.Result> finished = new ArrayList<>();
            for (WorkerPool.Job job : jobs.subList(t * config.seeds(), (t + 1) * config.seeds())) {
                WorkerPool.Result r = pool.read(job, 0);
                if (r.status().equals("completed") || r.status().equals("diverged")) {
                    finished.add(r);
                }
            }
            out.add(summarize(config.towers().get(t), finished));
        }
        return out;
    }

    private static TowerResult summarize(TowerSpec tower, List<WorkerPool.Result> runs) {
        List<Double> errors = new ArrayList<>();
        List<List<EpochMetrics>> histories = new ArrayList<>();
        int diverged = 0;
        int failed = 0;
        for (WorkerPool.Result r : runs) {
            if (r.status().equals("diverged")) {
                diverged++;
            } else if (!r.status().equals("completed") || Double.isNaN(r.testAccuracy())) {
                failed++;
                continue;
            } else {
                errors.add(1 - r.testAccuracy());
            }
            histories.add(RecordedRun.read(r.folder()).epochs());
        }
        int epochs = histories.stream().mapToInt(List::size).max().orElse(0);
        double[] x = new double[epochs];
        int[] n = new int[epochs];
        double[] accMean = new double[epochs];
        double[] accStd = new double[epochs];
        double[] lossMean = new double[epochs];
        double[] lossStd = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            List<Double> acc = new ArrayList<>();
            List<Double> loss = new ArrayList<>();
            for (List<EpochMetrics> h : histories) {
                if (e < h.size()) {
                    acc.add(h.get(e).testAccuracy());
                    loss.add(h.get(e).trainLoss());
                }
            }
            x[e] = e + 1;
            n[e] = acc.size();
            accMean[e] = mean(acc);
            accStd[e] = std(acc);
            lossMean[e] = mean(loss);
            lossStd[e] = std(loss);
        }
        return new TowerResult(tower, errors.size(), diverged, failed, mean(errors), std(errors),
                new Curves(x, n, accMean, accStd, lossMean, lossStd));
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double std(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        if (v.size() == 1) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / (v.size() - 1));
    }

    private void write(List<TowerResult> results) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("tower",
                        "runs", "diverged", "failed", "test_error_mean", "test_error_std").get())) {
            for (TowerResult r : results) {
                csv.printRecord(r.tower(), r.runs(), r.diverged(), r.failed(), num(r.testErrorMean()), num(r.testErrorStd()));
            }
        }
        AtomicFiles.writeString(config.out().resolve("summary.csv"), w.toString());
        StringWriter curves = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(curves, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("tower",
                        "epoch", "seeds", "test_accuracy_mean", "test_accuracy_std", "train_loss_mean", "train_loss_std")
                        .get())) {
            for (TowerResult r : results) {
                Curves c = r.curves();
                for (int e = 0; e < c.epochs().length; e++) {
                    csv.printRecord(r.tower(), (int) c.epochs()[e], c.seeds()[e], num(c.accuracyMean()[e]),
                            num(c.accuracyStd()[e]), num(c.lossMean()[e]), num(c.lossStd()[e]));
                }
            }
        }
        AtomicFiles.writeString(config.out().resolve("curves.csv"), curves.toString());
        SvgPlot accuracy = new SvgPlot("Test accuracy per epoch (mean ± std over seeds)", "epoch", "test accuracy");
        SvgPlot loss = new SvgPlot("Training loss per epoch (mean ± std over seeds)", "epoch", "training loss");
        for (TowerResult r : results) {
            Curves c = r.curves();
            accuracy.add(new SvgPlot.Line(r.tower().toString(), c.epochs(), c.accuracyMean(), c.accuracyStd()));
            loss.add(new SvgPlot.Line(r.tower().toString(), c.epochs(), c.lossMean(), c.lossStd()));
        }
        String accuracySvg = accuracy.render();
        String lossSvg = loss.render();
        AtomicFiles.writeString(config.out().resolve("accuracy.svg"), accuracySvg);
        AtomicFiles.writeString(config.out().resolve("loss.svg"), lossSvg);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(SvgPlot.escape(config.title())).append("</title><style>body{font-family:sans-serif;max-width:900px;"
                        + "margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:4px 8px}th{background:#f3f4f6}</style></head><body><h1>")
                .append(SvgPlot.escape(config.title())).append("</h1>");
        html.append("<p>").append(config.seeds()).append(" seeds per tower; train options: <code>")
                .append(SvgPlot.escape(String.join(" ", config.trainArguments()))).append("</code></p>");
        html.append(accuracySvg).append(lossSvg);
        html.append("<table><tr><th>tower</th><th>final test error</th><th>finished</th><th>diverged</th><th>failed</th></tr>");
        for (TowerResult r : results) {
            html.append(String.format(Locale.ROOT, "<tr><td><code>%s</code></td><td>%s</td><td>%d</td><td>%d</td><td>%d</td>"
                    + "</tr>", SvgPlot.escape(r.tower().toString()), Double.isNaN(r.testErrorMean()) ? "&ndash;"
                    : String.format(Locale.ROOT, "%.4f &plusmn; %.4f", r.testErrorMean(), r.testErrorStd()), r.runs(),
                    r.diverged(), r.failed()));
        }
        html.append("</table><p>Each run's files are under <code>runs/</code>.</p>")
                .append(Provenance.planSection(config.out())).append(Provenance.versionsParagraph(config.out().resolve("runs"))).append("</body></html>\n");
        AtomicFiles.writeString(config.out().resolve("report.html"), html.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
