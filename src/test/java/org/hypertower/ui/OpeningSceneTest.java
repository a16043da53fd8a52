package org.hypertower.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window opens on its opening frame, where and as the workbench will be, and the workbench
 * then takes its place in the same window; turned off, the workbench is the first thing shown.
 */
@ExtendWith(ApplicationExtension.class)
class OpeningSceneTest {

    @TempDir
    Path tmp;

    private WorkbenchApp app;
    private Stage stage;

    @AfterEach
    void close() {
        System.clearProperty("hypertower.window.opening");
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            if (app != null) {
                app.stop();
            }
            if (stage != null) {
                stage.hide();
            }
        });
    }

    @Test
    void theOpeningFrameIsShownFirstThenTheWorkbenchTakesItsPlaceInTheSameWindow() throws Exception {
        Path preferences = tmp.resolve("workbench.json");
        WorkbenchPreferences.defaults().withWindow(40, 30, 1100, 700, false).save(preferences);
        double[] opening = new double[4];
        WaitForAsyncUtils.asyncFx(() -> {
            app = new WorkbenchApp();
            stage = new Stage();
            app.open(stage, preferences, new RunStore(tmp.resolve("runs")), tmp.resolve("experiments"));
            Parent root = stage.getScene().getRoot();
            assertTrue(stage.isShowing());
            assertTrue(root.getStyleClass().contains(OpeningScene.STYLE_CLASS), root.getStyleClass().toString());
            assertEquals(List.of("Hypertower", "Opening the workbench…"), root.lookupAll(".label").stream()
                    .map(n -> ((Label) n).getText()).toList());
            assertEquals(WorkbenchWindow.TITLE, stage.getTitle());
            opening[0] = stage.getX();
            opening[1] = stage.getY();
            opening[2] = stage.getWidth();
            opening[3] = stage.getHeight();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(1100, opening[2], 1, "the size the workbench was left at");
        assertEquals(700, opening[3], 1);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> FxTesting.fx(() -> stage.getScene().getRoot() instanceof WorkbenchView));
        double[] after = FxTesting.fx(() -> new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()});
        for (int i = 0; i < 4; i++) {
            assertEquals(opening[i], after[i], 1, "the window does not move or resize when the workbench comes in");
        }
        assertEquals(WorkbenchWindow.TITLE, FxTesting.fx(stage::getTitle));
    }

    @Test
    void aWindowClosedWhileOpeningIsNotBuiltOrShownAgain() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            app = new WorkbenchApp();
            stage = new Stage();
            app.open(stage, tmp.resolve("workbench.json"), new RunStore(tmp.resolve("runs")), tmp.resolve("experiments"));
            // closed once the opening frame is laid out, while the workbench waits its pulses
            WorkbenchApp.afterFirstFrame(stage.getScene(), stage::hide);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxTesting.fx(() -> !stage.isShowing()));
        // well past the pulses after which the workbench would have been built
        Thread.sleep(1_000);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(FxTesting.fx(() -> !stage.isShowing()), "not shown again");
        assertTrue(FxTesting.fx(() -> stage.getScene().getRoot().getStyleClass().contains(OpeningScene.STYLE_CLASS)),
                "no workbench built behind a closed window");
    }

    @Test
    void aWorkbenchThatFailsToBuildSaysWhyInTheOpeningFrame() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            app = new WorkbenchApp();
            stage = new Stage();
            app.open(stage, new WorkbenchPreferences.Loaded(WorkbenchPreferences.defaults(), null), () -> {
                throw new IllegalStateException("the experiments folder is a file");
            });
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> FxTesting.fx(() -> stage.getScene().getRoot()
                .lookupAll(".label").stream().anyMatch(n -> ((Label) n).getText().startsWith("The workbench could not open"))));
        String said = FxTesting.fx(() -> ((Label) stage.getScene().getRoot().lookup("#opening-note")).getText());
        assertTrue(said.contains("the experiments folder is a file") && said.endsWith("HYPERTOWER_DEBUG=1 to see where."),
                said);
        assertTrue(FxTesting.fx(stage::isShowing), "the window stays, saying why");
    }

    @Test
    void turnedOffTheWorkbenchIsTheFirstFrame() throws Exception {
        System.setProperty("hypertower.window.opening", "false");
        WaitForAsyncUtils.asyncFx(() -> {
            app = new WorkbenchApp();
            stage = new Stage();
            app.open(stage, tmp.resolve("workbench.json"), new RunStore(tmp.resolve("runs")), tmp.resolve("experiments"));
            assertTrue(stage.isShowing());
            assertInstanceOf(WorkbenchView.class, stage.getScene().getRoot());
        }).get(60, TimeUnit.SECONDS);
    }
}
