package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.controlsfx.control.SegmentedButton;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunText;

/**
 * The live charts: loss per step (raw and smoothed) with test loss per epoch, train and test
 * accuracy per epoch, and one chart per hyperparameter of every level, each overlaying every
 * visible run that has it (a tower's learned curve beside its baseline's frozen line), each run in
 * its own colour. A pulse touches only the runs whose data changed, and of those only what they
 * appended.
 */
public final class ChartsView extends VBox {

    /** Which loss lines are drawn. */
    enum LossLines { BOTH, SMOOTHED, RAW }

    private final ObservableList<RunData> runs;
    private final Set<RunData> hidden = new HashSet<>();
    private final Map<RunData, RunLines> lines = new IdentityHashMap<>();
    private final TraceChart lossChart = new TraceChart("Loss", "step", "loss");
    private final TraceChart accuracyChart = new TraceChart("Accuracy", "epoch", "accuracy");
    private final Map<String, TraceChart> hyperCharts = new LinkedHashMap<>();
    private final TreeMap<Integer, FlowPane> levelRows = new TreeMap<>();
    private final VBox levelCharts = new VBox(6);
    private final Label levelHint = new Label("One chart per hyperparameter of every level appears when a run starts.");
    private final Label divergence = new Label();
    private final SegmentedButton lossLines;
    private final SegmentedButton lossScale;
    private final SegmentedButton hyperScale;
    private LossLines lossMode = LossLines.BOTH;
    private AxisScale.Kind hyperKind = AxisScale.Kind.LINEAR;
    private RunData focused;
    private boolean flushScheduled;
    private Consumer<Region> saveRequest = chart -> { };
    private double fontScale = 1;
    private double lineWidthScale = 1;
    private boolean hideFlat;
    private Set<String> flatHidden = Set.of();
    private final javafx.beans.property.ReadOnlyObjectWrapper<ChartTheme> theme =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(ChartTheme.LIGHT);

    /** Creates the charts of a list of runs. */
    public ChartsView(ObservableList<RunData> runs) {
        this.runs = runs;
        setSpacing(8);
        setPadding(new Insets(8));
        lossChart.setId("loss-chart");
        lossChart.setPlaceholder("No run yet: build a tower and press Start.");
        accuracyChart.setId("accuracy-chart");
        accuracyChart.setPlaceholder("No run yet.");
        accuracyChart.setFixedY(AxisScale.fixed(0, 1, 0.2));
        addSaveMenu(lossChart);
        addSaveMenu(accuracyChart);
        levelCharts.setId("level-charts");
        levelHint.getStyleClass().add("hint");
        levelCharts.getChildren().add(levelHint);
        divergence.setId("divergence");
        divergence.getStyleClass().add("error");
        divergence.setWrapText(true);

        lossLines = ModeButtons.of("loss-lines", List.of("both", "smoothed", "raw"), List.of(
                "Raw loss of every step (faint) and its exponential smoothing",
                "The smoothed loss only", "The raw loss of every step only"), i -> {
                    lossMode = LossLines.values()[i];
                    applyLossMode();
                });
        lossScale = ModeButtons.of("loss-scale", List.of("linear", "log"), List.of("Loss on a linear axis",
                "Loss on a logarithmic axis"), i -> {
                    lossChart.setYKind(i == 0 ? AxisScale.Kind.LINEAR : AxisScale.Kind.LOG);
                    scheduleFlush();
                });
        hyperScale = ModeButtons.of("hyper-scale", List.of("linear", "log", "symlog"), List.of(
                "Hyperparameters on linear axes",
                "Logarithmic axes; a chart with a value at or below zero (a weight decay gone negative) uses symlog",
                "Symmetric-log axes: linear near zero, logarithmic beyond, with the sign kept"), i -> {
                    hyperKind = AxisScale.Kind.values()[i];
                    hyperCharts.values().forEach(c -> c.setYKind(hyperKind));
                    scheduleFlush();
                });
        Label lossTitle = new Label("Loss");
        Label hyperTitle = new Label("Hyperparameters");
        HBox lossModes = new HBox(8, lossTitle, lossLines, lossScale);
        HBox hyperModes = new HBox(8, hyperTitle, hyperScale);
        for (HBox group : List.of(lossModes, hyperModes)) {
            group.setAlignment(Pos.CENTER_LEFT);
            group.setMinWidth(Region.USE_PREF_SIZE);
        }
        // a narrow chart area wraps the hyperparameters' choice onto its own row rather than cutting the words
        FlowPane modes = new FlowPane(24, 6, lossModes, hyperModes);
        modes.setAlignment(Pos.CENTER_LEFT);
        modes.setId("chart-modes");

        HBox top = new HBox(8, lossChart, accuracyChart);
        lossChart.prefWidthProperty().bind(top.widthProperty().multiply(0.6));
        accuracyChart.prefWidthProperty().bind(top.widthProperty().multiply(0.38));
        lossChart.setMinHeight(260);
        lossChart.setPrefHeight(300);
        accuracyChart.setMinHeight(260);
        accuracyChart.setPrefHeight(300);
        getChildren().addAll(divergence, modes, top, levelCharts);

        runs.addListener((ListChangeListener<RunData>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::watch);
                c.getRemoved().forEach(this::forget);
            }
            updateLegends();
            scheduleFlush();
        });
        runs.forEach(this::watch);
        updateLegends();
    }

    /** Sets what "Save this chart as PNG" does (the view asks for a size and a file). */
    public void setOnSaveRequest(Consumer<Region> action) {
        saveRequest = action;
    }

    /**
     * Writes the charts' tick labels and axis titles larger and draws their lines thicker, by these
     * factors (1, 1: as usual), in every chart, including those that appear later.
     */
    public void setScale(double fontScale, double lineWidthScale) {
        this.fontScale = fontScale;
        this.lineWidthScale = lineWidthScale;
        allCharts().forEach(c -> c.setScale(fontScale, lineWidthScale));
        hyperCharts.values().forEach(this::sizeHyperChart);
        scheduleFlush();
    }

    /**
     * Hides (true) or shows again (false) the hyperparameter charts whose every visible line is
     * flat, a value no run changes (e.g. a top level's alpha, which nothing learns): in a demo they
     * only take room. A chart comes back as soon as a visible run changes its value.
     */
    public void setHideFlatHyperparameters(boolean hide) {
        if (hide != hideFlat) {
            hideFlat = hide;
            updateHyperChartsShown();
        }
    }

    /**
     * Sets the colours the charts paint in (the window's theme): axes, grid and the runs' lines,
     * drawn again at once. An exported image is painted in the theme shown.
     */
    public void setTheme(ChartTheme next) {
        if (next == null || next.equals(theme.get())) {
            return;
        }
        theme.set(next);
        for (TraceChart chart : allCharts()) {
            chart.setTheme(next);
        }
        for (RunLines l : lines.values()) {
            l.color = next.runColor(l.run.colorSlot());
            for (TraceChart chart : allCharts()) {
                chart.recolor(l.run, l.color);
            }
        }
        updateLegends();
        scheduleFlush();
    }

    /** Returns the theme the charts paint in; the runs list colours its swatches by it. */
    public javafx.beans.property.ReadOnlyObjectProperty<ChartTheme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    /** Returns a run's colour as its lines have it in the current theme ({@code #rrggbb}). */
    public String colorOf(RunData run) {
        return RunColors.of(run.colorSlot(), theme.get().dark());
    }

    /** Shows or hides a run in every chart. */
    public void setVisible(RunData run, boolean visible) {
        if (visible ? !hidden.remove(run) : !hidden.add(run)) {
            return;
        }
        for (TraceChart chart : allCharts()) {
            if (chart != lossChart) {
                chart.setOwnerVisible(run, visible);
            }
        }
        applyLossMode();
        updateHyperChartsShown();
        updateLegends();
        scheduleFlush();
    }

    /** Makes a run the one drawn on top and thicker, and the one whose divergence is told. */
    public void focus(RunData run) {
        focused = run;
        for (TraceChart chart : allCharts()) {
            chart.setEmphasized(run);
        }
        updateDivergence();
        scheduleFlush();
    }

    /** Returns the charts shown, for export: loss, accuracy, then one per hyperparameter. */
    public List<TraceChart> charts() {
        List<TraceChart> all = new ArrayList<>(List.of(lossChart, accuracyChart));
        for (FlowPane row : levelRows.values()) {
            row.getChildren().stream().map(TraceChart.class::cast).filter(TraceChart::isVisible).forEach(all::add);
        }
        return all;
    }

    // ---------------------------------------------------------------- runs

    private void watch(RunData run) {
        run.versionProperty().addListener((obs, old, now) -> changed(run));
        if (hasData(run)) {
            changed(run);
        }
    }

    private void forget(RunData run) {
        RunLines l = lines.remove(run);
        if (l != null) {
            for (TraceChart chart : allCharts()) {
                chart.removeOwner(run);
            }
            updateHyperChartsShown();
        }
        hidden.remove(run);
    }

    private static boolean hasData(RunData run) {
        return run.steps() > 0 || run.endedProperty().get() != null || !run.keys().isEmpty();
    }

    /** A run's data changed: fold what it appended into its lines, and nothing else. */
    private void changed(RunData run) {
        RunLines l = lines.get(run);
        if (l == null) {
            if (!hasData(run) || !runs.contains(run)) {
                return;
            }
            l = new RunLines(run);
            lines.put(run, l);
            applyLossMode();
            // follow a run when it starts producing data, unless the focused one still runs
            if (focused == null || focused.steps() == 0 || focused.endedProperty().get() != null) {
                focus(run);
            }
            updateLegends();
        }
        l.pull();
        if (run == focused) {
            updateDivergence();
        }
        scheduleFlush();
    }

    /** Draws what changed once the pulse has applied every run's events. */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            Platform.runLater(() -> {
                flushScheduled = false;
                if (hideFlat && !flatHidden.equals(flatKeys())) {
                    updateHyperChartsShown();
                }
                for (TraceChart chart : allCharts()) {
                    chart.flush();
                }
            });
        }
    }

    private List<TraceChart> allCharts() {
        List<TraceChart> all = new ArrayList<>(List.of(lossChart, accuracyChart));
        all.addAll(hyperCharts.values());
        return all;
    }

    /** The lines of one run in every chart. */
    private final class RunLines {
        final RunData run;
        Color color;
        final TraceChart.Trace raw;
        final TraceChart.Trace smoothed;
        final TraceChart.Trace testLoss;
        final TraceChart.Trace trainAccuracy;
        final TraceChart.Trace testAccuracy;
        final Map<String, TraceChart.Trace> hyper = new LinkedHashMap<>();
        boolean changing;
        /** How many of the run's interventions are marked on its charts. */
        int marked;

        RunLines(RunData run) {
            this.run = run;
            color = theme.get().runColor(run.colorSlot());
            changing = run.endedProperty().get() == null;
            String name = run.name();
            raw = lossChart.add(name + " raw loss", run, color, TraceChart.Style.FAINT, RunSeries.steps(run.loss()), changing);
            smoothed = lossChart.add(name + " loss", run, color, TraceChart.Style.SOLID, RunSeries.steps(run.smoothedLoss()),
                    changing);
            testLoss = lossChart.add(name + " test loss", run, color, TraceChart.Style.DASHED,
                    RunSeries.epochs(run, e -> e.steps(), e -> e.testLoss()), changing);
            trainAccuracy = accuracyChart.add(name + " train", run, color, TraceChart.Style.DASHED,
                    RunSeries.epochs(run, e -> e.epoch() + 1, e -> e.trainAccuracy()), changing);
            testAccuracy = accuracyChart.add(name + " test", run, color, TraceChart.Style.SOLID,
                    RunSeries.epochs(run, e -> e.epoch() + 1, e -> e.testAccuracy()), changing);
            accuracyChart.setOwnerVisible(run, !hidden.contains(run));
        }

        void pull() {
            if (hyper.size() < run.keys().size()) {
                addHyperLines();
            }
            boolean nowChanging = run.endedProperty().get() == null;
            if (nowChanging != changing) {
                changing = nowChanging;
                for (TraceChart chart : allCharts()) {
                    chart.setLive(run, changing);
                }
            }
            lossChart.pull(raw);
            lossChart.pull(smoothed);
            lossChart.pull(testLoss);
            accuracyChart.pull(trainAccuracy);
            accuracyChart.pull(testAccuracy);
            for (Map.Entry<String, TraceChart.Trace> e : hyper.entrySet()) {
                hyperCharts.get(e.getKey()).pull(e.getValue());
            }
            List<Intervention> interventions = run.interventions();
            for (; marked < interventions.size(); marked++) {
                Intervention i = interventions.get(marked);
                lossChart.addMarker(marker(i, i.step()));
                if (run.stepsPerEpoch() > 0) {
                    accuracyChart.addMarker(marker(i, i.step() / (double) run.stepsPerEpoch()));
                }
                for (String key : hyper.keySet()) {
                    hyperCharts.get(key).addMarker(marker(i, i.step()));
                }
            }
        }

        /** The mark of an intervention at an x value: {@code 0.alpha 0.001→0.01}. */
        TraceChart.Marker marker(Intervention i, double x) {
            return new TraceChart.Marker(run, x, i.key() + " " + RunText.shortNumber(i.oldValue(), 3) + "→"
                    + RunText.shortNumber(i.newValue(), 3));
        }

        private void addHyperLines() {
            List<String> keys = run.keys();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (hyper.containsKey(key)) {
                    continue;
                }
                TraceChart chart = hyperChart(key);
                TraceChart.Trace t = chart.add(run.name(), run, color, TraceChart.Style.SOLID, RunSeries.steps(run.hyperparameter(i)),
                        changing);
                chart.setOwnerVisible(run, !hidden.contains(run));
                chart.setEmphasized(focused);
                hyper.put(key, t);
                for (Intervention done : run.interventions().subList(0, marked)) {
                    chart.addMarker(marker(done, done.step()));
                }
            }
            updateHyperChartsShown();
            updateLegends();
        }
    }

    // ---------------------------------------------------------------- hyperparameter charts

    private TraceChart hyperChart(String key) {
        TraceChart chart = hyperCharts.get(key);
        if (chart != null) {
            return chart;
        }
        int level = levelOf(key);
        String name = key.substring(key.indexOf('.') + 1);
        chart = new TraceChart("level " + level + ": " + name, "step", name);
        chart.setId("hyper-chart-" + key);
        sizeHyperChart(chart);
        chart.setMinHeight(180);
        chart.setLegendInWindow(false); // the runs list is the legend; exported images carry their own
        chart.setYKind(hyperKind);
        chart.setScale(fontScale, lineWidthScale);
        chart.setTheme(theme.get());
        HyperparameterTeaching.install(chart, level, key, java.util.Collections.unmodifiableSet(lines.keySet()),
                run -> !hidden.contains(run), () -> focused);
        addSaveMenu(chart);
        hyperCharts.put(key, chart);
        FlowPane row = levelRows.computeIfAbsent(level, k -> {
            FlowPane r = new FlowPane(6, 6);
            r.prefWrapLengthProperty().bind(levelCharts.widthProperty());
            return r;
        });
        row.getChildren().add(chart);
        return chart;
    }

    /** The hyperparameter charts hidden for being flat (none unless {@link #setHideFlatHyperparameters}). */
    private Set<String> flatKeys() {
        Set<String> flat = new HashSet<>();
        if (hideFlat) {
            hyperCharts.forEach((key, chart) -> {
                if (chart.isFlat()) {
                    flat.add(key);
                }
            });
        }
        return flat;
    }

    /** 280x210 as usual, a little less than the type's growth when scaled: the title stays whole, three still fit a row. */
    private void sizeHyperChart(TraceChart chart) {
        double grow = 1 + 0.8 * (fontScale - 1);
        chart.setPrefSize(280 * grow, 210 * grow);
    }

    private void updateHyperChartsShown() {
        flatHidden = flatKeys();
        for (Map.Entry<String, TraceChart> e : hyperCharts.entrySet()) {
            TraceChart chart = e.getValue();
            boolean shown = chart.hasVisibleLines() && !flatHidden.contains(e.getKey());
            chart.setVisible(shown);
            chart.setManaged(shown);
            chart.setTitle(hyperTitle(e.getKey()));
        }
        List<javafx.scene.Node> rows = new ArrayList<>();
        for (FlowPane row : levelRows.values()) {
            if (row.getChildren().stream().anyMatch(javafx.scene.Node::isVisible)) {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            rows.add(levelHint);
        }
        if (!levelCharts.getChildren().equals(rows)) {
            levelCharts.getChildren().setAll(rows);
        }
    }

    /** {@code level 0: alpha (adam, sgd)}, naming the layer types of the visible runs that have the key. */
    private String hyperTitle(String key) {
        int level = levelOf(key);
        List<String> types = new ArrayList<>();
        for (RunLines l : lines.values()) {
            if (l.hyper.containsKey(key) && !hidden.contains(l.run) && level < l.run.config().tower().height()) {
                String type = l.run.config().tower().level(level).type().specName();
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
        }
        String name = key.substring(key.indexOf('.') + 1);
        // the name first: a narrow chart cuts the end of its title
        return "level " + level + ": " + name + (types.isEmpty() ? "" : " (" + String.join(", ", types) + ")");
    }

    private static int levelOf(String key) {
        return Integer.parseInt(key.substring(0, key.indexOf('.')));
    }

    // ---------------------------------------------------------------- modes, legends, divergence

    /** The loss chart's lines follow the mode, and hidden runs stay hidden whatever the mode. */
    private void applyLossMode() {
        Set<TraceChart.Trace> raw = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<TraceChart.Trace> smoothed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<TraceChart.Trace> shown = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (RunLines l : lines.values()) {
            raw.add(l.raw);
            smoothed.add(l.smoothed);
            if (!hidden.contains(l.run)) {
                shown.add(l.testLoss);
                if (lossMode != LossLines.SMOOTHED) {
                    shown.add(l.raw);
                }
                if (lossMode != LossLines.RAW) {
                    shown.add(l.smoothed);
                }
            }
        }
        lossChart.setLinesVisible(t -> !shown.contains(t), false);
        lossChart.setLinesVisible(shown::contains, true);
        updateLegends();
        scheduleFlush();
    }

    private void updateLegends() {
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        List<String> hyperNames = new ArrayList<>();
        for (RunData run : runs) {
            RunLines l = lines.get(run);
            if (l != null && !hidden.contains(run)) {
                names.add(run.name());
                colors.add(l.color);
            }
        }
        String lossKey = switch (lossMode) {
            case BOTH -> "solid: smoothed loss · faint: raw loss · dashed: test loss";
            case SMOOTHED -> "solid: smoothed loss · dashed: test loss";
            case RAW -> "faint: raw loss · dashed: test loss";
        };
        lossChart.setLegend(lossKey, names, colors);
        accuracyChart.setLegend("solid: test · dashed: train", names, colors);
        accuracyChart.setPlaceholder(runs.isEmpty() ? "No run yet." : "No epoch finished yet.");
        for (Map.Entry<String, TraceChart> e : hyperCharts.entrySet()) {
            hyperNames.clear();
            List<Color> hyperColors = new ArrayList<>();
            for (RunData run : runs) {
                RunLines l = lines.get(run);
                if (l != null && !hidden.contains(run) && l.hyper.containsKey(e.getKey())) {
                    hyperNames.add(run.name());
                    hyperColors.add(l.color);
                }
            }
            e.getValue().setLegend("", hyperNames, hyperColors);
        }
    }

    private void updateDivergence() {
        RunEnded ended = focused == null ? null : focused.endedProperty().get();
        divergence.setText(ended != null && ended.status() == RunStatus.DIVERGED ? focused.name() + ": " + ended.message() : "");
    }

    private void addSaveMenu(TraceChart chart) {
        MenuItem save = new MenuItem("Save this chart as PNG…");
        save.setOnAction(e -> saveRequest.accept(chart));
        // made on the first request: a menu is a window of its own, not worth making before the first is wanted
        ContextMenu[] menu = new ContextMenu[1];
        chart.setOnContextMenuRequested(e -> {
            if (menu[0] == null) {
                menu[0] = new ContextMenu(save);
            }
            menu[0].show(chart, e.getScreenX(), e.getScreenY());
        });
    }
}
