package org.hypertower.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.hypertower.data.DatasetId;
import org.hypertower.ui.run.RunViewModel;

/**
 * The run settings as the preferences keep them, by name: the dataset first (choosing one brings its
 * own settings), then the model, hidden sizes, epochs, batch, limits, seed, labeled fraction, device
 * and whether hyperparameters are kept in range. A value that does not read is left at its default.
 */
final class RunSettingsMemory {

    private RunSettingsMemory() {}

    /** Returns the settings of the runs' view-model by name. */
    static Map<String, String> of(RunViewModel runs) {
        Map<String, String> m = new LinkedHashMap<>();
        DatasetId dataset = runs.datasetProperty().get();
        if (dataset != null) {
            m.put("dataset", dataset.cliName());
        }
        putIfSet(m, "model", runs.modelProperty().get());
        putIfSet(m, "hidden", runs.hiddenProperty().get());
        m.put("epochs", Integer.toString(runs.epochsProperty().get()));
        m.put("batch", Integer.toString(runs.batchSizeProperty().get()));
        m.put("limit", Integer.toString(runs.limitProperty().get()));
        m.put("testLimit", Integer.toString(runs.testLimitProperty().get()));
        m.put("seed", Integer.toString(runs.seedProperty().get()));
        m.put("labeled", Double.toString(runs.labeledFractionProperty().get()));
        putIfSet(m, "device", runs.deviceProperty().get());
        m.put("constrained", Boolean.toString(runs.constrainedProperty().get()));
        return m;
    }

    /** Sets the runs' view-model from settings by name; unknown names and unreadable values are skipped. */
    static void apply(Map<String, String> settings, RunViewModel runs) {
        String dataset = settings.get("dataset");
        if (dataset != null) {
            DatasetId.byName(dataset).ifPresent(runs.datasetProperty()::set);
        }
        String model = settings.get("model");
        if (model != null && org.hypertower.engine.RunFactory.MODELS.contains(model.strip())) {
            runs.modelProperty().set(model.strip());
        }
        text(settings, "hidden", runs.hiddenProperty()::set);
        integer(settings, "epochs", 1, runs.epochsProperty()::set);
        integer(settings, "batch", 1, runs.batchSizeProperty()::set);
        integer(settings, "limit", 0, runs.limitProperty()::set);
        integer(settings, "testLimit", 0, runs.testLimitProperty()::set);
        integer(settings, "seed", 0, runs.seedProperty()::set);
        String labeled = settings.get("labeled");
        if (labeled != null) {
            try {
                double v = Double.parseDouble(labeled);
                if (v > 0 && v < 1) {
                    runs.labeledFractionProperty().set(v);
                }
            } catch (NumberFormatException e) {
                // left at its default
            }
        }
        String device = settings.get("device");
        if ("cpu".equals(device) || "gpu".equals(device)) {
            runs.deviceProperty().set(device);
        }
        String constrained = settings.get("constrained");
        if (constrained != null) {
            runs.constrainedProperty().set(Boolean.parseBoolean(constrained));
        }
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }

    private static void text(Map<String, String> settings, String key, Consumer<String> set) {
        String v = settings.get(key);
        if (v != null && !v.isBlank()) {
            set.accept(v.strip());
        }
    }

    private static void integer(Map<String, String> settings, String key, int min, Consumer<Integer> set) {
        String v = settings.get(key);
        if (v == null) {
            return;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min) {
                set.accept(n);
            }
        } catch (NumberFormatException e) {
            // left at its default
        }
    }
}
