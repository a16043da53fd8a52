package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.hypertower.files.AtomicFiles;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.export.LearnedSchedule;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.TowerSpec;

/**
 * The NeurIPS paper's Table 1: for each tower, its final test error; its bottom optimizer's with
 * the initial hyperparameters frozen (the baseline); and the bottom optimizer's re-run from
 * scratch at the hyperparameters the tower ended with. A fourth column beyond the paper: the bottom
 * optimizer following, step by step, the path the tower learned on another seed ({@code train
 * --follow}): seed {@code s} follows the tower run of seed {@code (s + 1) mod n}, so it trains on its
 * own split, weights and batches with a path learned elsewhere (does the path transfer?); with one
 * seed it follows its own path, which reproduces the tower. Mean ± standard deviation over seeds,
 * every run in a worker process; writes {@code table1.csv} and {@code table1.html}.
 */
public final class LearnedValuesTable {

    /**
     * One row.
     *
     * @param tower the tower
     * @param towerError the tower's test error, mean and deviation
     * @param baselineError the frozen bottom optimizer's
     * @param learnedError the bottom optimizer re-run at the learned hyperparameters
     * @param followError the bottom optimizer following the path learned on another seed
     */
    public record Row(TowerSpec tower, double[] towerError, double[] baselineError, double[] learnedError,
            double[] followError) {}

    private final Comparison.Config config;

    /** A table of the towers in a configuration (its title is the report's title). */
    public LearnedValuesTable(Comparison.Config config) {
        this.config = config;
    }

    /** Runs what is not done yet, writes the table and returns its rows. */
    public List<Row> run(WorkerPool.Listener listener) throws IOException, InterruptedException {
        return run(listener, new StopRequest());
    }

    /** Runs what is not done yet unless stopped, writes the table and returns its rows. */
    public List<Row> run(WorkerPool.Listener listener, StopRequest stop) throws IOException, InterruptedException {
        Path root = config.out().resolve("runs");
        List<WorkerPool.Job> first = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            TowerSpec tower = config.towers().get(t);
            for (int s = 0; s < config.seeds(); s++) {
                first.add(job("tower" + t + "_s" + s, tower, s));
                first.add(job("baseline" + t + "_s" + s, TowerSpec.of(tower.level(0)), s));
            }
        }
        Files.createDirectories(config.out());
        List<WorkerPool.Result> done = config.executor().run(root, first, listener, stop);
        List<WorkerPool.Job> second = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            for (int s = 0; s < config.seeds(); s++) {
                WorkerPool.Result towerRun = done.get(2 * (t * config.seeds() + s));
                LayerSpec learned = learnedBottom(config.towers().get(t).level(0), towerRun.manifest());
                if (learned != null) {
                    second.add(job("learned" + t + "_s" + s, TowerSpec.of(learned), s));
                }
                int other = (s + 1) % config.seeds();
                WorkerPool.Result followed = done.get(2 * (t * config.seeds() + other));
                if (followable(followed)) {
                    List<String> args = new ArrayList<>(List.of("--follow", followed.folder().toAbsolutePath().toString(),
                            "--seed", Integer.toString(s)));
                    args.addAll(config.trainArguments());
                    second.add(new WorkerPool.Job(followId(t, s), args));
                }
            }
        }
        List<WorkerPool.Result> reruns = config.executor().run(root, second, listener, stop);
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < config.towers().size(); t++) {
            List<Double> tower = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            List<Double> learned = new ArrayList<>();
            for (int s = 0; s < config.seeds(); s++) {
                add(tower, done.get(2 * (t * config.seeds() + s)));
                add(baseline, done.get(2 * (t * config.seeds() + s) + 1));
            }
            List<Double> follow = new ArrayList<>();
            String prefix = "learned" + t + "_";
            String followPrefix = "follow" + t + "_";
            for (WorkerPool.Result r : reruns) {
                if (r.job().id().startsWith(prefix)) {
                    add(learned, r);
                } else if (r.job().id().startsWith(followPrefix)) {
                    add(follow, r);
                }
            }
            rows.add(new Row(config.towers().get(t), stats(tower), stats(baseline), stats(learned), stats(follow)));
        }
        write(rows);
        return rows;
    }

    private WorkerPool.Job job(String id, TowerSpec tower, int seed) {
        List<String> args = new ArrayList<>(List.of("--tower", tower.toString(), "--seed", Integer.toString(seed)));
        args.addAll(config.trainArguments());
        return new WorkerPool.Job(id, args);
    }

    private static String followId(int tower, int seed) {
        return "follow" + tower + "_s" + seed;
    }

    /**
     * Whether a tower run's path can be followed: the run completed, and its bottom level can hold
     * every value of the path (a learning rate that turned negative on the way is followed as the
     * tower took it; see {@link org.hypertower.engine.Schedule#check()}); a plain optimizer in the
     * table learned no path.
     */
    static boolean followable(WorkerPool.Result towerRun) {
        if (!towerRun.status().equals("completed")) {
            return false;
        }
        try {
            LearnedSchedule.read(towerRun.folder()).schedule().check();
            return true;
        } catch (RuntimeException notFollowable) {
            return false;
        }
    }

    /** The bottom layer at the effective values the tower ended with; null when it has none or one out of range. */
    static LayerSpec learnedBottom(LayerSpec bottom, JsonNode manifest) {
        JsonNode values = manifest == null ? null : manifest.get("hyperparameters");
        if (values == null) {
            return null;
        }
        Map<String, Double> learned = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                learned.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return TowerSpec.of(bottom).plainAtLearnedValues(learned).map(t -> t.level(0)).orElse(null);
    }

    private static void add(List<Double> errors, WorkerPool.Result r) {
        if (r.status().equals("completed") && !Double.isNaN(r.testAccuracy())) {
            errors.add(1 - r.testAccuracy());
        }
    }

    private static double[] stats(List<Double> v) {
        return new double[] {Comparison.mean(v), Comparison.std(v), v.size()};
    }

    private static String cell(double[] s) {
        return Double.isNaN(s[0]) ? "" : String.format(Locale.ROOT, "%.4f ± %.4f (n=%d)", s[0], s[1], (int) s[2]);
    }

    private void write(List<Row> rows) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("tower",
                        "tower_error_mean", "tower_error_std", "baseline_error_mean", "baseline_error_std",
                        "learned_rerun_error_mean", "learned_rerun_error_std", "follow_other_seed_error_mean",
                        "follow_other_seed_error_std").get())) {
            for (Row r : rows) {
                csv.printRecord(r.tower(), num(r.towerError()[0]), num(r.towerError()[1]), num(r.baselineError()[0]),
                        num(r.baselineError()[1]), num(r.learnedError()[0]), num(r.learnedError()[1]),
                        num(r.followError()[0]), num(r.followError()[1]));
            }
        }
        AtomicFiles.writeString(config.out().resolve("table1.csv"), w.toString());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(SvgPlot.escape(config.title())).append("</title><style>body{font-family:sans-serif;max-width:1000px;"
                        + "margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
                        + "th{background:#f3f4f6}</style></head><body><h1>").append(SvgPlot.escape(config.title()))
                .append("</h1><p>Final test error, mean ± standard deviation over seeds. Baseline: the tower's bottom "
                        + "optimizer with its initial hyperparameters frozen. Learned: the same optimizer re-run from "
                        + "scratch at the hyperparameters the tower ended with (runs whose learned values are out of "
                        + "range, e.g. a negative learning rate, are left out). Following: the same optimizer from scratch, its "
                        + "hyperparameters set before every step to the values the tower learned for that step on "
                        + "another seed (seed s follows seed (s + 1) mod n; with one seed, its own), training on its own "
                        + "split, weights and batches: does the learned path transfer? A path is followed as the tower took "
                        + "it, a learning rate that turned negative on the way included.</p><p>Train options: <code>")
                .append(SvgPlot.escape(String.join(" ", config.trainArguments()))).append("</code></p>")
                .append("<table><tr><th>tower</th><th>tower</th><th>baseline</th><th>re-run at learned values</th><th>following the path of another seed</th></tr>");
        for (Row r : rows) {
            html.append("<tr><td><code>").append(SvgPlot.escape(r.tower().toString())).append("</code></td><td>")
                    .append(cell(r.towerError())).append("</td><td>").append(cell(r.baselineError())).append("</td><td>")
                    .append(cell(r.learnedError())).append("</td><td>").append(cell(r.followError())).append("</td></tr>");
        }
        html.append("</table>").append(Provenance.planSection(config.out())).append(Provenance.versionsParagraph(config.out().resolve("runs")))
                .append("</body></html>\n");
        AtomicFiles.writeString(config.out().resolve("table1.html"), html.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
