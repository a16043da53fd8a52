package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.controlsfx.control.SegmentedButton;
import org.hypertower.export.RunStore;
import org.hypertower.ui.charts.AxisScale;
import org.hypertower.ui.charts.ChartExport;
import org.hypertower.ui.charts.RunColors;
import org.hypertower.ui.charts.TraceChart;
import org.hypertower.ui.run.RunData;
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
 * The live charts in the real window, with finished runs opened from their folders: overlays of
 * every run, colours and legends, log and symlog axes, the empty state, the mode buttons.
 */
@ExtendWith(ApplicationExtension.class)
class ChartsTest {

    private static final String TOWER = "adam(alpha=0.001) / sgd(alpha=1e-05)";
    private static final String BASELINE = "adam(alpha=0.001)";

    @TempDir
    Path tmp;

    private RunViewModel runs;
    private WorkbenchView view;

    @Start
    void start(Stage stage) {
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = FxTesting.showWorkbench(stage, runs, null);
    }

    @AfterEach
    void close() throws TimeoutException {
        FxTesting.dispose(runs, view);
    }

    private static TraceChart chart(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).queryAs(TraceChart.class);
    }

    private List<RunData> open(FxRobot robot, List<Path> folders) throws Exception {
        int before = fx(() -> runs.runs().size());
        robot.interact(() -> folders.forEach(runs::open));
        waitUntil("the runs are open", 20, () -> runs.runs().size() == before + folders.size());
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> List.copyOf(runs.runs()));
    }

    private static List<TraceChart.Trace> shown(TraceChart chart) {
        return chart.traces().stream().filter(TraceChart.Trace::isVisible).toList();
    }

    @Test
    void aHyperparameterChartOverlaysEveryVisibleRunThatHasItInItsColour(FxRobot robot) throws Exception {
        Path tower = RecordedRuns.train(tmp.resolve("tower"), TOWER, 30);
        Path baseline = RecordedRuns.train(tmp.resolve("baseline"), BASELINE, 30);
        List<RunData> open = open(robot, List.of(tower, baseline));
        RunData towerRun = open.get(0);
        RunData baselineRun = open.get(1);

        TraceChart alpha = chart(robot, "hyper-chart-0.alpha");
        List<TraceChart.Trace> lines = fx(() -> shown(alpha));
        assertEquals(List.of(towerRun.name(), baselineRun.name()), lines.stream().map(TraceChart.Trace::name).toList(),
                "learned and frozen alpha on one chart, each named by its run");
        assertEquals(Color.web(RunColors.of(0)), lines.get(0).color());
        assertEquals(Color.web(RunColors.of(1)), lines.get(1).color());
        assertEquals(90, lines.get(0).pointCount());
        // the baseline's alpha is frozen, the tower's moves
        assertEquals(0.001, fx(() -> baselineRun.hyperparameter(0).get(89)), 0);
        assertTrue(fx(() -> towerRun.hyperparameter(0).get(89)) != 0.001);
        assertEquals("level 0: alpha (adam)", fx(alpha::getTitle));
        // level 1 exists only in the tower
        assertEquals(List.of(towerRun.name()), fx(() -> shown(chart(robot, "hyper-chart-1.alpha"))).stream()
                .map(TraceChart.Trace::name).toList());

        // hiding the tower leaves the baseline's line, and its level 1 charts go
        robot.interact(() -> view.charts().setVisible(towerRun, false));
        assertEquals(List.of(baselineRun.name()), fx(() -> shown(alpha)).stream().map(TraceChart.Trace::name).toList());
        assertFalse(fx(() -> view.charts().charts().stream().anyMatch(c -> "hyper-chart-1.alpha".equals(c.getId()))));
        robot.interact(() -> view.charts().setVisible(towerRun, true));
        assertEquals(2, fx(() -> shown(alpha)).size());
    }

    @Test
    void twelveRunsHaveTwelveColoursAndTheLegendNamesEachRunOnce(FxRobot robot) throws Exception {
        Path tower = RecordedRuns.train(tmp.resolve("tower"), TOWER, 20);
        Path baseline = RecordedRuns.train(tmp.resolve("baseline"), BASELINE, 20);
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            folders.add(RecordedRuns.copy(i % 2 == 0 ? tower : baseline, tmp.resolve(String.format("open/run-%02d", i + 1))));
        }
        List<RunData> open = open(robot, folders);

        TraceChart loss = chart(robot, "loss-chart");
        List<Label> entries = fx(loss::legendEntries);
        assertEquals(open.stream().map(RunData::name).toList(), entries.stream().map(Label::getText).toList(),
                "one entry per run, by its name");
        assertTrue(entries.stream().noneMatch(e -> e.getText().matches("(?i)run \\d+.*")), "no 'run N' names");
        Set<Color> colours = new HashSet<>();
        for (TraceChart.Trace t : fx(loss::traces)) {
            colours.add(t.color());
        }
        assertEquals(12, colours.size(), "twelve runs, twelve colours");
        // every entry is laid out inside the chart, with room to be read
        Bounds chartBounds = fx(() -> loss.localToScene(loss.getLayoutBounds()));
        for (Label e : entries) {
            Bounds b = fx(() -> e.localToScene(e.getLayoutBounds()));
            assertTrue(fx(e::isVisible) && fx(() -> loss.legend().isVisible()), e.getText() + " is hidden");
            assertTrue(b.getHeight() >= 10 && b.getWidth() >= 60, e.getText() + " is squeezed to " + b);
            assertTrue(chartBounds.contains(b.getMinX(), b.getMinY()) && chartBounds.contains(b.getMaxX(), b.getMaxY()),
                    e.getText() + " at " + b + " is outside the chart at " + chartBounds);
        }

        // an exported hyperparameter chart carries its legend: every run's colour is in the image's legend
        TraceChart alpha = chart(robot, "hyper-chart-0.alpha");
        Path png = tmp.resolve("alpha.png");
        robot.interact(() -> {
            try {
                ChartExport.png(alpha, png, 1600, 1000);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedImage image = ImageIO.read(png.toFile());
        for (int run : new int[] {0, 7, 11}) {
            int rgb = Integer.parseInt(RunColors.of(run).substring(1), 16);
            assertTrue(containsColour(image, rgb, (int) (image.getHeight() * 0.75)), "run " + run + "'s colour in the legend");
        }
        assertFalse(fx(() -> alpha.legend().isVisible()), "in the window the runs list is the legend of small charts");
    }

    private static boolean containsColour(BufferedImage image, int rgb, int fromY) {
        for (int y = fromY; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theLogScaleIsALogarithmicAxisAndAValueBelowZeroMakesItSymlog(FxRobot robot) throws Exception {
        Path tower = RecordedRuns.train(tmp.resolve("tower"), TOWER, 100);
        // the same run with level 1's alpha turned negative halfway, as a weight decay may
        Path negative = RecordedRuns.withColumn(tower, tmp.resolve("negative"), "1.alpha", (step, v) -> 1e-5 - step * 4e-8);
        open(robot, List.of(tower));
        TraceChart alpha = chart(robot, "hyper-chart-0.alpha");
        assertEquals(AxisScale.Kind.LINEAR, fx(alpha::yScale).kind());

        robot.clickOn("#hyper-scale-log");
        assertEquals(AxisScale.Kind.LOG, fx(alpha::yScale).kind());
        List<String> labels = fx(() -> alpha.yScale().ticks()).stream().map(AxisScale.Tick::label).toList();
        assertTrue(labels.contains("1e-3"), labels.toString());
        for (String label : labels) {
            assertTrue(label.matches("-?[0-9.]+(e-?[0-9]+)?"), label + " reads as a value");
            assertTrue(Double.parseDouble(label) > 0, label + ": a log axis holds positive values");
        }

        open(robot, List.of(negative));
        TraceChart level1 = chart(robot, "hyper-chart-1.alpha");
        waitUntil("level 1's chart turns symlog", 5, () -> level1.yScale().kind() == AxisScale.Kind.SYMLOG);
        List<String> signed = fx(() -> level1.yScale().ticks()).stream().map(AxisScale.Tick::label).toList();
        assertTrue(signed.contains("0") && signed.contains("-1e-5") && signed.contains("1e-5"), signed.toString());
        assertEquals(AxisScale.Kind.LOG, fx(alpha::yScale).kind(), "a chart of positive values stays log");

        robot.clickOn("#hyper-scale-linear");
        assertEquals(AxisScale.Kind.LINEAR, fx(level1::yScale).kind());
        robot.clickOn("#hyper-scale-symlog");
        assertEquals(AxisScale.Kind.SYMLOG, fx(alpha::yScale).kind());
    }

    @Test
    void anEmptyWindowSaysSoInsteadOfDrawingAxesAndAccuracyIsZeroToOne(FxRobot robot) throws Exception {
        TraceChart loss = chart(robot, "loss-chart");
        TraceChart accuracy = chart(robot, "accuracy-chart");
        assertNull(fx(loss::xScale), "no axes without data");
        assertTrue(fx(() -> loss.placeholder().isVisible()));
        assertTrue(fx(() -> loss.placeholder().getText()).startsWith("No run yet"));
        assertTrue(fx(() -> accuracy.placeholder().isVisible()));

        open(robot, List.of(RecordedRuns.train(tmp.resolve("tower"), TOWER, 20)));
        assertFalse(fx(() -> loss.placeholder().isVisible()));
        AxisScale y = fx(accuracy::yScale);
        assertEquals(0, y.lower());
        assertEquals(1, y.upper(), "accuracy never exceeds 1");
    }

    @Test
    void chartModesAreSegmentedButtonsAndOneModeIsAlwaysChosen(FxRobot robot) throws Exception {
        for (String id : List.of("loss-lines", "loss-scale", "hyper-scale")) {
            assertTrue(robot.lookup("#" + id).query() instanceof SegmentedButton, id);
        }
        RunData run = open(robot, List.of(RecordedRuns.train(tmp.resolve("tower"), TOWER, 20))).get(0);
        TraceChart loss = chart(robot, "loss-chart");

        robot.clickOn("#loss-lines-smoothed");
        assertEquals(List.of(run.name() + " loss", run.name() + " test loss"),
                fx(() -> shown(loss)).stream().map(TraceChart.Trace::name).toList());
        robot.clickOn("#loss-lines-raw");
        assertEquals(List.of(run.name() + " raw loss", run.name() + " test loss"),
                fx(() -> shown(loss)).stream().map(TraceChart.Trace::name).toList());
        robot.clickOn("#loss-lines-raw"); // a second click does not leave no mode chosen
        assertTrue(robot.lookup("#loss-lines-raw").queryAs(ToggleButton.class).isSelected());
        robot.clickOn("#loss-lines-both");
        assertEquals(3, fx(() -> shown(loss)).size());

        robot.clickOn("#loss-scale-log");
        assertEquals(AxisScale.Kind.LOG, fx(loss::yScale).kind());
    }

    @Test
    void aRunOfAHundredThousandStepsDrawsAFewThousandPointsAndItsNeighboursAreNotRedrawn(FxRobot robot) throws Exception {
        Path tower = RecordedRuns.train(tmp.resolve("tower"), TOWER, 20);
        Path longRun = RecordedRuns.longer(tower, tmp.resolve("long"), 100_000);
        long t0 = System.nanoTime();
        List<RunData> open = open(robot, List.of(longRun, tower));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(100_000, fx(() -> open.get(0).steps()));
        for (TraceChart chart : fx(() -> view.charts().charts())) {
            for (TraceChart.Trace t : fx(chart::traces)) {
                assertTrue(t.pointCount() <= 2 * 600 + 2, chart.getId() + " " + t.name() + ": " + t.pointCount());
            }
        }
        System.out.printf("ChartsTest: opened a 100,000-step run in %.2f s%n", seconds);

        // a pulse without new data draws nothing; a hidden run is drawn again once, not per pulse
        TraceChart loss = chart(robot, "loss-chart");
        int[] before = fx(loss::drawCounts);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        int[] after = fx(loss::drawCounts);
        assertEquals(before[0], after[0], "the layer of finished runs is not redrawn while nothing changes");
        assertEquals(before[1], after[1]);
    }
}
