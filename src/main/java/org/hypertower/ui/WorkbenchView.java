package org.hypertower.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.hypertower.ui.charts.ChartsView;
import org.hypertower.ui.charts.RunColors;
import org.hypertower.ui.experiments.ExperimentsView;
import org.hypertower.ui.experiments.ExperimentsViewModel;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.LevelEditorView;
import org.hypertower.ui.tower.PaletteView;
import org.hypertower.ui.tower.TowerBuilderViewModel;
import org.hypertower.ui.tower.TowerStackView;

/**
 * The workbench window's content: settings and run controls on top, the tower builder on the left,
 * the live charts in the middle, the runs on the right, progress and messages at the bottom.
 */
public final class WorkbenchView extends BorderPane {

    private final TowerBuilderViewModel tower;
    private final RunViewModel runs;
    private final org.hypertower.ui.data.DatasetViewModel datasets = new org.hypertower.ui.data.DatasetViewModel(
            javafx.application.Platform::runLater, job -> {
                Thread t = new Thread(job, "hypertower-download");
                t.setDaemon(true);
                t.start();
            }, org.hypertower.data.Downloader::configured);
    private final ChartsView charts;
    private final WorkbenchFiles files;
    private final Label message = new Label();
    private final javafx.beans.property.StringProperty status = new javafx.beans.property.SimpleStringProperty("");
    private final Timeline pulse;
    private final ExperimentsViewModel experiments;
    private final ExperimentsView experimentsView;

    /** Builds the view, with experiments written inside the run store's folder. */
    public WorkbenchView(TowerBuilderViewModel tower, RunViewModel runs) {
        this(tower, runs, runs.store().root().resolve("experiments"));
    }

    /** Builds the view on its view-models and starts the chart pulse. */
    public WorkbenchView(TowerBuilderViewModel tower, RunViewModel runs, Path experimentsRoot) {
        this.tower = tower;
        this.runs = runs;
        this.charts = new ChartsView(runs.runs());
        this.files = new WorkbenchFiles(tower, runs, charts, this::focusedRun, this::say);
        charts.setOnSaveRequest(this::saveChart);
        getStyleClass().add("workbench");
        setTop(toolbar());
        javafx.scene.Node builder = builder();
        setLeft(builder);
        ScrollPane center = new ScrollPane(charts);
        center.setFitToWidth(true);
        experiments = new ExperimentsViewModel(experimentsRoot, javafx.application.Platform::runLater, job -> {
            Thread t = new Thread(job, "hypertower-experiment");
            t.setDaemon(true);
            t.start();
        });
        experimentsView = new ExperimentsView(experiments);
        experimentsView.setOnSaveRequest(this::saveChart);
        experimentsView.setOnOpenFolder(() -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Open an experiment's folder");
            if (java.nio.file.Files.isDirectory(experimentsRoot)) {
                chooser.setInitialDirectory(experimentsRoot.toFile());
            }
            java.io.File dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) {
                experiments.open(dir.toPath());
            }
        });
        ScrollPane experimentsPane = new ScrollPane(experimentsView);
        experimentsPane.setFitToWidth(true);
        javafx.scene.control.Tab training = new javafx.scene.control.Tab("Training", center);
        javafx.scene.control.Tab experimentsTab = new javafx.scene.control.Tab("Experiments", experimentsPane);
        experimentsTab.setId("experiments-tab");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(training, experimentsTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);
        javafx.scene.Node runList = runList();
        setRight(runList);
        // the tower builder and the runs list serve the Training tab; Experiments gets the whole width
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            boolean onTraining = now != experimentsTab;
            setLeft(onTraining ? builder : null);
            setRight(onTraining ? runList : null);
        });
        setBottom(statusBar());
        pulse = new Timeline(new KeyFrame(Duration.millis(100), e -> runs.drain()));
        // a run's end is shown at once, not at the next pulse: Stop answers within a step
        runs.setOnEndQueued(() -> javafx.application.Platform.runLater(runs::drain));
        pulse.setCycleCount(Timeline.INDEFINITE);
        pulse.play();
    }

    /** Returns the charts (for export and tests). */
    public ChartsView charts() {
        return charts;
    }

    /** Returns the Experiments tab's view (for its report opener and tests). */
    public ExperimentsView experimentsView() {
        return experimentsView;
    }

    /** Returns the Experiments tab's view-model (for tests). */
    public ExperimentsViewModel experiments() {
        return experiments;
    }

    /** Asks for a size and a file, then writes a chart there as PNG. */
    private void saveChart(javafx.scene.layout.Region chart) {
        askSize().ifPresent(size -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Save the chart");
            chooser.setInitialFileName("chart.png");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PNG", "*.png"));
            java.io.File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (file != null) {
                files.exportChart(chart, file.toPath(), size[0], size[1]);
            }
        });
    }

    /** Stops the pulse (on closing). */
    public void dispose() {
        pulse.stop();
        experiments.stop();
        datasets.cancel();
    }

    private VBox toolbar() {
        ComboBox<String> device = new ComboBox<>();
        device.setId("device");
        device.getItems().setAll("cpu", "gpu");
        device.valueProperty().bindBidirectional(runs.deviceProperty());
        device.setTooltip(new javafx.scene.control.Tooltip(
                "gpu needs DJL's CUDA build of PyTorch; without a GPU the run falls back to the CPU and says so."));

        javafx.scene.control.CheckBox inRange = new javafx.scene.control.CheckBox("in range");
        inRange.setId("constrained");
        inRange.selectedProperty().bindBidirectional(runs.constrainedProperty());
        inRange.setTooltip(new javafx.scene.control.Tooltip("Keep learned hyperparameters in range (alpha, wd >= 0; mu "
                + "in [0, 0.999]; dp in [0, 1]) by projecting each update back into it. Off: as in the reference, where a "
                + "learning rate may turn negative."));

        Button start = new Button("Start");
        start.setId("start");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(tower.specProperty().isNull());
        start.setOnAction(e -> runs.start(tower.specProperty().get()));
        Button pause = new Button();
        pause.setId("pause");
        pause.textProperty().bind(Bindings.when(runs.stateProperty().isEqualTo(RunViewModel.State.PAUSED))
                .then("Resume").otherwise("Pause"));
        pause.disableProperty().bind(runs.stateProperty().isEqualTo(RunViewModel.State.IDLE));
        pause.setOnAction(e -> runs.togglePause());
        Button stop = new Button("Stop");
        stop.setId("stop");
        stop.disableProperty().bind(runs.stateProperty().isEqualTo(RunViewModel.State.IDLE));
        stop.setOnAction(e -> runs.stop());

        MenuButton compare = new MenuButton("Compare");
        compare.setId("compare");
        MenuItem baseline = new MenuItem("With baseline (bottom optimizer, frozen)");
        baseline.setOnAction(e -> focusedRun().ifPresent(runs::startBaseline));
        MenuItem learned = new MenuItem("Re-run plain at learned values");
        learned.setOnAction(e -> focusedRun().filter(r -> !r.learned().isEmpty())
                .ifPresent(r -> runs.startAtLearnedValues(r, r.learned())));
        compare.getItems().addAll(baseline, learned);

        MenuButton export = new MenuButton("Export");
        export.setId("export");
        MenuItem png = new MenuItem("Charts as PNG…");
        png.setOnAction(e -> askSize().ifPresent(size -> chooseFolder("Folder for the chart images")
                .ifPresent(folder -> files.exportCharts(folder, size[0], size[1]))));
        MenuItem csv = new MenuItem("Run as CSV + JSON…");
        csv.setOnAction(e -> chooseFolder("Folder for the run's files").ifPresent(this::exportRun));
        export.getItems().addAll(png, csv);

        MenuButton fileMenu = new MenuButton("Tower & runs");
        fileMenu.setId("files");
        MenuItem saveTower = new MenuItem("Save tower…");
        saveTower.setOnAction(e -> chooseFile("Save the tower", true).ifPresent(files::saveTower));
        MenuItem loadTower = new MenuItem("Load tower…");
        loadTower.setOnAction(e -> chooseFile("Load a tower", false).ifPresent(files::loadTower));
        MenuItem loadConfig = new MenuItem("Load configuration (run.json)…");
        loadConfig.setOnAction(e -> chooseFile("Load a run's configuration", false).ifPresent(files::loadConfiguration));
        MenuItem open = new MenuItem("Open past run…");
        open.setOnAction(e -> chooseFolder("A run's folder").ifPresent(runs::open));
        fileMenu.getItems().addAll(saveTower, loadTower, loadConfig, open);

        Label progress = new Label();
        progress.setId("progress");
        progress.textProperty().bind(runs.progressProperty());
        ToolBar controls = new ToolBar(start, pause, stop, new Label("on"), device, inRange,
                new Separator(Orientation.VERTICAL),
                compare, export, fileMenu,
                new Separator(Orientation.VERTICAL), progress);
        return new VBox(new RunSettingsBar(tower, runs, datasets), controls);
    }

    private SplitPane builder() {
        TextField spec = new TextField();
        spec.setId("spec");
        spec.setPromptText("adam(alpha=0.01) / sgd(alpha=1e-5)");
        spec.textProperty().bindBidirectional(tower.specTextProperty());
        Label error = new Label();
        error.setId("spec-error");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.textProperty().bind(tower.errorProperty());
        Label specTitle = new Label("Tower as text (bottom level first)");
        specTitle.getStyleClass().add("section-title");
        VBox right = new VBox(6, new TowerStackView(tower), specTitle, spec, error, new LevelEditorView(tower));
        right.setPadding(new Insets(0, 8, 8, 0));
        right.setPrefWidth(420);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        PaletteView palette = new PaletteView(tower);
        palette.setPrefWidth(170);
        SplitPane split = new SplitPane(palette, rightScroll);
        split.setDividerPositions(0.28);
        split.setPrefWidth(600);
        return split;
    }

    private VBox runList() {
        ListView<RunData> list = new ListView<>(runs.runs());
        list.setId("runs");
        list.setPrefWidth(200);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunData item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                CheckBox visible = new CheckBox();
                visible.setSelected(true);
                visible.selectedProperty().addListener((obs, old, now) -> charts.setVisible(item, now));
                Label swatch = new Label("■");
                swatch.setStyle("-fx-text-fill: " + RunColors.of(runs.runs().indexOf(item)) + ";");
                Label name = new Label(item.name());
                name.setWrapText(true);
                HBox box = new HBox(4, visible, swatch, name);
                setGraphic(box);
                setText(null);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                charts.focus(now);
            }
        });
        Label title = new Label("Runs");
        title.getStyleClass().add("section-title");
        VBox box = new VBox(6, title, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private HBox statusBar() {
        message.setId("message");
        message.textProperty().bind(status);
        runs.messageProperty().addListener((obs, old, now) -> status.set(now));
        HBox bar = new HBox(16, message);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private java.util.Optional<RunData> focusedRun() {
        List<RunData> all = runs.runs();
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1));
    }

    private java.util.Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        java.io.File folder = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        return java.util.Optional.ofNullable(folder).map(java.io.File::toPath);
    }

    private java.util.Optional<Path> chooseFile(String title, boolean save) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("JSON", "*.json"));
        javafx.stage.Window owner = getScene() == null ? null : getScene().getWindow();
        java.io.File file = save ? chooser.showSaveDialog(owner) : chooser.showOpenDialog(owner);
        return java.util.Optional.ofNullable(file).map(java.io.File::toPath);
    }

    private void say(String text) {
        status.set(text);
    }

    private int lastWidth = 1600;
    private int lastHeight = 1000;

    /** Asks for the images' size as WIDTHxHEIGHT; empty when cancelled or not understood. */
    private java.util.Optional<int[]> askSize() {
        javafx.scene.control.TextInputDialog dialog = new javafx.scene.control.TextInputDialog(lastWidth + "x" + lastHeight);
        dialog.setTitle("Export charts");
        dialog.setHeaderText("Size of each image in pixels (width x height)");
        return dialog.showAndWait().flatMap(text -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{2,5})\\s*[xX×]\\s*(\\d{2,5})\\s*").matcher(text);
            if (!m.matches()) {
                say("'" + text + "' is not a size: write it as WIDTHxHEIGHT, e.g. 1600x1000.");
                return java.util.Optional.empty();
            }
            lastWidth = Integer.parseInt(m.group(1));
            lastHeight = Integer.parseInt(m.group(2));
            return java.util.Optional.of(new int[] {lastWidth, lastHeight});
        });
    }

    /** Writes every chart as a 1600x1000 PNG into a folder. */
    public void exportCharts(Path folder) {
        files.exportCharts(folder, 1600, 1000);
    }

    /** Copies the latest run's steps.csv, epochs.csv and run.json into a folder. */
    public void exportRun(Path folder) {
        files.exportRun(folder);
    }
}
