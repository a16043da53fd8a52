package org.hypertower.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hypertower.export.LearnedSchedule;
import org.hypertower.files.FileErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hypertower export-schedule}: the path a tower run's bottom optimizer took, as CSV and JSON. */
@Command(name = "export-schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the path a tower run's bottom optimizer took: for every step, the values of its learned "
                + "hyperparameters the tower used at that step. schedule.csv: step,alpha,... (one row per step); "
                + "schedule.json: the layer, its keys, the values by key and the run it comes from (tower, seed, dataset).",
                "Train with it without Hypertower's towers: org.hypertower.schedule.ScheduleTracker is a DJL Tracker "
                        + "that plays it (DJL's update n uses step n - 1's value); or 'hypertower train --follow RUN_DIR'."})
final class ExportScheduleCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "The folder a tower run was trained into (its --out).")
    Path run;

    @Option(names = "--out", paramLabel = "FILE_OR_DIR",
            description = "A folder to write schedule.csv and schedule.json into, or a file ending in .csv or .json "
                    + "(default: RUN_DIR).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, json or both (default: both; with --out FILE, the file's extension).")
    String format;

    @Override
    public Integer call() throws IOException {
        if (format != null && !List.of("csv", "json", "both").contains(format)) {
            throw new UsageException("Unknown --format '" + format + "'; use csv, json or both.");
        }
        LearnedSchedule schedule = LearnedSchedule.read(run);
        Path target = out == null ? run : out;
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        String extension = name.endsWith(".csv") ? "csv" : name.endsWith(".json") ? "json" : null;
        List<Path> written = new ArrayList<>();
        if (extension != null && !Files.isDirectory(target)) {
            String asked = format == null ? extension : format;
            if (!asked.equals(extension) && !asked.equals("both")) {
                throw new UsageException("--out " + target + " ends in ." + extension + " but --format is " + asked
                        + "; give a ." + asked + " file, or a folder.");
            }
            Path stem = target.resolveSibling(name.substring(0, name.lastIndexOf('.')));
            if (asked.equals("csv") || asked.equals("both")) {
                written.add(write(schedule, stem.resolveSibling(stem.getFileName() + ".csv"), true));
            }
            if (asked.equals("json") || asked.equals("both")) {
                written.add(write(schedule, stem.resolveSibling(stem.getFileName() + ".json"), false));
            }
        } else {
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new UsageException("--out " + target + " is a file that is not .csv or .json; give a folder, or a "
                        + "file ending in .csv or .json.");
            }
            try {
                Files.createDirectories(target);
            } catch (IOException e) {
                throw new UsageException("Cannot create the folder " + target + ": " + FileErrors.reason(e)
                        + "; choose another --out.");
            }
            String asked = format == null ? "both" : format;
            if (!asked.equals("json")) {
                written.add(write(schedule, target.resolve(LearnedSchedule.CSV), true));
            }
            if (!asked.equals("csv")) {
                written.add(write(schedule, target.resolve(LearnedSchedule.JSON), false));
            }
        }
        var stdout = spec.commandLine().getOut();
        stdout.println("schedule of " + schedule.layer() + " (level 0 of " + schedule.config().tower() + ", seed "
                + schedule.config().seed() + ", " + schedule.config().dataset() + "): " + String.join(", ",
                        schedule.schedule().names()) + " over " + schedule.schedule().steps() + " steps");
        written.forEach(p -> stdout.println("wrote " + p));
        stdout.flush();
        return 0;
    }

    private static Path write(LearnedSchedule schedule, Path file, boolean csv) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UsageException(file + " is a folder; choose another --out.");
        }
        try {
            if (csv) {
                schedule.writeCsv(file);
            } else {
                schedule.writeJson(file);
            }
        } catch (IOException e) {
            throw new UsageException(FileErrors.cannotWrite(file, e).replaceAll("\\.$", "") + "; choose another --out.");
        }
        return file;
    }
}
