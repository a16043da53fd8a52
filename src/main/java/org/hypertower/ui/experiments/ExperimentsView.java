package org.hypertower.ui.experiments;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.hypertower.engine.RunFactory;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.LearnedValuesTable;
import org.hypertower.experiment.SweepSummary;
import org.hypertower.tower.Numbers;

/**
 * The Experiments view: choose an experiment and its settings, start it, follow its runs, and see
 * its result as a chart (test error against initial alpha per height; test accuracy per epoch per
 * tower) or, for Table 1, as a table. Its files and report are written where the message says.
 */
public final class ExperimentsView extends VBox {

    private final ExperimentsViewModel model;
    private final LineChart<Number, Number> chart;
    private final GridPane table = new GridPane();

    /** Creates the view of a model. */
    public ExperimentsView(ExperimentsViewModel model) {
        this.model = model;
        setId("experiments");
        setPadding(new Insets(8));
        setSpacing(8);
        ComboBox<ExperimentsViewModel.Kind> kind = new ComboBox<>();
        kind.setId("experiment-kind");
        kind.getItems().setAll(ExperimentsViewModel.Kind.values());
        kind.valueProperty().bindBidirectional(model.kindProperty());
        TextField towers = field("experiment-towers", 34, model.towersProperty());
        TextField alphas = field("experiment-alphas", 14, model.alphasProperty());
        TextField heights = field("experiment-heights", 6, model.heightsProperty());
        ComboBox<String> dataset = new ComboBox<>();
        dataset.getItems().setAll("iris", "mnist", "fashion-mnist", "cifar10", "cifar100");
        dataset.valueProperty().bindBidirectional(model.datasetProperty());
        ComboBox<String> net = new ComboBox<>();
        net.getItems().setAll(RunFactory.MODELS);
        net.valueProperty().bindBidirectional(model.modelProperty());
        Spinner<Integer> epochs = new Spinner<>(1, 100_000, model.epochsProperty().get());
        epochs.setEditable(true);
        epochs.setPrefWidth(90);
        epochs.valueProperty().addListener((obs, old, now) -> model.epochsProperty().set(now));
        Spinner<Integer> seeds = new Spinner<>(1, 100, model.seedsProperty().get());
        seeds.setEditable(true);
        seeds.setPrefWidth(70);
        seeds.valueProperty().addListener((obs, old, now) -> model.seedsProperty().set(now));
        Button start = new Button("Run experiment");
        start.setId("experiment-start");
        start.disableProperty().bind(model.runningProperty());
        start.setOnAction(e -> model.start());
        Label towersHint = new Label("Towers: ';'-separated for compare and table1; a template (sgd, or 'adam / "
                + "sgd(1e-5)') for sweep and stack. alpha0: the sweep's initial alphas; stack uses the first. Heights: "
                + "the sweep's; stack goes up to the last.");
        towersHint.setWrapText(true);
        towersHint.getStyleClass().add("hint");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, label("Experiment"), kind);
        form.addRow(1, label("Towers / template"), towers);
        form.addRow(2, label("alpha0"), new HBox(8, alphas, label("heights"), heights));
        form.addRow(3, label("Data"), new HBox(8, dataset, label("Model"), net));
        form.addRow(4, label("Epochs"), new HBox(8, epochs, label("Seeds"), seeds, start));
        start.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        GridPane.setColumnSpan(towers, 1);
        towers.setPrefColumnCount(48);
        Label message = new Label();
        message.setId("experiment-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        ListView<String> log = new ListView<>(model.log());
        log.setPrefHeight(120);
        HBox.setHgrow(log, javafx.scene.layout.Priority.ALWAYS);
        net.setPrefWidth(120);
        dataset.setPrefWidth(130);
        chart = new LineChart<>(new NumberAxis(), new NumberAxis());
        chart.setId("experiment-chart");
        chart.setAnimated(false);
        chart.setPrefHeight(360);
        table.setHgap(16);
        table.setVgap(4);
        table.setId("experiment-table");
        getChildren().addAll(form, towersHint, message, new HBox(8, log), chart, table);
        model.sweepResultProperty().addListener((obs, old, now) -> showSweep(now));
        model.comparisonResultProperty().addListener((obs, old, now) -> showComparison(now));
        model.tableResultProperty().addListener((obs, old, now) -> showTable(now));
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField field(String id, int columns, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private void showSweep(SweepSummary s) {
        if (s == null) {
            return;
        }
        chart.setTitle("Mean test error against log10(initial alpha), one line per tower height");
        ((NumberAxis) chart.getXAxis()).setLabel("log10 alpha0");
        ((NumberAxis) chart.getYAxis()).setLabel("test error");
        chart.getData().clear();
        for (int h : s.heights()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName("height " + h);
            for (double a : s.alphas()) {
                SweepSummary.Cell c = s.cell(h, a);
                if (c != null && !Double.isNaN(c.mean())) {
                    series.getData().add(new XYChart.Data<>(Math.log10(a), c.mean()));
                }
            }
            chart.getData().add(series);
        }
        table.getChildren().clear();
        int row = 0;
        for (var e : s.spreadByHeight().entrySet()) {
            table.addRow(row++, new Label("height " + e.getKey()), new Label("spread of the mean test error over alpha0: "
                    + (Double.isNaN(e.getValue()) ? "-" : String.format(Locale.ROOT, "%.3f", e.getValue()))));
        }
    }

    private void showComparison(List<Comparison.TowerResult> results) {
        if (results == null) {
            return;
        }
        chart.setTitle("Mean test accuracy per epoch");
        ((NumberAxis) chart.getXAxis()).setLabel("epoch");
        ((NumberAxis) chart.getYAxis()).setLabel("test accuracy");
        chart.getData().clear();
        table.getChildren().clear();
        int row = 0;
        for (Comparison.TowerResult r : results) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(r.tower().toString());
            for (int e = 0; e < r.curves().epochs().length; e++) {
                if (!Double.isNaN(r.curves().accuracyMean()[e])) {
                    series.getData().add(new XYChart.Data<>(r.curves().epochs()[e], r.curves().accuracyMean()[e]));
                }
            }
            chart.getData().add(series);
            table.addRow(row++, new Label(r.tower().toString()), new Label(Double.isNaN(r.testErrorMean()) ? "-"
                    : String.format(Locale.ROOT, "test error %.4f ± %.4f", r.testErrorMean(), r.testErrorStd())));
        }
    }

    private void showTable(List<LearnedValuesTable.Row> rows) {
        if (rows == null) {
            return;
        }
        chart.getData().clear();
        table.getChildren().clear();
        table.addRow(0, new Label("tower"), new Label("tower"), new Label("baseline (frozen)"),
                new Label("re-run at learned values"));
        int row = 1;
        for (LearnedValuesTable.Row r : rows) {
            table.addRow(row++, new Label(r.tower().toString()), new Label(cell(r.towerError())),
                    new Label(cell(r.baselineError())), new Label(cell(r.learnedError())));
        }
    }

    private static String cell(double[] s) {
        return Double.isNaN(s[0]) ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", s[0], s[1]);
    }

    static String format(double v) {
        return Numbers.format(v);
    }
}
