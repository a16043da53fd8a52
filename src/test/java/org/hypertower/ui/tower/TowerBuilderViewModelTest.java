package org.hypertower.ui.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

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
    void typingAValidSpecRebuildsTheLevels() {
        TowerBuilderViewModel model = model(ADAM_SGD);

        model.specTextProperty().set("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(1e-4)");

        assertEquals(List.of(LayerType.RMSPROP, LayerType.SGD_ON_STEROIDS, LayerType.SGD), types(model));
        assertEquals("0.02", model.levels().get(0).argument("alpha").textProperty().get());
        assertEquals("0.9", model.levels().get(0).argument("gamma").textProperty().get());
        assertEquals("", model.levels().get(1).argument("alpha").textProperty().get());
        assertEquals("0.0001", model.levels().get(2).argument("alpha").textProperty().get());
        assertEquals(TowerSpec.parse("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(alpha=0.0001)"),
                model.specProperty().get());
        assertNull(model.errorProperty().get());
        assertEquals("rmsprop(alpha=0.02, gamma=0.9) / sgd_on_steroids / sgd(1e-4)", model.specTextProperty().get(),
                "the text being typed is not rewritten under the caret");
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
    void typingAValidSpecAfterAnInvalidOneClearsTheError() {
        TowerBuilderViewModel model = model(ADAM_SGD);
        model.specTextProperty().set("adam(");

        model.specTextProperty().set("sgd(alpha=0.1)");

        assertUsable(model, "sgd(alpha=0.1)");
        assertEquals(List.of(LayerType.SGD), types(model));
    }

    @Test
    void typingAShorterTowerKeepsTheSelectionInRange() {
        TowerBuilderViewModel model = model("sgd / sgd / sgd");
        model.selectedProperty().set(2);

        model.specTextProperty().set("adam");

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
    void typingFixedInTheTextUnticksLearned() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"));
        model.specTextProperty().set("sgd(alpha=0.1, mu=0.5 fixed) / sgd(alpha=0.01)");
        assertTrue(!model.levels().get(0).argument("mu").learnedProperty().get());
        assertTrue(model.levels().get(0).argument("alpha").learnedProperty().get());
    }
}
