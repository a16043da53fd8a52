package org.hypertower.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hypertower.data.DataException;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.StepMetrics;
import org.hypertower.files.FileErrors;
import org.hypertower.files.FolderLock;
import org.hypertower.tower.TowerSpec;

/**
 * A run read back from its folder ({@code run.json}, {@code steps.csv}, {@code epochs.csv}), to
 * reopen and compare past runs, including one that was interrupted.
 *
 * @param config the configuration
 * @param status the recorded status: completed, diverged, stopped or failed; running while a
 *     process writes it; interrupted when it says running but no process holds its folder any more
 *     (the process was killed or crashed)
 * @param message the recorded message (empty for an interrupted run)
 * @param keys the hyperparameter keys
 * @param steps every recorded step
 * @param epochs every recorded epoch
 * @param learned the hyperparameters the run ended with (empty when not recorded)
 * @param interventions the hyperparameters set by hand while it trained (none in a run.json that predates them)
 */
public record RecordedRun(RunConfig config, String status, String message, List<String> keys, List<StepMetrics> steps,
        List<EpochMetrics> epochs, Map<String, Double> learned, List<Intervention> interventions) {

    /**
     * Reads a run's folder.
     *
     * @throws DataException naming the folder or file and what is wrong
     */
    public static RecordedRun read(Path folder) {
        Path manifest = folder.resolve("run.json");
        if (!Files.isRegularFile(manifest)) {
            throw new DataException("No run in " + folder + ": run.json is missing; choose a folder Hypertower wrote.");
        }
        JsonNode root = manifest(manifest);
        RunConfig config = configuration(manifest, root);
        Map<String, Double> learned = new LinkedHashMap<>();
        JsonNode hyper = root.get("hyperparameters");
        if (hyper != null) {
            hyper.fields().forEachRemaining(e -> learned.put(e.getKey(), e.getValue().asDouble()));
        }
        List<String> keys = new ArrayList<>();
        List<StepMetrics> steps = readSteps(folder.resolve("steps.csv"), keys);
        List<EpochMetrics> epochs = readEpochs(folder.resolve("epochs.csv"));
        String status = text(root, "status", "running");
        String message = text(root, "message", "");
        if (status.equals("running") && !FolderLock.isHeld(folder)) {
            status = INTERRUPTED;
            message = interruptedMessage(root, steps.size());
        }
        return new RecordedRun(config, status, message, keys, steps, epochs, learned,
                RunManifest.readInterventions(root));
    }

    /** Parses a run's {@code run.json}, naming the file when it cannot be read or is not JSON. */
    static JsonNode manifest(Path manifest) {
        try {
            return new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new DataException(e instanceof com.fasterxml.jackson.core.JsonProcessingException ? manifest
                    + " is not valid JSON: " + e.getMessage().split("\n")[0] + "." : FileErrors.cannotRead(manifest, e), e);
        }
    }

    /** Returns the configuration a parsed {@code run.json} records, naming the file when it has none usable. */
    static RunConfig configuration(Path manifest, JsonNode root) {
        try {
            return RunManifest.readConfiguration(root.get("configuration"));
        } catch (RuntimeException e) {
            throw new DataException(manifest + " has no usable configuration: " + e.getMessage(), e);
        }
    }

    /** The status of a run whose process ended before the run did. */
    public static final String INTERRUPTED = "interrupted";

    /**
     * Returns a run's status as it truly is: the one its {@code run.json} records, except that a
     * run recorded as {@code running} whose folder no process holds was {@value #INTERRUPTED}.
     */
    public static String status(Path folder, JsonNode manifest) {
        String status = manifest.path("status").asText("running");
        return status.equals("running") && !FolderLock.isHeld(folder) ? INTERRUPTED : status;
    }

    /**
     * Says what became of a run whose process ended before the run did.
     *
     * @param stepsRecorded the rows its steps.csv holds, or a negative number when not counted
     */
    public static String interruptedMessage(JsonNode manifest, long stepsRecorded) {
        return "The process writing this run" + (manifest.has("pid") ? " (" + manifest.get("pid").asLong() + ")" : "")
                + " ended before the run did (it was killed or crashed)" + (stepsRecorded >= 0 ? ", after "
                        + stepsRecorded + " recorded steps." : ".");
    }

    private static String text(JsonNode root, String field, String otherwise) {
        JsonNode n = root.get(field);
        return n == null ? otherwise : n.asText();
    }

    private static List<StepMetrics> readSteps(Path file, List<String> keys) {
        List<StepMetrics> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (Reader reader = wholeRows(file);
                CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                return out; // killed before the header's line was whole: no step was recorded
            }
            int n = (header.size() - 4) / 2;
            keys.addAll(header.subList(4, 4 + n));
            for (CSVRecord r : parser) {
                double[] hyper = new double[n];
                double[] grads = new double[n];
                for (int i = 0; i < n; i++) {
                    hyper[i] = number(r.get(4 + i));
                    grads[i] = number(r.get(4 + n + i));
                }
                out.add(new StepMetrics(Long.parseLong(r.get(0)), Integer.parseInt(r.get(1)), number(r.get(2)),
                        number(r.get(3)), hyper, grads));
            }
        } catch (IOException | RuntimeException e) {
            if (out.isEmpty()) {
                throw new DataException(e instanceof IOException io ? FileErrors.cannotRead(file, io) : file + " is not a "
                        + "run's steps.csv: " + e.getMessage() + ".", e);
            }
        }
        return out;
    }

    private static List<EpochMetrics> readEpochs(Path file) {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (Reader reader = wholeRows(file);
                CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            for (CSVRecord r : parser) {
                out.add(new EpochMetrics(Integer.parseInt(r.get(0)), Long.parseLong(r.get(1)), number(r.get(2)),
                        number(r.get(3)), number(r.get(4)), number(r.get(5)),
                        r.size() > 6 && !r.get(6).isEmpty() ? Integer.parseInt(r.get(6)) : 0,
                        r.size() > 7 ? number(r.get(7)) : Double.NaN));
            }
        } catch (IOException | RuntimeException e) {
            if (out.isEmpty()) {
                throw new DataException(e instanceof IOException io ? FileErrors.cannotRead(file, io) : file + " is not a "
                        + "run's epochs.csv: " + e.getMessage() + ".", e);
            }
        }
        return out;
    }

    /**
     * Opens a run's CSV without a last line that lacks its newline: a process killed while writing
     * may have left part of a row, which must not be read as a row.
     */
    static Reader wholeRows(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return new java.io.StringReader(end < 0 ? "" : text.substring(0, end + 1));
    }

    private static double number(String s) {
        return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** Returns a data configuration from a manifest's configuration object (used by RunManifest). */
    static DataConfig dataConfig(JsonNode c) {
        return new DataConfig(c.get("dataset").asText(), c.hasNonNull("data_dir") ? c.get("data_dir").asText() : null,
                c.path("limit").asInt(0), c.path("test_limit").asInt(0), c.path("normalize").asBoolean(false),
                c.path("coarse_labels").asBoolean(false), c.path("labeled_fraction").asDouble(0.2),
                c.path("pseudo_label_threshold").asDouble(0));
    }

    /** Returns the tower of a manifest's configuration object. */
    static TowerSpec tower(JsonNode c) {
        JsonNode json = c.get("tower_json");
        return json != null ? TowerSpec.fromJsonNode(json) : TowerSpec.parse(c.get("tower").asText());
    }
}
