package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.ui.run.RunData;

/**
 * The live charts: loss per step (raw and smoothed) with test loss per epoch, train and test
 * accuracy per epoch, and one chart per tower level with each of its hyperparameters over steps.
 * Every visible run is overlaid in its own colour; the level charts follow the focused run.
 * Charts redraw from decimated data when the runs' data changes, never once per step.
 */
public final class ChartsView extends VBox {

    private static final int BUCKETS = 600;

    private final ObservableList<RunData> runs;
    private final java.util.Set<RunData> hidden = new java.util.HashSet<>();
    private final LineChart<Number, Number> lossChart = chart("Loss", "step", "loss");
    private final LineChart<Number, Number> accuracyChart = chart("Accuracy", "epoch", "accuracy");
    private final VBox levelCharts = new VBox(6);
    private final CheckBox logScale = new CheckBox("log scale (hyperparameters)");
    private final Label divergence = new Label();
    private RunData focused;
    private final List<LineChart<Number, Number>> hyperCharts = new ArrayList<>();
    private List<String> chartedKeys = List.of();
    private java.util.function.Consumer<javafx.scene.chart.Chart> saveRequest = chart -> { };

    /** Creates the charts of a list of runs. */
    public ChartsView(ObservableList<RunData> runs) {
        this.runs = runs;
        setSpacing(8);
        setPadding(new Insets(8));
        lossChart.setId("loss-chart");
        accuracyChart.setId("accuracy-chart");
        addSaveMenu(lossChart);
        addSaveMenu(accuracyChart);
        levelCharts.setId("level-charts");
        logScale.setId("log-scale");
        divergence.setId("divergence");
        divergence.getStyleClass().add("error");
        divergence.setWrapText(true);
        HBox top = new HBox(8, lossChart, accuracyChart);
        lossChart.prefWidthProperty().bind(top.widthProperty().multiply(0.6));
        accuracyChart.prefWidthProperty().bind(top.widthProperty().multiply(0.38));
        logScale.selectedProperty().addListener((obs, old, now) -> refresh());
        getChildren().addAll(divergence, top, logScale, levelCharts);
        runs.addListener((javafx.collections.ListChangeListener<RunData>) c -> {
            while (c.next()) {
                for (RunData added : c.getAddedSubList()) {
                    boolean[] started = {added.steps() > 0 || added.endedProperty().get() != null};
                    added.versionProperty().addListener((obs, old, now) -> {
                        // follow a run when it starts producing data, unless the focused one still runs
                        if (!started[0] && (added.steps() > 0 || added.endedProperty().get() != null)) {
                            started[0] = true;
                            if (focused == null || focused.steps() == 0 || focused.endedProperty().get() != null) {
                                focused = added;
                            }
                        }
                        if (added == focused || !hidden.contains(added)) {
                            refresh();
                        }
                    });
                    if (focused == null || started[0]) {
                        focused = added;
                    }
                }
            }
            refresh();
        });
    }

    /** Sets what "Save this chart as PNG" does (the view asks for a size and a file). */
    public void setOnSaveRequest(java.util.function.Consumer<javafx.scene.chart.Chart> action) {
        saveRequest = action;
    }

    private void addSaveMenu(LineChart<Number, Number> chart) {
        javafx.scene.control.MenuItem save = new javafx.scene.control.MenuItem("Save this chart as PNG…");
        save.setOnAction(e -> saveRequest.accept(chart));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(save);
        chart.setOnContextMenuRequested(e -> menu.show(chart, e.getScreenX(), e.getScreenY()));
    }

    /** Shows or hides a run in the overlays. */
    public void setVisible(RunData run, boolean visible) {
        if (visible) {
            hidden.remove(run);
        } else {
            hidden.add(run);
        }
        refresh();
    }

    /** Makes a run the one whose levels are charted. */
    public void focus(RunData run) {
        focused = run;
        refresh();
    }

    /** Returns the charts, for export: loss, accuracy, then one per level. */
    public List<LineChart<Number, Number>> charts() {
        List<LineChart<Number, Number>> all = new ArrayList<>(List.of(lossChart, accuracyChart));
        all.addAll(hyperCharts);
        return all;
    }

    private static LineChart<Number, Number> chart(String title, String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        xAxis.setForceZeroInRange(false);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        yAxis.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setMinHeight(260);
        chart.setPrefHeight(300);
        return chart;
    }

    /** Redraws every chart from the runs' data. */
    public void refresh() {
        List<XYChart.Series<Number, Number>> loss = new ArrayList<>();
        List<XYChart.Series<Number, Number>> accuracy = new ArrayList<>();
        List<String> lossColors = new ArrayList<>();
        List<String> accuracyColors = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            RunData run = runs.get(r);
            if (hidden.contains(run) || run.steps() == 0) {
                continue;
            }
            String color = RunColors.of(r);
            String tag = "run " + (r + 1);
            loss.add(series(tag + " loss", run.steps(), run.loss()::get, 0));
            lossColors.add(color + "55");
            loss.add(series(tag + " smoothed", run.steps(), run.smoothedLoss()::get, 0));
            lossColors.add(color);
            List<EpochMetrics> epochs = run.epochs();
            if (!epochs.isEmpty()) {
                // every stride-th epoch and always the last, each series filled at once
                int stride = Math.max(1, (int) Math.ceil(epochs.size() / (2.0 * BUCKETS)));
                List<XYChart.Data<Number, Number>> testPoints = new ArrayList<>();
                List<XYChart.Data<Number, Number>> trainAccPoints = new ArrayList<>();
                List<XYChart.Data<Number, Number>> testAccPoints = new ArrayList<>();
                for (int i = 0; i < epochs.size(); i++) {
                    if (i % stride != 0 && i != epochs.size() - 1) {
                        continue;
                    }
                    EpochMetrics e = epochs.get(i);
                    testPoints.add(new XYChart.Data<>(e.steps(), e.testLoss()));
                    trainAccPoints.add(new XYChart.Data<>(e.epoch() + 1, e.trainAccuracy()));
                    testAccPoints.add(new XYChart.Data<>(e.epoch() + 1, e.testAccuracy()));
                }
                XYChart.Series<Number, Number> test = new XYChart.Series<>();
                test.setName(tag + " test loss");
                test.getData().setAll(testPoints);
                XYChart.Series<Number, Number> trainAcc = new XYChart.Series<>();
                trainAcc.setName(tag + " train");
                trainAcc.getData().setAll(trainAccPoints);
                XYChart.Series<Number, Number> testAcc = new XYChart.Series<>();
                testAcc.setName(tag + " test");
                testAcc.getData().setAll(testAccPoints);
                loss.add(test);
                lossColors.add(color + "; -fx-stroke-dash-array: 6 4");
                accuracy.add(trainAcc);
                accuracyColors.add(color + "; -fx-stroke-dash-array: 6 4");
                accuracy.add(testAcc);
                accuracyColors.add(color);
            }
        }
        setSeries(lossChart, loss, lossColors);
        setSeries(accuracyChart, accuracy, accuracyColors);
        refreshLevels();
        RunEnded ended = focused == null ? null : focused.endedProperty().get();
        divergence.setText(ended != null && ended.status() == RunStatus.DIVERGED ? focused.name() + ": " + ended.message() : "");
    }

    private void refreshLevels() {
        RunData run = focused;
        if (run == null || run.keys().isEmpty()) {
            levelCharts.getChildren().clear();
            hyperCharts.clear();
            chartedKeys = List.of();
            return;
        }
        if (!run.keys().equals(chartedKeys)) {
            hyperCharts.clear();
            levelCharts.getChildren().clear();
            int levels = 1 + run.keys().stream().mapToInt(ChartsView::levelOf).max().orElse(0);
            for (int k = 0; k < levels; k++) {
                FlowPane row = new FlowPane(6, 6);
                row.prefWrapLengthProperty().bind(levelCharts.widthProperty());
                for (String key : run.keys()) {
                    if (levelOf(key) != k) {
                        continue;
                    }
                    String name = key.substring(key.indexOf('.') + 1);
                    LineChart<Number, Number> chart = chart("level " + k + " (" + run.config().tower().level(k).type()
                            .specName() + "): " + name, "step", name);
                    chart.setId("hyper-chart-" + key);
                    chart.setLegendVisible(false);
                    chart.setPrefSize(290, 200);
                    chart.setMinHeight(180);
                    installTeaching(chart, k);
                    addSaveMenu(chart);
                    hyperCharts.add(chart);
                    row.getChildren().add(chart);
                }
                levelCharts.getChildren().add(row);
            }
            chartedKeys = run.keys();
        }
        boolean log = logScale.isSelected();
        for (LineChart<Number, Number> chart : hyperCharts) {
            String key = chart.getId().substring("hyper-chart-".length());
            int i = run.keys().indexOf(key);
            IntToDoubleFunction values = run.hyperparameter(i)::get;
            IntToDoubleFunction shown = log ? j -> Math.log10(Math.abs(values.applyAsDouble(j))) : values;
            ((NumberAxis) chart.getYAxis()).setLabel(log ? "log10 |" + key.substring(key.indexOf('.') + 1) + "|"
                    : key.substring(key.indexOf('.') + 1));
            setSeries(chart, List.of(series(key, run.steps(), shown, 0)), List.of(RunColors.of(runs.indexOf(run))));
        }
    }

    private static int levelOf(String key) {
        return Integer.parseInt(key.substring(0, key.indexOf('.')));
    }

    /** Pointing at a level's chart tells, at that step, each value, its hypergradient and its change. */
    private void installTeaching(LineChart<Number, Number> chart, int level) {
        Tooltip tip = new Tooltip();
        tip.setShowDelay(Duration.millis(100));
        tip.setHideDelay(Duration.millis(200));
        Tooltip.install(chart, tip);
        chart.setOnMouseMoved(e -> {
            RunData run = focused;
            NumberAxis x = (NumberAxis) chart.getXAxis();
            double local = x.sceneToLocal(e.getSceneX(), e.getSceneY()).getX();
            int step = (int) Math.round(x.getValueForDisplay(local).doubleValue());
            tip.setText(run == null ? "" : explain(run, level, step));
        });
    }

    /** The teaching text for one level at one step. */
    static String explain(RunData run, int level, int step) {
        if (step < 0 || step >= run.steps()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("step " + step);
        for (int i = 0; i < run.keys().size(); i++) {
            String key = run.keys().get(i);
            if (!key.startsWith(level + ".")) {
                continue;
            }
            String name = key.substring(key.indexOf('.') + 1);
            double v = run.hyperparameter(i).get(step);
            double before = step > 0 ? run.hyperparameter(i).get(step - 1) : v;
            double g = run.hypergradient(i).get(step);
            sb.append(String.format(Locale.ROOT, "%n%s = %.6g", name, v));
            if (Double.isNaN(g)) {
                sb.append("  (constant: the top level is not optimized)");
            } else {
                sb.append(String.format(Locale.ROOT, ",  dL/d%s = %.4g,  change %+.3g", name, g, v - before));
                if (name.equals("alpha") && g != 0) {
                    sb.append(g < 0 ? "  (the last two gradients agree: alpha rises)"
                            : "  (the last two gradients disagree: alpha falls)");
                }
            }
        }
        return sb.toString();
    }

    private static XYChart.Series<Number, Number> series(String name, int n, IntToDoubleFunction y, int offset) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().setAll(Decimation.points(n, y, BUCKETS, offset));
        return s;
    }

    private static void setSeries(LineChart<Number, Number> chart, List<XYChart.Series<Number, Number>> series,
            List<String> colors) {
        chart.getData().setAll(series);
        for (int i = 0; i < series.size(); i++) {
            var node = series.get(i).getNode();
            if (node != null) {
                node.setStyle("-fx-stroke: " + colors.get(i) + "; -fx-stroke-width: 1.5px;");
            }
        }
        // the legend's symbols follow the lines' colours
        chart.applyCss();
        int i = 0;
        for (javafx.scene.Node item : chart.lookupAll(".chart-legend-item")) {
            if (item instanceof Label label && label.getGraphic() != null && i < colors.size()) {
                String color = colors.get(i++).split(";")[0];
                label.getGraphic().setStyle("-fx-background-color: " + color + ", white;");
            }
        }
    }
}
