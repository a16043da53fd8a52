package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.type;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.ui.charts.TraceChart;
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
 * The classic demo on the real window, headless: an Iris run of adam / sgd, paused, its alpha
 * kicked ×10, resumed; the intervention lands in run.json and as a marker on every chart of the
 * run, also when the run is reopened from its folder.
 */
@ExtendWith(ApplicationExtension.class)
class InterventionWindowTest {

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
    void stopTraining() throws TimeoutException {
        if (runs != null) {
            FxTesting.stopAndDispose(runs, view);
        }
    }

    private static TraceChart chart(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).queryAs(TraceChart.class);
    }

    private static List<TraceChart.Marker> markers(TraceChart chart, RunData run) throws Exception {
        return fx(() -> chart.markers().stream().filter(m -> m.owner() == run).toList());
    }

    @Test
    @Timeout(120)
    void alphaKickedTenfoldWhilePausedLandsInRunJsonAndOnEveryChart(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> epochs = robot.lookup("#epochs").queryAs(Spinner.class);
        robot.clickOn(epochs.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("10000").type(KeyCode.ENTER);
        // the band is built when a run first needs it: before that it is not in the window at all
        assertTrue(robot.lookup("#intervention-bar").tryQuery().isEmpty(), "not built while no run has trained");
        robot.clickOn("#start");
        RunData run = fx(() -> runs.runs().get(0));
        waitUntil("the run has taken a few steps", 30, () -> run.steps() >= 10);
        robot.clickOn("#pause");
        waitUntil("paused", 5, () -> runs.stateProperty().get() == RunViewModel.State.PAUSED);
        assertTrue(robot.lookup("#intervention-bar").query().isVisible());

        // a refused value: one sentence, nothing changes
        type(robot, "#intervene-value", "-1");
        robot.clickOn("#intervene-set");
        assertEquals("0.alpha must be a finite number >= 0, not -1.0.", robot.lookup("#message").queryLabeled().getText());

        double before = fx(() -> run.currentValue("0.alpha"));
        robot.clickOn("#intervene-times10");
        waitUntil("the intervention is applied while paused", 10, () -> run.interventions().size() == 1);
        Intervention kick = fx(() -> run.interventions().get(0));
        assertEquals("0.alpha", kick.key());
        assertEquals(10 * before, kick.newValue(), 1e-15);
        waitUntil("the value shown is the new one", 5, () -> robot.lookup("#intervene-current").queryLabeled().getText()
                .equals("now " + org.hypertower.ui.run.RunText.shortNumber(10 * before, 4)));
        for (String id : List.of("loss-chart", "hyper-chart-0.alpha", "hyper-chart-0.beta1", "hyper-chart-1.alpha")) {
            List<TraceChart.Marker> marks = markers(chart(robot, id), run);
            assertEquals(1, marks.size(), id);
            assertEquals(kick.step(), marks.get(0).x(), 0, id);
            assertTrue(marks.get(0).label().startsWith("0.alpha "), marks.get(0).label());
        }
        assertEquals(kick.step() / (double) run.stepsPerEpoch(), markers(chart(robot, "accuracy-chart"), run).get(0).x(), 0);

        robot.clickOn("#pause");
        waitUntil("the run goes on", 20, () -> run.steps() > kick.step() + 10);
        robot.clickOn("#stop");
        waitUntil("the run ends", 20, run::hasEnded);
        assertEquals(RunStatus.STOPPED, fx(() -> run.endedProperty().get().status()));
        JsonNode listed = new ObjectMapper().readTree(run.folder().resolve("run.json").toFile()).get("interventions");
        assertEquals(1, listed.size());
        assertEquals(kick.step(), listed.get(0).get("step").asLong());
        assertEquals("0.alpha", listed.get(0).get("key").asText());
        assertEquals(kick.oldValue(), listed.get(0).get("old").asDouble(), 0);
        assertEquals(kick.newValue(), listed.get(0).get("new").asDouble(), 0);

        // reopened from its folder, the run shows its marker again
        RunData reopened = fx(() -> runs.open(run.folder()));
        waitUntil("the reopened run is drawn", 10, () -> !chart(robot, "loss-chart").markers().stream()
                .filter(m -> m.owner() == reopened).toList().isEmpty());
        assertEquals(kick.step(), markers(chart(robot, "hyper-chart-0.alpha"), reopened).get(0).x(), 0);
    }
}
