package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.ui.playground.PlaygroundView;
import org.hypertower.ui.playground.PlaygroundViewModel;
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
 * The Playground tab in the real window, headless on Monocle: two towers drawn as paths, a slider
 * that re-runs and redraws them, and the scrubber's dot product against a hand computation.
 */
@ExtendWith(ApplicationExtension.class)
class PlaygroundTabTest {

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
    void close() {
        if (view != null) {
            FxTesting.dispose(runs, view);
        }
    }

    private PlaygroundView open(FxRobot robot) throws Exception {
        robot.clickOn("Playground");
        waitUntil("the playground is shown", 10, () -> robot.lookup("#playground-figure").tryQuery().isPresent());
        PlaygroundView playground = fx(view::playgroundView);
        // two towers: the third field emptied as a user would
        robot.clickOn("#playground-tower-3").push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE)
                .type(KeyCode.ENTER);
        waitUntil("two paths are drawn", 10, () -> playground.drawnPathLengths().length == 2);
        return playground;
    }

    @Test
    void drawsTwoTowersAndRedrawsWhenASliderMoves(FxRobot robot) throws Exception {
        PlaygroundView playground = open(robot);
        assertArrayEquals(new int[] {200, 200}, fx(playground::drawnPathLengths));
        PlaygroundViewModel model = playground.model();
        double[] endBefore = fx(() -> model.resultProperty().get().paths().get(0).end());
        int drawsBefore = fx(playground::plotDraws);
        // on the thumb, which a click does not move, then one key step of a quarter decade
        robot.clickOn(robot.lookup("#playground-alpha0 .thumb").<javafx.scene.Node>query()).type(KeyCode.RIGHT);
        waitUntil("the slider re-ran the towers", 5, () -> model.alpha0() > 0.0101);
        assertEquals(Math.pow(10, -1.75), fx(model::alpha0), 1e-12);
        double[] endAfter = fx(() -> model.resultProperty().get().paths().get(0).end());
        assertNotEquals(endBefore[0], endAfter[0]);
        assertTrue(fx(playground::plotDraws) > drawsBefore);
        assertArrayEquals(new int[] {200, 200}, fx(playground::drawnPathLengths));
        assertEquals("0.0178", fx(() -> ((Label) robot.lookup("#playground-alpha0-value").query()).getText()));
    }

    @Test
    void theScrubberShowsTheDotProductOfTheTwoGradients(FxRobot robot) throws Exception {
        PlaygroundView playground = open(robot);
        @SuppressWarnings("unchecked")
        ComboBox<String> which = robot.lookup("#playground-scrub-tower").queryAs(ComboBox.class);
        robot.interact(() -> which.getSelectionModel().select(0));
        Slider scrubber = robot.lookup("#playground-scrubber").queryAs(Slider.class);
        robot.clickOn(scrubber).type(KeyCode.HOME);
        int t = 7;
        for (int i = 0; i < t; i++) {
            robot.type(KeyCode.RIGHT);
        }
        waitUntil("the scrubber is at step " + t, 5, () -> playground.model().scrubStepProperty().get() == t);
        // SGD, alpha = 0.01, on (x^2 + 10 y^2)/2 from (-1.5, 0.5), by hand
        double x = -1.5;
        double y = 0.5;
        double[] previous = null;
        double[] now = null;
        for (int s = 0; s <= t; s++) {
            previous = now;
            now = new double[] {x, 10 * y};
            x -= 0.01 * now[0];
            y -= 0.01 * now[1];
        }
        double dot = now[0] * previous[0] + now[1] * previous[1];
        String text = fx(playground::insightText);
        assertTrue(text.contains("<g_t, g_{t-1}> = " + PlaygroundViewModel.dot(dot)), text);
        assertTrue(text.startsWith("step " + t), text);
    }

    @Test
    void writesThePathsAsCsv(FxRobot robot) throws Exception {
        PlaygroundView playground = open(robot);
        Path csv = tmp.resolve("paths.csv");
        WaitForAsyncUtils.asyncFx(() -> playground.writeCsv(csv)).get(5, TimeUnit.SECONDS);
        assertEquals(1 + 2 * 200, Files.readAllLines(csv).size());
    }
}
