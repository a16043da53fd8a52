package org.hypertower.cli;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.engine.ReferenceTrajectory;
import org.hypertower.engine.ParityReport;
import org.hypertower.engine.Replay;
import org.hypertower.engine.RunFactory;
import org.hypertower.files.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hypertower replay}: replays a reference trajectory and writes its CSV. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a reference trajectory file (the reference PyTorch implementation's problem) with "
                + "Hypertower's tower and writes step,loss and every level's hyperparameters after each step as CSV.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.json", description = "A reference trajectory file.")
    Path file;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "Where to write the CSV (default: stdout).")
    Path csv;

    @Option(names = "--precision", defaultValue = "float32",
            description = "float32 (as the reference) or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--compare", description = "Also print, on stderr, the largest deviation from the reference.")
    boolean compare;

    @Override
    public Integer call() {
        DataType type = RunFactory.dataType(precision);
        if (csv != null) {
            refuseWritingOverTheReference();
        }
        // the CSV's folder is checked before the replay, and a failed replay leaves no CSV behind
        try (AtomicOutput output = csv == null ? null : AtomicOutput.create(csv)) {
            ReferenceTrajectory reference = ReferenceTrajectory.read(file);
            Replay.Result result = Replay.run(reference, type, -1);
            if (output == null) {
                writeCsv(spec.commandLine().getOut(), result);
            } else {
                output.write(out -> writeCsv(out, result));
            }
            if (compare) {
                PrintWriter err = spec.commandLine().getErr();
                ParityReport.of(reference, result).lines().forEach(err::println);
            }
        } catch (IOException e) {
            // AtomicOutput's messages are one sentence naming the CSV and the reason
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    private void refuseWritingOverTheReference() {
        boolean same;
        try {
            same = Files.exists(csv) && Files.exists(file) && Files.isSameFile(csv, file);
        } catch (IOException e) {
            same = false; // AtomicOutput or the reader then says why the path cannot be used
        }
        if (same) {
            throw new UsageException("--csv " + csv + " is the reference file itself; write the CSV to another file.");
        }
    }

    private static void writeCsv(Writer out, Replay.Result result) throws IOException {
        List<String> header = new ArrayList<>(List.of("step", "loss"));
        header.addAll(result.keys());
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).get());
        for (Replay.Step step : result.steps()) {
            List<Object> row = new ArrayList<>();
            row.add(step.step());
            row.add(step.loss());
            for (double v : step.hyperparameters()) {
                row.add(v);
            }
            printer.printRecord(row);
        }
        printer.flush();
    }
}
