package org.hypertower.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.RunFactory;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;

/**
 * One experiment as the user asked for it — a sensitivity sweep, a comparison, a stack, Table 1 or
 * the rivals' sweep —
 * the one description the CLI and the workbench both run. It is saved as {@value #FILE} in the
 * experiment's folder, so the folder can be reopened and an interrupted experiment resumed with
 * exactly its settings; a folder holding a different experiment is refused rather than mixed.
 *
 * @param kind which experiment
 * @param title the report's title
 * @param towers for a sweep or a stack the tower template ({@link TowerTemplate}); for a comparison
 *     or Table 1 the towers, separated by {@code ;} (a comparison's baselines included); for the
 *     rivals' sweep its tower templates, separated by {@code ;} (none: the rivals alone)
 * @param alphas a sweep's initial learning rates; a stack's one initial learning rate; empty otherwise
 * @param heights a sweep's, a stack's or the rivals' sweep's tower heights (0 = the plain optimizer);
 *     empty otherwise
 * @param seeds how many seeds (0 .. seeds-1) each point or tower runs with
 * @param trainArguments the {@code train} options every run gets (dataset, model, epochs, ...)
 * @param rivals the rivals' sweep's learning-rate-free optimizers ({@link Rival} names); empty
 *     otherwise (and then left out of {@value #FILE})
 */
public record ExperimentPlan(Kind kind, String title, String towers, List<Double> alphas, List<Integer> heights, int seeds,
        List<String> trainArguments,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<String> rivals) {

    /** The name of the file a plan is saved as in its folder. */
    public static final String FILE = "experiment.json";

    /** The most runs one experiment plans; more is a mistake (a seed count of 2^31), not a plan. */
    public static final int MAX_RUNS = 10_000;

    /** The tallest tower an experiment builds, in levels above the bottom optimizer. */
    public static final int MAX_HEIGHT = 100;

    /** The experiments. */
    public enum Kind {
        /** Initial alpha x tower height x seed, as a line plot with bands and a heatmap. */
        SWEEP("Sensitivity sweep (alpha0 x height)", "report.html"),
        /** Towers against plain optimizers at fixed hyperparameters. */
        COMPARE("Towers vs plain optimizers", "report.html"),
        /** One layer stacked 0..K levels high. */
        STACK("Stacking one layer 0..K high", "report.html"),
        /** Tower, its frozen baseline, the baseline re-run at the learned values, and following another seed's path. */
        TABLE1("Table 1: tower, baseline, learned re-run, followed path", "table1.html"),
        /** Towers of several heights against the learning-rate-free optimizers, alpha0 x method x seed. */
        RIVALS("Rivals: towers vs learning-rate-free optimizers", "report.html");

        private final String title;
        private final String report;

        Kind(String title, String report) {
            this.title = title;
            this.report = report;
        }

        /** Returns the name of the report file it writes in its folder. */
        public String reportFile() {
            return report;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** Hears an experiment's runs end; calls come from worker threads. */
    public interface Progress {

        /**
         * A run ended, or was found done by an earlier attempt ({@code kept}).
         *
         * @param run the run's folder name under {@code runs/}
         * @param status completed, diverged, stopped or failed
         * @param testError one minus its last test accuracy (NaN when none)
         * @param message what happened, in one sentence (why it failed or diverged)
         */
        void finished(String run, String status, double testError, String message, boolean kept);

        /**
         * A run's worker started; it writes its run to {@code folder} as it goes (see {@link RunProgress}).
         *
         * @param run the run's folder name under {@code runs/}
         */
        default void started(String run, Path folder) {
        }

        /** The runs were checked and can start (see {@link #checkRuns}); nothing is written yet. */
        default void checked() {
        }

        /**
         * Returns a run's end as the CLI and the workbench list it: {@code t1_s0 completed, test error
         * 0.1234}, {@code t1_s0 failed: why}, or {@code t1_s0 completed (kept from before)}.
         */
        static String line(String run, String status, double testError, String message, boolean kept) {
            return run + " " + status + (kept ? " (kept from before)"
                    : !status.equals("completed") && !message.isEmpty() ? ": " + message
                    : Double.isNaN(testError) ? "" : String.format(java.util.Locale.ROOT, ", test error %.4f", testError));
        }
    }

    /**
     * What an experiment produced: the field of its kind is set, the others are null.
     *
     * @param plan the plan
     * @param report its report file (null when it could not be written)
     * @param sweep a sweep's summary
     * @param towerResults a comparison's or a stack's towers
     * @param table Table 1's rows
     * @param problem what went wrong after the runs, in one sentence (null when nothing did)
     * @param rivals the rivals' sweep's summary
     */
    public record Result(ExperimentPlan plan, Path report, SweepSummary sweep, List<Comparison.TowerResult> towerResults,
            List<LearnedValuesTable.Row> table, String problem, RivalsSummary rivals) {

        /** The result of any kind but the rivals' sweep. */
        public Result(ExperimentPlan plan, Path report, SweepSummary sweep, List<Comparison.TowerResult> towerResults,
                List<LearnedValuesTable.Row> table, String problem) {
            this(plan, report, sweep, towerResults, table, problem, null);
        }
    }

    /** A plan of any kind but the rivals' sweep (which has no rivals). */
    public ExperimentPlan(Kind kind, String title, String towers, List<Double> alphas, List<Integer> heights, int seeds,
            List<String> trainArguments) {
        this(kind, title, towers, alphas, heights, seeds, trainArguments, List.of());
    }

    /**
     * Checks that the plan can run.
     *
     * @throws IllegalArgumentException saying, in one sentence, what is wrong and where
     */
    public ExperimentPlan {
        if (kind == null) {
            throw new IllegalArgumentException("An experiment needs a kind: sweep, compare, stack, table1 or rivals.");
        }
        title = title == null || title.isBlank() ? kind.toString() : title;
        towers = towers == null ? "" : towers.trim();
        // equal values are one value: 0.1 and 1e-1 would train the same run twice into one folder
        alphas = List.copyOf(new java.util.LinkedHashSet<>((alphas == null ? List.<Double>of() : alphas).stream()
                .map(a -> a == null ? null : a == 0 ? 0.0 : a).toList()));
        heights = List.copyOf(new java.util.LinkedHashSet<>(heights == null ? List.<Integer>of() : heights));
        trainArguments = List.copyOf(trainArguments == null ? List.of() : trainArguments);
        // names as the rivals' list says them, once each, in its order
        rivals = (rivals == null ? List.<String>of() : Rival.parseList(String.join(",", rivals))).stream()
                .map(Object::toString).toList();
        if (kind != Kind.RIVALS && !rivals.isEmpty()) {
            throw new IllegalArgumentException("Only the rivals' sweep has rivals; leave them out of a " + kind + ".");
        }
        if (kind == Kind.RIVALS && RivalsSweep.parseTemplates(towers).isEmpty()) {
            heights = List.of(); // no tower has a height: the rivals alone
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("An experiment needs at least one seed, not " + seeds + ".");
        }
        for (Double a : alphas) {
            if (a == null || !(a >= 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("An initial alpha must be a finite number >= 0, not " + a + ".");
            }
        }
        for (Integer h : heights) {
            if (h == null || h < 0 || h > MAX_HEIGHT) {
                throw new IllegalArgumentException("A tower height must be between 0 and " + MAX_HEIGHT + ", not " + h
                        + ".");
            }
        }
        if (seeds > MAX_RUNS) {
            throw new IllegalArgumentException(seeds + " seeds are more runs than an experiment plans (at most " + MAX_RUNS
                    + "); use fewer --seeds.");
        }
        switch (kind) {
            case SWEEP, STACK -> {
                try {
                    TowerTemplate.parse(towers);
                } catch (TowerSpecException e) {
                    throw new IllegalArgumentException("The tower template '" + towers + "' is not valid: " + e.getMessage(), e);
                }
                if (heights.isEmpty()) {
                    throw new IllegalArgumentException("A " + (kind == Kind.SWEEP ? "sweep" : "stack")
                            + " needs at least one tower height, e.g. 0,1,2,3.");
                }
                if (kind == Kind.SWEEP && alphas.isEmpty()) {
                    throw new IllegalArgumentException("A sweep needs at least one initial alpha, e.g. 1e-6,1e-4,1e-2,1.");
                }
                if (kind == Kind.STACK && alphas.size() != 1) {
                    throw new IllegalArgumentException("A stack needs exactly one initial alpha, not " + alphas.size() + ".");
                }
            }
            case COMPARE, TABLE1 -> {
                if (Comparison.parseTowers(towers).isEmpty()) {
                    throw new IllegalArgumentException("Give at least one tower, e.g. 'sgd(alpha=0.01) / sgd(alpha=0.01)'.");
                }
            }
            case RIVALS -> checkRivals(towers, heights, alphas, rivals);
        }
        long runs = switch (kind) {
            case SWEEP -> (long) alphas.size() * heights.size() * seeds;
            case STACK -> (long) heights.size() * seeds;
            case COMPARE -> (long) Comparison.parseTowers(towers).size() * seeds;
            case TABLE1 -> 4L * Comparison.parseTowers(towers).size() * seeds;
            case RIVALS -> (long) alphas.size() * rows(towers, heights, rivals).size() * seeds;
        };
        if (runs > MAX_RUNS) {
            throw new IllegalArgumentException("This experiment has " + runs + " runs, more than an experiment plans (at "
                    + "most " + MAX_RUNS + "); use fewer seeds, alphas, heights or towers.");
        }
        // the train options every worker gets, read as the workers will: a mistake is one sentence now,
        // not a failure in every run
        TrainArguments.parse(trainArguments).toConfig(TowerSpec.parse("sgd"), 0);
    }

    /** Checks the rivals' sweep: its templates, heights and rivals, and alpha0 above 0 for every mapping. */
    private static void checkRivals(String towers, List<Integer> heights, List<Double> alphas, List<String> rivals) {
        List<String> templates = RivalsSweep.parseTemplates(towers);
        if (!templates.isEmpty() && heights.isEmpty()) {
            throw new IllegalArgumentException("The rivals' sweep needs at least one tower height for its templates, "
                    + "e.g. 0,1,2.");
        }
        if (templates.isEmpty() && rivals.isEmpty()) {
            throw new IllegalArgumentException("The rivals' sweep needs a tower template or a rival, e.g. templates sgd,adam "
                    + "and rivals " + Rival.names() + ".");
        }
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("The rivals' sweep needs at least one alpha0, e.g. 1e-8,1e-6,1e-4,1e-2,1.");
        }
        for (double a : alphas) {
            if (!(a > 0)) {
                throw new IllegalArgumentException("The rivals' sweep needs every alpha0 above 0 (its axis is logarithmic "
                        + "and cocob's alpha is 1/alpha0), not " + Numbers.format(a) + ".");
            }
        }
        // every rival's layer, built now: one sentence here rather than a failure in every run
        for (String r : rivals) {
            Rival.parseList(r).get(0).tower(alphas.get(0));
        }
    }

    /** Returns the rivals' sweep's methods, in its order (empty for other kinds). */
    public List<SweepRow> rows() {
        return kind != Kind.RIVALS ? List.of() : rows(towers, heights, rivals);
    }

    private static List<SweepRow> rows(String towers, List<Integer> heights, List<String> rivals) {
        return RivalsSweep.rows(RivalsSweep.parseTemplates(towers), heights, Rival.parseList(String.join(",", rivals)));
    }

    /** Returns towers in the text form of a plan's {@code towers}: separated by {@code ;}. */
    public static String join(List<TowerSpec> towers) {
        return String.join("; ", towers.stream().map(TowerSpec::toString).toList());
    }

    /** Returns the towers a comparison, stack or Table 1 trains, in order; a sweep's are per point. */
    public List<TowerSpec> towerList() {
        return switch (kind) {
            case SWEEP, RIVALS -> List.of();
            case STACK -> heights.stream().map(h -> TowerTemplate.parse(towers).build(h, alphas.get(0))).toList();
            case COMPARE, TABLE1 -> Comparison.parseTowers(towers);
        };
    }

    /** Returns the epochs each run trains, as its train options say. */
    public int epochs() {
        return TrainArguments.parse(trainArguments).toConfig(TowerSpec.parse("sgd"), 0).epochs();
    }

    /**
     * Returns how many runs the experiment trains (for Table 1, at most: a re-run and a run that follows
     * a learned path need learned values in range).
     */
    public int runCount() {
        return switch (kind) {
            case SWEEP -> alphas.size() * heights.size() * seeds;
            case COMPARE, STACK -> towerList().size() * seeds;
            case TABLE1 -> towerList().size() * seeds * 4;
            case RIVALS -> alphas.size() * rows().size() * seeds;
        };
    }

    /**
     * Runs what is not done yet in a folder, each run in a worker process, writes the report and
     * returns the results. Interrupting the calling thread stops the workers; what finished stays.
     *
     * @throws IllegalArgumentException when the folder holds a different experiment
     */
    public Result run(Path out, int workers, Progress progress) throws IOException, InterruptedException {
        return run(out, workers, progress, new StopRequest());
    }

    /**
     * Runs what is not done yet in a folder unless stopped, each run in a worker process, writes the
     * report and returns the results. Checks the runs first ({@link #checkRuns}), writing nothing
     * when they cannot work.
     *
     * @param stop once requested, every worker stops after its current step and writes its run as
     *     stopped; then {@link InterruptedException} is thrown (what finished stays, for a resume)
     * @throws IllegalArgumentException when the runs cannot work, or the folder holds a different
     *     experiment or is in use
     */
    public Result run(Path out, int workers, Progress progress, StopRequest stop) throws IOException, InterruptedException {
        return run(out, RunExecutor.local(workers), progress, stop);
    }

    /**
     * Runs what is not done yet in a folder unless stopped, on an executor (this machine's workers,
     * or elsewhere), writes the report and returns the results; as {@link #run(Path, int, Progress,
     * StopRequest)} otherwise.
     */
    public Result run(Path out, RunExecutor executor, Progress progress, StopRequest stop)
            throws IOException, InterruptedException {
        checkRuns();
        progress.checked();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot create the experiment's folder " + out + ": "
                    + org.hypertower.files.FileErrors.reason(e) + "; choose another --out.", e);
        }
        return ExperimentFolder.holding(this, out, () -> runClaimed(out, executor, progress, stop));
    }

    /**
     * Returns what an experiment running in a folder has produced so far, reading its files and
     * writing nothing, for a live view: a sweep's cells from its sweep.csv (the rivals' sweep's
     * from its rivals.csv), a comparison's or a
     * stack's curves from its finished runs; null for Table 1, or when nothing has finished.
     */
    public Result soFar(Path out) {
        try {
            return switch (kind) {
                case SWEEP -> Files.isRegularFile(out.resolve("sweep.csv"))
                        ? new Result(this, null, SweepSummary.read(out.resolve("sweep.csv")), null, null, null) : null;
                case COMPARE, STACK -> new Result(this, null, null, new Comparison(config(out, RunExecutor.local(0))).soFar(), null, null);
                case TABLE1 -> null;
                case RIVALS -> Files.isRegularFile(out.resolve(RivalsSweep.FILE)) ? new Result(this, null, null, null, null,
                        null, RivalsSummary.read(out.resolve(RivalsSweep.FILE))) : null;
            };
        } catch (RuntimeException notReadableYet) {
            // a file being replaced, or no run finished yet: nothing to show
            return null;
        }
    }

    /**
     * Checks, before any folder is written or any worker starts, that the runs can start: the train
     * options, the data (read in full, so a corrupt file is found now, not by every worker) and the
     * model on that data, within this machine's memory. Slow for big datasets (a second or two):
     * not for the UI thread.
     *
     * @throws IllegalArgumentException or {@link org.hypertower.data.DataException} in one sentence
     */
    public void checkRuns() {
        requireData();
        // checked for the workers' heap, not this process's
        RunFactory.check(TrainArguments.parse(trainArguments).toConfig(TowerSpec.parse("sgd"), 0), WorkerCommand.heapBytes(),
                "HYPERTOWER_WORKER_JAVA_OPTS=-Xmx8g");
    }

    /**
     * Rewrites the report of an experiment's folder from the runs it holds, training nothing: a run
     * not finished there counts as failed.
     *
     * @throws IllegalArgumentException when the folder holds a different experiment or is in use
     */
    public Result report(Path out) throws IOException, InterruptedException {
        // every kind reads its runs back (sweep.csv is rewritten from them too): a run whose folder was
        // deleted or whose run.json is broken counts as failed, not with the numbers it once had
        return ExperimentFolder.holding(this, out, () -> runClaimed(out, RunExecutor.local(0),
                (run, status, error, message, kept) -> { }, new StopRequest()));
    }

    private Result runClaimed(Path out, RunExecutor executor, Progress progress, StopRequest stop)
            throws IOException, InterruptedException {
        Path report = out.resolve(kind.reportFile());
        switch (kind) {
            case SWEEP -> {
                new Sweep(new SweepConfig(TowerTemplate.parse(towers), alphas, heights, seeds, executor, out, trainArguments))
                        .run(sweepListener(progress, out), stop);
                SweepSummary summary = SweepSummary.read(out.resolve("sweep.csv"));
                String problem = null;
                try {
                    SweepReport.write(out, title);
                } catch (IOException | RuntimeException e) {
                    problem = "the report could not be written (" + e.getMessage() + "); sweep.csv is complete";
                }
                return new Result(this, problem == null ? report : null, summary, null, null, problem);
            }
            case COMPARE, STACK -> {
                List<Comparison.TowerResult> r = new Comparison(config(out, executor)).run(listener(progress, out), stop);
                return new Result(this, report, null, r, null, null);
            }
            case TABLE1 -> {
                List<LearnedValuesTable.Row> r = new LearnedValuesTable(config(out, executor)).run(listener(progress, out), stop);
                return new Result(this, report, null, null, r, null);
            }
            case RIVALS -> {
                RivalsSweep.sweep(rows(), alphas, seeds, executor, out, trainArguments).run(sweepListener(progress, out), stop);
                RivalsSummary summary = RivalsSummary.read(out.resolve(RivalsSweep.FILE));
                String problem = null;
                try {
                    RivalsReport.write(out, title);
                } catch (IOException | RuntimeException e) {
                    problem = "the report could not be written (" + e.getMessage() + "); " + RivalsSweep.FILE
                            + " is complete";
                }
                return new Result(this, problem == null ? report : null, null, null, null, problem, summary);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /**
     * Checks, before any worker starts, that the dataset's files are where the runs will look.
     *
     * @throws org.hypertower.data.DataException saying where it looked and how to get the files
     */
    public void requireData() {
        DatasetId id = RunFactory.datasetId(argument(trainArguments, "--dataset").orElse("iris"));
        if (id != DatasetId.IRIS) {
            new DataLocator(argument(trainArguments, "--data-dir").map(Path::of)).locate(id);
        }
    }

    /** Returns the value of an option in train arguments, the last one given. */
    static Optional<String> argument(List<String> arguments, String name) {
        int i = arguments.lastIndexOf(name);
        return i >= 0 && i + 1 < arguments.size() ? Optional.of(arguments.get(i + 1)) : Optional.empty();
    }

    private Comparison.Config config(Path out, RunExecutor executor) {
        return new Comparison.Config(title, towerList(), seeds, executor, out, trainArguments);
    }

    private static Sweep.Listener sweepListener(Progress progress, Path out) {
        return new Sweep.Listener() {
            @Override
            public void started(Sweep.Point point, Process process) {
                progress.started(point.id(), out.resolve("runs").resolve(point.id()));
            }

            @Override
            public void finished(Sweep.Outcome o, boolean kept) {
                progress.finished(o.point().id(), o.status(), o.testError(), o.message(), kept);
            }
        };
    }

    private static WorkerPool.Listener listener(Progress progress, Path out) {
        return new WorkerPool.Listener() {
            @Override
            public void started(WorkerPool.Job job, Process process) {
                progress.started(job.id(), out.resolve("runs").resolve(job.id()));
            }

            @Override
            public void finished(WorkerPool.Result r, boolean kept) {
                progress.finished(r.job().id(), r.status(), 1 - r.testAccuracy(), r.message(), kept);
            }
        };
    }

    /**
     * Returns whether two plans train the same runs: the same kind, towers, alphas, heights, seeds
     * and train options, whatever their titles, the spacing of their towers, where the data is, or
     * the order of the train options and whether a default is written out (the workbench and the
     * command line write the same options differently).
     */
    public boolean sameExperiment(ExperimentPlan other) {
        return kind == other.kind && canonicalTowers().equals(other.canonicalTowers()) && alphas.equals(other.alphas)
                && heights.equals(other.heights) && rivals.equals(other.rivals) && seeds == other.seeds
                && canonicalTraining(trainArguments).equals(canonicalTraining(other.trainArguments));
    }

    /** Returns what train options make of a run, but for where the data is: the settings every worker trains with. */
    private static List<Object> canonicalTraining(List<String> arguments) {
        org.hypertower.engine.RunConfig c = TrainArguments.parse(arguments).toConfig(TowerSpec.parse("sgd"), 0);
        org.hypertower.engine.DataConfig d = c.data();
        return List.of(d.dataset(), d.limit(), d.testLimit(), d.normalize(), d.coarseLabels(), d.labeledFraction(),
                d.pseudoLabelThreshold(), c.model(), java.util.Arrays.toString(c.hidden()), c.epochs(), c.batchSize(),
                c.precision(), c.device(), c.constrained());
    }

    /** The train options the experiment commands take (each with a value), and {@code --constrained}. */
    private static final List<String> COMMAND_OPTIONS = List.of("--dataset", "--model", "--hidden", "--epochs",
            "--batch-size", "--limit", "--test-limit", "--data-dir");

    /**
     * Returns the arguments of the {@code hypertower} command that runs this plan in a folder:
     * {@code sweep ...}, {@code experiment compare|stack|table1|rivals ...}, ending with {@code --out DIR},
     * so that options such as {@code --master URL} may follow. The command's plan is this one as
     * {@link #sameExperiment} sees it, so either resumes a folder the other started.
     *
     * @throws IllegalArgumentException in one sentence when the plan cannot be said as a command: a
     *     train option the experiment commands do not take, or a stack whose heights are not 0..K
     */
    public List<String> commandLine(Path out) {
        List<String> a = new java.util.ArrayList<>();
        switch (kind) {
            case SWEEP -> a.addAll(List.of("sweep", "--tower-template", towers, "--alphas",
                    String.join(",", alphas.stream().map(String::valueOf).toList()), "--heights",
                    String.join(",", heights.stream().map(String::valueOf).toList())));
            case STACK -> {
                int tallest = heights.stream().mapToInt(Integer::intValue).max().orElse(0);
                if (!heights.equals(java.util.stream.IntStream.rangeClosed(0, tallest).boxed().toList())) {
                    throw new IllegalArgumentException("This stack's heights " + heights + " are not 0 up to its tallest, "
                            + "as 'experiment stack --max-height' runs them; run it on this machine.");
                }
                a.addAll(List.of("experiment", "stack", "--tower-template", towers, "--alpha", String.valueOf(alphas.get(0)),
                        "--max-height", Integer.toString(tallest)));
            }
            // the plan's towers include a comparison's baselines already
            case COMPARE -> a.addAll(List.of("experiment", "compare", "--towers", towers, "--baselines", ""));
            case TABLE1 -> a.addAll(List.of("experiment", "table1", "--towers", towers));
            case RIVALS -> a.addAll(List.of("experiment", "rivals", "--templates", towers.isEmpty() ? "none" : towers,
                    "--heights", heights.isEmpty() ? "0" : String.join(",", heights.stream().map(String::valueOf).toList()),
                    "--rivals",
                    rivals.isEmpty() ? "none" : String.join(",", rivals), "--alphas",
                    String.join(",", alphas.stream().map(String::valueOf).toList())));
            default -> throw new IllegalStateException(kind.name());
        }
        a.addAll(List.of("--seeds", Integer.toString(seeds)));
        for (int i = 0; i < trainArguments.size(); i++) {
            String option = trainArguments.get(i);
            if (option.equals("--constrained")) {
                a.add(option);
            } else if (COMMAND_OPTIONS.contains(option) && i + 1 < trainArguments.size()) {
                a.addAll(List.of(option, trainArguments.get(++i)));
            } else {
                throw new IllegalArgumentException("The train option " + option + " of this experiment is not one the "
                        + "experiment commands take; run it on this machine.");
            }
        }
        if (!trainArguments.contains("--epochs")) {
            // the commands' default epochs are their own, not train's
            a.addAll(List.of("--epochs", Integer.toString(epochs())));
        }
        a.addAll(List.of("--out", out.toString()));
        return a;
    }

    private String canonicalTowers() {
        return switch (kind) {
            // the bottom's own alpha never counts: alpha0 replaces it
            case SWEEP, STACK -> explicit(TowerTemplate.parse(towers).build(1, 1.0)).toString();
            case COMPARE, TABLE1 -> join(Comparison.parseTowers(towers).stream().map(ExperimentPlan::explicit).toList());
            case RIVALS -> String.join("; ", RivalsSweep.parseTemplates(towers).stream()
                    .map(t -> explicit(TowerTemplate.parse(t).build(1, 1.0)).toString()).toList());
        };
    }

    /** Returns a tower with every argument written out, defaults included, so that equal towers print alike. */
    private static TowerSpec explicit(TowerSpec tower) {
        List<org.hypertower.tower.LayerSpec> levels = new java.util.ArrayList<>();
        for (int k = 0; k < tower.height(); k++) {
            org.hypertower.tower.LayerSpec level = tower.level(k);
            for (org.hypertower.tower.HyperparameterDef def : level.type().arguments()) {
                level = level.with(def.name(), level.value(def.name()));
            }
            levels.add(level);
        }
        return new TowerSpec(levels);
    }

    /** Returns the plan as the JSON of {@value #FILE}. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the plan saved in an experiment's folder.
     *
     * @throws IllegalArgumentException naming the folder and what is wrong with it
     */
    public static ExperimentPlan read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " is not an experiment's folder: it has no " + FILE
                    + "; choose the folder an experiment wrote (its --out).");
        }
        try {
            return MAPPER.readValue(file.toFile(), ExperimentPlan.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + org.hypertower.files.JsonErrors.reason(e)
                    + "; fix it, or choose the folder an experiment wrote.", e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

}
