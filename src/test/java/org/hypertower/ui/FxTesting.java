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

    /**
     * Shows the workbench for the Adam/SGD preset in a test's stage, as {@link #show} does.
     *
     * @param experiments the experiments' folder, or null for the view's default
     */
    static WorkbenchView showWorkbench(javafx.stage.Stage stage, org.hypertower.ui.run.RunViewModel runs,
            java.nio.file.Path experiments) {
        org.hypertower.ui.tower.TowerBuilderViewModel tower = new org.hypertower.ui.tower.TowerBuilderViewModel(
                org.hypertower.tower.TowerPreset.ADAM_SGD.spec());
        WorkbenchView view = experiments == null ? new WorkbenchView(tower, runs) : new WorkbenchView(tower, runs, experiments);
        show(stage, view);
        return view;
    }

    /**
     * Stops a test's run and waits until the run model is idle (one run at a time per process: the
     * next test's must not overlap it), then disposes the view and the run model on the FX thread.
     */
    static void stopAndDispose(org.hypertower.ui.run.RunViewModel runs, WorkbenchView view) throws TimeoutException {
        WaitForAsyncUtils.asyncFx(runs::stop);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> fx(() -> runs.stateProperty().get() == org.hypertower.ui.run.RunViewModel.State.IDLE));
        dispose(runs, view);
    }

    /** Disposes a test's view and its run model on the FX thread. */
    static void dispose(org.hypertower.ui.run.RunViewModel runs, WorkbenchView view) {
        WaitForAsyncUtils.waitForAsyncFx(5_000, () -> {
            view.dispose();
            runs.shutdown();
        });
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
