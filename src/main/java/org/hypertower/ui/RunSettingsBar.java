package org.hypertower.ui;

import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.RunFactory;
import org.hypertower.tower.TowerPreset;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * The workbench's settings bar: the papers' towers, the dataset (whether it is here, with a
 * download button and its progress), model, hidden sizes, epochs, batch, seed and Iris's labeled
 * fraction, each kept in sync with the run view-model.
 */
final class RunSettingsBar extends ToolBar {

    /** Builds the bar on the view-models it edits. */
    RunSettingsBar(TowerBuilderViewModel tower, RunViewModel runs, DatasetViewModel datasets) {
        ComboBox<TowerPreset> presets = new ComboBox<>();
        presets.setId("presets");
        presets.getItems().setAll(TowerPreset.values());
        presets.setPromptText("Papers' towers");
        presets.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                tower.load(now.spec());
            }
        });

        ComboBox<DatasetId> dataset = new ComboBox<>();
        dataset.setId("dataset");
        dataset.getItems().setAll(DatasetId.values());
        dataset.valueProperty().bindBidirectional(runs.datasetProperty());
        Label datasetStatus = new Label();
        datasetStatus.setId("dataset-status");
        datasetStatus.textProperty().bind(datasets.statusProperty());
        javafx.scene.control.ProgressBar downloadProgress = new javafx.scene.control.ProgressBar();
        downloadProgress.setId("download-progress");
        downloadProgress.progressProperty().bind(datasets.progressProperty());
        downloadProgress.visibleProperty().bind(datasets.downloadingProperty());
        downloadProgress.managedProperty().bind(downloadProgress.visibleProperty());
        Button download = new Button("Download");
        download.setId("download");
        download.visibleProperty().bind(datasets.availableProperty().not().and(datasets.downloadingProperty().not()));
        download.managedProperty().bind(download.visibleProperty());
        download.setOnAction(e -> datasets.download());
        Button cancelDownload = new Button("Cancel");
        cancelDownload.visibleProperty().bind(datasets.downloadingProperty());
        cancelDownload.managedProperty().bind(cancelDownload.visibleProperty());
        cancelDownload.setOnAction(e -> datasets.cancel());
        // the run view-model gives each dataset its own batch, model and sizes
        dataset.valueProperty().addListener((obs, old, id) -> datasets.select(id));

        ComboBox<String> model = new ComboBox<>();
        model.setId("model");
        model.getItems().setAll(RunFactory.MODELS);
        model.valueProperty().bindBidirectional(runs.modelProperty());
        TextField hidden = new TextField();
        hidden.setPrefColumnCount(5);
        hidden.textProperty().bindBidirectional(runs.hiddenProperty());

        Spinner<Integer> epochs = Controls.intSpinner("epochs", 1, 100_000, runs.epochsProperty(), 90);
        Spinner<Integer> batch = Controls.intSpinner("batch", 1, 4096, runs.batchSizeProperty(), 90);
        Spinner<Integer> seed = Controls.intSpinner("seed", 0, Integer.MAX_VALUE, runs.seedProperty(), 90);
        Spinner<Double> labeled = new Spinner<>(0.05, 0.95, runs.labeledFractionProperty().get(), 0.05);
        labeled.setId("labeled-fraction");
        labeled.setEditable(true);
        labeled.getValueFactory().setConverter(Controls.lenient(labeled, Double::valueOf));
        labeled.setPrefWidth(80);
        labeled.setTooltip(new javafx.scene.control.Tooltip(
                "Iris: the fraction of rows trained on (stratified, seeded); the rest are evaluated. 0.2 in the papers."));
        labeled.valueProperty().addListener((obs, old, now) -> runs.labeledFractionProperty().set(now));
        runs.labeledFractionProperty().addListener((obs, old, now) -> labeled.getValueFactory().setValue(now.doubleValue()));
        Label labeledLabel = new Label("Labeled");
        labeled.visibleProperty().bind(runs.datasetProperty().isEqualTo(DatasetId.IRIS));
        labeled.managedProperty().bind(labeled.visibleProperty());
        labeledLabel.visibleProperty().bind(labeled.visibleProperty());
        labeledLabel.managedProperty().bind(labeled.visibleProperty());
        dataset.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(DatasetId id) {
                return id == null ? "" : id.title();
            }

            @Override
            public DatasetId fromString(String s) {
                return DatasetId.byName(s).orElse(DatasetId.IRIS);
            }
        });
        getItems().setAll(new Label("Preset"), presets, new Separator(Orientation.VERTICAL), new Label("Data"), dataset,
                datasetStatus, downloadProgress, download, cancelDownload, new Separator(Orientation.VERTICAL),
                new Label("Model"), model, new Label("hidden"), hidden, new Label("Epochs"), epochs, new Label("Batch"), batch,
                new Label("Seed"), seed, labeledLabel, labeled);
    }
}
