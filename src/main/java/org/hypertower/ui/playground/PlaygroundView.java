package org.hypertower.ui.playground;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.hypertower.files.AtomicFiles;
import org.hypertower.playground.Playground;
import org.hypertower.playground.Trajectory;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.charts.AxisScale;
import org.hypertower.ui.charts.ChartTheme;
import org.hypertower.ui.charts.Decimator;
import org.hypertower.ui.charts.TraceChart;

/**
 * The Playground tab: up to three towers on a 2-D objective, their paths over its contours, their
 * loss and learned hyperparameters per step beside it, log sliders for the learning rates, and a
 * step scrubber that shows the hypergradient's story at one step.
 */
public final class PlaygroundView extends BorderPane {

    private final PlaygroundViewModel model;
    private final ObservableValue<ChartTheme> theme;
    private final ContourPlot plot = new ContourPlot();
    private final TraceChart loss = new TraceChart("Loss", "step", "loss");
    private final TraceChart learned = new TraceChart("Learned hyperparameters", "step", "value");
    private final HBox figure;
    private final List<Object> owners = new ArrayList<>();
    private final Label insight = new Label();
    private final Slider scrubber = new Slider(0, 1, 1);
    private Consumer<Region> onSaveRequest = chart -> { };
    private Consumer<String> say = text -> { };
    private Supplier<TowerSpec> builderTower = () -> null;

    /** Builds the tab on its model; {@code theme} gives the charts' canvas colours. */
    public PlaygroundView(PlaygroundViewModel model, ObservableValue<ChartTheme> theme) {
        this.model = model;
        this.theme = theme;
        getStyleClass().add("playground");
        getStylesheets().add(PlaygroundView.class.getResource("playground.css").toExternalForm());
        loss.setYKind(AxisScale.Kind.LOG);
        learned.setYKind(AxisScale.Kind.LOG);
        VBox side = new VBox(6, loss, learned);
        VBox.setVgrow(loss, Priority.ALWAYS);
        VBox.setVgrow(learned, Priority.ALWAYS);
        side.setPrefWidth(420);
        side.setMinWidth(300);
        figure = new HBox(8, plot, side);
        figure.getStyleClass().add("figure");
        figure.setId("playground-figure");
        HBox.setHgrow(plot, Priority.ALWAYS);
        plot.setPrefSize(700, 600);
        VBox.setVgrow(figure, Priority.ALWAYS);
        VBox center = new VBox(8, figure, scrubBar(), insight);
        center.setPadding(new javafx.geometry.Insets(8));
        insight.getStyleClass().add("insight");
        insight.setId("playground-insight");
        insight.setMaxWidth(Double.MAX_VALUE);
        insight.setMinHeight(Region.USE_PREF_SIZE);
        setCenter(center);
        ScrollPane controls = new ScrollPane(controls());
        controls.setFitToWidth(true);
        controls.setPrefWidth(360);
        setLeft(controls);
        model.resultProperty().addListener((obs, old, now) -> redraw(true));
        model.insightProperty().addListener((obs, old, now) -> redraw(false));
        theme.addListener((obs, old, now) -> {
            loss.setTheme(now);
            learned.setTheme(now);
            redraw(true);
        });
        loss.setTheme(theme.getValue());
        learned.setTheme(theme.getValue());
        redraw(true);
    }

    /** Sets what saves the figure as PNG (the window asks for a size and a file). */
    public void setOnSaveRequest(Consumer<Region> handler) {
        onSaveRequest = handler == null ? chart -> { } : handler;
    }

    /** Sets where sentences for the status bar go. */
    public void setOnSay(Consumer<String> handler) {
        say = handler == null ? text -> { } : handler;
    }

    /** Sets what gives the tower builder's current tower (null when it is not valid). */
    public void setBuilderTower(Supplier<TowerSpec> tower) {
        builderTower = tower == null ? () -> null : tower;
    }

    /** Returns the model (for tests). */
    public PlaygroundViewModel model() {
        return model;
    }

    /** Returns the figure: the contour plot and the per-step charts, as exported. */
    public Region figure() {
        return figure;
    }

    /** Returns the number of points of each path the plot drew (for tests). */
    public int[] drawnPathLengths() {
        return plot.pathLengths();
    }

    /** Returns how many times the plot drew (for tests). */
    public int plotDraws() {
        return plot.draws();
    }

    /** Returns the scrubber's panel text (for tests). */
    public String insightText() {
        return insight.getText();
    }

    private VBox controls() {
        VBox box = new VBox();
        box.getStyleClass().add("playground-controls");

        ComboBox<String> objective = new ComboBox<>();
        objective.setId("playground-objective");
        objective.setEditable(true);
        objective.getItems().setAll(PlaygroundViewModel.PRESETS);
        objective.setValue(model.objectiveProperty().get());
        objective.setMaxWidth(Double.MAX_VALUE);
        objective.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.objectiveProperty().set(now);
            }
        });
        // a guided demo sets the model: every field follows it
        model.objectiveProperty().addListener((obs, old, now) -> objective.setValue(now));
        objective.setTooltip(new Tooltip("quadratic(a, b) = (a x² + b y²)/2; rosenbrock(a, b) = (a − x)² + b (y − x²)²; "
                + "saddle(a, b) = (a x² − b y²)/2; noisy_quadratic adds Gaussian noise of deviation sigma to the "
                + "gradients. Edit the text and press Enter."));

        TextField start = new TextField(PlaygroundViewModel.format(model.startXProperty().get()) + ", "
                + PlaygroundViewModel.format(model.startYProperty().get()));
        start.setId("playground-start");
        start.setOnAction(e -> model.setStart(start.getText()));
        javafx.beans.InvalidationListener showStart = obs -> start.setText(PlaygroundViewModel.format(
                model.startXProperty().get()) + ", " + PlaygroundViewModel.format(model.startYProperty().get()));
        model.startXProperty().addListener(showStart);
        model.startYProperty().addListener(showStart);
        start.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                model.setStart(start.getText());
            }
        });

        box.getChildren().addAll(title("Objective"), objective, title("Start (x, y)"), start, title("Towers"));
        for (int i = 0; i < Playground.MAX_TOWERS; i++) {
            box.getChildren().add(towerField(i));
        }
        Button fromBuilder = new Button("Tower 3 from the builder");
        fromBuilder.setId("playground-from-builder");
        fromBuilder.setTooltip(new Tooltip("Put the Training tab's tower in the third field."));
        fromBuilder.setOnAction(e -> {
            TowerSpec spec = builderTower.get();
            if (spec == null) {
                say.accept("The tower builder's tower is not valid; fix it in the Training tab first.");
            } else {
                model.towerProperty(2).set(spec.toString());
            }
        });
        Label sliderHint = new Label("The sliders set alpha of every tower's bottom level and of its top level.");
        sliderHint.getStyleClass().add("hint");
        sliderHint.setWrapText(true);
        box.getChildren().addAll(fromBuilder, sliderHint,
                logSlider("alpha0 (bottom level)", "playground-alpha0", model.alpha0LogProperty()),
                logSlider("Top level's step size", "playground-top", model.topLogProperty()), kickRow());

        Spinner<Integer> steps = new Spinner<>(1, PlaygroundViewModel.MAX_STEPS, model.stepsProperty().get(), 50);
        steps.setId("playground-steps");
        steps.setEditable(true);
        steps.valueProperty().addListener((obs, old, now) -> model.stepsProperty().set(now));
        model.stepsProperty().addListener((obs, old, now) -> steps.getValueFactory().setValue(now.intValue()));
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, (int) model.seedProperty().get());
        seed.setId("playground-seed");
        seed.setEditable(true);
        seed.valueProperty().addListener((obs, old, now) -> model.seedProperty().set(now));
        model.seedProperty().addListener((obs, old, now) -> seed.getValueFactory().setValue((int) now.longValue()));
        HBox counts = new HBox(8, new VBox(2, title("Steps"), steps), new VBox(2, title("Seed"), seed));

        Label error = new Label();
        error.setId("playground-error");
        error.getStyleClass().add("playground-error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Label status = new Label();
        status.getStyleClass().add("playground-status");
        status.setWrapText(true);
        model.resultProperty().addListener((obs, old, now) -> status.setText(summary()));
        status.setText(summary());

        Button png = new Button("Figure as PNG…");
        png.setId("playground-png");
        png.setOnAction(e -> onSaveRequest.accept(figure));
        Button csv = new Button("Paths as CSV…");
        csv.setId("playground-csv");
        csv.setOnAction(e -> saveCsv());
        box.getChildren().addAll(counts, error, status, new HBox(6, png, csv));
        return box;
    }

    private String summary() {
        PlaygroundViewModel.Result r = model.resultProperty().get();
        if (r == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.paths().size(); i++) {
            Trajectory path = r.paths().get(i);
            sb.append(i == 0 ? "" : "\n").append(i + 1).append(": ").append(path.message());
        }
        return sb.toString();
    }

    /** The kick a guided demo set, said in words, with a button that takes it away; hidden when there is none. */
    private HBox kickRow() {
        Label text = new Label();
        text.setId("playground-kick");
        text.setWrapText(true);
        text.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.kickProperty().get()
                == null ? "" : "Kick: " + model.kickProperty().get().text() + ", in every tower", model.kickProperty()));
        Button off = new Button("No kick");
        off.setId("playground-kick-off");
        off.setOnAction(e -> model.kickProperty().set(null));
        HBox row = new HBox(6, text, off);
        row.setId("playground-kick-row");
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(model.kickProperty().isNotNull());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private HBox towerField(int i) {
        TextField field = new TextField(model.towerProperty(i).get());
        field.setId("playground-tower-" + (i + 1));
        field.setPromptText("none");
        HBox.setHgrow(field, Priority.ALWAYS);
        model.towerProperty(i).addListener((obs, old, now) -> field.setText(now));
        field.setOnAction(e -> model.towerProperty(i).set(field.getText()));
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                model.towerProperty(i).set(field.getText());
            }
        });
        Rectangle swatch = new Rectangle(14, 14, theme.getValue().runColor(i));
        theme.addListener((obs, old, now) -> swatch.setFill(now.runColor(i)));
        HBox row = new HBox(6, swatch, field);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private VBox logSlider(String name, String id, javafx.beans.property.DoubleProperty log) {
        Slider slider = new Slider(PlaygroundViewModel.MIN_LOG, PlaygroundViewModel.MAX_LOG, log.get());
        slider.setId(id);
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setShowTickMarks(true);
        slider.setBlockIncrement(0.25);
        slider.valueProperty().bindBidirectional(log);
        Label value = new Label();
        value.getStyleClass().add("slider-value");
        value.setId(id + "-value");
        value.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> PlaygroundViewModel.format(Math.pow(10, log.get())), log));
        HBox head = new HBox(8, title(name), value);
        head.setAlignment(Pos.BASELINE_LEFT);
        return new VBox(2, head, slider);
    }

    private HBox scrubBar() {
        scrubber.setId("playground-scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(50);
        scrubber.setSnapToTicks(false);
        scrubber.valueProperty().addListener((obs, old, now) -> model.scrubStepProperty().set((int) Math.round(
                now.doubleValue())));
        model.scrubStepProperty().addListener((obs, old, now) -> {
            if (Math.round(scrubber.getValue()) != now.intValue()) {
                scrubber.setValue(now.intValue());
            }
        });
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        ComboBox<String> which = new ComboBox<>();
        which.setId("playground-scrub-tower");
        which.getItems().setAll("tower 1", "tower 2", "tower 3");
        which.getSelectionModel().select(model.scrubTowerProperty().get());
        which.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> model.scrubTowerProperty()
                .set(Math.max(0, now.intValue())));
        model.scrubTowerProperty().addListener((obs, old, now) -> which.getSelectionModel().select(now.intValue()));
        Label step = new Label();
        step.getStyleClass().add("slider-value");
        step.textProperty().bind(model.scrubStepProperty().asString("step %d"));
        HBox bar = new HBox(8, title("Step"), scrubber, step, which);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("field-title");
        return label;
    }

    private void redraw(boolean paths) {
        PlaygroundViewModel.Result r = model.resultProperty().get();
        ChartTheme colors = theme.getValue();
        plot.show(r, model.insightProperty().get(), model.scrubTowerProperty().get(), colors);
        insight.setText(model.insightText());
        if (!paths || r == null) {
            return;
        }
        int longest = r.paths().stream().mapToInt(Trajectory::length).max().orElse(1);
        scrubber.setMax(Math.max(1, longest - 1));
        if (Math.round(scrubber.getValue()) != model.scrubStepProperty().get()) {
            scrubber.setValue(model.scrubStepProperty().get());
        }
        owners.forEach(o -> {
            loss.removeOwner(o);
            learned.removeOwner(o);
        });
        owners.clear();
        List<String> names = new ArrayList<>();
        List<Color> lineColors = new ArrayList<>();
        for (int i = 0; i < r.paths().size(); i++) {
            Trajectory path = r.paths().get(i);
            Object owner = new Object();
            owners.add(owner);
            Color color = colors.runColor(i);
            names.add((i + 1) + ": " + path.tower());
            lineColors.add(color);
            double[] losses = path.points().stream().mapToDouble(p -> p.loss()).toArray();
            loss.add((i + 1) + " loss", owner, color, TraceChart.Style.SOLID, series(losses), false);
            for (String key : path.keys()) {
                double[] values = path.values(key);
                if (java.util.Arrays.stream(values).allMatch(v -> v == 0)) {
                    continue; // a constant 0 (a top level's mu) says nothing and would force a symlog axis
                }
                int level = Integer.parseInt(key.substring(0, key.indexOf('.')));
                TraceChart.Style style = level == 0 ? TraceChart.Style.SOLID : TraceChart.Style.DASHED;
                learned.add((i + 1) + " " + key, owner, color, style, series(values), false);
            }
        }
        loss.setLegend("", names, lineColors);
        learned.setLegend("solid: level 0, dashed: levels above", names, lineColors);
    }

    private static Decimator.Source series(double[] ys) {
        return new Decimator.Source() {
            @Override
            public int size() {
                return ys.length;
            }

            @Override
            public double x(int i) {
                return i;
            }

            @Override
            public double y(int i) {
                return ys[i];
            }
        };
    }

    private void saveCsv() {
        PlaygroundViewModel.Result r = model.resultProperty().get();
        if (r == null) {
            return;
        }
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save the paths");
        chooser.setInitialFileName("playground.csv");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
        java.io.File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            writeCsv(file.toPath());
        }
    }

    /** Writes the paths as CSV, the CLI's columns, and says so. */
    public void writeCsv(Path file) {
        try {
            AtomicFiles.writeString(file, model.resultProperty().get().csv());
            say.accept("Wrote " + file + ".");
        } catch (java.io.IOException e) {
            say.accept("Could not write " + file + ": " + e.getMessage() + ".");
        }
    }
}
