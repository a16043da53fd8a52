package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.ui.demo.GuidedDemo;
import org.hypertower.ui.playground.PlaygroundView;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Demos menu in the real window, headless on Monocle: each demo chosen from the menu shows the
 * Playground with its towers drawn and its explanation beside it; × closes the explanation.
 */
@ExtendWith(ApplicationExtension.class)
class GuidedDemosWindowTest {

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

    private void choose(FxRobot robot, String id) throws Exception {
        robot.clickOn("#demos");
        robot.clickOn("#guided-" + id);
        waitUntil("the demo's explanation is shown", 10, () -> robot.lookup("#guided-demo").query().isVisible());
    }

    private String selectedTab(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        return fx(() -> tabs.getSelectionModel().getSelectedItem().getText());
    }

    private static String text(FxRobot robot, String id) throws Exception {
        Node node = robot.lookup(id).query();
        return fx(() -> node instanceof TextField f ? f.getText() : ((Label) node).getText());
    }

    @Test
    void everyDemoFromTheMenuShowsThePlaygroundItsPathsAndItsExplanation(FxRobot robot) throws Exception {
        int[][] lengths = {{200, 200}, {200, 200}, {400, 400, 400}};
        int i = 0;
        for (GuidedDemo demo : view.guidedDemos().demos()) {
            choose(robot, demo.id());
            assertEquals("Playground", selectedTab(robot), demo.id());
            assertEquals(demo.title(), text(robot, "#guided-demo-title"));
            assertEquals(demo.explanation(), text(robot, "#guided-demo-text"));
            PlaygroundView playground = fx(view::playgroundView);
            int[] expected = lengths[i++];
            waitUntil(demo.id() + "'s paths are drawn", 10,
                    () -> java.util.Arrays.equals(expected, playground.drawnPathLengths()));
            assertEquals(fx(() -> playground.model().towerProperty(1).get()), text(robot, "#playground-tower-2"));
            ComboBox<?> objective = robot.lookup("#playground-objective").queryAs(ComboBox.class);
            assertEquals(fx(() -> playground.model().objectiveProperty().get()), fx(objective::getValue));
            boolean kicked = demo.id().equals("kick");
            assertEquals(kicked, fx(() -> robot.lookup("#playground-kick-row").query().isVisible()), demo.id());
        }
        assertEquals("Kick: alpha ×10 at step 20, in every tower", fx(() -> {
            view.guidedDemos().choose(view.guidedDemos().demo("kick"));
            return ((Label) robot.lookup("#playground-kick").query()).getText();
        }));
    }

    @Test
    void closingTheExplanationKeepsTheDemosSettings(FxRobot robot) throws Exception {
        choose(robot, "too-small");
        robot.clickOn("#guided-demo-close");
        waitUntil("the explanation is closed", 5, () -> !robot.lookup("#guided-demo").query().isVisible());
        PlaygroundView playground = fx(view::playgroundView);
        assertArrayEquals(new int[] {200, 200}, fx(playground::drawnPathLengths));
        assertEquals("sgd(alpha=1e-4)", text(robot, "#playground-tower-1"));
    }

    @Test
    void explanationStaysBesideThePlaygroundInDemoMode(FxRobot robot) throws Exception {
        robot.type(javafx.scene.input.KeyCode.F5);
        waitUntil("demo mode is on", 5, () -> view.getStyleClass().contains("demo"));
        choose(robot, "noisy");
        Node panel = robot.lookup("#guided-demo").query();
        Node figure = robot.lookup("#playground-figure").query();
        assertTrue(fx(() -> panel.localToScene(panel.getBoundsInLocal()).getMinX()
                >= figure.localToScene(figure.getBoundsInLocal()).getMaxX()), "the panel is right of the figure");
    }
}
