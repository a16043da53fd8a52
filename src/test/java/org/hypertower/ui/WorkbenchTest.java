package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.type;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.hypertower.cli.Main;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunRecorder;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.charts.TraceChart;
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
import org.testfx.robot.Motion;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench window driven like a user would: real mouse gestures (press, drag, release) and
 * keystrokes through TestFX's glass robot, headless on Monocle, on the window the application
 * builds, with runs written to a temporary folder.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchTest {

    /** The style class ControlsFX's validation decoration gives a field whose value is refused. */
    private static final String INVALID = "invalid-value";
    private static final String ADAM_SGD = "adam(alpha=0.001) / sgd(alpha=1e-05)";

    @TempDir
    Path tmp;

    private TowerBuilderViewModel tower;
    private RunViewModel runs;
    private WorkbenchView view;

    @Start
    void start(Stage stage) {
        tower = new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec());
        tower.selectedProperty().set(0);
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = new WorkbenchView(tower, runs);
        FxTesting.show(stage, view);
    }

    @AfterEach
    void stopTraining() throws TimeoutException {
        // one run at a time per process: the next test's run must not overlap this one's
        if (runs != null) {
            FxTesting.stopAndDispose(runs, view);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String specText(FxRobot robot) {
        return robot.lookup("#spec").queryTextInputControl().getText();
    }

    private static Node block(FxRobot robot, int level) {
        return robot.lookup("#level-" + level).query();
    }

    private static List<String> blockTitles(FxRobot robot) {
        return robot.lookup(".block-title").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static int blockCount(FxRobot robot) {
        return robot.lookup(".tower-block").queryAll().size();
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryButton();
    }

    /** A chart by id; ids such as {@code hyper-chart-0.alpha} hold a dot, which a CSS {@code #id} selector reads as a class. */
    private static TraceChart chart(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).queryAs(TraceChart.class);
    }

    /** The points drawn of one line, by its name ({@code <run> raw loss}, {@code <run> test}, ...). */
    private static int points(TraceChart chart, String line) {
        return chart.traces().stream().filter(t -> line.equals(t.name())).mapToInt(TraceChart.Trace::pointCount).sum();
    }

    private static int points(TraceChart chart) {
        return chart.traces().stream().mapToInt(TraceChart.Trace::pointCount).sum();
    }

    /** Drags a node and releases it a few pixels inside the top or bottom edge of another. */
    private static void dragOnto(FxRobot robot, Node source, Node target, boolean upperHalf) {
        robot.drag(source, MouseButton.PRIMARY)
                .moveTo(target, upperHalf ? Pos.TOP_CENTER : Pos.BOTTOM_CENTER, new Point2D(0, upperHalf ? 4 : -4),
                        Motion.DIRECT)
                .release(MouseButton.PRIMARY);
    }

    private static void setEpochs(FxRobot robot, int epochs) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> spinner = robot.lookup("#epochs").queryAs(Spinner.class);
        robot.clickOn(spinner.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write(Integer.toString(epochs))
                .type(KeyCode.ENTER);
        assertEquals(epochs, fx(() -> spinner.getValue()));
    }

    private RunData onlyRun() throws Exception {
        List<RunData> all = fx(() -> List.copyOf(runs.runs()));
        assertEquals(1, all.size(), "runs");
        return all.get(0);
    }

    private static RunEnded awaitEnd(RunData run, int seconds) throws Exception {
        waitUntil(run.name() + " ends", seconds, () -> run.endedProperty().get() != null);
        return fx(() -> run.endedProperty().get());
    }

    // ---------------------------------------------------------------- the tower builder

    @Test
    void draggingLayersFromThePaletteInsertsThemWhereTheyAreDropped(FxRobot robot) {
        assertEquals(2, blockCount(robot));

        // above the top block (sgd, level 1): a new top level
        dragOnto(robot, robot.lookup("#palette-rmsprop").query(), block(robot, 1), true);
        assertEquals(3, blockCount(robot));
        assertEquals("adam(alpha=0.001) / sgd(alpha=1e-05) / rmsprop(alpha=0.01)", specText(robot));
        assertTrue(robot.lookup("#level-2").tryQuery().isPresent());

        // above the bottom block (adam, level 0): between adam and sgd
        dragOnto(robot, robot.lookup("#palette-adagrad").query(), block(robot, 0), true);
        assertEquals(4, blockCount(robot));
        assertEquals("adam(alpha=0.001) / adagrad(alpha=0.01) / sgd(alpha=1e-05) / rmsprop(alpha=0.01)",
                specText(robot));

        // below the bottom block: the new bottom level
        dragOnto(robot, robot.lookup("#palette-sgd_per_param").query(), block(robot, 0), false);
        assertEquals(5, blockCount(robot));
        assertEquals("sgd_per_param(alpha=0.01) / adam(alpha=0.001) / adagrad(alpha=0.01) / sgd(alpha=1e-05)"
                + " / rmsprop(alpha=0.01)", specText(robot));
        assertEquals(List.of("4  rmsprop   (optimizes level 3)", "3  sgd   (optimizes level 2)",
                "2  adagrad   (optimizes level 1)", "1  adam   (optimizes level 0)",
                "0  sgd_per_param   (optimizes the model)"), blockTitles(robot), "top level on top");
        assertEquals(0, tower.selectedProperty().get(), "the dropped level is selected");
        assertTrue(robot.lookup("#level-0").query().getPseudoClassStates()
                .contains(PseudoClass.getPseudoClass("selected")));
    }

    @Test
    void draggingABlockAboveAnotherReordersTheTower(FxRobot robot) {
        robot.interact(() -> tower.load(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05) / rmsprop(alpha=0.01)")));

        // adam (bottom) above rmsprop (top)
        dragOnto(robot, block(robot, 0), block(robot, 2), true);
        assertEquals("sgd(alpha=1e-05) / rmsprop(alpha=0.01) / adam(alpha=0.001)", specText(robot));
        assertEquals(2, tower.selectedProperty().get());

        // sgd (now bottom) above rmsprop (now level 1): between rmsprop and adam
        dragOnto(robot, block(robot, 0), block(robot, 1), true);
        assertEquals("rmsprop(alpha=0.01) / sgd(alpha=1e-05) / adam(alpha=0.001)", specText(robot));

        // adam (top) below rmsprop (bottom): the new bottom
        dragOnto(robot, block(robot, 2), block(robot, 0), false);
        assertEquals("adam(alpha=0.001) / rmsprop(alpha=0.01) / sgd(alpha=1e-05)", specText(robot));

        // a block dropped onto itself stays where it is
        dragOnto(robot, block(robot, 1), block(robot, 1), false);
        assertEquals("adam(alpha=0.001) / rmsprop(alpha=0.01) / sgd(alpha=1e-05)", specText(robot));
        assertEquals(3, blockCount(robot));
    }

    @Test
    void levelsAreRemovedByDraggingThemOutOrPressingDelete(FxRobot robot) {
        robot.interact(() -> tower.load(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05) / rmsprop(alpha=0.01)"
                + " / adagrad(alpha=0.01)")));

        // onto the palette
        dragOnto(robot, block(robot, 2), robot.lookup("#palette-adam").query(), true);
        assertEquals("adam(alpha=0.001) / sgd(alpha=1e-05) / adagrad(alpha=0.01)", specText(robot));
        assertEquals(3, blockCount(robot));

        // out of the tower elsewhere (onto the charts)
        dragOnto(robot, block(robot, 2), robot.lookup("#loss-chart").query(), true);
        assertEquals("adam(alpha=0.001) / sgd(alpha=1e-05)", specText(robot));

        // select, then Delete
        robot.clickOn(block(robot, 1));
        assertEquals(1, tower.selectedProperty().get());
        robot.type(KeyCode.DELETE);
        assertEquals("adam(alpha=0.001)", specText(robot));
        assertEquals(List.of("0  adam   (optimizes the model)"), blockTitles(robot));

        // the last one: an empty tower cannot start
        robot.clickOn(block(robot, 0)).type(KeyCode.DELETE);
        assertEquals(0, blockCount(robot));
        assertEquals("", specText(robot));
        assertTrue(robot.lookup("#spec-error").queryLabeled().getText().contains("empty"));
        assertTrue(button(robot, "start").isDisabled());

        // and it is built again from the palette
        dragOnto(robot, robot.lookup("#palette-sgd").query(), robot.lookup("#tower-stack").query(), false);
        assertEquals("sgd(alpha=0.01)", specText(robot));
        assertFalse(button(robot, "start").isDisabled());
    }

    @Test
    void editingAnArgumentUpdatesTheTextAndAnInvalidValueIsRefused(FxRobot robot) {
        robot.clickOn(block(robot, 0));
        TextField alpha = robot.lookup("#arg-alpha").queryAs(TextField.class);
        assertEquals("0.001", alpha.getText());

        type(robot, "#arg-alpha", "0.02");
        assertEquals("adam(alpha=0.02) / sgd(alpha=1e-05)", specText(robot));
        assertTrue(robot.lookup("#level-0").lookup(".block-values").queryLabeled().getText().contains("alpha=0.02"));

        type(robot, "#arg-alpha", "-3");
        TextField field = robot.lookup("#arg-alpha").queryAs(TextField.class);
        assertEquals("-3", field.getText());
        waitUntil("the field is marked invalid", 5, () -> field.getStyleClass().contains(INVALID));
        String problem = robot.lookup("#argument-error").queryLabeled().getText();
        assertTrue(problem.contains("alpha") && problem.contains(">= 0"), problem);
        assertTrue(robot.lookup("#spec-error").queryLabeled().getText().startsWith("Level 0: "));
        assertTrue(button(robot, "start").isDisabled(), "Start refuses an invalid tower");
        assertEquals("adam(alpha=0.02) / sgd(alpha=1e-05)", specText(robot), "the text keeps the last valid tower");

        type(robot, "#arg-alpha", "0.03");
        waitUntil("the field is no longer marked", 5, () -> !field.getStyleClass().contains(INVALID));
        assertEquals("", robot.lookup("#argument-error").queryLabeled().getText());
        assertFalse(button(robot, "start").isDisabled());
        assertEquals("adam(alpha=0.03) / sgd(alpha=1e-05)", specText(robot));

        // the other level's editor edits that level
        robot.clickOn(block(robot, 1));
        type(robot, "#arg-alpha", "2e-5");
        assertEquals("adam(alpha=0.03) / sgd(alpha=2e-05)", specText(robot));
    }

    @Test
    void aSpecTypedAndEnteredRebuildsTheStack(FxRobot robot) {
        type(robot, "#spec", "sgd(alpha=0.1) / adam / rmsprop(0.02)");
        robot.type(KeyCode.ENTER);

        assertEquals("sgd(alpha=0.1) / adam / rmsprop(0.02)", specText(robot));
        assertEquals(3, blockCount(robot));
        assertEquals(List.of("2  rmsprop   (optimizes level 1)", "1  adam   (optimizes level 0)",
                "0  sgd   (optimizes the model)"), blockTitles(robot));
        assertEquals("", Objects.toString(robot.lookup("#spec-error").queryLabeled().getText(), ""));
        assertEquals(TowerSpec.parse("sgd(alpha=0.1) / adam / rmsprop(alpha=0.02)"), tower.specProperty().get());
        assertFalse(button(robot, "start").isDisabled());

        // an invalid text entered: the stack keeps the tower, the error points at the position, Start is off
        type(robot, "#spec", "sgd(alpha=0.1) / adam / rmsprop(-1)");
        robot.type(KeyCode.ENTER);
        assertEquals(3, blockCount(robot));
        assertEquals("2  rmsprop   (optimizes level 1)", blockTitles(robot).get(0));
        String error = robot.lookup("#spec-error").queryLabeled().getText();
        assertTrue(error.contains("position") && error.contains("rmsprop alpha must be >= 0"), error);
        assertTrue(button(robot, "start").isDisabled());
        assertEquals("sgd(alpha=0.1) / adam / rmsprop(-1)", specText(robot), "what was typed stays");
    }

    // ---------------------------------------------------------------- runs, charts and export

    @Test
    void aShortIrisRunDrawsLiveChartsThatGrow(FxRobot robot) throws Exception {
        setEpochs(robot, 60);
        // paced, so the run is still going when the charts are first looked at: at full speed its
        // 180 steps can all be in before the first look, and nothing is left to grow (a CI failure)
        robot.interact(() -> runs.paceProperty().set(60));
        robot.clickOn("#start");
        RunData run = onlyRun();

        TraceChart loss = chart(robot, "loss-chart");
        String rawLoss = run.name() + " raw loss";
        waitUntil("the loss chart has points", 20, () -> points(loss, rawLoss) > 0);
        waitUntil("the hyperparameter charts exist", 10,
                () -> view.charts().charts().stream().anyMatch(c -> "hyper-chart-0.alpha".equals(c.getId())));
        TraceChart alpha = chart(robot, "hyper-chart-0.alpha");
        int first = fx(() -> points(alpha));
        waitUntil("the alpha chart grows", 20, () -> points(alpha) > Math.max(first, 0) && points(alpha) > 0);
        waitUntil("the loss chart grows", 20, () -> points(loss, rawLoss) > first);
        assertTrue(first < 180, "looked at while the run was going: " + first + " points of 180");
        robot.interact(() -> runs.paceProperty().set(0));
        for (String key : List.of("0.alpha", "0.beta1", "0.beta2", "1.alpha", "1.mu")) {
            assertNotNull(chart(robot, "hyper-chart-" + key), key);
        }

        RunEnded ended = awaitEnd(run, 30);
        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        assertEquals(180, ended.steps(), "60 epochs of 3 steps (30 labeled rows, batch 10)");
        assertEquals(ended.steps(), (long) fx(run::steps));
        assertEquals(ended.steps(), (long) fx(() -> points(loss, rawLoss)), "every step drawn (under 1200 steps)");
        for (String key : List.of("0.alpha", "0.beta1", "0.beta2", "1.alpha", "1.mu")) {
            assertEquals(ended.steps(), (long) fx(() -> points(chart(robot, "hyper-chart-" + key))), key);
        }
        assertEquals(60, fx(() -> points(chart(robot, "accuracy-chart"), run.name() + " test")), "one test accuracy per epoch");

        // the run really trained: the hypergradients moved level 0's alpha and the loss came down
        int alphaKey = run.keys().indexOf("0.alpha");
        double alphaFirst = fx(() -> run.hyperparameter(alphaKey).get(0));
        double alphaLast = fx(() -> run.hyperparameter(alphaKey).get(run.steps() - 1));
        assertTrue(alphaFirst != alphaLast, "0.alpha stayed at " + alphaFirst);
        double lossFirst = fx(() -> run.epochs().get(0).trainLoss());
        double lossLast = fx(() -> run.epochs().get(59).trainLoss());
        assertTrue(lossLast < lossFirst, "train loss " + lossFirst + " -> " + lossLast);
        waitUntil("the message says completed", 5,
                () -> robot.lookup("#message").queryLabeled().getText().contains("completed"));
        assertEquals("", robot.lookup("#divergence").queryLabeled().getText());
    }

    @Test
    void exportWritesEveryChartAsA1600x1000PngAndTheRunsFilesAsTheCliWritesThem(FxRobot robot) throws Exception {
        setEpochs(robot, 4);
        robot.clickOn("#start");
        RunData run = onlyRun();
        RunEnded ended = awaitEnd(run, 30);
        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        waitUntil("the level charts are drawn", 5, () -> view.charts().charts().size() == 2 + 5);

        // what the Export menu does once a folder is chosen (a native folder chooser cannot be driven headless)
        Path images = tmp.resolve("images");
        Path files = tmp.resolve("files");
        robot.interact(() -> view.exportCharts(images));
        assertTrue(robot.lookup("#message").queryLabeled().getText().startsWith("Wrote 7 images"),
                robot.lookup("#message").queryLabeled().getText());
        robot.interact(() -> view.exportRun(files));
        assertTrue(robot.lookup("#message").queryLabeled().getText().startsWith("Copied"),
                robot.lookup("#message").queryLabeled().getText());

        List<Path> pngs;
        try (Stream<Path> list = Files.list(images)) {
            pngs = list.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(7, pngs.size(), "loss, accuracy and one per hyperparameter: " + pngs);
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png.toString());
            assertEquals(1600, image.getWidth(), png.toString());
            assertEquals(1000, image.getHeight(), png.toString());
            assertTrue(drawnIn(image, 1200, 1600), png + ": the chart is laid out over the whole width");
        }
        // the window's charts are back at their own size
        waitUntil("the window's loss chart is back at its own size", 5,
                () -> chart(robot, "loss-chart").getWidth() < 1600);

        List<String> steps = Files.readAllLines(files.resolve("steps.csv"), StandardCharsets.UTF_8);
        assertEquals(ended.steps() + 1, steps.size(), "a header and one row per step");
        assertEquals(fx(run::steps) + 1, steps.size());
        assertEquals(String.join(",", RunRecorder.stepHeader(run.keys())), steps.get(0));
        assertTrue(Files.exists(files.resolve("epochs.csv")));
        assertTrue(Files.exists(files.resolve("run.json")));

        // the same header as the command line writes for the same tower
        Path cli = tmp.resolve("cli");
        StringWriter out = new StringWriter();
        var command = Main.newCommandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        assertEquals(0, command.execute("train", "--tower", ADAM_SGD, "--epochs", "1", "--quiet", "--out",
                cli.toString()), out.toString());
        assertEquals(Files.readAllLines(cli.resolve("steps.csv"), StandardCharsets.UTF_8).get(0), steps.get(0));
    }

    /** Whether a band of columns of an image holds anything but the white background. */
    private static boolean drawnIn(BufferedImage image, int fromX, int toX) {
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                if ((rgb >>> 24) > 0 && (rgb & 0xFFFFFF) != 0xFFFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Timeout(120) // a window that stops answering would otherwise hold the test until the run ends
    void stoppingALongRunEndsItAsStoppedAndKeepsTheWindowResponsive(FxRobot robot) throws Exception {
        setEpochs(robot, 10_000); // 30,000 steps: a minute or more, far longer than the test
        robot.clickOn("#start");
        RunData run = onlyRun();
        waitUntil("the run has taken a few steps", 20, () -> run.steps() >= 10);

        // the FX thread answers promptly while the run streams steps into the charts
        long worst = 0;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            fx(() -> null);
            worst = Math.max(worst, System.nanoTime() - t0);
            WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
        }
        System.out.printf("WorkbenchTest: worst FX round trip while training %.0f ms at %d steps%n", worst / 1e6,
                fx(run::steps));
        assertTrue(worst < 2_000_000_000L, "the FX thread took " + worst / 1_000_000 + " ms to answer");

        // pause and resume
        robot.clickOn("#pause");
        assertEquals("Resume", button(robot, "pause").getText());
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        int paused = fx(run::steps);
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        assertTrue(fx(run::steps) <= paused + 1, "no steps while paused");
        robot.clickOn("#pause");
        assertEquals("Pause", button(robot, "pause").getText());
        waitUntil("the run goes on", 10, () -> run.steps() > paused + 5);

        // the window answers while training runs
        robot.clickOn(block(robot, 1));
        assertEquals(1, tower.selectedProperty().get());
        type(robot, "#arg-alpha", "3e-5");
        assertEquals("adam(alpha=0.001) / sgd(alpha=3e-05)", specText(robot));

        robot.clickOn("#stop");
        RunEnded ended = awaitEnd(run, 20);
        assertEquals(RunStatus.STOPPED, ended.status());
        assertTrue(ended.steps() < 30_000);
        assertEquals(ended.steps(), (long) fx(run::steps), "every step before the stop is kept");
        waitUntil("the message says stopped", 5,
                () -> robot.lookup("#message").queryLabeled().getText().contains("stopped"));
        assertTrue(button(robot, "stop").isDisabled());
        assertFalse(button(robot, "start").isDisabled());
        List<String> lines = Files.readAllLines(run.folder().resolve("steps.csv"), StandardCharsets.UTF_8);
        assertEquals(ended.steps() + 1, lines.size());

        robot.clickOn(block(robot, 0));
        type(robot, "#arg-alpha", "0.005");
        assertEquals("adam(alpha=0.005) / sgd(alpha=3e-05)", specText(robot));
    }

    @Test
    void aDivergingRunEndsAsDivergedKeepsItsDataAndLeavesTheWindowUsable(FxRobot robot) throws Exception {
        // checked with the CLI: mlp, hidden 16, sgd(alpha=1e30) on Iris diverges at step 1 (the loss becomes nan);
        // sgd(alpha=1e6) and sgd(alpha=1e10) complete, their losses huge but finite
        robot.interact(() -> {
            runs.modelProperty().set("mlp");
            runs.hiddenProperty().set("16");
        });
        setEpochs(robot, 3);
        type(robot, "#spec", "sgd(alpha=1e30)");
        robot.type(KeyCode.ENTER);
        assertEquals(TowerSpec.parse("sgd(alpha=1e30)"), tower.specProperty().get());
        robot.clickOn("#start");
        RunData run = onlyRun();

        RunEnded ended = awaitEnd(run, 30);
        assertEquals(RunStatus.DIVERGED, ended.status(), ended.message());
        waitUntil("the divergence is shown", 5,
                () -> robot.lookup("#divergence").queryLabeled().getText().contains("Diverged at step"));
        String message = robot.lookup("#message").queryLabeled().getText();
        assertTrue(message.contains("diverged"), message);
        assertTrue(ended.steps() > 0, "steps before the divergence");
        assertEquals(ended.steps(), (long) fx(run::steps), "the data before the divergence is kept");
        assertTrue(robot.lookup("#divergence").queryLabeled().getText()
                .contains("Diverged at step " + ended.steps()));
        assertEquals(ended.steps(), (long) fx(() -> points(chart(robot, "loss-chart"), run.name() + " raw loss")));
        assertEquals(ended.steps() + 1,
                Files.readAllLines(run.folder().resolve("steps.csv"), StandardCharsets.UTF_8).size());

        // still usable: edit the tower and run again (clicking Start applies the text typed)
        assertFalse(button(robot, "start").isDisabled());
        type(robot, "#spec", "sgd(alpha=0.1)");
        robot.clickOn("#start");
        List<RunData> all = fx(() -> List.copyOf(runs.runs()));
        assertEquals(2, all.size());
        RunEnded second = awaitEnd(all.get(1), 30);
        assertEquals(RunStatus.COMPLETED, second.status(), second.message());
        waitUntil("the divergence note follows the new run", 5,
                () -> robot.lookup("#divergence").queryLabeled().getText().isEmpty());
    }
}
