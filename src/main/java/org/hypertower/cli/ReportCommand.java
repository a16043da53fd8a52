package org.hypertower.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hypertower.experiment.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hypertower report}: a sweep's figures and table as files that open offline. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes DIR/report.html, DIR/sensitivity.svg (test error against initial alpha, one line per tower "
                + "height, with a band over seeds) and DIR/heatmap.svg for a sweep's folder. The sweep command writes "
                + "them too when it ends.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A sweep's folder (holding sweep.csv).")
    Path folder;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(folder.resolve("sweep.csv"))) {
            throw new UsageException("No sweep.csv in " + folder + "; pass the folder a sweep wrote (its --out).");
        }
        Path html = SweepReport.write(folder, "Sensitivity sweep: " + folder.getFileName());
        spec.commandLine().getOut().println("wrote " + html + ", sensitivity.svg, heatmap.svg");
        return 0;
    }
}
