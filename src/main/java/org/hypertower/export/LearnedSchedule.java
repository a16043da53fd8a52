package org.hypertower.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hypertower.data.DataException;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.Schedule;
import org.hypertower.files.AtomicFiles;
import org.hypertower.files.FileErrors;
import org.hypertower.tower.DoubleVectorOps;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.Tower;

/**
 * The path a tower run's level 0 took, read from the run's folder: for each step, the effective
 * values of the bottom optimizer's learned hyperparameters, exactly as {@code steps.csv} holds them
 * (Java's shortest round-tripping decimal, so the doubles read back are the doubles the run used).
 * Row {@code t} is what step {@code t} used (see {@link Schedule}).
 *
 * <p>Written as {@code schedule.csv} ({@code step,alpha,...}, one row per step) and
 * {@code schedule.json} ({@code layer}, {@code keys}, {@code steps}, {@code values} by key, and
 * {@code source}: the run, its tower, seed, dataset, model and batch size). Both are read by
 * {@link org.hypertower.schedule.ScheduleTracker}, which needs nothing else of Hypertower.
 *
 * @param run the run's folder
 * @param config the run's configuration (its tower, data, model, seed...)
 * @param status the run's recorded status
 * @param schedule the path of its level 0
 */
public record LearnedSchedule(Path run, RunConfig config, String status, Schedule schedule) {

    /** The name of the CSV form in a folder. */
    public static final String CSV = "schedule.csv";
    /** The name of the JSON form in a folder. */
    public static final String JSON = "schedule.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Reads the path of a tower run's level 0 from its folder.
     *
     * @throws DataException one sentence naming the folder or file, what is wrong and what to do:
     *     no such folder, no run in it, a run of a plain optimizer (nothing learned), no steps, or a
     *     corrupt {@code steps.csv} (with its line)
     */
    public static LearnedSchedule read(Path folder) {
        if (!Files.exists(folder)) {
            throw new DataException("There is no run folder " + folder + "; give the folder a tower run was trained into "
                    + "(its --out).");
        }
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + " is a file, not a run's folder; give the folder a tower run was trained "
                    + "into (its --out).");
        }
        Path manifest = folder.resolve("run.json");
        if (!Files.isRegularFile(manifest)) {
            throw new DataException("No run in " + folder + ": run.json is missing; give the folder a tower run was "
                    + "trained into (its --out).");
        }
        JsonNode root = RecordedRun.manifest(manifest);
        RunConfig config = RecordedRun.configuration(manifest, root);
        if (config.tower().height() < 2) {
            throw new DataException(folder + " was trained by a plain " + config.tower() + ": no level above it learned "
                    + "its hyperparameters, so there is no path to follow; give a tower run (two levels or more).");
        }
        Tower<double[]> tower = new Tower<>(config.tower(), DoubleVectorOps.INSTANCE, List.of("weights"));
        List<String> names = tower.level(0).hyperparameterNames();
        if (names.isEmpty()) {
            throw new DataException(folder + "'s bottom level " + config.tower().level(0) + " learns nothing (every "
                    + "hyperparameter is held fixed), so there is no path to follow.");
        }
        Path steps = folder.resolve("steps.csv");
        if (!Files.isRegularFile(steps)) {
            throw new DataException("No steps.csv in " + folder + ": the run recorded no step; give a tower run that "
                    + "trained.");
        }
        double[][] values = readValues(steps, names);
        String status = RecordedRun.status(folder, root);
        return new LearnedSchedule(folder, config, status, new Schedule(config.tower().level(0), names, values,
                folder.toString()));
    }

    /** Reads the columns {@code 0.NAME} of every whole row of a steps.csv, strictly: a bad row is named by its line. */
    private static double[][] readValues(Path file, List<String> names) {
        List<double[]> rows = new ArrayList<>();
        try (Reader reader = RecordedRun.wholeRows(file);
                CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            List<String> header = parser.getHeaderNames();
            int[] columns = new int[names.size()];
            for (int k = 0; k < names.size(); k++) {
                columns[k] = header.indexOf("0." + names.get(k));
                if (columns[k] < 0 || header.indexOf("step") != 0) {
                    throw new DataException(file + " is not this run's steps.csv: its header (line 1) has no column "
                            + (header.indexOf("step") != 0 ? "step first" : "0." + names.get(k)) + "; train the run again.");
                }
            }
            for (CSVRecord r : parser) {
                long line = r.getRecordNumber() + 1;
                try {
                    long step = Long.parseLong(r.get(0).strip());
                    if (step != rows.size()) {
                        throw new IllegalArgumentException("it is step " + step + " where step " + rows.size()
                                + " belongs");
                    }
                    double[] row = new double[columns.length];
                    for (int k = 0; k < columns.length; k++) {
                        row[k] = Double.parseDouble(r.get(columns[k]).strip());
                        if (!Double.isFinite(row[k])) {
                            throw new IllegalArgumentException("0." + names.get(k) + " is " + r.get(columns[k]));
                        }
                    }
                    rows.add(row);
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                    String why = e instanceof NumberFormatException || e instanceof ArrayIndexOutOfBoundsException
                            ? "it is not a row of numbers" : e.getMessage();
                    throw new DataException(file + " is corrupt at line " + line + ": " + why + "; train the run again.",
                            e);
                }
            }
        } catch (IOException e) {
            throw new DataException(FileErrors.cannotRead(file, e), e);
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new DataException(file + " is not a run's steps.csv: " + e.getMessage().split("\n")[0] + ".", e);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + " holds no step: the run ended before its first step; give a tower run that "
                    + "trained.");
        }
        return rows.toArray(double[][]::new);
    }

    /** Returns the layer followed: the tower's level 0 with its initial values. */
    public LayerSpec layer() {
        return schedule.layer();
    }

    /** Returns the CSV form: {@code step,NAME...}, one row per step, values as Java writes doubles (exact). */
    public String csv() {
        StringBuilder out = new StringBuilder("step");
        for (String n : schedule.names()) {
            out.append(',').append(n);
        }
        out.append('\n');
        for (int t = 0; t < schedule.steps(); t++) {
            out.append(t);
            for (double v : schedule.at(t)) {
                out.append(',').append(v);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Returns the JSON form (see the type's description). */
    public String json() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "hypertower-schedule");
        root.put("version", 1);
        root.put("layer", schedule.layer().toString());
        var keys = root.putArray("keys");
        schedule.names().forEach(keys::add);
        root.put("steps", schedule.steps());
        root.put("numbering", "values.KEY[t] is the value step t (0-based) used; DJL's Optimizer asks a Tracker with "
                + "numUpdate = t + 1");
        ObjectNode values = root.putObject("values");
        for (String n : schedule.names()) {
            var column = values.putArray(n);
            for (double v : schedule.column(n)) {
                column.add(v);
            }
        }
        ObjectNode source = root.putObject("source");
        source.put("run", run.toString());
        source.put("status", status);
        source.put("tower", config.tower().toString());
        source.put("dataset", config.dataset());
        source.put("model", config.model());
        source.put("seed", config.seed());
        source.put("batch_size", config.batchSize());
        source.put("epochs", config.epochs());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a schedule could not be serialized", e);
        }
    }

    /** Writes the CSV form to a file, whole or not at all. */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, csv());
    }

    /** Writes the JSON form to a file, whole or not at all. */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.writeString(file, json());
    }
}
