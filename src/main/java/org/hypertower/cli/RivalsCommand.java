package org.hypertower.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.Rival;
import org.hypertower.experiment.RivalsSweep;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower experiment rivals}: towers against the learning-rate-free optimizers, over alpha0 and seeds. */
@Command(name = "rivals", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Towers of each template and height against the learning-rate-free optimizers, every method at "
                + "every alpha0 and seed, each run in its own worker process. alpha0 is a tower's bottom alpha, and maps "
                + "to each rival's knob: d0 for dadapt_sgd, dadapt_adam and prodigy; reps_rel for dog; lr for "
                + "schedulefree_sgd and schedulefree_adamw; alpha = 1/alpha0 for cocob.",
                "Writes DIR/rivals.csv (method,knob,alpha0,knob_value,seed,status,test_error,final_train_loss,steps,"
                        + "wall_s,tower), sensitivity.svg (a line per method, bands over seeds), heatmap.svg and "
                        + "report.html (spread, best error, recovery from the largest alpha0), and prints the table. "
                        + "Running it again in the same folder resumes it.",
                "Without --epochs or --preset each run trains 10 epochs."})
final class RivalsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--templates", defaultValue = "sgd,adam", paramLabel = "T[,T...]",
            description = "Tower templates as for sweep's --tower-template, separated by ',' or ';' (none: the rivals "
                    + "alone; default: ${DEFAULT-VALUE}).")
    String templates;

    @Option(names = "--heights", defaultValue = "0,1,2", split = ",", paramLabel = "H[,H...]",
            description = "Heights of every template's towers; 0 is the plain optimizer (default: ${DEFAULT-VALUE}).")
    List<Integer> heights;

    @Option(names = "--rivals", defaultValue = "all", paramLabel = "R[,R...]",
            description = "Learning-rate-free optimizers: all, none, or some of " + "dadapt_sgd,dadapt_adam,prodigy,dog,"
                    + "schedulefree_sgd,schedulefree_adamw,cocob (default: ${DEFAULT-VALUE}).")
    String rivals;

    @Option(names = "--alphas", defaultValue = "1e-8,1e-6,1e-4,1e-2,1", split = ",", paramLabel = "A[,A...]",
            description = "Initial alphas, each above 0 (default: ${DEFAULT-VALUE}).")
    List<Double> alphas;

    @Mixin
    ExperimentCommand.Training training;

    @Override
    public Integer call() throws Exception {
        List<String> train = training.arguments(10);
        String dataset = train.get(train.indexOf("--dataset") + 1);
        ExperimentPlan plan;
        try {
            List<String> list = templates.strip().equalsIgnoreCase("none") ? List.of() : RivalsSweep.parseTemplates(templates);
            List<String> names = Rival.parseList(rivals).stream().map(Rival::specName).toList();
            plan = new ExperimentPlan(ExperimentPlan.Kind.RIVALS, "Rivals: " + (list.isEmpty() ? ""
                    : String.join(", ", list) + " towers against ") + "learning-rate-free optimizers on " + dataset,
                    String.join("; ", list), alphas, heights, training.seeds, train, names);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("Unknown rival") ? "--rivals: " + e.getMessage()
                    : e.getMessage());
        }
        Integer driven = training.inDriver(spec);
        if (driven != null) {
            return driven;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        RunExecutor executor = training.executor();
        String header = String.format(Locale.ROOT, "rivals: %d runs (%d methods x %d alphas x %d seeds) on %s",
                plan.runCount(), plan.rows().size(), plan.alphas().size(), plan.seeds(), executor.describe());
        ExperimentPlan.Result result = ExperimentCommand.run(plan, training.out, executor, stdout, spec.commandLine().getErr(),
                header);
        if (result.problem() != null) {
            stdout.println("hypertower: " + result.problem() + ".");
        }
        long failed = result.rivals().methods().stream().flatMap(m -> m.cells().values().stream())
                .mapToInt(SweepSummary.Cell::failed).sum();
        stdout.print(result.rivals().text());
        stdout.println("wrote " + (result.report() != null ? result.report() + ", sensitivity.svg, heatmap.svg, " : "")
                + training.out.resolve(RivalsSweep.FILE) + (failed > 0 ? "; " + failed + " runs failed (see their "
                        + "worker.log); run the same command again to retry them" : ""));
        stdout.flush();
        return 0;
    }
}
