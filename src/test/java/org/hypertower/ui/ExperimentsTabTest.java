package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.type;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.export.RunStore;
import org.hypertower.ui.charts.BandedLineChart;
import org.hypertower.ui.charts.ChartExport;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Experiments tab driven like a user would, headless on Monocle: settings typed into the form,
 * an experiment run in worker processes from the button, its result drawn with bands and a
 * heatmap, its chart saved as PNG, and a long experiment stopped from the window.
 */
@ExtendWith(ApplicationExtension.class)
class ExperimentsTabTest {

    @TempDir
    Path tmp;

    private RunViewModel runs;
    private WorkbenchView view;

    @Start
    void start(Stage stage) {
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = FxTesting.showWorkbench(stage, runs, tmp.resolve("experiments"));
    }

    @AfterEach
    void stopEverything() throws TimeoutException {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(() -> view.experiments().stop());
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> !view.experiments().runningProperty().get()));
            FxTesting.dispose(runs, view);
        }
    }


    private static void spin(FxRobot robot, String id, int value) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> spinner = robot.lookup("#" + id).queryAs(Spinner.class);
        robot.clickOn(spinner.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write(Integer.toString(value))
                .type(KeyCode.ENTER);
        assertEquals(value, fx(spinner::getValue), id);
    }

    private String message(FxRobot robot) {
        return robot.lookup("#experiment-message").queryLabeled().getText();
    }

    private void choose(FxRobot robot, ExperimentPlan.Kind kind) {
        @SuppressWarnings("unchecked")
        ComboBox<ExperimentPlan.Kind> box = robot.lookup("#experiment-kind").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(kind));
    }

    /** Opens the tab, fills in an experiment of the template sgd as a user would, and starts it. */
    private void runFromTheForm(FxRobot robot, ExperimentPlan.Kind kind, String alphas, String heights, int seeds,
            int epochs) throws Exception {
        robot.clickOn("Experiments");
        choose(robot, kind);
        type(robot, "#experiment-towers", "sgd");
        type(robot, "#experiment-alphas", alphas);
        type(robot, "#experiment-heights", heights);
        spin(robot, "experiment-seeds", seeds);
        spin(robot, "experiment-epochs", epochs);
        robot.clickOn("#experiment-start");
    }

    private BandedLineChart chart() {
        return view.experimentsView().chart();
    }

    @Test
    void aSweepRunFromTheFormIsDrawnWithBandsAndAHeatmapAndItsChartSavesAsPng(FxRobot robot) throws Exception {
        runFromTheForm(robot, ExperimentPlan.Kind.SWEEP, "0.01,0.1", "0,1", 2, 2);
        waitUntil("the sweep ends", 180, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Done: the report is "), message(robot));
        assertEquals("8 of 8 runs", robot.lookup("#experiment-count").queryLabeled().getText());
        assertEquals(8, fx(() -> view.experiments().log().size()));

        // one line per height, each with its band around it
        List<XYChart.Series<Number, Number>> series = fx(() -> List.copyOf(chart().getData()));
        assertEquals(List.of("height 0 (plain)", "height 1"), series.stream().map(XYChart.Series::getName).toList());
        assertEquals(2, fx(() -> chart().bandCount()));
        // the bands take their shape when the chart is next laid out, on the following pulse
        waitUntil("the bands are laid out", 5, () -> series.stream().noneMatch(s -> chart().bandPoints(s).isEmpty()));
        for (XYChart.Series<Number, Number> s : series) {
            assertEquals(2, s.getData().size(), s.getName());
            List<Double> band = fx(() -> chart().bandPoints(s));
            assertEquals(8, band.size(), "two points along the top, two back along the bottom");
            NumberAxis y = (NumberAxis) chart().getYAxis();
            double line = fx(() -> y.getDisplayPosition(s.getData().get(0).getYValue()));
            assertTrue(band.get(1) <= line + 0.5 && band.get(7) >= line - 0.5,
                    s.getName() + ": the band spans its line at the first alpha0: " + band + " around " + line);
        }
        // the heatmap: one coloured cell per height and alpha0
        List<Label> cells = robot.lookup(".heat-cell").queryAllAs(Label.class).stream().toList();
        assertEquals(4, cells.size());
        for (Label c : cells) {
            assertTrue(c.getText().matches("0\\.\\d{3}( ± 0\\.\\d{3})?.*"), c.getText());
            assertTrue(c.getStyle().contains("-fx-background-color: #"), c.getStyle());
        }
        assertFalse(robot.lookup("#experiment-report").queryButton().isDisabled(), "the report can be opened");
        Path folder = fx(() -> view.experiments().folderProperty().get());
        assertTrue(Files.isRegularFile(folder.resolve("report.html")));
        assertTrue(Files.isRegularFile(folder.resolve("sweep.csv")));

        // what "Save chart as PNG" does once a file and size are chosen (native choosers cannot be driven headless)
        Path png = tmp.resolve("sweep.png");
        robot.interact(() -> {
            try {
                ChartExport.png(chart(), png, 1200, 700);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(1200, image.getWidth());
        assertEquals(700, image.getHeight());
        assertTrue(colours(image) > 20, "lines, bands, axes and legend are drawn");
    }

    @Test
    void aRivalsSweepRunFromTheFormDrawsALinePerMethodInItsOwnStyleAndTabulatesRecovery(FxRobot robot)
            throws Exception {
        robot.clickOn("Experiments");
        assertFalse(robot.lookup("#experiment-rivals").query().isVisible(), "only the rivals' sweep has rivals");
        choose(robot, ExperimentPlan.Kind.RIVALS);
        assertTrue(robot.lookup("#experiment-rivals").query().isVisible());
        type(robot, "#experiment-towers", "sgd");
        type(robot, "#experiment-rivals", "prodigy,cocob");
        type(robot, "#experiment-alphas", "0.01,1");
        type(robot, "#experiment-heights", "0,1");
        spin(robot, "experiment-seeds", 1);
        spin(robot, "experiment-epochs", 2);
        robot.clickOn("#experiment-start");
        waitUntil("the rivals' sweep ends", 240, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Done: the report is "), message(robot));
        List<String> methods = new java.util.ArrayList<>(List.of("sgd h=0", "sgd h=1"));
        methods.addAll(List.of("prodigy", "cocob"));
        int runs = methods.size() * 2;
        assertEquals(runs + " of " + runs + " runs", robot.lookup("#experiment-count").queryLabeled().getText());

        List<XYChart.Series<Number, Number>> series = fx(() -> List.copyOf(chart().getData()));
        assertEquals(methods, series.stream().map(XYChart.Series::getName).toList());
        assertEquals(methods.size(), fx(() -> chart().bandCount()));
        // a template's towers share its colour, each height its own dash; a rival a colour of its own
        List<String> styles = fx(() -> series.stream().map(x -> x.getNode().getStyle()).toList());
        assertEquals(methods.size(), new java.util.HashSet<>(styles).size(), "every line looks different: " + styles);
        assertTrue(styles.get(0).startsWith("-fx-stroke: #1f77b4;") && styles.get(1).startsWith("-fx-stroke: #1f77b4;")
                && styles.get(1).contains("-fx-stroke-dash-array"), styles.toString());
        // the table: a coloured cell per method and alpha0, and whether each recovers from alpha0 = 1
        assertEquals(runs, robot.lookup(".heat-cell").queryAllAs(Label.class).size());
        assertFalse(robot.lookup("recovers").queryAll().isEmpty(), "the table says which recovers");
        Path folder = fx(() -> view.experiments().folderProperty().get());
        assertEquals(runs + 1, Files.readAllLines(folder.resolve("rivals.csv")).size());
        assertTrue(Files.readString(folder.resolve("sensitivity.svg")).contains(">sgd h=1</text>"));
    }

    @Test
    void textThatIsNotANumberInASpinnerIsRefusedQuietly(FxRobot robot) throws Exception {
        robot.clickOn("Experiments");
        java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e)));
        try {
            @SuppressWarnings("unchecked")
            Spinner<Integer> seeds = robot.lookup("#experiment-seeds").queryAs(Spinner.class);
            int before = fx(seeds::getValue);
            robot.clickOn(seeds.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("three").type(KeyCode.ENTER);
            assertEquals(before, fx(seeds::getValue));
            assertEquals(Integer.toString(before), fx(() -> seeds.getEditor().getText()), "the value is shown again");
            assertEquals(before, fx(() -> view.experiments().seedsProperty().get()));
            spin(robot, "experiment-seeds", 4);
            assertEquals(List.of(), uncaught);
        } finally {
            robot.interact(() -> Thread.currentThread().setUncaughtExceptionHandler(null));
        }
    }

    @Test
    void aStackShowsAccuracyOrLossCurvesAndALongExperimentStopsFromTheWindow(FxRobot robot) throws Exception {
        runFromTheForm(robot, ExperimentPlan.Kind.STACK, "0.1", "1", 1, 3);
        waitUntil("the stack ends", 120, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Done"), message(robot));
        assertEquals(2, fx(() -> chart().getData().size()), "heights 0 and 1");
        assertEquals("test accuracy", fx(() -> chart().getYAxis().getLabel()));
        assertEquals(3, fx(() -> chart().getData().get(0).getData().size()), "one point per epoch");
        @SuppressWarnings("unchecked")
        ComboBox<Object> curve = robot.lookup("#experiment-curve").queryAs(ComboBox.class);
        robot.interact(() -> curve.getSelectionModel().select(1));
        assertEquals("training loss", fx(() -> chart().getYAxis().getLabel()));
        assertEquals(2, fx(() -> chart().getData().size()));

        // a long one, stopped while its workers train
        spin(robot, "experiment-epochs", 100_000);
        robot.clickOn("#experiment-start");
        waitUntil("it runs", 10, () -> view.experiments().runningProperty().get());
        Thread.sleep(3_000);
        assertTrue(fx(() -> view.experiments().runningProperty().get()), "still training");
        robot.clickOn("#experiment-stop");
        waitUntil("it stops", 20, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Stopped."), message(robot));
        waitUntil("its worker processes are gone", 10,
                () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        assertEquals(2, fx(() -> chart().getData().size()), "the last result stays on screen");
        assertFalse(robot.lookup("#experiment-start").queryButton().isDisabled(), "a new experiment can start");
    }

    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
