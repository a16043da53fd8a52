package org.hypertower.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the window tests share: reading on the FX thread, waiting for a condition, typing into a field. */
final class FxTesting {

    private FxTesting() {}

    /** Shows a view in a 1440x900 window at the screen's corner, in the light theme with the workbench's stylesheet. */
    static void show(javafx.stage.Stage stage, javafx.scene.Parent view) {
        WorkbenchTheme.LIGHT.applyStylesheet();
        javafx.scene.Scene scene = new javafx.scene.Scene(view, 1440, 900);
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.toFront();
    }

    /** Returns a value read on the FX thread. */
    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /** Waits until a condition, checked on the FX thread, holds; fails naming it after the time. */
    static void waitUntil(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting until " + what, e);
        }
    }

    /** Replaces a text field's content by typing, as a user would. */
    static void type(FxRobot robot, String query, String text) {
        robot.clickOn(query).push(KeyCode.CONTROL, KeyCode.A).write(text);
    }
}
