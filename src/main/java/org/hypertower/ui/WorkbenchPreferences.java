package org.hypertower.ui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hypertower.files.AtomicFiles;
import org.hypertower.files.FileErrors;
import org.hypertower.files.JsonErrors;

/**
 * What the workbench remembers across restarts: the theme, the window's place and size, the
 * tower builder's divider, the last tower and the run settings. Saved as JSON in
 * {@code $HYPERTOWER_CONFIG} (a file), else {@code $XDG_CONFIG_HOME/hypertower/workbench.json},
 * else {@code ~/.config/hypertower/workbench.json}. A file that cannot be read gives the defaults
 * and one sentence saying why, never a window that does not open.
 *
 * @param theme {@code light} or {@code dark}
 * @param x the window's left edge (NaN: let the system place it)
 * @param y its top edge
 * @param width its width
 * @param height its height
 * @param maximized whether it was maximized
 * @param builderDivider the tower builder's divider, 0..1 (NaN: the default)
 * @param tower the tower's text, or empty
 * @param settings the run settings by name (dataset, model, hidden, epochs, batch, seed, ...)
 * @param demo whether demo mode was on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkbenchPreferences(String theme, double x, double y, double width, double height, boolean maximized,
        double builderDivider, String tower, Map<String, String> settings, boolean demo) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Fills what a file left out. */
    public WorkbenchPreferences {
        theme = "dark".equals(theme) ? "dark" : "light";
        width = Double.isFinite(width) && width >= 400 ? width : 1440;
        height = Double.isFinite(height) && height >= 300 ? height : 900;
        tower = tower == null ? "" : tower;
        settings = Map.copyOf(settings == null ? Map.of() : settings);
    }

    /** The first start's preferences. */
    public static WorkbenchPreferences defaults() {
        return new WorkbenchPreferences("light", Double.NaN, Double.NaN, 1440, 900, false, Double.NaN, "", Map.of(), false);
    }

    /**
     * What loading found: the preferences, and a sentence when the file could not be used (null
     * when it could, or when there was none).
     */
    public record Loaded(WorkbenchPreferences preferences, String problem) {}

    /** Returns the per-user preferences file. */
    public static Path defaultFile() {
        String explicit = System.getenv("HYPERTOWER_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("hypertower").resolve("workbench.json");
    }

    /** Reads the preferences, or the defaults with a sentence saying why the file was not used. */
    public static Loaded load(Path file) {
        if (!Files.exists(file)) {
            return new Loaded(defaults(), null);
        }
        try {
            return new Loaded(JSON.readValue(file.toFile(), WorkbenchPreferences.class), null);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException ? JsonErrors.reason(e)
                    : FileErrors.reason(e);
            return new Loaded(defaults(), "The workbench's saved settings in " + file + " could not be read (" + why
                    + "); it starts with the defaults and will save over them.");
        }
    }

    /**
     * Saves the preferences in one step (a crash never leaves half a file).
     *
     * @throws IOException naming the file and the reason
     */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    /** Returns a copy with the theme. */
    public WorkbenchPreferences withTheme(String name) {
        return new WorkbenchPreferences(name, x, y, width, height, maximized, builderDivider, tower, settings, demo);
    }

    /** Returns a copy with the window's bounds. */
    public WorkbenchPreferences withWindow(double left, double top, double w, double h, boolean max) {
        return new WorkbenchPreferences(theme, left, top, w, h, max, builderDivider, tower, settings, demo);
    }

    /** Returns a copy with the builder's divider, the tower's text and the run settings. */
    public WorkbenchPreferences withWork(double divider, String towerText, Map<String, String> runSettings) {
        return new WorkbenchPreferences(theme, x, y, width, height, maximized, divider, towerText,
                new LinkedHashMap<>(runSettings), demo);
    }

    /** Returns a copy with demo mode on or off. */
    public WorkbenchPreferences withDemo(boolean on) {
        return new WorkbenchPreferences(theme, x, y, width, height, maximized, builderDivider, tower, settings, on);
    }
}
