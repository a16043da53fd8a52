package org.hypertower.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hypertower.engine.RunConfig;
import org.hypertower.export.RunManifest;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.charts.ChartExport;
import org.hypertower.ui.charts.ChartsView;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * What the workbench reads and writes: towers, configurations, chart images and run files. Each
 * action reports its outcome, or what went wrong and where, in one sentence.
 */
final class WorkbenchFiles {

    private final TowerBuilderViewModel tower;
    private final RunViewModel runs;
    private final ChartsView charts;
    private final Supplier<Optional<RunData>> selectedRun;
    private final Consumer<String> say;

    WorkbenchFiles(TowerBuilderViewModel tower, RunViewModel runs, ChartsView charts, Supplier<Optional<RunData>> selectedRun,
            Consumer<String> say) {
        this.tower = tower;
        this.runs = runs;
        this.charts = charts;
        this.selectedRun = selectedRun;
        this.say = say;
    }

    /** Writes the tower in its JSON form. */
    void saveTower(Path file) {
        TowerSpec spec = tower.specProperty().get();
        if (spec == null) {
            say.accept("The tower is not valid yet, so it was not saved: " + tower.errorProperty().get());
            return;
        }
        try {
            Files.writeString(file, spec.toJson() + System.lineSeparator());
            say.accept("Saved the tower to " + file + ".");
        } catch (IOException e) {
            say.accept("Could not save the tower to " + file + ": " + e.getMessage() + ".");
        }
    }

    /** Loads a tower from its JSON form (or its text form). */
    void loadTower(Path file) {
        try {
            String text = Files.readString(file).trim();
            tower.load(text.startsWith("{") ? TowerSpec.fromJson(text) : TowerSpec.parse(text));
            say.accept("Loaded the tower from " + file + ".");
        } catch (IOException | IllegalArgumentException e) {
            say.accept("Could not load a tower from " + file + ": " + e.getMessage());
        }
    }

    /** Loads a run's configuration (its run.json): settings and tower. */
    void loadConfiguration(Path file) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            RunConfig config = RunManifest.readConfiguration(root.get("configuration"));
            runs.applySettings(config);
            tower.load(config.tower());
            say.accept("Loaded the configuration of " + file + ".");
        } catch (IOException | RuntimeException e) {
            say.accept("Could not load a configuration from " + file + ": " + e.getMessage());
        }
    }

    /** Writes one chart as a PNG of the given size. */
    void exportChart(javafx.scene.layout.Region chart, Path file, int width, int height) {
        try {
            ChartExport.png(chart, file, width, height);
            say.accept("Wrote " + file + " (" + width + "x" + height + ").");
        } catch (IOException e) {
            say.accept("Could not write " + file + ": " + e.getMessage() + ".");
        }
    }

    /** Writes every chart as a PNG of the given size into a folder. */
    void exportCharts(Path folder, int width, int height) {
        try {
            List<Path> written = ChartExport.pngs(charts.charts(), folder, width, height);
            say.accept("Wrote " + written.size() + " images to " + folder + ".");
        } catch (IOException e) {
            say.accept("Could not write the images to " + folder + ": " + e.getMessage() + ".");
        }
    }

    /** Copies the selected (else the latest) run's steps.csv, epochs.csv and run.json into a folder. */
    void exportRun(Path folder) {
        Optional<RunData> run = selectedRun.get();
        if (run.isEmpty()) {
            say.accept("There is no run to export yet: start one first.");
            return;
        }
        try {
            Files.createDirectories(folder);
            for (String name : new String[] {"steps.csv", "epochs.csv", "run.json"}) {
                Path source = run.get().folder().resolve(name);
                if (Files.exists(source)) {
                    Files.copy(source, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            say.accept("Copied " + run.get().name() + " to " + folder + ".");
        } catch (IOException e) {
            say.accept("Could not copy the run to " + folder + ": " + e.getMessage() + ".");
        }
    }
}
