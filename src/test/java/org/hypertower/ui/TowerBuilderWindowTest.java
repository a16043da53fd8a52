package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.type;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.robot.Motion;

/**
 * The tower builder in the workbench window, driven with real keystrokes and drags: the text
 * form applied on Enter only, Escape, the undo and redo keys, the validation decorations and the
 * palette's cards.
 */
@ExtendWith(ApplicationExtension.class)
class TowerBuilderWindowTest {

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
    void close() {
        FxTesting.dispose(runs, view);
    }

    private static String specText(FxRobot robot) {
        return robot.lookup("#spec").queryTextInputControl().getText();
    }

    private static String label(FxRobot robot, String id) {
        String text = robot.lookup("#" + id).queryLabeled().getText();
        return text == null ? "" : text;
    }

    private static List<String> blockTitles(FxRobot robot) {
        return robot.lookup(".block-title").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static Node block(FxRobot robot, int level) {
        return robot.lookup("#level-" + level).query();
    }

    private static void dragOnto(FxRobot robot, Node source, Node target, boolean upperHalf) {
        robot.drag(source, MouseButton.PRIMARY)
                .moveTo(target, upperHalf ? Pos.TOP_CENTER : Pos.BOTTOM_CENTER, new Point2D(0, upperHalf ? 4 : -4),
                        Motion.DIRECT)
                .release(MouseButton.PRIMARY);
    }

    private static void undoKeys(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.Z);
    }

    private static void redoKeys(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
    }

    private static final List<String> ADAM_SGD_BLOCKS = List.of("1  sgd   (optimizes level 0)", "0  adam   (optimizes the model)");

    // ---------------------------------------------------------------- the text form

    @Test
    void aSpecTypedKeyByKeyChangesNothingUntilEnter(FxRobot robot) throws Exception {
        String typed = "rmsprop(0.02) / adam / sgd(1e-4)";
        robot.clickOn("#spec").push(KeyCode.CONTROL, KeyCode.A).type(KeyCode.BACK_SPACE);
        for (char c : typed.toCharArray()) {
            robot.write(c);
            // "rmsprop(0.02)" parses a keystroke before " / adam" is typed; it must not become the tower
            assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot), "after typing up to '" + c + "'");
            assertEquals(TowerPreset.ADAM_SGD.spec().levels().size(), (int) fx(() -> tower.levels().size()));
        }
        assertEquals(typed, specText(robot));
        assertTrue(label(robot, "spec-status").startsWith("Valid"), label(robot, "spec-status"));
        assertEquals("", label(robot, "spec-error"));

        robot.type(KeyCode.ENTER);

        assertEquals(List.of("2  sgd   (optimizes level 1)", "1  adam   (optimizes level 0)",
                "0  rmsprop   (optimizes the model)"), blockTitles(robot));
        assertEquals(TowerSpec.parse(typed), fx(() -> tower.specProperty().get()));
        assertEquals("", label(robot, "spec-status"));
        assertFalse(robot.lookup("#start").queryButton().isDisabled());
    }

    @Test
    void whileTypingTheFieldSaysWhereTheTextStopsParsing(FxRobot robot) {
        type(robot, "#spec", "adam(0.01) / s");

        assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot));
        String error = label(robot, "spec-error");
        assertTrue(error.startsWith("tower spec, position 14: "), error);
        assertEquals("", label(robot, "spec-status"));
        assertTrue(robot.lookup("#start").queryButton().isDisabled(), "Start waits for a text that parses");
    }

    @Test
    void aTypoEnteredKeepsTheTowerAndShowsTheError(FxRobot robot) throws Exception {
        type(robot, "#spec", "adam(0.01) / sgd(alpah=1e-4)");
        robot.type(KeyCode.ENTER);

        assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot), "the tower is kept");
        assertEquals("0.001", fx(() -> tower.levels().get(0).argument("alpha").textProperty().get()));
        String error = label(robot, "spec-error");
        assertTrue(error.contains("position 18") && error.contains("sgd has no argument 'alpah'"), error);
        assertEquals("adam(0.01) / sgd(alpah=1e-4)", specText(robot), "the typo stays, to be fixed");
        assertTrue(robot.lookup("#start").queryButton().isDisabled());
    }

    @Test
    void escapeGivesBackTheTowersText(FxRobot robot) {
        type(robot, "#spec", "adam(0.01) / sgd(alpah");

        robot.type(KeyCode.ESCAPE);

        assertEquals(ADAM_SGD, specText(robot));
        assertEquals("", label(robot, "spec-error"));
        assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot));
        assertFalse(robot.lookup("#start").queryButton().isDisabled());
    }

    @Test
    void leavingTheFieldAppliesAValidText(FxRobot robot) {
        type(robot, "#spec", "sgd(0.1) / sgd(0.01)");

        robot.clickOn(block(robot, 1));

        assertEquals(List.of("1  sgd   (optimizes level 0)", "0  sgd   (optimizes the model)"), blockTitles(robot));
        assertEquals("sgd(0.1) / sgd(0.01)", specText(robot));
    }

    // ---------------------------------------------------------------- undo and redo

    @Test
    void ctrlZUndoesADropAndCtrlShiftZOrCtrlYRedoesIt(FxRobot robot) throws Exception {
        dragOnto(robot, robot.lookup("#palette-rmsprop").query(), block(robot, 1), true);
        String three = "adam(alpha=0.001) / sgd(alpha=1e-05) / rmsprop(alpha=0.01)";
        assertEquals(three, specText(robot));
        assertEquals(2, (int) fx(() -> tower.selectedProperty().get()));

        undoKeys(robot);
        assertEquals(ADAM_SGD, specText(robot));
        assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot));
        assertEquals(0, (int) fx(() -> tower.selectedProperty().get()), "the selection of before the drop");

        redoKeys(robot);
        assertEquals(three, specText(robot));
        assertEquals(2, (int) fx(() -> tower.selectedProperty().get()));

        undoKeys(robot);
        robot.push(KeyCode.CONTROL, KeyCode.Y);
        assertEquals(three, specText(robot));
        assertEquals(3, blockTitles(robot).size());
    }

    @Test
    void ctrlZInAValueUndoesTheWholeValueAndTheFieldFollows(FxRobot robot) throws Exception {
        robot.clickOn(block(robot, 0));
        type(robot, "#arg-alpha", "0.025");
        assertEquals("adam(alpha=0.025) / sgd(alpha=1e-05)", specText(robot));

        undoKeys(robot);

        assertEquals(ADAM_SGD, specText(robot));
        TextField alpha = robot.lookup("#arg-alpha").queryAs(TextField.class);
        assertEquals("0.001", alpha.getText());
        assertTrue(fx(alpha::isFocused), "the field keeps the focus, for the next edit");
        assertTrue(robot.lookup("#level-0").lookup(".block-values").queryLabeled().getText().contains("alpha=0.001"));

        redoKeys(robot);
        assertEquals("0.025", alpha.getText());
        assertEquals("adam(alpha=0.025) / sgd(alpha=1e-05)", specText(robot));
    }

    @Test
    void ctrlZUndoesTextAppliedAndALevelRemovedWithDelete(FxRobot robot) {
        type(robot, "#spec", "sgd(0.1) / adam / rmsprop");
        robot.type(KeyCode.ENTER);
        robot.clickOn(block(robot, 2)).type(KeyCode.DELETE);
        assertEquals("sgd(alpha=0.1) / adam()", specText(robot));

        undoKeys(robot);
        assertEquals("sgd(0.1) / adam / rmsprop", specText(robot), "as it was typed");
        undoKeys(robot);
        assertEquals(ADAM_SGD, specText(robot));
        assertEquals(ADAM_SGD_BLOCKS, blockTitles(robot));
    }

    @Test
    void ctrlZInTheTextFieldWhileTypingUndoesTheTypingNotTheTower(FxRobot robot) {
        dragOnto(robot, robot.lookup("#palette-sgd").query(), block(robot, 1), true);
        String three = "adam(alpha=0.001) / sgd(alpha=1e-05) / sgd(alpha=0.01)";
        robot.clickOn("#spec").push(KeyCode.END).write(" / ada");

        // the field undoes its typing a word at a time
        for (int k = 0; k < 5 && !specText(robot).equals(three); k++) {
            undoKeys(robot);
            assertTrue(three.startsWith(specText(robot)) || specText(robot).startsWith(three), specText(robot));
            assertEquals(3, blockTitles(robot).size(), "the tower is not undone");
        }
        assertEquals(three, specText(robot), "the typing is undone");
        undoKeys(robot);
        assertEquals(ADAM_SGD, specText(robot), "with nothing typed, the tower's change is undone");
    }

    @Test
    void theUndoAndRedoButtonsFollowTheHistory(FxRobot robot) {
        assertTrue(robot.lookup("#undo").queryButton().isDisabled());
        assertTrue(robot.lookup("#redo").queryButton().isDisabled());
        robot.clickOn(block(robot, 1)).type(KeyCode.DELETE);
        assertFalse(robot.lookup("#undo").queryButton().isDisabled());

        robot.clickOn("#undo");

        assertEquals(ADAM_SGD, specText(robot));
        assertTrue(robot.lookup("#undo").queryButton().isDisabled());
        assertFalse(robot.lookup("#redo").queryButton().isDisabled());
        robot.clickOn("#redo");
        assertEquals("adam(alpha=0.001)", specText(robot));
    }

    @Test
    void theKeysWorkWithTheFocusOutsideTheBuilder(FxRobot robot) {
        robot.clickOn(block(robot, 1)).type(KeyCode.DELETE);
        robot.clickOn("#device"); // a combo box in the toolbar
        robot.type(KeyCode.ESCAPE);

        undoKeys(robot);

        assertEquals(ADAM_SGD, specText(robot));
    }

    // ---------------------------------------------------------------- validation decorations

    /** The reason ControlsFX's decoration on a field gives in its tooltip, or "" when the field has none. */
    private static String decoration(TextField field) throws Exception {
        return fx(() -> field.getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof Label l && l.getTooltip() != null)
                .map(n -> ((Label) n).getTooltip().getText()).findFirst().orElse(""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e999 | adam alpha must be a finite number",
        "NaN   | adam alpha must be a finite number",
        "-0.5  | adam alpha must be >= 0, not -0.5",
        "x1    | 'x1' is not a number"
    })
    void aRefusedValueIsDecoratedWithItsReasonAndStartStaysOff(String value, String reason, FxRobot robot)
            throws Exception {
        robot.clickOn(block(robot, 0));
        type(robot, "#arg-alpha", value);
        TextField alpha = robot.lookup("#arg-alpha").queryAs(TextField.class);

        waitUntil("the field is decorated", 5, () -> alpha.getStyleClass().contains("invalid-value"));
        waitUntil("the decoration gives the reason", 5, () -> decoration(alpha).contains(reason.replace("adam ", "")));
        assertTrue(label(robot, "argument-error").contains(reason.replace("adam ", "")), label(robot, "argument-error"));
        assertTrue(robot.lookup("#start").queryButton().isDisabled());

        type(robot, "#arg-alpha", "0.002");
        waitUntil("the decoration is gone", 5, () -> !alpha.getStyleClass().contains("invalid-value")
                && decoration(alpha).isEmpty());
        assertEquals("", label(robot, "argument-error"));
        assertFalse(robot.lookup("#start").queryButton().isDisabled());
    }

    @Test
    void aTextThatDoesNotParseIsDecoratedWithThePositionAndEscapeClearsIt(FxRobot robot) throws Exception {
        type(robot, "#spec", "adam(alpha=1e999)");
        TextField spec = robot.lookup("#spec").queryAs(TextField.class);

        waitUntil("the text field is decorated", 5, () -> spec.getStyleClass().contains("invalid-value"));
        String reason = decoration(spec);
        assertTrue(reason.startsWith("tower spec, position 12: ") && reason.contains("finite"), reason);
        assertEquals(reason, label(robot, "spec-error"));

        robot.type(KeyCode.ESCAPE);
        waitUntil("the decoration is gone", 5, () -> !spec.getStyleClass().contains("invalid-value")
                && decoration(spec).isEmpty());
    }

    @Test
    void anInvalidValueGivenBackByUndoIsDecoratedAgain(FxRobot robot) throws Exception {
        robot.clickOn(block(robot, 0));
        type(robot, "#arg-beta1", "2");
        robot.clickOn(block(robot, 1)).type(KeyCode.DELETE);
        assertEquals(1, blockTitles(robot).size());

        undoKeys(robot);

        robot.clickOn(block(robot, 0));
        TextField beta1 = robot.lookup("#arg-beta1").queryAs(TextField.class);
        assertEquals("2", beta1.getText());
        waitUntil("the value is decorated", 5, () -> beta1.getStyleClass().contains("invalid-value"));
        assertTrue(robot.lookup("#start").queryButton().isDisabled());
    }

    // ---------------------------------------------------------------- palette cards

    @Test
    void everyPaletteCardShowsItsNameDescriptionAndFormulaAndTheTowerLayersFitTheWindow(FxRobot robot) throws Exception {
        ScrollPane palette = robot.lookup("#palette").queryAs(ScrollPane.class);
        Bounds viewport = fx(() -> palette.localToScene(palette.getLayoutBounds()));
        for (LayerType type : LayerType.values()) {
            Node card = robot.lookup("#palette-" + type.specName()).query();
            List<String> texts = fx(() -> robot.from(card).lookup(".label").queryAllAs(Label.class).stream()
                    .map(Label::getText).toList());
            assertEquals(type.specName(), texts.get(0));
            assertEquals(type.description(), texts.get(1));
            // the formula as the layer states it, one equation a line (spaces inside parentheses do not break)
            assertEquals(type.formula(), texts.get(2).replace('\u00A0', ' ').replace("\n", ",  "));
            Bounds bounds = fx(() -> card.localToScene(card.getLayoutBounds()));
            // the tower layers fit the window; the standalone rivals follow them, reached by scrolling
            assertTrue(type.standalone() || viewport.contains(bounds), type + " is in view without scrolling: " + bounds
                    + " in " + viewport);
            double formulaSize = fx(() -> robot.from(card).lookup(".card-formula").queryAs(Label.class).getFont()
                    .getSize());
            assertTrue(formulaSize >= 13, type + " formula at " + formulaSize + " px");
        }
    }

    @Test
    void aCardDroppedOnTheStackInsertsItsLayer(FxRobot robot) {
        // pressed on the formula, not the name: the whole card drags
        Node card = robot.lookup("#palette-adagrad").query();
        Node formula = robot.from(card).lookup(".card-formula").query();
        dragOnto(robot, formula, block(robot, 1), true);

        assertEquals("adam(alpha=0.001) / sgd(alpha=1e-05) / adagrad(alpha=0.01)", specText(robot));
    }
}
