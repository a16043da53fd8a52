package org.hypertower.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hypertower report}: an experiment's figures and tables, rewritten from the runs its folder holds. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rewrites the report of an experiment's folder from the runs it holds, training nothing (a run "
                + "not finished there counts as failed): for a sweep DIR/report.html, sensitivity.svg (test error "
                + "against initial alpha, one line per tower height, with a band over seeds) and heatmap.svg; for a "
                + "comparison or a stack report.html, summary.csv, curves.csv, accuracy.svg and loss.svg; for Table 1 "
                + "table1.html and table1.csv; for the rivals' sweep report.html, sensitivity.svg (one line per method) and "
                + "heatmap.svg, with rivals.csv rebuilt. The experiment commands write them too when they end.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "An experiment's folder (its --out).")
    Path folder;

    @Override
    public Integer call() throws Exception {
        Path written;
        if (Files.isRegularFile(folder.resolve(ExperimentPlan.FILE))) {
            written = ExperimentPlan.read(folder).report(folder).report();
        } else if (Files.isRegularFile(folder.resolve("sweep.csv"))) {
            // a sweep written before experiments saved their plan
            written = SweepReport.write(folder, "Sensitivity sweep: " + folder.getFileName());
        } else {
            throw new UsageException("No experiment in " + folder + " (no " + ExperimentPlan.FILE + " or sweep.csv); pass "
                    + "the folder an experiment wrote (its --out).");
        }
        spec.commandLine().getOut().println("wrote " + written);
        return 0;
    }
}
