package org.hypertower.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.ExperimentPreset;
import org.hypertower.experiment.SweepSummary;
import org.hypertower.experiment.TowerTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower sweep}: initial alpha x tower height x seeds, in parallel worker processes. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains every combination of initial alpha, tower height and seed, each run in its own worker "
                + "process, and writes DIR/sweep.csv (height,alpha0,seed,status,final_train_loss,test_error) with every "
                + "run's files under DIR/runs/. Running it again in the same folder resumes it.",
                "A tower of height h is the template's bottom layer with alpha = alpha0, with h levels of its upper "
                        + "layer above: --tower-template 'sgd' gives sgd(alpha0) / sgd(alpha=0.01) / ... ; "
                        + "'adam / sgd(alpha=1e-5)' gives adam(alpha0) / sgd(alpha=1e-05) / ..."})
final class SweepCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", paramLabel = "P",
            description = "The seed paper's settings for dataset, model, hidden sizes, epochs and batch size: iris, "
                    + "cifar100 or fashion-mnist, as for experiment. Options given explicitly win.")
    String preset;

    @Option(names = "--dataset", description = "Dataset (default: iris).")
    String dataset;

    @Option(names = "--model", description = "Model (default: paper-mlp).")
    String model;

    @Option(names = "--hidden", description = "Hidden layer sizes (default: 8).")
    String hidden;

    @Option(names = "--tower-template", required = true, paramLabel = "T",
            description = "BOTTOM or BOTTOM / UPPER, e.g. sgd, or 'adam / sgd(alpha=1e-5)'.")
    String template;

    @Option(names = "--alphas", required = true, split = ",", paramLabel = "A[,A...]",
            description = "Initial learning rates of the bottom level, e.g. 1e-8,1e-6,1e-4,1e-2,1.")
    List<Double> alphas;

    @Option(names = "--heights", defaultValue = "0,1,2,3", split = ",", paramLabel = "H[,H...]",
            description = "Tower heights; 0 is the plain optimizer (default: ${DEFAULT-VALUE}).")
    List<Integer> heights;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per point, 0..N-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", description = "Epochs of each run (default: 10, or the preset's).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Examples per step (default: 10 for iris, 128 otherwise).")
    Integer batchSize;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N examples (default: all).")
    int limit;

    @Option(names = "--test-limit", defaultValue = "0", description = "Evaluate on the first N test examples (default: all).")
    int testLimit;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's files.")
    String dataDir;

    @Option(names = "--constrained", description = "Every run keeps its learned hyperparameters in range (see train).")
    boolean constrained;

    @Option(names = "--workers", description = "Runs at once, each in its own process (default: the number of cores).")
    Integer workers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep's folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (w < 1) {
            throw new UsageException("--workers must be at least 1, not " + w + ".");
        }
        ExperimentPreset p = null;
        if (preset != null) {
            try {
                p = ExperimentPreset.byCliName(preset);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--preset: " + e.getMessage());
            }
        }
        String data = dataset != null ? dataset : p != null ? p.dataset() : "iris";
        int runEpochs = epochs != null ? epochs : p != null ? p.epochs() : 10;
        if (runEpochs < 1) {
            throw new UsageException("--epochs must be at least 1, not " + runEpochs + ".");
        }
        List<String> train = new ArrayList<>(List.of("--dataset", data, "--model",
                model != null ? model : p != null ? p.model() : "paper-mlp", "--hidden",
                hidden != null ? hidden : p != null ? p.hidden() : "8", "--epochs", Integer.toString(runEpochs), "--limit",
                Integer.toString(limit), "--test-limit", Integer.toString(testLimit)));
        Integer batch = batchSize != null ? batchSize : p != null ? Integer.valueOf(p.batchSize()) : null;
        if (batch != null) {
            train.addAll(List.of("--batch-size", Integer.toString(batch)));
        }
        if (dataDir != null) {
            train.addAll(List.of("--data-dir", dataDir));
        }
        if (constrained) {
            train.add("--constrained");
        }
        ExperimentPlan plan;
        try {
            plan = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "Sensitivity sweep: " + template + " on " + data,
                    template, alphas, heights, seeds, train);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        plan.requireData();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "sweep: %d runs (%d heights x %d alphas x %d seeds), %d workers, template %s%n",
                plan.runCount(), heights.size(), alphas.size(), seeds, w, TowerTemplate.parse(template));
        stdout.flush();
        ExperimentPlan.Result result = ExperimentCommand.run(plan, out, w, stdout);
        long failed = result.sweep().cells().values().stream().flatMap(m -> m.values().stream())
                .mapToInt(SweepSummary.Cell::failed).sum();
        if (result.problem() != null) {
            stdout.println("hypertower: " + result.problem() + ".");
        }
        stdout.println("wrote " + (result.report() != null ? result.report() + ", sensitivity.svg, heatmap.svg, " : "")
                + out.resolve("sweep.csv")
                + (failed > 0 ? "; " + failed + " runs failed (see their worker.log); run the same command again to "
                        + "retry them" : ""));
        stdout.flush();
        return 0;
    }
}
