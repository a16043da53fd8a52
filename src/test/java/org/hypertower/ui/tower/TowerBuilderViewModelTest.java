package org.hypertower.ui.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tower builder's two-way sync between its levels and its text form, without a window: the
 * view-model only uses javafx.base properties and collections, which need no FX toolkit.
 */
class TowerBuilderViewModelTest {

    private static final String ADAM_SGD = "adam(alpha=0.001) / sgd(alpha=1e-05)";

    private static TowerBuilderViewModel model(String text) {
        return new TowerBuilderViewModel(TowerSpec.parse(text));
    }

    private static List<LayerType> types(TowerBuilderViewModel model) {
        return model.levels().stream().map(LevelModel::type).toList();
    }

    private static void assertUsable(TowerBuilderViewModel model, String text) {
        assertNull(model.errorProperty().get(), "error");
        assertEquals(text, model.specTextProperty().get());
        assertEquals(TowerSpec.parse(text), model.specProperty().get());
    }

    /** Types a text one character at a time, as the field sets it on each keystroke. */
    private static void typeByCharacter(TowerBuilderViewModel model, String text) {
        for (int i = 0; i <= text.length(); i++) {
            model.specTextProperty().set(text.substring(0, i));
        }
    }

    // ---------------------------------------------------------------- text to levels

    @Test
    void startsWithTheInitialTowerAsLevelsAndText() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model));
        assertEquals("0.001", model.levels().get(0).argument("alpha").textProperty().get());
        assertEquals("", model.levels().get(0).argument("beta1").textProperty().get(), "defaults stay empty");
        assertEquals("1e-05", model.levels().get(1).argument("alpha").textProperty().get());
        assertUsable(model, ADAM_SGD);
    }

    @Test
    void typingChangesNothingUntilTheTextIsApplied() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        String typed = "rmsprop(alpha=0.02) / sgd_on_steroids / sgd(1e-4)";

        // every prefix, including the ones that parse ("rmsprop", "rmsprop(alpha=0.02)", ...)
        for (int i = 0; i <= typed.length(); i++) {
            model.specTextProperty().set(typed.substring(0, i));
            assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model), "after '" + typed.substring(0, i) + "'");
            assertEquals("0.001", model.levels().get(0).argument("alpha").textProperty().get());
        }
        assertEquals(TowerSpec.parse(ADAM_SGD), model.specProperty().get(), "a text that parses is only pending");
        assertTrue(model.textPendingProperty().get());
        assertNull(model.textErrorProperty().get());

        assertTrue(model.applyText());

        assertEquals(List.of(LayerType.RMSPROP, LayerType.SGD_ON_STEROIDS, LayerType.SGD), types(model));
        assertEquals(TowerSpec.parse(typed), model.specProperty().get());
        assertFalse(model.textPendingProperty().get());
    }

    @Test
    void aPrefixThatDoesNotParseSaysWhereWhileTheTowerStays() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("adam(0.01) / s");

        assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model));
        String error = model.textErrorProperty().get();
        assertTrue(error.startsWith("tower spec, position 14: "), error);
        assertEquals(error, model.errorProperty().get());
        assertFalse(model.textPendingProperty().get());
        assertNull(model.specProperty().get(), "Start waits until the text parses or is dropped");
    }

    @Test
    void applyingAValidSpecRebuildsTheLevels() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(1e-4)");
        assertTrue(model.applyText());

        assertEquals(List.of(LayerType.RMSPROP, LayerType.SGD_ON_STEROIDS, LayerType.SGD), types(model));
        assertEquals("0.02", model.levels().get(0).argument("alpha").textProperty().get());
        assertEquals("0.9", model.levels().get(0).argument("gamma").textProperty().get());
        assertEquals("", model.levels().get(1).argument("alpha").textProperty().get());
        assertEquals("0.0001", model.levels().get(2).argument("alpha").textProperty().get());
        assertEquals(TowerSpec.parse("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(alpha=0.0001)"),
                model.specProperty().get());
        assertNull(model.errorProperty().get());
        assertEquals("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(1e-4)", model.specTextProperty().get(),
                "the text applied is not rewritten under the caret");
    }

    @Test
    void applyingATypoKeepsTheTowerAndSaysWhere() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        typeByCharacter(model, "adam(0.01) / sgd(alpah=1e-4)");

        assertFalse(model.applyText());

        assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model), "the tower is kept");
        assertEquals("0.001", model.levels().get(0).argument("alpha").textProperty().get());
        String error = model.errorProperty().get();
        assertTrue(error.startsWith("tower spec, position 18: sgd has no argument 'alpah'"), error);
        assertEquals("adam(0.01) / sgd(alpah=1e-4)", model.specTextProperty().get(), "the typo stays to be fixed");
        assertNull(model.specProperty().get());
        assertFalse(model.canUndoProperty().get(), "nothing happened to the tower");
    }

    @Test
    void revertingTheTextShowsTheTowerAgain() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.specTextProperty().set("adam(0.01) / s");

        model.revertText();

        assertUsable(model, ADAM_SGD);
        assertNull(model.textErrorProperty().get());
        assertFalse(model.textPendingProperty().get());
    }

    @Test
    void aTextOfTheSameTowerInAnotherFormIsNotPending() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("ADAM(0.001) / sgd(alpha=0.00001)");

        assertFalse(model.textPendingProperty().get());
        assertNull(model.errorProperty().get());
        assertEquals(TowerSpec.parse(ADAM_SGD), model.specProperty().get());
    }

    @Test
    void typingAnInvalidSpecKeepsTheLevelsAndReportsThePosition() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("adam(alpha=0.001) / sgd(alpha=");

        assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model), "levels kept");
        assertEquals("1e-05", model.levels().get(1).argument("alpha").textProperty().get());
        assertNull(model.specProperty().get());
        String error = model.errorProperty().get();
        assertNotNull(error);
        assertTrue(error.contains("position"), error);
        assertEquals("adam(alpha=0.001) / sgd(alpha=", model.specTextProperty().get(), "the typed text is kept");
    }

    @Test
    void typingAnUnknownOptimizerNamesThePositionOfTheName() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("adam / nesterov");

        assertNull(model.specProperty().get());
        assertTrue(model.errorProperty().get().contains("position 8"), model.errorProperty().get());
        assertEquals(List.of(LayerType.ADAM, LayerType.SGD), types(model));
    }

    @Test
    void aValidSpecAfterAnInvalidOneClearsTheError() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.specTextProperty().set("adam(");

        model.specTextProperty().set("sgd(alpha=0.1)");
        assertNull(model.errorProperty().get());
        model.applyText();

        assertUsable(model, "sgd(alpha=0.1)");
        assertEquals(List.of(LayerType.SGD), types(model));
    }

    @Test
    void applyingAShorterTowerKeepsTheSelectionInRange() {
        TowerBuilderViewModel model = model("sgd / sgd / sgd");
        model.selectedProperty().set(2);

        model.specTextProperty().set("adam");
        model.applyText();

        assertEquals(0, model.selectedProperty().get());
    }

    // ---------------------------------------------------------------- arguments to text

    @Test
    void editingAnArgumentRewritesTheTextCanonically() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.levels().get(0).argument("alpha").textProperty().set(" 0.0100 ");
        assertUsable(model, "adam(alpha=0.01) / sgd(alpha=1e-05)");

        model.levels().get(1).argument("alpha").textProperty().set("2E-6");
        assertUsable(model, "adam(alpha=0.01) / sgd(alpha=2e-06)");

        model.levels().get(0).argument("beta2").textProperty().set("0.99");
        assertUsable(model, "adam(alpha=0.01, beta2=0.99) / sgd(alpha=2e-06)");
    }

    @Test
    void clearingAnArgumentFallsBackToItsDefaultAndDropsItFromTheText() {
        TowerBuilderViewModel model = model("adam(alpha=0.001, beta1=0.8) / sgd(alpha=1e-05)");

        model.levels().get(0).argument("beta1").textProperty().set("");

        assertUsable(model, ADAM_SGD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1    | alpha must be >= 0",
        "abc   | 'abc' is not a number",
        "1e999 | alpha must be a finite number",
        "NaN   | alpha must be a finite number"
    })
    void anInvalidArgumentNamesTheLevelAndTheArgumentAndLeavesTheTextAlone(String value, String reason) {
        TowerBuilderViewModel model = model(ADAM_SGD);

        ArgumentModel alpha = model.levels().get(1).argument("alpha");
        alpha.textProperty().set(value);

        assertNull(model.specProperty().get(), "an invalid value never reaches a run");
        String error = model.errorProperty().get();
        assertNotNull(error);
        assertTrue(error.startsWith("Level 1: "), error);
        assertTrue(error.contains("alpha"), error);
        assertTrue(error.contains(reason), error);
        assertEquals(ADAM_SGD, model.specTextProperty().get(), "text unchanged");
        assertTrue(!alpha.isValid() && alpha.errorProperty().get() != null);
        assertEquals(value, alpha.textProperty().get(), "what was typed stays in the field");
    }

    @Test
    void anArgumentOutOfItsRangeIsRefused() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.levels().get(0).argument("beta1").textProperty().set("1");

        assertNull(model.specProperty().get());
        assertTrue(model.errorProperty().get().startsWith("Level 0: "), model.errorProperty().get());
        assertTrue(model.errorProperty().get().contains("beta1 must be in (0, 1)"), model.errorProperty().get());
    }

    @ParameterizedTest
    @CsvSource({"beta1, 1e-17", "beta2, 1e-300", "beta1, 4.9e-324"})
    void aBetaTooNearZeroToBeStoredIsRefusedInsteadOfKeepingTheOldTower(String name, String value) {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.levels().get(0).argument(name).textProperty().set(value);

        assertNull(model.specProperty().get(), "the tower, which could not be built, is not offered to a run");
        String error = model.errorProperty().get();
        assertTrue(error.startsWith("Level 0: adam " + name + " = " + value + " is too close to 0 or 1"), error);
        assertEquals(ADAM_SGD, model.specTextProperty().get());
    }

    @Test
    void fixingAnInvalidArgumentRestoresTheSpec() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        ArgumentModel alpha = model.levels().get(0).argument("alpha");
        alpha.textProperty().set("-3");
        assertNull(model.specProperty().get());

        alpha.textProperty().set("0.003");

        assertTrue(alpha.isValid());
        assertUsable(model, "adam(alpha=0.003) / sgd(alpha=1e-05)");
    }

    @Test
    void theFirstOfTwoInvalidArgumentsIsReportedUntilBothAreFixed() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.levels().get(0).argument("alpha").textProperty().set("x");
        model.levels().get(1).argument("alpha").textProperty().set("-1");
        assertTrue(model.errorProperty().get().startsWith("Level 0: "), model.errorProperty().get());

        model.levels().get(0).argument("alpha").textProperty().set("0.002");
        assertNull(model.specProperty().get());
        assertTrue(model.errorProperty().get().startsWith("Level 1: "), model.errorProperty().get());
        assertEquals(ADAM_SGD, model.specTextProperty().get());

        model.levels().get(1).argument("alpha").textProperty().set("1e-4");
        assertUsable(model, "adam(alpha=0.002) / sgd(alpha=0.0001)");
    }

    // ---------------------------------------------------------------- insert, move, remove

    @Test
    void insertingALevelSelectsItAndRewritesTheText() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.insert(LayerType.RMSPROP, 1);

        assertEquals(List.of(LayerType.ADAM, LayerType.RMSPROP, LayerType.SGD), types(model));
        assertEquals(1, model.selectedProperty().get());
        assertUsable(model, "adam(alpha=0.001) / rmsprop(alpha=0.01) / sgd(alpha=1e-05)");
    }

    @Test
    void insertingPastEitherEndClampsToTheTopOrTheBottom() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.insert(LayerType.ADAGRAD, 99);
        model.insert(LayerType.SGD_PER_PARAM, -5);

        assertEquals(List.of(LayerType.SGD_PER_PARAM, LayerType.ADAM, LayerType.SGD, LayerType.ADAGRAD), types(model));
        assertEquals(0, model.selectedProperty().get());
        assertUsable(model, "sgd_per_param(alpha=0.01) / adam(alpha=0.001) / sgd(alpha=1e-05) / adagrad(alpha=0.01)");
    }

    @Test
    void insertedLevelsArgumentsRewriteTheTextToo() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.insert(LayerType.SGD, 2);

        model.levels().get(2).argument("alpha").textProperty().set("1e-7");

        assertUsable(model, "adam(alpha=0.001) / sgd(alpha=1e-05) / sgd(alpha=1e-07)");
    }

    @Test
    void movingALevelUpOrDownSelectsItAndRewritesTheText() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");

        model.move(0, 2);
        assertEquals(List.of(LayerType.SGD, LayerType.RMSPROP, LayerType.ADAM), types(model));
        assertEquals(2, model.selectedProperty().get());
        assertUsable(model, "sgd() / rmsprop() / adam()");

        model.move(1, 0);
        assertEquals(List.of(LayerType.RMSPROP, LayerType.SGD, LayerType.ADAM), types(model));
        assertEquals(0, model.selectedProperty().get());
        assertUsable(model, "rmsprop() / sgd() / adam()");
    }

    @Test
    void movingALevelOntoItselfOrFromNowhereChangesNothing() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.selectedProperty().set(1);

        model.move(1, 1);
        model.move(5, 0);
        model.move(-1, 0);

        assertEquals(1, model.selectedProperty().get());
        assertUsable(model, ADAM_SGD);
    }

    @Test
    void movingALevelKeepsItsEditedArguments() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.levels().get(0).argument("beta1").textProperty().set("0.5");

        model.move(0, 1);

        assertUsable(model, "sgd(alpha=1e-05) / adam(alpha=0.001, beta1=0.5)");
        model.levels().get(1).argument("beta1").textProperty().set("0.6");
        assertUsable(model, "sgd(alpha=1e-05) / adam(alpha=0.001, beta1=0.6)");
    }

    @Test
    void removingTheSelectedLevelSelectsTheOneThatTakesItsPlace() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(1);

        model.remove(1);

        assertEquals(List.of(LayerType.ADAM, LayerType.RMSPROP), types(model));
        assertEquals(1, model.selectedProperty().get());
        assertUsable(model, "adam() / rmsprop()");
    }

    @Test
    void removingTheSelectedTopLevelSelectsTheNewTop() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(2);

        model.remove(2);

        assertEquals(1, model.selectedProperty().get());
        assertUsable(model, "adam() / sgd()");
    }

    @Test
    void removingAnotherLevelKeepsTheSelectedLevelSelected() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(2); // rmsprop

        model.remove(0);

        assertEquals(List.of(LayerType.SGD, LayerType.RMSPROP), types(model));
        assertEquals(1, model.selectedProperty().get(), "rmsprop stays selected at its new index");

        model.remove(1 - 1); // sgd, below the selection again
        assertEquals(0, model.selectedProperty().get());
        assertEquals(List.of(LayerType.RMSPROP), types(model));
    }

    @Test
    void removingALevelAboveTheSelectionLeavesTheSelectionAlone() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(0);

        model.remove(2);

        assertEquals(0, model.selectedProperty().get());
        assertUsable(model, "adam() / sgd()");
    }

    @Test
    void removingWithNothingSelectedSelectsNothing() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(-1);

        model.remove(1);

        assertEquals(-1, model.selectedProperty().get());
    }

    @Test
    void removingANonexistentLevelChangesNothing() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.remove(2);
        model.remove(-1);

        assertUsable(model, ADAM_SGD);
    }

    @Test
    void removingTheLevelWithTheInvalidArgumentRestoresTheSpec() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.levels().get(1).argument("alpha").textProperty().set("-1");

        model.remove(1);

        assertUsable(model, "adam(alpha=0.001)");
    }

    @Test
    void removingTheLastLevelGivesAnEmptyTowerError() {
        TowerBuilderViewModel model = model("sgd(alpha=0.1)");
        model.selectedProperty().set(0);

        model.remove(0);

        assertTrue(model.levels().isEmpty());
        assertNull(model.specProperty().get());
        assertTrue(model.errorProperty().get().contains("empty"), model.errorProperty().get());
        assertEquals("", model.specTextProperty().get());
        assertEquals(-1, model.selectedProperty().get());

        model.insert(LayerType.ADAM, 0);
        assertEquals(0, model.selectedProperty().get());
        assertUsable(model, "adam(alpha=0.001)");
    }

    // ---------------------------------------------------------------- undo and redo

    /** Everything a user sees of the tower: text, spec, error, values as typed, learned boxes, selection. */
    private record Seen(String text, TowerSpec spec, String error, List<TowerHistory.LevelState> levels, int selected) {

        static Seen of(TowerBuilderViewModel model) {
            return new Seen(model.specTextProperty().get(), model.specProperty().get(), model.errorProperty().get(),
                    model.levels().stream().map(LevelModel::state).toList(), model.selectedProperty().get());
        }
    }

    /** A change a user makes, named for the test report. */
    private record Change(String name, Consumer<TowerBuilderViewModel> apply) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Change> everyChange() {
        return Stream.of(
                new Change("drop a layer", m -> m.insert(LayerType.RMSPROP, 1)),
                new Change("reorder", m -> m.move(0, 2)),
                new Change("remove the selected level", m -> m.remove(1)),
                new Change("edit a value", m -> m.levels().get(1).argument("mu").textProperty().set("0.5")),
                new Change("type an invalid value", m -> m.levels().get(0).argument("alpha").textProperty().set("-3")),
                new Change("clear a value", m -> m.levels().get(0).argument("beta1").textProperty().set("")),
                new Change("untick learned", m -> m.levels().get(0).argument("beta2").learnedProperty().set(false)),
                new Change("apply text", m -> {
                    m.specTextProperty().set("sgd(0.5) / adam");
                    m.applyText();
                }),
                new Change("apply a preset", m -> m.load(TowerPreset.STEROIDS_3.spec())),
                new Change("load a tower", m -> m.load(TowerSpec.parse("adagrad(alpha=0.2)"))));
    }

    private static TowerBuilderViewModel threeLevels() {
        TowerBuilderViewModel model = model("adam(alpha=0.001, beta1=0.8) / sgd(alpha=1e-05, mu=0.25) / sgd(0.01)");
        model.selectedProperty().set(1);
        return model;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChange")
    void undoGivesBackTheTowerBeforeEachChangeAndRedoTheOneAfter(Change change) {
        TowerBuilderViewModel model = threeLevels();
        Seen before = Seen.of(model);
        assertFalse(model.canUndoProperty().get(), "the first tower is no step");

        change.apply().accept(model);
        Seen after = Seen.of(model);
        assertTrue(!after.levels().equals(before.levels()), "the change changed the tower");
        assertTrue(model.canUndoProperty().get());

        model.undo();
        assertEquals(before, Seen.of(model), "undo");
        assertFalse(model.canUndoProperty().get(), change + " is one step");
        assertTrue(model.canRedoProperty().get());

        model.redo();
        assertEquals(after, Seen.of(model), "redo");
        assertFalse(model.canRedoProperty().get());

        model.undo();
        assertEquals(before, Seen.of(model), "undo after redo");
    }

    @Test
    void undoingStepByStepWalksBackThroughEveryChange() {
        TowerBuilderViewModel model = threeLevels();
        List<Seen> seen = new ArrayList<>(List.of(Seen.of(model)));
        List<Consumer<TowerBuilderViewModel>> steps = List.of(
                m -> m.insert(LayerType.RMSPROP, 1),
                m -> m.levels().get(0).argument("alpha").textProperty().set("-3"),
                m -> {
                    m.endEdit();
                    m.levels().get(0).argument("alpha").textProperty().set("0.2");
                },
                m -> m.move(0, 3),
                m -> m.levels().get(0).argument("gamma").learnedProperty().set(false),
                m -> m.remove(1),
                m -> {
                    m.specTextProperty().set("sgd(0.5) / adam");
                    m.applyText();
                },
                m -> m.load(TowerPreset.STEROIDS_3.spec()));
        for (Consumer<TowerBuilderViewModel> step : steps) {
            step.accept(model);
            seen.add(Seen.of(model));
        }

        for (int k = seen.size() - 2; k >= 0; k--) {
            model.undo();
            assertEquals(seen.get(k), Seen.of(model), "back to step " + k);
        }
        assertFalse(model.canUndoProperty().get());
        for (int k = 1; k < seen.size(); k++) {
            model.redo();
            assertEquals(seen.get(k), Seen.of(model), "forward to step " + k);
        }
    }

    @Test
    void theKeystrokesOfOneValueAreOneStep() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.selectedProperty().set(0);
        ArgumentModel alpha = model.levels().get(0).argument("alpha");
        for (String typed : List.of("", "0", "0.", "0.0", "0.02")) {
            alpha.textProperty().set(typed);
        }
        assertEquals("adam(alpha=0.02) / sgd(alpha=1e-05)", model.specTextProperty().get());

        model.undo();

        assertUsable(model, ADAM_SGD);
        assertFalse(model.canUndoProperty().get());
    }

    @Test
    void leavingAValueOrEditingAnotherStartsANewStep() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        ArgumentModel alpha = model.levels().get(0).argument("alpha");
        ArgumentModel beta1 = model.levels().get(0).argument("beta1");
        alpha.textProperty().set("0.02");
        model.endEdit();
        alpha.textProperty().set("0.03");
        beta1.textProperty().set("0.5");
        alpha.textProperty().set("0.04");

        model.undo();
        assertEquals("adam(alpha=0.03, beta1=0.5) / sgd(alpha=1e-05)", model.specTextProperty().get());
        model.undo();
        assertEquals("adam(alpha=0.03) / sgd(alpha=1e-05)", model.specTextProperty().get());
        model.undo();
        assertEquals("adam(alpha=0.02) / sgd(alpha=1e-05)", model.specTextProperty().get());
        model.undo();
        assertUsable(model, ADAM_SGD);
    }

    @Test
    void anInvalidValueComesBackAsTypedAndStillBlocksTheTower() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.levels().get(1).argument("alpha").textProperty().set("-1e-5");
        model.insert(LayerType.SGD, 2);
        assertNull(model.specProperty().get(), "the new level does not hide the invalid one");

        model.undo();

        assertEquals("-1e-5", model.levels().get(1).argument("alpha").textProperty().get());
        assertNull(model.specProperty().get());
        assertTrue(model.errorProperty().get().startsWith("Level 1: "), model.errorProperty().get());
        assertEquals(ADAM_SGD, model.specTextProperty().get(), "the text shows the last valid tower, as it did");
    }

    @Test
    void undoKeepsTheLevelsWhenOnlyValuesChangeSoTheEditorKeepsItsFields() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        LevelModel adam = model.levels().get(0);
        adam.argument("alpha").textProperty().set("0.5");

        model.undo();

        assertSame(adam, model.levels().get(0));
        assertEquals("0.001", adam.argument("alpha").textProperty().get());
    }

    @Test
    void aTextAppliedComesBackAsItWasTyped() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.specTextProperty().set("sgd(0.1) / adam");
        model.applyText();
        model.insert(LayerType.SGD, 2);

        model.undo();

        assertEquals("sgd(0.1) / adam", model.specTextProperty().get());
        assertEquals(TowerSpec.parse("sgd(0.1) / adam"), model.specProperty().get());
    }

    @Test
    void undoDropsATextBeingTyped() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.insert(LayerType.SGD, 2);
        model.specTextProperty().set("adam / s");

        model.undo();

        assertUsable(model, ADAM_SGD);
        assertNull(model.textErrorProperty().get());
    }

    @Test
    void aNewChangeAfterAnUndoCannotBeFollowedByTheUndoneRedo() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.insert(LayerType.SGD, 2);
        model.undo();

        model.insert(LayerType.ADAM, 0);
        model.redo();

        assertFalse(model.canRedoProperty().get());
        assertUsable(model, "adam(alpha=0.001) / adam(alpha=0.001) / sgd(alpha=1e-05)");
    }

    @Test
    void whatChangesNothingIsNoStepAndUndoWithNothingToUndoDoesNothing() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.undo();
        model.redo();
        model.move(1, 1);
        model.remove(7);
        model.applyText();
        model.specTextProperty().set("adam(alpha=0.001) / sgd(alpha=0.00001)");
        model.applyText();
        model.levels().get(0).argument("alpha").textProperty().set("0.001");
        model.selectedProperty().set(1);
        model.load(TowerSpec.parse(ADAM_SGD));

        assertFalse(model.canUndoProperty().get());
        assertEquals(TowerSpec.parse(ADAM_SGD), model.specProperty().get());
    }

    @Test
    void undoGivesBackTheSelectionOfItsTime() {
        TowerBuilderViewModel model = model("adam / sgd / rmsprop");
        model.selectedProperty().set(2);
        model.remove(0);
        assertEquals(1, model.selectedProperty().get());
        model.selectedProperty().set(0);

        model.undo();
        assertEquals(2, model.selectedProperty().get(), "rmsprop, selected when it was removed");

        model.redo();
        assertEquals(0, model.selectedProperty().get(), "as it was when undo was pressed");
    }

    @Test
    void undoBringsBackATowerRemovedToNothing() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.selectedProperty().set(1);
        model.remove(1);
        model.remove(0);
        assertEquals("", model.specTextProperty().get());
        assertTrue(model.errorProperty().get().contains("empty"));

        model.undo();
        assertUsable(model, "adam(alpha=0.001)");
        model.undo();
        assertUsable(model, ADAM_SGD);
        assertEquals(1, model.selectedProperty().get());

        model.redo();
        model.redo();
        assertTrue(model.levels().isEmpty());
        assertNull(model.specProperty().get());
        assertEquals(-1, model.selectedProperty().get());
    }

    @Test
    void theHistoryKeepsTheLatestStepsUpToItsLimit() {
        TowerBuilderViewModel model = model("sgd(alpha=0)");
        ArgumentModel alpha = model.levels().get(0).argument("alpha");
        for (int k = 1; k <= TowerHistory.LIMIT + 5; k++) {
            alpha.textProperty().set(Integer.toString(k));
            model.endEdit();
        }

        int undone = 0;
        while (model.canUndoProperty().get()) {
            model.undo();
            undone++;
        }

        assertEquals(TowerHistory.LIMIT, undone);
        assertEquals("5", alpha.textProperty().get());
    }

    // ---------------------------------------------------------------- presets

    @ParameterizedTest
    @EnumSource(TowerPreset.class)
    void presetsLoadAsLevelsAndText(TowerPreset preset) {
        TowerBuilderViewModel model = model("sgd");
        model.levels().get(0).argument("alpha").textProperty().set("oops");
        model.selectedProperty().set(0);

        model.load(preset.spec());

        assertEquals(preset.spec().levels().stream().map(l -> l.type()).toList(), types(model));
        assertUsable(model, preset.spec().toString());
        assertTrue(model.selectedProperty().get() < model.levels().size());
    }

    @Test
    void aLoadedPresetIsEditableLikeAnyTower() {
        TowerBuilderViewModel model = model("sgd");
        model.load(TowerPreset.STEROIDS_SGD.spec());

        model.levels().get(0).argument("mu").textProperty().set("0.75");

        assertUsable(model, "sgd_on_steroids(alpha=0.02, mu=0.75, wd=0.001, dp=0.1) / sgd(alpha=0.01)");
    }

    @Test
    void untickingLearnedFixesTheHyperparameterInTheTextAndTickingItAgainLearnsIt() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-05)"));
        ArgumentModel beta1 = model.levels().get(0).argument("beta1");
        assertTrue(beta1.learnedProperty().get());
        beta1.learnedProperty().set(false);
        assertEquals("adam(alpha=0.01, beta1=0.9 fixed) / sgd(alpha=1e-05)", model.specTextProperty().get());
        assertEquals(java.util.Set.of("beta1"), model.specProperty().get().level(0).fixed());
        beta1.learnedProperty().set(true);
        assertEquals("adam(alpha=0.01) / sgd(alpha=1e-05)", model.specTextProperty().get(), "back to the default, learned");
    }

    @Test
    void applyingFixedInTheTextUnticksLearned() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        model.specTextProperty().set("sgd(alpha=0.1, mu=0.5 fixed) / sgd(alpha=0.01)");
        model.applyText();
        assertTrue(!model.levels().get(0).argument("mu").learnedProperty().get());
        assertTrue(model.levels().get(0).argument("alpha").learnedProperty().get());
    }
}
