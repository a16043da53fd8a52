package org.hypertower.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.SweepSummary;
import org.hypertower.experiment.TowerTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower sweep}: initial alpha x tower height x seeds, in parallel worker processes. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains every combination of initial alpha, tower height and seed, each run in its own worker "
                + "process, and writes DIR/sweep.csv (height,alpha0,seed,status,final_train_loss,test_error) with every "
                + "run's files under DIR/runs/. Running it again in the same folder resumes it.",
                "A tower of height h is the template's bottom layer with alpha = alpha0, with h levels of its upper "
                        + "layer above: --tower-template 'sgd' gives sgd(alpha0) / sgd(alpha=0.01) / ... ; "
                        + "'adam / sgd(alpha=1e-5)' gives adam(alpha0) / sgd(alpha=1e-05) / ...",
                "Without --epochs or --preset each run trains 10 epochs."})
final class SweepCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--tower-template", required = true, paramLabel = "T",
            description = "BOTTOM or BOTTOM / UPPER, e.g. sgd, or 'adam / sgd(alpha=1e-5)'.")
    String template;

    @Option(names = "--alphas", required = true, split = ",", paramLabel = "A[,A...]",
            description = "Initial learning rates of the bottom level, e.g. 1e-8,1e-6,1e-4,1e-2,1.")
    List<Double> alphas;

    @Option(names = "--heights", defaultValue = "0,1,2,3", split = ",", paramLabel = "H[,H...]",
            description = "Tower heights; 0 is the plain optimizer (default: ${DEFAULT-VALUE}).")
    List<Integer> heights;

    @Mixin
    ExperimentCommand.Training training;

    @Override
    public Integer call() throws Exception {
        List<String> train = training.arguments(10);
        String dataset = train.get(train.indexOf("--dataset") + 1);
        ExperimentPlan plan;
        try {
            plan = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "Sensitivity sweep: " + template + " on " + dataset,
                    template, alphas, heights, training.seeds, train);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Integer driven = training.inDriver(spec);
        if (driven != null) {
            return driven;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (plan.alphas().size() < alphas.size() || plan.heights().size() < heights.size()) {
            spec.commandLine().getErr().println("hypertower: --alphas or --heights lists a value more than once (0.1 and 1e-1 "
                    + "are one value); each runs once.");
        }
        RunExecutor executor = training.executor();
        String header = String.format(Locale.ROOT, "sweep: %d runs (%d heights x %d alphas x %d seeds) on %s, "
                + "template %s", plan.runCount(), plan.heights().size(), plan.alphas().size(), training.seeds,
                executor.describe(), TowerTemplate.parse(template));
        ExperimentPlan.Result result = ExperimentCommand.run(plan, training.out, executor, stdout,
                spec.commandLine().getErr(), header);
        long failed = result.sweep().cells().values().stream().flatMap(m -> m.values().stream())
                .mapToInt(SweepSummary.Cell::failed).sum();
        if (result.problem() != null) {
            stdout.println("hypertower: " + result.problem() + ".");
        }
        stdout.println("wrote " + (result.report() != null ? result.report() + ", sensitivity.svg, heatmap.svg, " : "")
                + training.out.resolve("sweep.csv") + (failed > 0 ? "; " + failed + " runs failed (see their worker.log); "
                        + "run the same command again to retry them" : ""));
        stdout.flush();
        return 0;
    }
}
