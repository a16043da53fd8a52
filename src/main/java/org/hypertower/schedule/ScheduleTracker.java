package org.hypertower.schedule;

import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A DJL {@link Tracker} that plays a learned schedule: the path a hyperoptimizer tower's bottom
 * level took (exported by {@code hypertower export-schedule RUN_DIR} as {@code schedule.csv} or
 * {@code schedule.json}), so a DJL user can train with it without Hypertower's towers. This class
 * needs only DJL's api (and Gson, which DJL's api brings); copy it into a project as it is.
 *
 * <pre>{@code
 * Tracker alpha = ScheduleTracker.fromJson(Path.of("schedule.json"), "alpha");
 * Optimizer sgd = Optimizer.sgd().setLearningRateTracker(alpha).build();
 * }</pre>
 *
 * <p>Numbering: DJL's {@code Optimizer} counts updates from 1 (its first update asks for
 * {@code numUpdate = 1}, with the default {@code optBeginNumUpdate(0)}); the schedule's step
 * {@code t} is the value the tower's step {@code t} (0-based) used. So {@code getNewValue(n)}
 * returns step {@code n - 1}'s value; past the schedule's end it holds the last value, and a
 * count below 1 gives the first. Values are the schedule's doubles rounded to float, as DJL's
 * optimizers take them.
 */
public final class ScheduleTracker implements Tracker {

    private final String name;
    private final double[] values;

    private ScheduleTracker(String name, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("The schedule of " + name + " has no step.");
        }
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                throw new IllegalArgumentException("The schedule of " + name + " is " + values[t] + " at step " + t
                        + "; a tracker needs finite values.");
            }
        }
        this.name = name;
        this.values = values.clone();
    }

    /**
     * Returns a tracker of values given step by step.
     *
     * @param name what the values are, for messages (e.g. {@code alpha})
     * @param values the value of each step, step 0 first
     * @throws IllegalArgumentException when there is no value, or one is not finite
     */
    public static ScheduleTracker of(String name, double[] values) {
        return new ScheduleTracker(name, values);
    }

    /**
     * Reads one column of a {@code schedule.csv}: a header {@code step,NAME,...}, then one row per step
     * from step 0, in order.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException one sentence naming the file, the line and what is wrong
     */
    public static ScheduleTracker fromCsv(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().startsWith("step,")) {
            throw new IllegalArgumentException(file + " is not a schedule: its first line must be the header step,NAME,...");
        }
        List<String> header = Arrays.asList(lines.get(0).strip().split(",", -1));
        int column = header.indexOf(name);
        if (column < 1) {
            throw new IllegalArgumentException(file + " has no column " + name + "; it has "
                    + String.join(", ", header.subList(1, header.size())) + ".");
        }
        double[] out = new double[lines.size() - 1];
        int steps = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                if (cells.length != header.size() || Long.parseLong(cells[0].strip()) != steps) {
                    throw new NumberFormatException();
                }
                out[steps++] = Double.parseDouble(cells[column].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " is corrupt at line " + (i + 1) + ": expected step " + steps
                        + " with " + header.size() + " numbers, found '" + line + "'.", e);
            }
        }
        return new ScheduleTracker(name, Arrays.copyOf(out, steps));
    }

    /**
     * Reads one hyperparameter of a {@code schedule.json}: its array {@code values.NAME}, step 0 first.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException one sentence naming the file and what is wrong
     */
    public static ScheduleTracker fromJson(Path file, String name) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage() + ".", e);
        }
        JsonObject all = root.isJsonObject() && root.getAsJsonObject().has("values")
                && root.getAsJsonObject().get("values").isJsonObject() ? root.getAsJsonObject().getAsJsonObject("values")
                        : null;
        if (all == null) {
            throw new IllegalArgumentException(file + " is not a schedule: it has no \"values\" object.");
        }
        if (!all.has(name) || !all.get(name).isJsonArray()) {
            throw new IllegalArgumentException(file + " has no schedule of " + name + "; it has " + all.keySet() + ".");
        }
        JsonArray array = all.getAsJsonArray(name);
        double[] out = new double[array.size()];
        for (int t = 0; t < out.length; t++) {
            JsonElement e = array.get(t);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException(file + ": values." + name + "[" + t + "] is not a number.");
            }
            out[t] = e.getAsDouble();
        }
        return new ScheduleTracker(name, out);
    }

    /** Returns what the values are (e.g. {@code alpha}). */
    public String name() {
        return name;
    }

    /** Returns how many steps the schedule holds. */
    public int steps() {
        return values.length;
    }

    /** Returns the value of a step (0-based), exactly as the schedule holds it; past the end, the last. */
    public double valueAt(long step) {
        return values[(int) Math.max(0, Math.min(step, values.length - 1))];
    }

    /** Returns the value DJL's update number {@code numUpdate} (counted from 1) uses: step {@code numUpdate - 1}'s. */
    @Override
    public float getNewValue(int numUpdate) {
        return (float) valueAt(numUpdate - 1L);
    }
}
