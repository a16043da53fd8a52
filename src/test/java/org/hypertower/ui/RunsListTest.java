package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.charts.TraceChart;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunKind;
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
 * The runs list and the Compare menu on the real window, headless on Monocle: what each row says,
 * ticks that show and hide runs, removing runs without touching their files, Compare acting on the
 * selected run, notifications while the user looks elsewhere, and closing the window during a run.
 */
@ExtendWith(ApplicationExtension.class)
class RunsListTest {

    private static final String ADAM_SGD = "adam(alpha=0.001) / sgd(alpha=1e-05)";
    private static final String ADAM_SGD_NAME = "adam(0.001) / sgd(1e-5) · Iris";

    @TempDir
    Path tmp;

    private TowerBuilderViewModel tower;
    private RunViewModel runs;
    private WorkbenchView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
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

    // ---------------------------------------------------------------- helpers

    private static void setEpochs(FxRobot robot, int epochs) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> spinner = robot.lookup("#epochs").queryAs(Spinner.class);
        robot.clickOn(spinner.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write(Integer.toString(epochs))
                .type(KeyCode.ENTER);
        assertEquals(epochs, fx(() -> spinner.getValue()));
    }

    private RunData run(int index) throws Exception {
        waitUntil("run " + index + " is listed", 10, () -> runs.runs().size() > index);
        return fx(() -> runs.runs().get(index));
    }

    private static RunEnded awaitEnd(RunData run, int seconds) throws Exception {
        waitUntil(run.name() + " ends", seconds, () -> run.endedProperty().get() != null);
        return fx(() -> run.endedProperty().get());
    }

    /** The row of a run in the runs list, found by the name it shows. */
    private static ListCell<?> row(FxRobot robot, String name) throws Exception {
        return fx(() -> {
            for (Node node : robot.lookup(".run-name").queryAll()) {
                if (node instanceof Label label && name.equals(label.getText()) && label.isVisible()) {
                    Node n = label;
                    while (!(n instanceof ListCell)) {
                        n = n.getParent();
                    }
                    return (ListCell<?>) n;
                }
            }
            throw new AssertionError("no row named " + name);
        });
    }

    private static String text(ListCell<?> row, String styleClass) throws Exception {
        return fx(() -> ((Label) row.lookup("." + styleClass)).getText());
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#message").queryLabeled().getText();
    }

    private static javafx.scene.control.MenuItem menuItem(FxRobot robot, String id) {
        return robot.lookup("#compare").queryAs(javafx.scene.control.MenuButton.class).getItems().stream()
                .filter(item -> id.equals(item.getId())).findFirst().orElseThrow();
    }

    private static String menuText(FxRobot robot, String id) throws Exception {
        return fx(() -> menuItem(robot, id).getText());
    }

    /** Clicks a Compare item in the open menu (the menu's nodes do not carry the items' ids). */
    private static void clickMenuItem(FxRobot robot, String id) throws Exception {
        String text = menuText(robot, id);
        Node node = fx(() -> robot.lookup(".menu-item").queryAll().stream()
                .filter(n -> n.lookup(".label") instanceof Label l && text.equals(l.getText())).findFirst().orElseThrow());
        robot.clickOn(node);
    }

    @SuppressWarnings("unchecked")
    private static TraceChart lossChart(FxRobot robot) {
        return robot.lookup("#loss-chart").queryAs(TraceChart.class);
    }

    /** The runs whose smoothed loss line is shown, by the line's name. */
    private static List<String> lossSeries(FxRobot robot) throws Exception {
        return fx(() -> lossChart(robot).traces().stream().filter(TraceChart.Trace::isVisible).map(TraceChart.Trace::name)
                .filter(n -> n.endsWith(" loss") && !n.endsWith(" raw loss") && !n.endsWith(" test loss")).toList());
    }

    // ---------------------------------------------------------------- Compare

    @Test
    void compareActsOnTheSelectedRunSoAReRunAfterABaselineStartsFromTheTowersLearnedValues(FxRobot robot) throws Exception {
        setEpochs(robot, 5);
        robot.clickOn("#start");
        RunData tower = run(0);
        assertEquals(RunStatus.COMPLETED, awaitEnd(tower, 30).status());

        robot.clickOn("#compare");
        assertEquals("With baseline of " + ADAM_SGD_NAME + " (bottom optimizer, frozen)", menuText(robot, "compare-baseline"));
        clickMenuItem(robot, "compare-baseline");
        RunData baseline = run(1);
        assertEquals("baseline adam(0.001) · Iris", baseline.name());
        awaitEnd(baseline, 30);

        // nothing selected: the actions act on the last tower run, not on the last run (the baseline)
        robot.clickOn("#compare");
        assertEquals("Re-run plain at learned values of " + ADAM_SGD_NAME, menuText(robot, "compare-learned"));
        clickMenuItem(robot, "compare-learned");
        RunData rerun = run(2);
        awaitEnd(rerun, 30);
        double learned = fx(() -> tower.learned().get("0.alpha"));
        assertNotEquals(0.001, learned, 1e-6);
        assertEquals(learned, rerun.config().tower().level(0).value("alpha"), 1e-15, "the tower's learned alpha");
        assertEquals(RunKind.LEARNED_RERUN, rerun.kind());

        // the baseline selected: the re-run says why not in one sentence and runs nothing
        robot.clickOn(row(robot, "baseline adam(0.001) · Iris"));
        robot.clickOn("#compare");
        assertEquals("Re-run plain at learned values of baseline adam(0.001) · Iris", menuText(robot, "compare-learned"));
        clickMenuItem(robot, "compare-learned");
        assertEquals("baseline adam(0.001) · Iris is a baseline with frozen values; select the tower run to re-run at "
                + "its learned values.", message(robot));
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        assertEquals(3, (int) fx(() -> runs.runs().size()));
    }

    // ---------------------------------------------------------------- the rows

    @Test
    void eachRowNamesItsRunAndShowsItsStatusTestAccuracyAndTrainLossWithTheRestInItsTooltip(FxRobot robot)
            throws Exception {
        setEpochs(robot, 3);
        robot.clickOn("#start");
        RunData run = run(0);
        awaitEnd(run, 30);
        waitUntil("the row shows the end", 5, () -> text(row(robot, ADAM_SGD_NAME), "run-status").startsWith("completed"));
        ListCell<?> row = row(robot, ADAM_SGD_NAME);
        String status = text(row, "run-status");
        assertTrue(status.matches("completed · test acc \\d+\\.\\d% · train loss [0-9.e-]+"), status);
        double accuracy = fx(() -> run.epochs().get(2).testAccuracy());
        assertTrue(status.contains(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * accuracy)), status);
        String tip = fx(() -> row.getTooltip().getText());
        assertTrue(tip.startsWith(ADAM_SGD + "\nTower run on Iris (20% labeled)\n"), tip);
        assertTrue(tip.contains("Completed 3 epochs") && tip.contains("Files: " + run.folder()), tip);
        robot.moveTo(row);
        waitUntil("the tooltip shows", 5, () -> row.getTooltip().isShowing());

        // a name longer than the list is cut in the middle, and the list does not scroll sideways
        String tall = "adam(alpha=0.001) / sgd(alpha=1e-05) / rmsprop(alpha=0.01) / adagrad(alpha=0.01) / sgd(alpha=1e-06)";
        robot.interact(() -> tower.load(TowerSpec.parse(tall)));
        robot.clickOn("#start");
        RunData second = run(1);
        awaitEnd(second, 60);
        ListCell<?> tallRow = row(robot, second.name());
        String shown = fx(() -> ((Text) tallRow.lookup(".run-name").lookup(".text")).getText());
        assertTrue(shown.contains("…") && !shown.equals(second.name()), shown);
        ListView<?> list = robot.lookup("#runs").queryListView();
        assertTrue(fx(() -> tallRow.getWidth() <= list.getWidth()), "the row fits the list");
    }

    @Test
    void untickingARunHidesItFromTheChartsAndTicksFollowTheirRunsWhenOneIsRemoved(FxRobot robot) throws Exception {
        setEpochs(robot, 3);
        for (String alpha : List.of("0.1", "0.2", "0.3")) {
            robot.interact(() -> tower.load(TowerSpec.parse("sgd(alpha=" + alpha + ") / sgd(alpha=0.01)")));
            robot.clickOn("#start");
        }
        awaitEnd(run(2), 60);
        waitUntil("three runs drawn", 5, () -> lossSeries(robot).size() == 3);

        CheckBox third = fx(() -> (CheckBox) row(robot, "sgd(0.3) / sgd(0.01) · Iris").lookup(".check-box"));
        robot.clickOn(third);
        assertFalse(third.isSelected());
        waitUntil("the third is hidden", 5, () -> lossSeries(robot).equals(List.of("sgd(0.1) / sgd(0.01) · Iris loss", "sgd(0.2) / sgd(0.01) · Iris loss")));

        javafx.scene.paint.Color secondColour = fx(() -> lossChart(robot).trace("sgd(0.2) / sgd(0.01) · Iris loss").color());
        robot.clickOn(row(robot, "sgd(0.1) / sgd(0.01) · Iris"));
        robot.clickOn("#remove-run");
        assertEquals(2, (int) fx(() -> runs.runs().size()));
        // the third, still unticked, stays hidden
        waitUntil("the hidden run stays hidden", 5, () -> lossSeries(robot).equals(List.of("sgd(0.2) / sgd(0.01) · Iris loss")));
        assertFalse(fx(() -> ((CheckBox) row(robot, "sgd(0.3) / sgd(0.01) · Iris").lookup(".check-box")).isSelected()));
        assertTrue(fx(() -> ((CheckBox) row(robot, "sgd(0.2) / sgd(0.01) · Iris").lookup(".check-box")).isSelected()));
        assertEquals(secondColour, fx(() -> lossChart(robot).trace("sgd(0.2) / sgd(0.01) · Iris loss").color()),
                "a run keeps its colour when another is removed");
    }

    // ---------------------------------------------------------------- remove and clear

    @Test
    @Timeout(120)
    void removingARunKeepsItsFilesAndARunningRunMustBeStoppedFirst(FxRobot robot) throws Exception {
        setEpochs(robot, 10_000);
        robot.clickOn("#start");
        RunData run = run(0);
        waitUntil("the run has taken a few steps", 20, () -> run.steps() >= 5);
        robot.clickOn(row(robot, ADAM_SGD_NAME));
        robot.clickOn("#remove-run");
        assertEquals(ADAM_SGD_NAME + " is still running and cannot be removed; stop it first, then remove it.",
                message(robot));
        assertEquals(1, (int) fx(() -> runs.runs().size()));

        robot.clickOn("#stop");
        RunEnded ended = awaitEnd(run, 20);
        robot.clickOn("#remove-run");
        assertEquals(0, (int) fx(() -> runs.runs().size()));
        assertTrue(message(robot).startsWith("Removed " + ADAM_SGD_NAME + " from the list; its files stay in"), message(robot));
        assertEquals(ended.steps() + 1, Files.readAllLines(run.folder().resolve("steps.csv")).size());
        assertTrue(Files.exists(run.folder().resolve("run.json")));
        waitUntil("the charts forget it", 5, () -> lossChart(robot).traces().isEmpty());

        setEpochs(robot, 2);
        robot.clickOn("#start").clickOn("#start");
        awaitEnd(run(1), 30);
        robot.clickOn("#clear-runs");
        assertEquals(0, (int) fx(() -> runs.runs().size()));
        assertTrue(message(robot).startsWith("Cleared 2 finished runs from the list; their files stay on disk"),
                message(robot));
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aRunEndingWhileTheExperimentsTabIsShownIsAnnouncedByANotification(FxRobot robot) throws Exception {
        assertTrue(fx(() -> stage.isFocused()), "the window has the focus");
        setEpochs(robot, 2);
        robot.clickOn("#start");
        awaitEnd(run(0), 30);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        assertTrue(robot.lookup(".notification-bar").tryQuery().isEmpty(), "the user watched it end");

        robot.clickOn("Experiments");
        robot.clickOn("#start");
        RunData run = run(1);
        awaitEnd(run, 30);
        waitUntil("a notification shows", 5, () -> robot.lookup(".notification-bar").tryQuery().isPresent());
        List<String> texts = fx(() -> robot.lookup(".notification-bar").lookup(".label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList());
        assertTrue(texts.contains("Run completed"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith(run.name() + "\nTest accuracy ")), texts.toString());
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
