package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.ExperimentPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan as the workbench makes it, said as a command ({@link ExperimentPlan#commandLine}) and run
 * by the command line (as a Spark driver runs it): the command's folder holds the same experiment,
 * so the workbench reads its result, and resumes it, with its own plan.
 */
@Timeout(300)
class PlanCommandLineTest {

    /** The train options as the Experiments tab writes them. */
    private static final List<String> WINDOW = List.of("--dataset", "iris", "--model", "paper-mlp", "--hidden", "8",
            "--epochs", "1", "--batch-size", "10", "--limit", "0");

    private static void runsAsItsCommand(ExperimentPlan plan, Path out) throws Exception {
        List<String> args = new ArrayList<>(plan.commandLine(out));
        args.addAll(List.of("--workers", "2"));
        CliResult r = CliResult.execute(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(ExperimentPlan.read(out).sameExperiment(plan), ExperimentPlan.read(out).toJson());
        assertEquals(plan.runCount(), r.outLines().stream().filter(l -> l.matches("\\[\\d+/\\d+] .* completed.*")).count(),
                r.out());
        // the workbench's plan reads the command's folder: every run is there, none trains again
        ExperimentPlan.Result result = plan.report(out);
        assertTrue(result.problem() == null, result.problem());
        if (result.towerResults() != null) {
            assertTrue(result.towerResults().stream().allMatch(t -> t.runs() == plan.seeds() && t.failed() == 0),
                    result.towerResults().toString());
        }
    }

    @Test
    void aSweepAndAStackRunAsTheirCommands(@TempDir Path dir) throws Exception {
        runsAsItsCommand(new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "Sensitivity sweep: sgd on iris", "sgd",
                List.of(0.01), List.of(0, 1), 1, WINDOW), dir.resolve("sweep"));
        runsAsItsCommand(new ExperimentPlan(ExperimentPlan.Kind.STACK, "Stacking sgd on iris", "sgd", List.of(0.1),
                List.of(0, 1), 1, WINDOW), dir.resolve("stack"));
    }

    @Test
    void aComparisonAndTable1RunAsTheirCommands(@TempDir Path dir) throws Exception {
        List<org.hypertower.tower.TowerSpec> towers = new ArrayList<>(Comparison.parseTowers("sgd(0.1) / sgd(0.01)"));
        towers.addAll(Comparison.parseTowers(Comparison.DEFAULT_BASELINES));
        runsAsItsCommand(new ExperimentPlan(ExperimentPlan.Kind.COMPARE, "Towers against plain optimizers on iris",
                ExperimentPlan.join(towers), List.of(), List.of(), 1, WINDOW), dir.resolve("compare"));
        ExperimentPlan table = new ExperimentPlan(ExperimentPlan.Kind.TABLE1, "Table 1 on iris", "sgd(0.1) / sgd(0.01)",
                List.of(), List.of(), 1, WINDOW);
        List<String> args = new ArrayList<>(table.commandLine(dir.resolve("table1")));
        args.addAll(List.of("--workers", "2"));
        CliResult r = CliResult.execute(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(ExperimentPlan.read(dir.resolve("table1")).sameExperiment(table));
        assertEquals(1, table.report(dir.resolve("table1")).table().size());
    }
}
