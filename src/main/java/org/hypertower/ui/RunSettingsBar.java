package org.hypertower.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.RunFactory;
import org.hypertower.tower.TowerPreset;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * The workbench's settings: the papers' towers; the dataset, whether it is here, its download and
 * its progress; the examples (limits, Iris's labeled fraction); the model and hidden sizes; epochs,
 * batch and seed; each kept in sync with the run view-model. The groups wrap onto another row when
 * the window is too narrow for one, so that no setting is ever hidden behind an overflow menu.
 */
final class RunSettingsBar extends FlowPane {

    /** Builds the bar on the view-models it edits. */
    RunSettingsBar(TowerBuilderViewModel tower, RunViewModel runs, DatasetViewModel datasets) {
        setId("settings-bar");
        getStyleClass().add("command-bar");
        setAlignment(Pos.CENTER_LEFT);
        HBox presets = group("tower-settings", new Label("Preset"), presets(tower));
        presets.getStyleClass().add("first");
        getChildren().setAll(presets, dataGroup(runs, datasets), examplesGroup(runs), modelGroup(runs), trainingGroup(runs));
    }

    private static HBox group(String id, Node... nodes) {
        HBox group = new HBox(5, nodes);
        group.setId(id);
        group.setAlignment(Pos.CENTER_LEFT);
        group.getStyleClass().add("settings-group");
        return group;
    }

    private static ComboBox<TowerPreset> presets(TowerBuilderViewModel tower) {
        ComboBox<TowerPreset> presets = new ComboBox<>();
        presets.setId("presets");
        presets.getItems().setAll(TowerPreset.values());
        presets.setPromptText("Papers' towers");
        presets.setPrefWidth(170);
        presets.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                tower.load(now.spec());
            }
        });
        return presets;
    }

    private static HBox dataGroup(RunViewModel runs, DatasetViewModel datasets) {
        ComboBox<DatasetId> dataset = new ComboBox<>();
        dataset.setId("dataset");
        dataset.getItems().setAll(DatasetId.values());
        dataset.setPrefWidth(140);
        dataset.setConverter(new StringConverter<>() {
            @Override
            public String toString(DatasetId id) {
                return id == null ? "" : id.title();
            }

            @Override
            public DatasetId fromString(String s) {
                return DatasetId.byName(s).orElse(DatasetId.IRIS);
            }
        });
        // the list says which datasets need a download before anyone picks one
        dataset.setCellFactory(list -> new ListCell<>() {
            private final MapChangeListener<DatasetId, Boolean> onScan = change -> show();

            {
                datasets.availability().addListener(new javafx.collections.WeakMapChangeListener<>(onScan));
                itemProperty().addListener(obs -> show());
            }

            private void show() {
                DatasetId id = getItem();
                setText(id == null ? null : Boolean.FALSE.equals(datasets.availability().get(id))
                        ? id.title() + "  (download " + DatasetViewModel.downloadSize(id) + ")" : id.title());
            }
        });
        dataset.valueProperty().bindBidirectional(runs.datasetProperty());
        runs.datasetProperty().addListener((obs, old, id) -> datasets.select(id));
        datasets.select(runs.datasetProperty().get());

        Label status = new Label();
        status.setId("dataset-status");
        status.getStyleClass().add("dataset-status");
        status.textProperty().bind(datasets.statusProperty());
        Tooltip details = new Tooltip();
        details.textProperty().bind(datasets.detailsProperty());
        details.setWrapText(true);
        details.setMaxWidth(520);
        status.setTooltip(details);
        dataset.setTooltip(details);
        status.visibleProperty().bind(datasets.downloadingProperty().not());
        status.managedProperty().bind(status.visibleProperty());

        Button download = new Button();
        download.setId("download");
        download.getStyleClass().add("accent");
        download.textProperty().bind(Bindings.createStringBinding(
                () -> "Download " + DatasetViewModel.downloadSize(datasets.selectedProperty().get()),
                datasets.selectedProperty()));
        download.setTooltip(details);
        download.visibleProperty().bind(datasets.availableProperty().not().and(datasets.downloadingProperty().not()));
        download.managedProperty().bind(download.visibleProperty());
        download.setOnAction(e -> datasets.download());

        ProgressBar progress = new ProgressBar();
        progress.setId("download-progress");
        progress.setPrefWidth(110);
        progress.progressProperty().bind(datasets.progressProperty());
        progress.visibleProperty().bind(datasets.downloadingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-download");
        cancel.visibleProperty().bind(datasets.downloadingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> datasets.cancel());
        return group("data-settings", new Label("Data"), dataset, status, download, progress, cancel);
    }

    private static HBox examplesGroup(RunViewModel runs) {
        Spinner<Integer> limit = limitSpinner("limit", "Limit", runs, runs.limitProperty(),
                "Train on the first N training examples only (0: all), for a quick look at a big dataset (--limit).");
        Spinner<Integer> testLimit = limitSpinner("test-limit", "Test limit", runs, runs.testLimitProperty(),
                "Evaluate on the first N test examples only (0: all) (--test-limit).");

        Spinner<Double> labeled = new Spinner<>(0.05, 0.95, runs.labeledFractionProperty().get(), 0.05);
        labeled.setId("labeled-fraction");
        labeled.setEditable(true);
        labeled.getValueFactory().setConverter(Controls.lenient(labeled, Double::valueOf, "Labeled", runs::say));
        labeled.setPrefWidth(75);
        labeled.setTooltip(new Tooltip(
                "Iris: the fraction of rows trained on (stratified, seeded); the rest are evaluated. 0.2 in the papers."));
        labeled.valueProperty().addListener((obs, old, now) -> runs.labeledFractionProperty().set(now));
        runs.labeledFractionProperty().addListener((obs, old, now) -> labeled.getValueFactory().setValue(now.doubleValue()));
        Label labeledLabel = new Label("Labeled");
        labeled.visibleProperty().bind(runs.datasetProperty().isEqualTo(DatasetId.IRIS));
        labeled.managedProperty().bind(labeled.visibleProperty());
        labeledLabel.visibleProperty().bind(labeled.visibleProperty());
        labeledLabel.managedProperty().bind(labeled.visibleProperty());
        return group("example-settings", new Label("Limit"), limit, new Label("test"), testLimit, labeledLabel, labeled);
    }

    /** A spinner of example counts in steps of 1,000 that shows 0 as "all" and takes "all" (or nothing) as 0. */
    private static Spinner<Integer> limitSpinner(String id, String what, RunViewModel runs, IntegerProperty value,
            String help) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000_000, value.get(), 1000));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(95);
        StringConverter<Integer> numbers = Controls.lenient(s, Integer::valueOf, what, runs::say);
        s.getValueFactory().setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null || v == 0 ? "all" : v.toString();
            }

            @Override
            public Integer fromString(String text) {
                String t = text.strip();
                return t.isEmpty() || t.equalsIgnoreCase("all") ? 0 : numbers.fromString(t.replace(",", ""));
            }
        });
        s.setTooltip(new Tooltip(help));
        s.valueProperty().addListener((obs, old, now) -> value.set(now));
        value.addListener((obs, old, now) -> s.getValueFactory().setValue(now.intValue()));
        return s;
    }

    private static HBox modelGroup(RunViewModel runs) {
        ComboBox<String> model = new ComboBox<>();
        model.setId("model");
        model.getItems().setAll(RunFactory.MODELS);
        model.setPrefWidth(125);
        model.valueProperty().bindBidirectional(runs.modelProperty());
        TextField hidden = new TextField();
        hidden.setId("hidden");
        hidden.setPrefColumnCount(5);
        hidden.setTooltip(new Tooltip("Hidden layer sizes of the MLP, comma-separated, e.g. 128 or 256,128."));
        hidden.textProperty().bindBidirectional(runs.hiddenProperty());
        Label hiddenLabel = new Label("hidden");
        // the convolutional models have no hidden sizes to set
        hidden.visibleProperty().bind(Bindings.createBooleanBinding(() -> runs.modelProperty().get() != null
                && runs.modelProperty().get().contains("mlp"), runs.modelProperty()));
        hidden.managedProperty().bind(hidden.visibleProperty());
        hiddenLabel.visibleProperty().bind(hidden.visibleProperty());
        hiddenLabel.managedProperty().bind(hidden.visibleProperty());
        return group("model-settings", new Label("Model"), model, hiddenLabel, hidden);
    }

    private static HBox trainingGroup(RunViewModel runs) {
        Spinner<Integer> epochs = Controls.intSpinner("epochs", "Epochs", 1, 100_000, runs.epochsProperty(), 85, runs::say);
        Spinner<Integer> batch = Controls.intSpinner("batch", "Batch", 1, 4096, runs.batchSizeProperty(), 80, runs::say);
        Spinner<Integer> seed = Controls.intSpinner("seed", "Seed", 0, Integer.MAX_VALUE, runs.seedProperty(), 80, runs::say);
        return group("training-settings", new Label("Epochs"), epochs, new Label("Batch"), batch, new Label("Seed"), seed);
    }
}
