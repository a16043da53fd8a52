package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes the README's demo-mode screenshot (1600x1000): Adam / SGD on Iris at 20 steps/s in demo
 * mode. Not a test; runs only when asked:
 * {@code mvn -o test -Dtest=DemoScreenshot -Dhypertower.demoScreenshot=assets/workbench-demo.png}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "hypertower.demoScreenshot", matches = ".+")
class DemoScreenshot {

    @TempDir
    Path tmp;

    private RunViewModel runs;
    private WorkbenchView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TowerBuilderViewModel tower = new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec());
        tower.selectedProperty().set(0);
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = new WorkbenchView(tower, runs, tmp.resolve("experiments"));
        Scene scene = new Scene(view, 1600, 1000);
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @Test
    void writeTheDemoScreenshot(FxRobot robot) throws Exception {
        robot.interact(() -> {
            runs.epochsProperty().set(200);
            runs.paceProperty().set(20);
            view.demo().demoModeProperty().set(true);
        });
        robot.clickOn("#start");
        waitUntil("a run is listed", 10, () -> runs.runs().size() == 1);
        RunData run = fx(() -> runs.runs().get(0));
        waitUntil("the run has come some way", 120, () -> run.steps() >= 240);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        Path out = Path.of(System.getProperty("hypertower.demoScreenshot"));
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", out.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        robot.interact(() -> {
            view.dispose();
            runs.shutdown();
        });
    }
}
