package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.Stage;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.ui.charts.TraceChart;
import org.hypertower.ui.demo.DemoReadoutView;
import org.hypertower.ui.help.HelpContent;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunText;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Demo mode in the real window: F5 and the Help menu turn it on and off; it makes the type larger,
 * folds the tower builder away and shows the readout above the charts; the pace slows a run and full speed resumes it; the top
 * level's constant alpha chart is hidden while it is on. Waits are generous: the machine may be loaded.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class DemoModeTest {

    private static final String TOWER = "adam(alpha=0.001) / sgd(alpha=1e-05)";

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
    void close() throws TimeoutException {
        WaitForAsyncUtils.asyncFx(() -> runs.stop());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> runs.stateProperty().get() == RunViewModel.State.IDLE));
        WaitForAsyncUtils.waitForAsyncFx(30_000, () -> {
            view.dispose();
            runs.shutdown();
        });
    }

    private static void pressDemoKey(FxRobot robot) {
        robot.push((KeyCodeCombination) HelpContent.DEMO);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Node byId(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).query();
    }

    /** Whether a node of that id is in the window and shown. */
    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).tryQuery().map(DemoModeTest::shown).orElse(false);
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<Double> pace(FxRobot robot) {
        return robot.lookup("#pace").queryAs(ComboBox.class);
    }

    private RunData open(FxRobot robot, Path folder) throws Exception {
        robot.interact(() -> runs.open(folder));
        waitUntil("the run is open", 20, () -> runs.runs().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> runs.runs().get(0));
    }

    @Test
    void theDemoKeyMakesTheTypeLargerAndShowsTheReadoutAndTheMenuTurnsItOff(FxRobot robot) throws Exception {
        Button start = robot.lookup("#start").queryButton();
        double usual = fx(() -> start.getFont().getSize());
        assertFalse(fx(() -> shown(byId(robot, "demo-readout"))));

        robot.clickOn("#tower-stack");
        pressDemoKey(robot);

        assertTrue(fx(() -> view.demo().demoModeProperty().get()));
        waitUntil("the type is larger", 5, () -> start.getFont().getSize() >= usual * 1.4);
        assertTrue(fx(() -> shown(byId(robot, "demo-readout"))));
        assertTrue(fx(() -> shown(pace(robot))), "the speed control is at hand");
        assertFalse(fx(() -> shown(robot, "tower-builder")), "the builder folds away: the charts get its room");
        assertEquals("No run yet: build a tower and press Start.",
                robot.lookup("#demo-readout-title").queryLabeled().getText());
        // the readout is a band above the charts, not over them
        Bounds readout = fx(() -> byId(robot, "demo-readout").localToScene(byId(robot, "demo-readout").getLayoutBounds()));
        Bounds loss = fx(() -> byId(robot, "loss-chart").localToScene(byId(robot, "loss-chart").getLayoutBounds()));
        assertTrue(readout.getMaxY() <= loss.getMinY(), readout + " above " + loss);

        robot.clickOn("#help").clickOn("#demo-mode");
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(fx(() -> view.demo().demoModeProperty().get()));
        waitUntil("the type is as usual", 5, () -> start.getFont().getSize() == usual);
        assertFalse(fx(() -> shown(byId(robot, "demo-readout"))));
        assertTrue(fx(() -> shown(robot, "tower-builder")));
    }

    @Test
    void aPaceOfFiveStepsASecondSlowsTheRunFullSpeedResumesItAndStopStillEndsIt(FxRobot robot) throws Exception {
        robot.interact(() -> {
            runs.epochsProperty().set(100_000);
            view.demo().demoModeProperty().set(true);
        });
        robot.clickOn("#pace").clickOn("5 steps/s");
        assertEquals(5, fx(() -> runs.paceProperty().get()));
        robot.clickOn("#start");
        waitUntil("a run is listed", 10, () -> runs.runs().size() == 1);
        RunData run = fx(() -> runs.runs().get(0));
        waitUntil("the run steps", 60, () -> run.steps() > 0);

        int before = fx(run::steps);
        Thread.sleep(2000);
        int paced = fx(run::steps) - before;
        assertTrue(paced < 30, "5 steps/s for 2 s took " + paced + " steps");
        waitUntil("the readout follows the running run", 5,
                () -> robot.lookup("#demo-readout-title").queryLabeled().getText().startsWith(run.name()));

        robot.clickOn("#pace").clickOn("full speed");
        int from = fx(run::steps);
        waitUntil("full speed takes hundreds of steps", 30, () -> run.steps() >= from + 300);

        robot.clickOn("#pace").clickOn("1 step/s");
        Thread.sleep(1500); // a step under way ends, then the run waits a second between steps
        robot.clickOn("#stop");
        waitUntil("Stop ends the paced run", 5, run::hasEnded);
        assertEquals(RunStatus.STOPPED, fx(() -> run.endedProperty().get().status()));
    }

    @Test
    void theTopLevelsConstantAlphaChartIsHiddenInDemoModeAndBackAfter(FxRobot robot) throws Exception {
        open(robot, RecordedRuns.train(tmp.resolve("tower"), TOWER, 10));
        assertTrue(fx(() -> shown(robot, "hyper-chart-1.alpha")));

        robot.interact(() -> view.demo().toggle());
        waitUntil("the constant chart is hidden", 5, () -> !shown(robot, "hyper-chart-1.alpha"));
        assertTrue(fx(() -> shown(robot, "hyper-chart-0.alpha")), "the learned alpha stays");
        assertTrue(fx(() -> view.charts().charts().stream().map(TraceChart::getId).noneMatch("hyper-chart-1.alpha"::equals)));

        robot.interact(() -> view.demo().toggle());
        waitUntil("the constant chart is back", 5, () -> shown(robot, "hyper-chart-1.alpha"));
    }

    @Test
    void theReadoutShowsTheLearnedAlphaOfTheRun(FxRobot robot) throws Exception {
        RunData run = open(robot, RecordedRuns.train(tmp.resolve("tower"), TOWER, 10));

        robot.interact(() -> view.demo().toggle());

        DemoReadoutView readout = robot.lookup("#demo-readout").queryAs(DemoReadoutView.class);
        int last = fx(run::steps) - 1;
        double alpha = fx(() -> run.hyperparameter(0).get(last));
        String shown = fx(() -> readout.valueOf("0.alpha"));
        assertTrue(shown.startsWith(RunText.shortNumber(alpha, 3)), shown + " for alpha " + alpha);
        assertEquals(alpha, Double.parseDouble(shown.split(" ")[0]), Math.abs(alpha) * 0.05);
        assertEquals(Integer.toString(last + 1), fx(() -> readout.valueOf("step")));
        assertEquals(null, fx(() -> readout.valueOf("1.alpha")), "the top level's alpha is not learned");
        assertTrue(shown(robot, "demo-reading-0.alpha"), "and shown in the window");
    }
}
