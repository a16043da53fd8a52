package org.hypertower.ui.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.Chart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.hypertower.engine.RunFactory;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.ExperimentPreset;
import org.hypertower.experiment.LearnedValuesTable;
import org.hypertower.experiment.Rival;
import org.hypertower.experiment.RivalsReport;
import org.hypertower.experiment.RivalsSummary;
import org.hypertower.experiment.SweepReport;
import org.hypertower.experiment.SweepSummary;
import org.hypertower.tower.Numbers;
import org.hypertower.ui.Controls;
import org.hypertower.ui.charts.BandedLineChart;

/**
 * The Experiments view: choose an experiment (or a preset) and its settings, run, stop or reopen it,
 * follow its runs, and see its result: a sweep as test error against initial alpha per height with
 * bands over seeds and a heatmap table; the rivals' sweep likewise per method, with each method's
 * spread, best error and recovery; a comparison or stack as test accuracy or training loss per
 * epoch per tower with bands, and a table of final test errors; Table 1 as its table. The chart
 * saves as PNG; the report opens in the browser.
 */
public final class ExperimentsView extends VBox {

    /** What a comparison's chart shows. */
    private enum Curve {
        ACCURACY("Test accuracy per epoch"), LOSS("Training loss per epoch");

        private final String title;

        Curve(String title) {
            this.title = title;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private final ExperimentsViewModel model;
    private final BandedLineChart chart;
    private final GridPane table = new GridPane();
    private final ComboBox<Curve> curve = new ComboBox<>();
    private final VBox chartArea;
    private Consumer<Chart> onSave = c -> { };
    private Consumer<Path> onOpenReport = p -> { };
    private Runnable onOpenFolder = () -> { };

    /** Creates the view of a model. */
    public ExperimentsView(ExperimentsViewModel model) {
        this.model = model;
        setId("experiments");
        setPadding(new Insets(8));
        setSpacing(8);

        ComboBox<ExperimentPlan.Kind> kind = new ComboBox<>();
        kind.setId("experiment-kind");
        kind.getItems().setAll(ExperimentPlan.Kind.values());
        kind.valueProperty().bindBidirectional(model.kindProperty());
        ComboBox<ExperimentPreset> preset = new ComboBox<>();
        preset.setId("experiment-preset");
        preset.setPromptText("Paper's settings");
        preset.getItems().setAll(ExperimentPreset.values());
        preset.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.apply(now);
            }
        });
        TextField towers = field("experiment-towers", 48, model.towersProperty());
        TextField alphas = field("experiment-alphas", 16, model.alphasProperty());
        TextField heights = field("experiment-heights", 6, model.heightsProperty());
        TextField rivals = field("experiment-rivals", 48, model.rivalsProperty());
        rivals.setPromptText("all, none, or " + Rival.names());
        javafx.scene.control.Tooltip.install(rivals, new javafx.scene.control.Tooltip("The learning-rate-free optimizers, "
                + "alpha0 mapped to each one's knob: d0 for dadapt_sgd, dadapt_adam and prodigy; reps_rel for dog; lr for "
                + "schedulefree_sgd and schedulefree_adamw; alpha = 1/alpha0 for cocob."));
        Label rivalsLabel = label("Rivals");
        javafx.beans.binding.BooleanBinding rivalsKind = model.kindProperty().isEqualTo(ExperimentPlan.Kind.RIVALS);
        for (javafx.scene.Node n : List.of(rivalsLabel, rivals)) {
            n.visibleProperty().bind(rivalsKind);
            n.managedProperty().bind(rivalsKind);
        }
        TextField hidden = field("experiment-hidden", 5, model.hiddenProperty());
        ComboBox<String> dataset = new ComboBox<>();
        dataset.setId("experiment-dataset");
        dataset.getItems().setAll("iris", "mnist", "fashion-mnist", "cifar10", "cifar100");
        dataset.valueProperty().bindBidirectional(model.datasetProperty());
        dataset.setPrefWidth(130);
        ComboBox<String> net = new ComboBox<>();
        net.setId("experiment-model");
        net.getItems().setAll(RunFactory.MODELS);
        net.valueProperty().bindBidirectional(model.modelProperty());
        net.setPrefWidth(120);
        // a value typed that is not taken is said in the tab's message line
        java.util.function.Consumer<String> say = model.messageProperty()::set;
        Spinner<Integer> epochs = Controls.intSpinner("experiment-epochs", "Epochs", 1, 100_000, model.epochsProperty(), 90,
                say);
        Spinner<Integer> batch = Controls.intSpinner("experiment-batch", "Batch", 1, 100_000, model.batchSizeProperty(), 90,
                say);
        Spinner<Integer> limit = Controls.intSpinner("experiment-limit", "Limit", 0, 10_000_000, model.limitProperty(), 100,
                say);
        Spinner<Integer> seeds = Controls.intSpinner("experiment-seeds", "Seeds", 1, 100, model.seedsProperty(), 70, say);
        Spinner<Integer> workers = Controls.intSpinner("experiment-workers", "Workers", 1, 256, model.workersProperty(), 70,
                say);
        ComboBox<ExperimentsViewModel.RunOn> runOn = new ComboBox<>();
        runOn.setId("experiment-run-on");
        runOn.getItems().setAll(ExperimentsViewModel.RunOn.values());
        runOn.valueProperty().bindBidirectional(model.runOnProperty());
        runOn.disableProperty().bind(model.runningProperty());
        runOn.setPrefWidth(140);
        TextField master = field("experiment-master", 22, model.masterProperty());
        master.setPromptText("local[2] or spark://host:7077");
        master.disableProperty().bind(model.runningProperty());
        javafx.beans.binding.BooleanBinding onSpark = model.runOnProperty().isEqualTo(ExperimentsViewModel.RunOn.SPARK);
        Label masterLabel = label("Master URL");
        for (javafx.scene.Node n : List.of(masterLabel, master)) {
            n.visibleProperty().bind(onSpark);
            n.managedProperty().bind(onSpark);
        }
        Label workersLabel = label("Workers");
        for (javafx.scene.Node n : List.of(workersLabel, workers)) {
            n.visibleProperty().bind(onSpark.not());
            n.managedProperty().bind(onSpark.not());
        }
        javafx.scene.control.Tooltip.install(master, new javafx.scene.control.Tooltip("local[N]: Spark on this machine, "
                + "N runs at once (local[N,F] retries a failed run F-1 times); spark://HOST:PORT: a standalone cluster; "
                + "yarn; k8s://HOST:PORT. The runs' files come back into the experiment's folder as each ends."));
        javafx.scene.control.CheckBox inRange = new javafx.scene.control.CheckBox("Keep learned values in range");
        inRange.setId("experiment-constrained");
        inRange.selectedProperty().bindBidirectional(model.constrainedProperty());

        Button start = new Button("Run experiment");
        start.setId("experiment-start");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(model.runningProperty());
        start.setOnAction(e -> model.start());
        Button stop = new Button("Stop");
        stop.setId("experiment-stop");
        stop.disableProperty().bind(model.runningProperty().not());
        stop.setOnAction(e -> model.stop());
        Button open = new Button("Open / resume…");
        open.setId("experiment-open");
        open.disableProperty().bind(model.runningProperty());
        open.setOnAction(e -> onOpenFolder.run());
        Button report = new Button("Open report");
        report.setId("experiment-report");
        // a result drawn while the experiment runs has no report yet
        report.disableProperty().bind(Bindings.createBooleanBinding(() -> model.resultProperty().get() == null
                || model.resultProperty().get().report() == null, model.resultProperty()).or(model.runningProperty()));
        report.setOnAction(e -> {
            if (model.resultProperty().get() != null && model.resultProperty().get().report() != null) {
                onOpenReport.accept(model.resultProperty().get().report());
            }
        });
        Button save = new Button("Save chart as PNG…");
        save.setId("experiment-save");
        save.setOnAction(e -> onSave.accept(chart()));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, label("Experiment"), flow(kind, label("Preset"), preset));
        Label towersLabel = label("Towers / template");
        towersLabel.textProperty().bind(Bindings.when(rivalsKind).then("Templates").otherwise("Towers / template"));
        form.addRow(1, towersLabel, towers);
        form.addRow(2, rivalsLabel, rivals);
        form.addRow(3, label("alpha0"), flow(alphas, label("Heights"), heights, label("Seeds"), seeds, inRange));
        form.addRow(4, label("Data"), flow(dataset, label("Model"), net, label("Hidden"), hidden, label("Epochs"), epochs,
                label("Batch"), batch, label("Limit"), limit));
        form.addRow(5, label("Run on"), flow(runOn, workersLabel, workers, masterLabel, master));
        form.addRow(6, new Region(), flow(start, stop, open, report));
        for (Button b : List.of(start, stop, open, report, save)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        GridPane.setHgrow(towers, Priority.ALWAYS);
        Label hint = new Label("Towers: ';'-separated for compare (plus the baselines " + Comparison.DEFAULT_BASELINES
                + ") and Table 1; a template (sgd, or 'adam / sgd(alpha=1e-5)') for sweep and stack; templates, "
                + "comma-separated, for rivals. alpha0: the sweep's "
                + "initial alphas; a stack uses the first. Heights: the sweep's; a stack goes from 0 up to the last. "
                + "Limit: train on the first N examples (0: all). Every run is a worker process, on this machine or on "
                + "Spark's executors; the report, CSV and every run's files go in the experiment's folder.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");

        ProgressBar progress = new ProgressBar(0);
        progress.setId("experiment-progress");
        progress.setPrefWidth(200);
        progress.progressProperty().bind(Bindings.createDoubleBinding(() -> model.totalProperty().get() == 0 ? 0
                : (double) model.doneProperty().get() / model.totalProperty().get(), model.doneProperty(),
                model.totalProperty()));
        Label count = new Label();
        count.setId("experiment-count");
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(Bindings.createStringBinding(() -> model.totalProperty().get() == 0 ? ""
                : model.doneProperty().get() + " of " + model.totalProperty().get() + " runs", model.doneProperty(),
                model.totalProperty()));
        Label message = new Label();
        message.setId("experiment-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        HBox status = new HBox(8, progress, count, message);
        status.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(message, Priority.ALWAYS);

        ListView<String> log = new ListView<>(model.log());
        log.setId("experiment-log");
        log.setPrefWidth(300);
        log.setMinWidth(240);
        log.setMinHeight(160);
        chart = new BandedLineChart(new NumberAxis(), new NumberAxis());
        chart.setId("experiment-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setPrefHeight(370);
        chart.setTitle("Run an experiment, or open one, to see its result here");
        MenuItem saveItem = new MenuItem("Save as PNG…");
        saveItem.setOnAction(e -> onSave.accept(chart));
        chart.setOnContextMenuRequested(e -> new ContextMenu(saveItem).show(chart, e.getScreenX(), e.getScreenY()));
        curve.setId("experiment-curve");
        curve.getItems().setAll(Curve.values());
        curve.setValue(Curve.ACCURACY);
        curve.valueProperty().addListener((obs, old, now) -> show(model.resultProperty().get()));
        curve.setDisable(true);
        HBox chartTools = new HBox(8, curve, save);
        chartTools.setAlignment(Pos.CENTER_LEFT);
        VBox result = new VBox(6, chartTools, chart);
        HBox.setHgrow(result, Priority.ALWAYS);
        chartArea = result;
        chartArea.managedProperty().bind(chartArea.visibleProperty());
        // the runs the workers are training now, above the runs that ended
        WorkersView running = new WorkersView(model.training());
        running.setPrefWidth(300);
        running.setMinWidth(240);
        running.setPrefHeight(150);
        running.visibleProperty().bind(Bindings.isNotEmpty(model.training()));
        running.managedProperty().bind(running.visibleProperty());
        VBox left = new VBox(6, running, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        HBox middle = new HBox(8, left, result);
        left.prefHeightProperty().bind(result.heightProperty());
        table.setHgap(2);
        table.setVgap(2);
        table.setId("experiment-table");
        getChildren().addAll(form, hint, status, middle, table);
        model.resultProperty().addListener((obs, old, now) -> show(now));
    }

    /** Sets what "Save chart as PNG" does with the chart (the workbench asks for a file and a size). */
    public void setOnSaveRequest(Consumer<Chart> handler) {
        onSave = handler;
    }

    /** Sets how a report file is opened (the workbench hands it to the desktop's browser). */
    public void setOnOpenReport(Consumer<Path> handler) {
        onOpenReport = handler;
    }

    /** Sets what "Open / resume" does (the workbench asks for a folder and calls the model's open). */
    public void setOnOpenFolder(Runnable handler) {
        onOpenFolder = handler;
    }

    /** Returns the result chart (for export and tests). */
    public BandedLineChart chart() {
        return chart;
    }

    /** Lays controls out left to right, wrapping onto a new line where the view is narrow. */
    private static javafx.scene.layout.FlowPane flow(javafx.scene.Node... nodes) {
        javafx.scene.layout.FlowPane p = new javafx.scene.layout.FlowPane(8, 6, nodes);
        p.setAlignment(Pos.CENTER_LEFT);
        p.setPrefWrapLength(900);
        return p;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField field(String id, int columns, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    /** Draws a result (package-private for tests). */
    void show(ExperimentPlan.Result r) {
        chart.getData().clear();
        table.getChildren().clear();
        curve.setDisable(true);
        // Table 1 is a table: its result area is the table alone
        chartArea.setVisible(r == null || r.table() == null);
        if (r == null) {
            return;
        }
        if (r.sweep() != null) {
            showSweep(r.sweep());
        } else if (r.rivals() != null) {
            showRivals(r.rivals());
        } else if (r.towerResults() != null) {
            curve.setDisable(false);
            showComparison(r.towerResults());
        } else if (r.table() != null) {
            showTable(r.table());
        }
    }

    private void showSweep(SweepSummary s) {
        chart.setTitle("Test error against initial alpha, one line per tower height; bands: ± 1 std over seeds");
        axes("initial alpha (log scale)", "test error");
        List<Double> positive = s.alphas().stream().filter(a -> a > 0).toList();
        if (!positive.isEmpty()) {
            wholeTicks(Math.floor(Math.log10(positive.get(0))), Math.ceil(Math.log10(positive.get(positive.size() - 1))),
                    v -> Math.rint(v) == 0 ? "1" : "1e" + (long) Math.rint(v));
        }
        for (int h : s.heights()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName("height " + h + (h == 0 ? " (plain)" : ""));
            int n = s.alphas().size();
            double[] x = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                double a = s.alphas().get(i);
                SweepSummary.Cell c = s.cell(h, a);
                x[i] = a > 0 ? Math.log10(a) : Double.NaN;
                lo[i] = Double.NaN;
                hi[i] = Double.NaN;
                if (c != null && !Double.isNaN(c.mean()) && a > 0) {
                    series.getData().add(new XYChart.Data<>(x[i], c.mean()));
                    lo[i] = c.mean() - c.std();
                    hi[i] = c.mean() + c.std();
                }
            }
            chart.addWithBand(series, x, lo, hi);
        }
        // the heatmap: height x alpha0, each cell its mean ± std, coloured by the mean
        table.add(header("height \\ alpha0"), 0, 0);
        for (int i = 0; i < s.alphas().size(); i++) {
            table.add(header(Numbers.format(s.alphas().get(i))), i + 1, 0);
        }
        table.add(header("spread"), s.alphas().size() + 1, 0);
        int row = 1;
        for (int h : s.heights()) {
            table.add(header("height " + h), 0, row);
            for (int i = 0; i < s.alphas().size(); i++) {
                table.add(heatCell(s.cell(h, s.alphas().get(i))), i + 1, row);
            }
            Double spread = s.spreadByHeight().get(h);
            table.add(header(spread == null || Double.isNaN(spread) ? "-" : String.format(Locale.ROOT, "%.3f", spread)),
                    s.alphas().size() + 1, row);
            row++;
        }
        table.add(note("Cells: mean test error ± std over the seeds that finished; d = diverged, f = failed. Spread: "
                + "largest minus smallest mean over alpha0."), 0, row, s.alphas().size() + 2, 1);
    }

    private void showRivals(RivalsSummary s) {
        chart.setTitle("Test error against alpha0 (each method's knob), one line per method; bands: ± 1 std over seeds");
        axes("alpha0 (log scale)", "test error");
        wholeTicks(Math.floor(Math.log10(s.alphas().get(0))), Math.ceil(Math.log10(s.largestAlpha())),
                v -> Math.rint(v) == 0 ? "1" : "1e" + (long) Math.rint(v));
        List<RivalsReport.Style> styles = RivalsReport.styles(s.methods().stream().map(RivalsSummary.Method::name).toList());
        List<XYChart.Series<Number, Number>> drawn = new java.util.ArrayList<>();
        for (RivalsSummary.Method m : s.methods()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(m.name());
            int n = s.alphas().size();
            double[] x = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                double a = s.alphas().get(i);
                SweepSummary.Cell c = m.cells().get(a);
                x[i] = Math.log10(a);
                lo[i] = Double.NaN;
                hi[i] = Double.NaN;
                if (c != null && !Double.isNaN(c.mean())) {
                    series.getData().add(new XYChart.Data<>(x[i], c.mean()));
                    lo[i] = c.mean() - c.std();
                    hi[i] = c.mean() + c.std();
                }
            }
            chart.addWithBand(series, x, lo, hi);
            drawn.add(series);
        }
        // thirteen lines are more than the palette's eight colours: a tower's template gives its colour, its height its dash
        Runnable restyle = () -> {
            for (int k = 0; k < drawn.size(); k++) {
                chart.restyle(drawn.get(k), styles.get(k).color(), styles.get(k).dash());
            }
        };
        restyle.run();
        javafx.application.Platform.runLater(restyle); // the legend is laid out after the series are added
        int cols = s.alphas().size();
        table.add(header("method \\ alpha0"), 0, 0);
        table.add(header("knob"), 1, 0);
        for (int i = 0; i < cols; i++) {
            table.add(header(Numbers.format(s.alphas().get(i))), i + 2, 0);
        }
        table.add(header("spread"), cols + 2, 0);
        table.add(header("best"), cols + 3, 0);
        table.add(header("at alpha0"), cols + 4, 0);
        table.add(header("recovers"), cols + 5, 0);
        int row = 1;
        for (RivalsSummary.Method m : s.methods()) {
            table.add(header(m.name()), 0, row);
            table.add(cellLabel(m.knob()), 1, row);
            for (int i = 0; i < cols; i++) {
                table.add(heatCell(m.cells().get(s.alphas().get(i))), i + 2, row);
            }
            table.add(cellLabel(Double.isNaN(m.spread()) ? "-" : String.format(Locale.ROOT, "%.3f", m.spread())), cols + 2, row);
            table.add(cellLabel(Double.isNaN(m.best()) ? "-" : String.format(Locale.ROOT, "%.3f", m.best())), cols + 3, row);
            table.add(cellLabel(Double.isNaN(m.bestAlpha()) ? "-" : Numbers.format(m.bestAlpha())), cols + 4, row);
            table.add(cellLabel(m.recovers(s.largestAlpha()) ? "yes" : "no"), cols + 5, row);
            row++;
        }
        table.add(note("Cells: mean test error ± std over seeds; a diverged seed counts as " + RivalsSummary.DIVERGED_ERROR
                + " (d = diverged, f = failed). Spread: largest minus smallest mean over alpha0. Recovers: the mean at the "
                + "largest alpha0 is within " + RivalsSummary.RECOVERY_MARGIN + " of the best."), 0, row, cols + 6, 1);
    }

    private static Label heatCell(SweepSummary.Cell c) {
        Label l = new Label();
        l.getStyleClass().add("heat-cell");
        if (c == null) {
            return l;
        }
        l.setText(c.label("-"));
        String fill = Double.isNaN(c.mean()) ? "#d1d5db" : SweepReport.heatColor(c.mean());
        String ink = !Double.isNaN(c.mean()) && c.mean() > 0.55 ? "white" : "black";
        l.setStyle("-fx-background-color: " + fill + "; -fx-text-fill: " + ink + ";");
        return l;
    }

    private void showComparison(List<Comparison.TowerResult> results) {
        boolean accuracy = curve.getValue() != Curve.LOSS;
        chart.setTitle((accuracy ? "Test accuracy" : "Training loss") + " per epoch, mean over seeds; bands: ± 1 std");
        axes("epoch", accuracy ? "test accuracy" : "training loss");
        int epochs = results.stream().mapToInt(r -> r.curves().epochs().length).max().orElse(1);
        wholeTicks(1, epochs, v -> Long.toString(Math.round(v)));
        table.add(header("tower"), 0, 0);
        table.add(header("final test error"), 1, 0);
        table.add(header("finished"), 2, 0);
        table.add(header("diverged"), 3, 0);
        table.add(header("failed"), 4, 0);
        int row = 1;
        for (Comparison.TowerResult r : results) {
            Comparison.Curves c = r.curves();
            double[] mean = accuracy ? c.accuracyMean() : c.lossMean();
            double[] std = accuracy ? c.accuracyStd() : c.lossStd();
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(r.tower().toString());
            double[] lo = new double[mean.length];
            double[] hi = new double[mean.length];
            for (int e = 0; e < mean.length; e++) {
                lo[e] = mean[e] - std[e];
                hi[e] = mean[e] + std[e];
                if (!Double.isNaN(mean[e])) {
                    series.getData().add(new XYChart.Data<>(c.epochs()[e], mean[e]));
                }
            }
            chart.addWithBand(series, c.epochs(), lo, hi);
            table.add(cellLabel(r.tower().toString()), 0, row);
            table.add(cellLabel(Double.isNaN(r.testErrorMean()) ? "-"
                    : String.format(Locale.ROOT, "%.4f ± %.4f", r.testErrorMean(), r.testErrorStd())), 1, row);
            table.add(cellLabel(Integer.toString(r.runs())), 2, row);
            table.add(cellLabel(Integer.toString(r.diverged())), 3, row);
            table.add(cellLabel(Integer.toString(r.failed())), 4, row);
            row++;
        }
    }

    private void showTable(List<LearnedValuesTable.Row> rows) {
        table.add(header("tower"), 0, 0);
        table.add(header("tower's test error"), 1, 0);
        table.add(header("baseline (frozen)"), 2, 0);
        table.add(header("re-run at learned values"), 3, 0);
        table.add(header("following another seed's path"), 4, 0);
        int row = 1;
        for (LearnedValuesTable.Row r : rows) {
            table.add(cellLabel(r.tower().toString()), 0, row);
            table.add(cellLabel(cell(r.towerError())), 1, row);
            table.add(cellLabel(cell(r.baselineError())), 2, row);
            table.add(cellLabel(cell(r.learnedError())), 3, row);
            table.add(cellLabel(cell(r.followError())), 4, row);
            row++;
        }
    }

    private void axes(String x, String y) {
        ((NumberAxis) chart.getXAxis()).setLabel(x);
        ((NumberAxis) chart.getYAxis()).setLabel(y);
        ((NumberAxis) chart.getYAxis()).setForceZeroInRange(false);
    }

    /**
     * Fixes the x axis from {@code from} to {@code to} with whole-number ticks, labelled by a
     * function of the tick (an epoch, or a power of ten).
     */
    private void wholeTicks(double from, double to, java.util.function.DoubleFunction<String> label) {
        NumberAxis x = (NumberAxis) chart.getXAxis();
        double upper = to > from ? to : from + 1;
        x.setAutoRanging(false);
        x.setLowerBound(from);
        x.setUpperBound(upper);
        x.setTickUnit(Math.max(1, Math.ceil((upper - from) / 10)));
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return label.apply(n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s);
            }
        });
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("heat-header");
        return l;
    }

    private static Label cellLabel(String text) {
        Label l = new Label(text);
        l.setPadding(new Insets(3, 10, 3, 4));
        return l;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    private static String cell(double[] s) {
        return Double.isNaN(s[0]) ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f (n=%d)", s[0], s[1], (int) s[2]);
    }
}
