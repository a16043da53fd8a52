package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.ui.demo.GuidedDemo;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window opens with only what it shows (a quicker start): the other tabs' content, the band
 * that sets a hyperparameter during a run and a demo's explanation are built when first wanted, and
 * then carry the state that was set before they existed.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchLazinessTest {

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
        if (runs != null) {
            FxTesting.stopAndDispose(runs, view);
        }
    }

    private static Tab tab(FxRobot robot, String id) {
        return robot.lookup(".tab-pane").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }

    private static boolean absent(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().isEmpty();
    }

    @Test
    void opensWithoutWhatItDoesNotShow(FxRobot robot) throws Exception {
        assertNull(fx(() -> tab(robot, "experiments-tab").getContent()), "the Experiments tab's content");
        assertNull(fx(() -> tab(robot, "playground-tab").getContent()), "the Playground tab's content");
        assertTrue(absent(robot, "#intervention-bar"), "the band that sets a hyperparameter during a run");
        assertTrue(absent(robot, "#guided-demo"), "a demo's explanation");
        // what the Training tab shows is there and answers
        assertTrue(robot.lookup("#loss-chart").query().isVisible());
        assertTrue(robot.lookup("#palette-adam").query().isVisible());
        assertTrue(!robot.lookup("#start").query().isDisabled(), "Start is ready");
    }

    @Test
    void aTabIsBuiltWhenItIsFirstSelected(FxRobot robot) throws Exception {
        robot.clickOn("Experiments");
        waitUntil("the Experiments tab has its content", 5, () -> tab(robot, "experiments-tab").getContent() != null);
        assertTrue(robot.lookup("#experiment-kind").query().isVisible());
        assertNull(fx(() -> tab(robot, "playground-tab").getContent()), "the Playground waits for its own selection");
        robot.clickOn("Playground");
        waitUntil("the Playground tab has its content", 5, () -> tab(robot, "playground-tab").getContent() != null);
        assertTrue(robot.lookup("#playground-objective").query().isVisible());
        robot.clickOn("Training");
        assertTrue(robot.lookup("#loss-chart").query().isVisible(), "back on Training, its charts are as they were");
    }

    @Test
    @Timeout(120)
    void theTrainingTabRunsBeforeTheOtherTabsAreBuiltAndTheBandBuiltThenShowsTheRun(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> epochs = robot.lookup("#epochs").queryAs(Spinner.class);
        robot.clickOn(epochs.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("10000").type(KeyCode.ENTER);
        robot.clickOn("#start");
        RunData run = fx(() -> runs.runs().get(0));
        waitUntil("the run has taken a few steps", 30, () -> run.steps() >= 5);
        waitUntil("the band is built and shown", 5, () -> robot.lookup("#intervention-bar").tryQuery()
                .map(Node::isVisible).orElse(false));
        // built during the run, the band lists that run's learned hyperparameters, one per level
        ComboBox<?> key = robot.lookup("#intervene-key").queryAs(ComboBox.class);
        assertTrue(fx(() -> key.getItems().contains("0.alpha") && key.getItems().contains("1.alpha")),
                "the band's keys: " + fx(() -> key.getItems()));
        assertNull(fx(() -> tab(robot, "experiments-tab").getContent()), "the Experiments tab is still not built");
        assertNull(fx(() -> tab(robot, "playground-tab").getContent()), "the Playground tab is still not built");
        robot.clickOn("#stop");
        waitUntil("the run has stopped", 30, () -> runs.stateProperty().get() == RunViewModel.State.IDLE);
        waitUntil("the band is hidden again", 5, () -> !robot.lookup("#intervention-bar").query().isVisible());
    }

    @Test
    void aDemoChosenBeforeItsPanelExistsIsExplainedInIt(FxRobot robot) throws Exception {
        GuidedDemo demo = fx(() -> view.guidedDemos().demos().get(0));
        robot.clickOn("#demos");
        robot.clickOn("#guided-" + demo.id());
        waitUntil("the demo's explanation is shown", 10, () -> robot.lookup("#guided-demo").tryQuery()
                .map(Node::isVisible).orElse(false));
        assertEquals(demo.explanation(), robot.lookup("#guided-demo-text").queryLabeled().getText());
        assertNotNull(fx(() -> tab(robot, "playground-tab").getContent()), "the demo's tab was built to show it");
    }
}
