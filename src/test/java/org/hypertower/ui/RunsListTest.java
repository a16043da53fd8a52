package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;
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
 * The runs on the real window, headless on Monocle: closing the window during a run.
 */
@ExtendWith(ApplicationExtension.class)
class RunsListTest {

    static {
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "1600x1200-32");
        }
    }

    private static final String ADAM_SGD = "adam(alpha=0.001) / sgd(alpha=1e-05)";

    @TempDir
    Path tmp;

    private TowerBuilderViewModel tower;
    private RunViewModel runs;
    private WorkbenchView view;

    @Start
    void start(Stage stage) {
        tower = new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec());
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = new WorkbenchView(tower, runs);
        FxTesting.show(stage, view);
    }

    @AfterEach
    void stopTraining() throws TimeoutException {
        WaitForAsyncUtils.asyncFx(runs::stop);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> runs.stateProperty().get() == RunViewModel.State.IDLE));
        WaitForAsyncUtils.waitForAsyncFx(30_000, () -> {
            view.dispose();
            runs.shutdown();
        });
    }

    // ---------------------------------------------------------------- closing

    @Test
    @Timeout(120)
    void closingTheWindowDuringARunStopsItAndKeepsItsFilesAsStopped(FxRobot robot) throws Exception {
        Path store = tmp.resolve("closing");
        RunViewModel closing = RunViewModel.withBackgroundThread(new RunStore(store));
        Stage window = fx(() -> {
            Stage s = new Stage();
            TowerBuilderViewModel builder = new TowerBuilderViewModel(TowerSpec.parse(ADAM_SGD));
            WorkbenchView workbench = new WorkbenchView(builder, closing, tmp.resolve("closing-experiments"));
            WorkbenchApp.stopRunsOnClose(s, workbench, closing);
            FxTesting.show(s, workbench);
            closing.epochsProperty().set(100_000);
            closing.start(builder.specProperty().get());
            return s;
        });
        RunData run = fx(() -> closing.runs().get(0));
        waitUntil("the run has taken a few steps", 30, () -> run.steps() >= 10);

        // as the window manager's close button does
        robot.interact(() -> window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST)));
        assertFalse(fx(window::isShowing));

        JsonNode manifest = new ObjectMapper().readTree(run.folder().resolve("run.json").toFile());
        assertEquals("stopped", manifest.get("status").asText(), manifest.toString());
        assertTrue(manifest.get("message").asText().startsWith("Stopped when the workbench closed after "), manifest.toString());
        long rows = Files.readAllLines(run.folder().resolve("steps.csv")).size() - 1;
        assertEquals(rows, manifest.get("steps").asLong(), "run.json counts the rows steps.csv keeps");
        assertTrue(rows >= 10, "the steps before the close are kept");
        assertTrue(Files.exists(run.folder().resolve("epochs.csv")));
    }
}
