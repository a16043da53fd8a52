package org.hypertower.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.hypertower.experiment.ClusterEngine;
import org.hypertower.experiment.ClusterMaster;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.ExperimentPreset;
import org.hypertower.experiment.LearnedValuesTable;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.hypertower.experiment.TowerTemplate;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower experiment}: the papers' comparisons, each run in a worker process. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduces the papers' comparisons on the same seeds, in worker processes, with curves and "
                + "mean ± std over seeds (DIR/report.html, summary.csv, curves.csv, accuracy.svg, loss.svg). Running the "
                + "same command again resumes it.",
        subcommands = {ExperimentCommand.Compare.class, ExperimentCommand.Stack.class, ExperimentCommand.Table.class,
            RivalsCommand.class})
final class ExperimentCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The training options every run of an experiment (or a sweep) shares, and where it goes. */
    static final class Training {
        @Option(names = "--preset", paramLabel = "P",
                description = "The seed paper's settings: iris (paper MLP, 20%% labels, batch 10, 100 epochs), cifar100 "
                        + "(ResNet-20, batch 128, 10 epochs) or fashion-mnist (MLP 128, batch 128, 5 epochs; the offline "
                        + "stand-in for MNIST). Options given explicitly win.")
        String preset;

        @Option(names = "--dataset", description = "Dataset (default: iris, or the preset's).")
        String dataset;

        @Option(names = "--model", description = "Model (default: paper-mlp, or the preset's).")
        String model;

        @Option(names = "--hidden", description = "Hidden layer sizes (default: 8, or the preset's).")
        String hidden;

        @Option(names = "--epochs", description = "Epochs of each run (default: the command's, or the preset's).")
        Integer epochs;

        @Option(names = "--batch-size",
                description = "Examples per step (default: the preset's; without one 10 for iris, 128 otherwise).")
        Integer batchSize;

        @Option(names = "--limit", defaultValue = "0", description = "Train on the first N examples (default: all).")
        int limit;

        @Option(names = "--test-limit", defaultValue = "0",
                description = "Evaluate on the first N test examples (default: all).")
        int testLimit;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's files.")
        String dataDir;

        @Option(names = "--seeds", defaultValue = "3", description = "Seeds per point or tower, 0..N-1 (default: "
                + "${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--constrained", description = "Every run keeps its learned hyperparameters in range (see train).")
        boolean constrained;

        @Option(names = "--workers", description = "Runs at once, in as many worker processes, each training one run after another (default: the number of cores).")
        Integer workers;

        @Option(names = "--master", paramLabel = "URL",
                description = "Train the runs on Apache Spark instead of this machine's worker processes: local[N] "
                        + "(Spark on this machine, N runs at once; local[N,F] retries a run F-1 times), "
                        + "spark://HOST:PORT (a standalone cluster), yarn or k8s://HOST:PORT (untested). The "
                        + "folder, the files and resuming are the same: a run done here is not trained there again.")
        String master;

        @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
                description = "A Spark setting for --master, e.g. spark.executor.memory=4g or spark.driver.host=HOST; "
                        + "give it again for more.")
        java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The experiment's folder; running again into it resumes it.")
        Path out;

        /**
         * Returns the {@code train} options of every run: the options given, else the preset's, else
         * Iris with the paper MLP for the given number of epochs (and train's own batch size).
         */
        List<String> arguments(int defaultEpochs) {
            ExperimentPreset p = null;
            if (preset != null) {
                try {
                    p = ExperimentPreset.byCliName(preset);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--preset: " + e.getMessage());
                }
            }
            int runEpochs = epochs != null ? epochs : p != null ? p.epochs() : defaultEpochs;
            if (runEpochs < 1) {
                throw new UsageException("--epochs must be at least 1, not " + runEpochs + ".");
            }
            if (seeds < 1) {
                throw new UsageException("--seeds must be at least 1, not " + seeds + ".");
            }
            if (workers != null && workers < 1) {
                throw new UsageException("--workers must be at least 1, not " + workers + ".");
            }
            if (workers != null && master != null) {
                throw new UsageException("--workers is for this machine's worker processes and --master for Spark; give "
                        + "one of them (local[" + workers + "] runs " + workers + " at once on Spark).");
            }
            if (!sparkConf.isEmpty() && master == null) {
                throw new UsageException("--spark-conf is a setting for Spark; give --master too, or leave it out.");
            }
            for (String key : sparkConf.keySet()) {
                if (!key.startsWith("spark.")) {
                    throw new UsageException("--spark-conf " + key + ": Spark's settings begin with 'spark.', e.g. "
                            + "spark.executor.memory=4g.");
                }
            }
            List<String> a = new ArrayList<>(List.of("--dataset", dataset != null ? dataset : p != null ? p.dataset()
                    : "iris", "--model", model != null ? model : p != null ? p.model() : "paper-mlp", "--hidden",
                    hidden != null ? hidden : p != null ? p.hidden() : "8", "--epochs", Integer.toString(runEpochs),
                    "--limit", Integer.toString(limit), "--test-limit", Integer.toString(testLimit)));
            Integer batch = batchSize != null ? batchSize : p != null ? Integer.valueOf(p.batchSize()) : null;
            if (batch != null) {
                a.addAll(List.of("--batch-size", Integer.toString(batch)));
            }
            if (dataDir != null) {
                a.addAll(List.of("--data-dir", dataDir));
            }
            if (constrained) {
                a.add("--constrained");
            }
            return a;
        }

        int workers() {
            return workers != null ? workers : Runtime.getRuntime().availableProcessors();
        }

        /**
         * Returns where the runs train: this machine's worker processes, or, with {@code --master},
         * Spark (in a driver process only, see {@link ClusterDriver}).
         *
         * @throws IllegalArgumentException in one sentence naming the master, when it cannot be used
         */
        RunExecutor executor() {
            if (master == null) {
                return RunExecutor.local(workers());
            }
            return ClusterEngine.find().connect(ClusterMaster.check(master), sparkSettings());
        }

        /**
         * Returns the Spark settings of {@code --spark-conf}, with the executor bundle to ship to a
         * cluster's executors unless they are told where Hypertower's classes are.
         *
         * @throws UsageException when a cluster's executors would have no Hypertower classes
         */
        java.util.Map<String, String> sparkSettings() {
            java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(sparkConf);
            String m = master.strip();
            if (ClusterMaster.isLocal(m) || m.startsWith("local-cluster[") || settings.containsKey("spark.jars")
                    || settings.containsKey("spark.executor.extraClassPath")) {
                return settings;
            }
            Path bundle = org.hypertower.experiment.DriverCommand.executorBundle();
            if (!java.nio.file.Files.isRegularFile(bundle)) {
                throw new UsageException("--master " + m + ": the cluster's executors need Hypertower's classes, and "
                        + bundle + " is not built; build it once with mvn -B -Pexecutor-bundle -DskipTests package, or give "
                        + "--spark-conf spark.executor.extraClassPath=DIR/* where every worker has them.");
            }
            settings.put("spark.jars", bundle.toAbsolutePath().toString());
            return settings;
        }

        /**
         * Returns the exit code of the command run in a Spark driver, when {@code --master} asks for
         * Spark and this process is not a driver; null when the command is to run here. The master
         * is checked first, so a wrong one costs no process and writes nothing.
         */
        Integer inDriver(picocli.CommandLine.Model.CommandSpec spec) throws Exception {
            if (master == null || ClusterDriver.inDriver()) {
                return null;
            }
            ClusterMaster.check(master);
            sparkSettings();
            return ClusterDriver.run(spec.root().commandLine());
        }
    }

    /**
     * Runs a plan in a folder, printing one line per run as it ends, then the results; returns them.
     * SIGINT, SIGTERM or SIGHUP ask every worker to stop after its current step (each writes its
     * run as stopped) and end the command with 128 plus the signal's number; running the same
     * command again resumes.
     */
    static ExperimentPlan.Result run(ExperimentPlan plan, Path out, RunExecutor executor, PrintWriter stdout,
            PrintWriter err, String header) throws Exception {
        int total = plan.runCount();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        StopRequest stop = new StopRequest();
        ExperimentPlan.Result result;
        // a driver's parent relays the stop signals (see ClusterDriver): one each, not a terminal's and the parent's
        try (executor; StopSignals signals = ClusterDriver.inDriver() ? StopSignals.installForWorker(err, System.in)
                : StopSignals.install(err, "stopping every worker after its current step")) {
            signals.onStop(reason -> stop.request());
            try {
                result = plan.run(out, executor, new ExperimentPlan.Progress() {
                    @Override
                    public void checked() {
                        stdout.println(header);
                        stdout.flush();
                    }

                    @Override
                    public void finished(String run, String status, double testError, String message, boolean kept) {
                        if (status.equals("completed") || status.equals("diverged")) {
                            finished.incrementAndGet();
                        }
                        synchronized (stdout) {
                            stdout.printf(Locale.ROOT, "[%d/%d] %s%n", done.incrementAndGet(), total,
                                    ExperimentPlan.Progress.line(run, status, testError, message, kept));
                            stdout.flush();
                        }
                    }
                }, stop);
            } catch (InterruptedException stopped) {
                throw new StoppedBySignal(signals.exitCode() != 0 ? signals.exitCode() : 130, "stopped; " + finished.get()
                        + " of " + total + " runs are finished in " + out + "; run the same command again to resume.");
            }
        }
        if (result.towerResults() != null) {
            for (Comparison.TowerResult r : result.towerResults()) {
                stdout.printf(Locale.ROOT, "%-60s test error %s%s%n", r.tower(), Double.isNaN(r.testErrorMean()) ? "-"
                        : String.format(Locale.ROOT, "%.4f ± %.4f", r.testErrorMean(), r.testErrorStd()),
                        r.diverged() + r.failed() > 0 ? " (" + r.diverged() + " diverged, " + r.failed() + " failed)" : "");
            }
            stdout.println("wrote " + result.report() + ", summary.csv, curves.csv, accuracy.svg, loss.svg");
        }
        if (result.table() != null) {
            for (LearnedValuesTable.Row r : result.table()) {
                stdout.printf(Locale.ROOT, "%s: tower %.4f, baseline %.4f, learned %.4f, following another seed %.4f%n",
                        r.tower(), r.towerError()[0], r.baselineError()[0], r.learnedError()[0], r.followError()[0]);
            }
            stdout.println("wrote " + result.report() + ", table1.csv");
        }
        stdout.flush();
        return result;
    }

    private static int start(ExperimentPlan plan, Training training, picocli.CommandLine.Model.CommandSpec spec)
            throws Exception {
        Integer driven = training.inDriver(spec);
        if (driven != null) {
            return driven;
        }
        RunExecutor executor = training.executor();
        run(plan, training.out, executor, spec.commandLine().getOut(), spec.commandLine().getErr(), String.format(
                Locale.ROOT, "%s: %d runs, %d seeds, on %s", plan.title(), plan.runCount(), plan.seeds(),
                executor.describe()));
        return 0;
    }

    static List<TowerSpec> towers(String text, String option) {
        try {
            return Comparison.parseTowers(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + e.getMessage());
        }
    }

    /** Towers against plain optimizers at fixed hyperparameters. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Towers against plain optimizers at fixed hyperparameters (the seed paper's Fig. 7/9 setting), "
                    + "on the same seeds.")
    static final class Compare implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Training training;

        @Option(names = "--towers", required = true, paramLabel = "T1;T2",
                description = "Towers separated by ';', e.g. 'adam(0.001) / sgd(1e-5);sgd(0.01) / sgd(0.01)'.")
        String towers;

        @Option(names = "--baselines", defaultValue = Comparison.DEFAULT_BASELINES,
                paramLabel = "B1;B2", description = "Plain optimizers (default: ${DEFAULT-VALUE}).")
        String baselines;

        @Override
        public Integer call() throws Exception {
            List<TowerSpec> all = new ArrayList<>(ExperimentCommand.towers(towers, "--towers"));
            if (all.isEmpty()) {
                // the baselines alone would be a comparison of nothing
                throw new UsageException("--towers lists no tower; give at least one, e.g. --towers 'sgd(alpha=0.01) / "
                        + "sgd(alpha=0.01)'.");
            }
            all.addAll(ExperimentCommand.towers(baselines, "--baselines"));
            return start(new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "Towers against plain optimizers",
                    ExperimentPlan.join(all), List.of(), List.of(), training.seeds, training.arguments(100)), training, spec);
        }
    }

    /** The same layer stacked 0..K levels high. */
    @Command(name = "stack", mixinStandardHelpOptions = true,
            description = "The same layer stacked 1, 2 ... K levels high (Fig. 3/6), against the vanilla optimizer "
                    + "(height 0), on the same seeds.")
    static final class Stack implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Training training;

        @Option(names = "--tower-template", defaultValue = "sgd", paramLabel = "T",
                description = "BOTTOM or BOTTOM / UPPER, as for sweep (default: ${DEFAULT-VALUE}).")
        String template;

        @Option(names = "--alpha", defaultValue = "0.01", description = "The bottom level's alpha (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Option(names = "--max-height", defaultValue = "3", description = "The tallest tower (default: ${DEFAULT-VALUE}).")
        int maxHeight;

        @Override
        public Integer call() throws Exception {
            TowerTemplate t;
            try {
                t = TowerTemplate.parse(template);
            } catch (TowerSpecException e) {
                throw new UsageException("--tower-template: " + e.getMessage());
            }
            if (maxHeight < 0 || maxHeight > ExperimentPlan.MAX_HEIGHT) {
                throw new UsageException("--max-height must be between 0 and " + ExperimentPlan.MAX_HEIGHT + ", not "
                        + maxHeight + ".");
            }
            List<Integer> heights = java.util.stream.IntStream.rangeClosed(0, maxHeight).boxed().toList();
            return start(new ExperimentPlan(ExperimentPlan.Kind.STACK, "Stacking " + t, template, List.of(alpha), heights,
                    training.seeds, training.arguments(100)), training, spec);
        }
    }

    /** The NeurIPS paper's Table 1. */
    @Command(name = "table1", mixinStandardHelpOptions = true,
            description = "For each tower: its test error, its bottom optimizer's with the initial hyperparameters "
                    + "frozen, and the bottom optimizer re-run at the hyperparameters the tower ended with (the NeurIPS "
                    + "paper's Table 1); and the bottom optimizer following the path the tower learned on another seed "
                    + "(seed s follows seed (s + 1) mod n, see train --follow). Writes DIR/table1.csv and DIR/table1.html.")
    static final class Table implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Training training;

        @Option(names = "--towers", required = true, paramLabel = "T1;T2", description = "Towers separated by ';'.")
        String towers;

        @Override
        public Integer call() throws Exception {
            return start(new ExperimentPlan(ExperimentPlan.Kind.TABLE1,
                    "Table 1: towers, baselines and re-runs at learned values",
                    ExperimentPlan.join(ExperimentCommand.towers(towers, "--towers")), List.of(), List.of(), training.seeds,
                    training.arguments(100)), training, spec);
        }
    }
}
