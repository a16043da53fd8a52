package org.hypertower.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.hypertower.engine.Versions;
import org.hypertower.ui.charts.ChartsView;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.demo.DemoMode;
import org.hypertower.ui.demo.DemoViewModel;
import org.hypertower.ui.demo.GuidedDemo;
import org.hypertower.ui.demo.GuidedDemoModel;
import org.hypertower.ui.demo.GuidedDemoView;
import org.hypertower.ui.demo.PaceChoice;
import org.hypertower.ui.experiments.ExperimentsView;
import org.hypertower.ui.experiments.ExperimentsViewModel;
import org.hypertower.ui.help.HelpContent;
import org.hypertower.ui.help.HelpMenu;
import org.hypertower.ui.playground.PlaygroundView;
import org.hypertower.ui.playground.PlaygroundViewModel;
import org.hypertower.ui.run.CompareMenu;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunListView;
import org.hypertower.ui.run.RunNotifications;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderView;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * The workbench window's content: settings and run controls on top, the tower builder on the left,
 * the live charts in the middle, the runs on the right, progress and messages at the bottom
 * ({@link WorkbenchStatusBar}).
 */
public final class WorkbenchView extends BorderPane {

    private final TowerBuilderViewModel tower;
    private final RunViewModel runs;
    private final DatasetViewModel datasets;
    private final StatusViewModel status;
    private final ChartsView charts;
    private final DemoViewModel demo;
    private final WorkbenchFiles files;
    private final Timeline pulse;
    private final ExperimentsViewModel experiments;
    private final Path experimentsRoot;
    /** Built when the Experiments tab is first shown: its form and charts are a good part of startup. */
    private ExperimentsView experimentsView;
    /** Built when the Playground tab is first shown. */
    private PlaygroundView playgroundView;
    private java.util.function.Consumer<Path> onOpenReport = report -> { };
    private TowerBuilderView towerBuilder;
    private HBox menus;
    private final GuidedDemoModel guided;

    /** How long closing the window waits for a cancelled download to remove its partial file. */
    private static final java.time.Duration DOWNLOAD_STOP_WAIT = java.time.Duration.ofSeconds(10);

    /** Builds the view, with experiments written inside the run store's folder. */
    public WorkbenchView(TowerBuilderViewModel tower, RunViewModel runs) {
        this(tower, runs, runs.store().root().resolve("experiments"));
    }

    /** Builds the view on its view-models, with the default data folders, and starts the chart pulse. */
    public WorkbenchView(TowerBuilderViewModel tower, RunViewModel runs, Path experimentsRoot) {
        this(tower, runs, experimentsRoot, datasets(java.util.Optional.empty()));
    }

    /**
     * Returns the datasets' view-model the window uses: scans and downloads on daemon threads,
     * updates on the FX thread; {@code dataDir} the only data folder to look in (as {@code --data-dir}),
     * or empty for the default ones.
     */
    public static DatasetViewModel datasets(java.util.Optional<Path> dataDir) {
        return new DatasetViewModel(javafx.application.Platform::runLater, job -> daemon("hypertower-datasets", job),
                () -> DatasetViewModel.Fetcher.of(org.hypertower.data.Downloader.configured()), dataDir);
    }

    /** Builds the view on its view-models and starts the chart pulse. */
    public WorkbenchView(TowerBuilderViewModel tower, RunViewModel runs, Path experimentsRoot, DatasetViewModel datasets) {
        this.tower = tower;
        this.runs = runs;
        this.datasets = datasets;
        this.status = new StatusViewModel(runs, datasets);
        runs.setDatasetCheck(datasets::whyMissing);
        this.charts = new ChartsView(runs.runs());
        this.demo = new DemoViewModel(runs);
        this.files = new WorkbenchFiles(tower, runs, charts, this::selectedRun, this::say);
        this.guided = new GuidedDemoModel(new GuidedDemo.Targets(() -> playgroundView().model()));
        charts.setOnSaveRequest(this::saveChart);
        getStyleClass().add("workbench");
        setTop(toolbar());
        javafx.scene.Node builder = builder();
        setLeft(builder);
        ScrollPane center = new ScrollPane(charts);
        center.setFitToWidth(true);
        this.experimentsRoot = experimentsRoot;
        experiments = new ExperimentsViewModel(experimentsRoot, javafx.application.Platform::runLater,
                job -> daemon("hypertower-experiment", job));
        VBox trainingBox = new VBox(center);
        // the band to set a hyperparameter now is built when a run first makes it available
        Controls.onFirst(runs.intervention().availableProperty(), Boolean.TRUE::equals, () -> {
            org.hypertower.ui.run.InterventionBar intervention = new org.hypertower.ui.run.InterventionBar(runs.intervention());
            intervention.prefWrapLengthProperty().bind(trainingBox.widthProperty());
            trainingBox.getChildren().add(0, intervention);
        });
        javafx.scene.layout.VBox.setVgrow(center, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.control.Tab training = new javafx.scene.control.Tab("Training", DemoMode.withReadout(demo, trainingBox));
        javafx.scene.control.Tab experimentsTab = new javafx.scene.control.Tab("Experiments");
        experimentsTab.setId("experiments-tab");
        experimentsTab.selectedProperty().addListener((obs, was, now) -> {
            if (now && experimentsTab.getContent() == null) {
                ScrollPane experimentsPane = new ScrollPane(experimentsView());
                experimentsPane.setFitToWidth(true);
                experimentsTab.setContent(experimentsPane);
            }
        });
        javafx.scene.control.Tab playgroundTab = playgroundTab();
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(training, experimentsTab, playgroundTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        // a guided demo's explanation sits beside whichever tab it is on
        BorderPane content = new BorderPane(tabs);
        Controls.onFirst(guided.shownProperty(), java.util.Objects::nonNull, () -> content.setRight(new GuidedDemoView(guided)));
        guided.shownProperty().addListener((obs, old, now) -> {
            if (now != null) {
                tabs.getSelectionModel().select(now.where() == GuidedDemo.Where.PLAYGROUND ? playgroundTab : training);
            }
        });
        setCenter(content);
        RunListView runList = new RunListView(runs, charts);
        setRight(runList);
        // the tower builder and the runs list serve the Training tab; Experiments gets the whole width
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            boolean onTraining = now == training;
            setLeft(onTraining ? builder : null);
            setRight(onTraining ? runList : null);
        });
        setBottom(new WorkbenchStatusBar(status));
        DemoMode.apply(demo, this, charts, builder);
        notifyWhenLookingElsewhere(tabs, experimentsTab, training, runList);
        pulse = new Timeline(new KeyFrame(Duration.millis(100), e -> runs.drain()));
        // a run's end is shown at once, not at the next pulse: Stop answers within a step
        runs.setOnEndQueued(() -> javafx.application.Platform.runLater(runs::drain));
        pulse.setCycleCount(Timeline.INDEFINITE);
        pulse.play();
        // which other datasets are here: off the FX thread, so the window does not wait for the disk
        datasets.scan();
    }

    private static void daemon(String name, Runnable job) {
        Thread t = new Thread(job, name);
        t.setDaemon(true);
        t.start();
    }

    /** Returns the datasets' view-model (for tests). */
    public DatasetViewModel datasets() {
        return datasets;
    }

    /** Returns demo mode's view-model: whether it is on ({@code demoModeProperty()}), the pace, the readout. */
    public DemoViewModel demo() {
        return demo;
    }

    /** Returns the Demos menu's model: the ready demos and the one explained. */
    public GuidedDemoModel guidedDemos() {
        return guided;
    }

    /** Returns the charts (for export and tests). */
    public ChartsView charts() {
        return charts;
    }

    /** Returns the Experiments tab's view (for tests), building it if the tab has not been shown yet. */
    public ExperimentsView experimentsView() {
        if (experimentsView == null) {
            experimentsView = new ExperimentsView(experiments);
            experimentsView.setOnSaveRequest(this::saveChart);
            experimentsView.setOnOpenReport(report -> onOpenReport.accept(report));
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
        }
        return experimentsView;
    }

    /** The Playground tab, built when first shown. */
    private javafx.scene.control.Tab playgroundTab() {
        javafx.scene.control.Tab tab = new javafx.scene.control.Tab("Playground");
        tab.setId("playground-tab");
        tab.selectedProperty().addListener((obs, was, now) -> {
            if (now && tab.getContent() == null) {
                tab.setContent(playgroundView());
            }
        });
        return tab;
    }

    /** Returns the Playground tab's view (for tests), building it if the tab has not been shown yet. */
    public PlaygroundView playgroundView() {
        if (playgroundView == null) {
            playgroundView = new PlaygroundView(new PlaygroundViewModel(), charts.themeProperty());
            playgroundView.setOnSaveRequest(this::saveChart);
            playgroundView.setOnSay(this::say);
            playgroundView.setBuilderTower(() -> tower.specProperty().get());
        }
        return playgroundView;
    }

    /** Sets what opens an experiment's report (the Experiments tab's Open report). */
    public void setOnOpenReport(java.util.function.Consumer<Path> handler) {
        onOpenReport = handler == null ? report -> { } : handler;
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

    /**
     * Stops the pulse, the experiments and a download (on closing); waits until the download has
     * removed its partial file, so that none outlives the application.
     */
    public void dispose() {
        pulse.stop();
        experiments.stop();
        datasets.shutdown(DOWNLOAD_STOP_WAIT);
    }

    private VBox toolbar() {
        ComboBox<String> device = new ComboBox<>();
        device.setId("device");
        device.getItems().setAll("cpu", "gpu");
        device.valueProperty().bindBidirectional(runs.deviceProperty());
        device.setTooltip(new Tooltip(
                "gpu needs DJL's CUDA build of PyTorch; without a GPU the run falls back to the CPU and says so."));

        javafx.scene.control.CheckBox inRange = new javafx.scene.control.CheckBox("in range");
        inRange.setId("constrained");
        inRange.selectedProperty().bindBidirectional(runs.constrainedProperty());
        inRange.setTooltip(new Tooltip("Keep learned hyperparameters in range (alpha, wd >= 0; mu "
                + "in [0, 0.999]; dp in [0, 1]) by projecting each update back into it. Off: as in the reference, where a "
                + "learning rate may turn negative."));

        Button start = new Button("Start");
        start.setId("start");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(tower.specProperty().isNull().or(datasets.availableProperty().not()));
        start.setOnAction(e -> runs.start(tower.specProperty().get()));
        // a disabled button shows no tooltip, so the reason hangs on what holds it
        HBox startHolder = new HBox(start);
        startHolder.setId("start-holder");
        Tooltip whyNot = new Tooltip();
        whyNot.textProperty().bind(Bindings.createStringBinding(this::startHint, datasets.missingProperty(),
                tower.specProperty(), tower.errorProperty()));
        Tooltip.install(startHolder, whyNot);
        Button pause = new Button();
        pause.setId("pause");
        pause.textProperty().bind(Bindings.when(runs.stateProperty().isEqualTo(RunViewModel.State.PAUSED))
                .then("Resume").otherwise("Pause"));
        pause.disableProperty().bind(runs.stateProperty().isEqualTo(RunViewModel.State.IDLE));
        pause.setOnAction(e -> runs.togglePause());
        pause.setTooltip(new Tooltip("Pause or resume the run (" + HelpContent.PAUSE.getDisplayText() + ")"));
        Button stop = new Button("Stop");
        stop.setId("stop");
        stop.disableProperty().bind(runs.stateProperty().isEqualTo(RunViewModel.State.IDLE));
        stop.setOnAction(e -> runs.stop());
        stop.setTooltip(new Tooltip("Stop the run; its files are kept (" + HelpContent.STOP.getDisplayText() + ")"));

        CompareMenu compare = new CompareMenu(runs);

        MenuButton export = new MenuButton("Export");
        export.setId("export");
        MenuItem png = new MenuItem("Charts as PNG…");
        png.setOnAction(e -> exportChartsAsked());
        MenuItem csv = new MenuItem("Run as CSV + JSON…");
        csv.setOnAction(e -> chooseFolder("Folder for the run's files").ifPresent(this::exportRun));
        export.getItems().addAll(png, csv);
        export.setTooltip(new Tooltip("Export the charts (" + HelpContent.EXPORT.getDisplayText() + ") or the run's files"));

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

        HelpMenu help = new HelpMenu(Versions::hypertower);
        help.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), DemoMode.menuItem(demo));

        HBox run = new HBox(5, startHolder, pause, stop, new Label("on"), device, inRange, new PaceChoice(demo));
        run.setId("run-controls");
        menus = new HBox(5, compare, export, fileMenu, GuidedDemoView.menu(guided), help);
        menus.setId("menus");
        for (HBox group : List.of(run, menus)) {
            group.setAlignment(Pos.CENTER_LEFT);
            group.getStyleClass().add("settings-group");
        }
        run.getStyleClass().add("first");
        FlowPane controls = new FlowPane(run, menus);
        controls.setId("run-bar");
        controls.getStyleClass().add("command-bar");
        controls.setAlignment(Pos.CENTER_LEFT);
        installShortcuts(start, pause, stop, help);
        return new VBox(new RunSettingsBar(tower, runs, datasets), controls);
    }

    /** What Start's tooltip says: why it is off, else what it does. */
    private String startHint() {
        if (!datasets.missingProperty().get().isEmpty()) {
            return datasets.missingProperty().get();
        }
        if (tower.specProperty().get() == null) {
            String error = tower.errorProperty().get();
            return "The tower is not valid" + (error == null || error.isBlank() ? "." : ": " + error);
        }
        return "Start a run of the tower with these settings (" + HelpContent.START.getDisplayText() + ")";
    }

    /**
     * The window's shortcuts (listed by the Help menu): each acts as its button would, and says why
     * when the button is off. They are taken by a filter on the scene, before any control sees them,
     * rather than as scene accelerators: a focused spinner passes Enter on to its field and lets the
     * original go on too, so an accelerator on Shortcut+Enter ran twice and started two runs.
     */
    private void installShortcuts(Button start, Button pause, Button stop, HelpMenu help) {
        java.util.Map<KeyCombination, Runnable> keys = java.util.Map.of(
                HelpContent.START, () -> {
                    tower.applyText(); // a tower being typed is applied, as leaving its field would
                    if (start.isDisabled()) {
                        status.post(startHint());
                    } else {
                        start.fire();
                    }
                },
                HelpContent.PAUSE, () -> fireOrSay(pause, "No run is going, so there is nothing to pause."),
                HelpContent.STOP, () -> fireOrSay(stop, "No run is going, so there is nothing to stop."),
                HelpContent.EXPORT, this::exportChartsAsked,
                HelpContent.DEMO, demo::toggle,
                HelpContent.SHORTCUTS, help::showShortcuts);
        javafx.event.EventHandler<KeyEvent> filter = e -> keys.entrySet().stream().filter(k -> k.getKey().match(e))
                .findFirst().ifPresent(k -> {
                    e.consume();
                    k.getValue().run();
                });
        sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
            if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
        });
    }

    private void fireOrSay(Button button, String whyNot) {
        if (button.isDisabled()) {
            status.post(whyNot);
        } else {
            button.fire();
        }
    }

    private void exportChartsAsked() {
        askSize().ifPresent(size -> chooseFolder("Folder for the chart images")
                .ifPresent(folder -> files.exportCharts(folder, size[0], size[1])));
    }

    private javafx.scene.Node builder() {
        towerBuilder = new TowerBuilderView(tower);
        return towerBuilder;
    }

    /** Returns the tower builder (its divider is remembered across restarts). */
    public TowerBuilderView towerBuilder() {
        return towerBuilder;
    }

    /** Adds a menu to the toolbar's menus, before Help. */
    public void addMenu(javafx.scene.Node menu) {
        menus.getChildren().add(menus.getChildren().size() - 1, menu);
    }

    /** Shows a sentence in the status bar. */
    public void post(String text) {
        status.post(text);
    }

    /** The run selected in the runs list, else the latest run. */
    private java.util.Optional<RunData> selectedRun() {
        RunData selected = runs.compare().selectedProperty().get();
        List<RunData> all = runs.runs();
        return selected != null ? java.util.Optional.of(selected)
                : all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1));
    }

    /**
     * A run that completes, diverges or fails while the window is not focused or the Experiments tab
     * is shown is announced by a notification; clicking it shows the run.
     */
    private void notifyWhenLookingElsewhere(javafx.scene.control.TabPane tabs, javafx.scene.control.Tab experimentsTab,
            javafx.scene.control.Tab training, RunListView runList) {
        javafx.beans.property.BooleanProperty windowFocused = new javafx.beans.property.SimpleBooleanProperty(true);
        javafx.beans.value.ChangeListener<javafx.stage.Window> onWindow = (obs, old, window) -> {
            windowFocused.unbind();
            windowFocused.set(true);
            if (window != null) {
                windowFocused.bind(window.focusedProperty());
            }
        };
        sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.windowProperty().removeListener(onWindow);
            }
            if (scene != null) {
                scene.windowProperty().addListener(onWindow);
                onWindow.changed(null, null, scene.getWindow());
            }
        });
        runs.lookingElsewhereProperty().bind(windowFocused.not()
                .or(tabs.getSelectionModel().selectedItemProperty().isNotEqualTo(training)));
        runs.setOnNotice(notice -> RunNotifications.show(notice, getScene() == null ? null : getScene().getWindow(), () -> {
            tabs.getSelectionModel().select(training);
            if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage) {
                stage.toFront();
            }
            runList.select(notice.run());
        }));
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
        status.post(text);
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

    /** Copies the selected (else the latest) run's steps.csv, epochs.csv and run.json into a folder. */
    public void exportRun(Path folder) {
        files.exportRun(folder);
    }
}
