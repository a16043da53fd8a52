package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a reader finds in a run's folder after anything happened to its writer, checked against the
 * promises: {@code run.json} is absent or whole, valid JSON with a known status; {@code steps.csv}
 * and {@code epochs.csv} hold whole rows only, each as wide as its header, steps numbered from 0
 * without a gap.
 */
public final class RunFilesCheck {

    private static final Set<String> STATUSES = Set.of("running", "completed", "diverged", "stopped", "failed");

    /**
     * What a folder held.
     *
     * @param manifest run.json, or null when there is none
     * @param status its recorded status, or null
     * @param steps the rows of steps.csv
     * @param epochs the rows of epochs.csv
     */
    public record Found(JsonNode manifest, String status, int steps, int epochs) {}

    private RunFilesCheck() {}

    /** Checks a run's folder and returns what it holds; fails the test at the first broken promise. */
    public static Found check(Path dir) throws IOException {
        JsonNode manifest = null;
        String status = null;
        Path json = dir.resolve("run.json");
        if (Files.exists(json)) {
            String text = Files.readString(json, StandardCharsets.UTF_8);
            try {
                manifest = new ObjectMapper().readTree(text);
            } catch (IOException e) {
                fail(json + " is not valid JSON (" + text.length() + " bytes): " + e.getMessage());
            }
            assertTrue(manifest != null && manifest.isObject(), json + " holds no JSON object: '" + text + "'");
            status = manifest.path("status").asText();
            assertTrue(STATUSES.contains(status), json + " has status '" + status + "'");
            assertTrue(manifest.has("configuration"), json + " has no configuration");
        }
        int steps = rows(dir.resolve("steps.csv"), true);
        int epochs = rows(dir.resolve("epochs.csv"), false);
        if (manifest != null && manifest.has("steps_recorded")) {
            assertEquals(manifest.get("steps_recorded").asLong(), steps, json + " says how many steps steps.csv keeps");
        }
        return new Found(manifest, status, steps, epochs);
    }

    private static int rows(Path csv, boolean numbered) throws IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return 0;
        }
        assertTrue(text.endsWith("\n"), csv + " ends in the middle of a row: '" + text.substring(Math.max(0,
                text.length() - 80)) + "'");
        List<String> lines = text.lines().toList();
        int width = lines.get(0).split(",", -1).length;
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            assertEquals(width, fields.length, csv + " line " + (i + 1) + " is not a whole row: '" + lines.get(i) + "'");
            if (numbered) {
                assertEquals(Integer.toString(i - 1), fields[0], csv + " line " + (i + 1) + " skips a step");
            }
            for (int f = 2; f < fields.length; f++) {
                if (!fields[f].isEmpty()) {
                    Double.parseDouble(fields[f]);
                }
            }
        }
        return lines.size() - 1;
    }
}
