package org.hypertower.ui.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hypertower.playground.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Playground tab's logic without a window: recomputing on every change, bad input, extremes, divergence. */
class PlaygroundViewModelTest {

    @Test
    void startsWithThreeTowersOnTheValley() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        PlaygroundViewModel.Result result = model.resultProperty().get();
        assertEquals(3, result.paths().size());
        result.paths().forEach(p -> assertEquals(200, p.length()));
        assertEquals("", model.errorProperty().get());
    }

    @Test
    void movingTheAlpha0SliderRerunsEveryTowerWithThatAlpha() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        PlaygroundViewModel.Result before = model.resultProperty().get();
        model.alpha0LogProperty().set(-1.5);
        PlaygroundViewModel.Result after = model.resultProperty().get();
        assertNotEquals(before, after);
        double alpha = Math.pow(10, -1.5);
        after.towers().forEach(t -> assertEquals(alpha, t.level(0).value("alpha"), 1e-15));
        assertNotEquals(before.paths().get(0).end()[0], after.paths().get(0).end()[0]);
    }

    @Test
    void theTopSliderSetsOnlyTheTopLevelOfTallTowers() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.setTopStepSize(1e-5);
        PlaygroundViewModel.Result result = model.resultProperty().get();
        assertEquals(0.01, result.towers().get(0).level(0).value("alpha"), 1e-15);
        assertEquals(1e-5, result.towers().get(1).level(1).value("alpha"), 1e-18);
        assertEquals(0.01, result.towers().get(1).level(0).value("alpha"), 1e-15);
    }

    @Test
    void aBadObjectiveKeepsTheLastResultAndSaysOneSentence() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        PlaygroundViewModel.Result good = model.resultProperty().get();
        model.objectiveProperty().set("quadratic(a=1, b=)");
        assertSame(good, model.resultProperty().get());
        String error = model.errorProperty().get();
        assertFalse(error.isBlank());
        assertTrue(error.endsWith("."), error);
        assertFalse(error.contains("\n"), error);
        model.objectiveProperty().set("rosenbrock(a=1, b=100)");
        assertEquals("", model.errorProperty().get());
        assertEquals("rosenbrock", model.resultProperty().get().objective().name());
    }

    @Test
    void aBadTowerNamesItsFieldAndKeepsTheLastResult() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        PlaygroundViewModel.Result good = model.resultProperty().get();
        model.towerProperty(1).set("sgd(alpha=");
        assertSame(good, model.resultProperty().get());
        assertTrue(model.errorProperty().get().startsWith("Tower 2: "), model.errorProperty().get());
    }

    @Test
    void aBadStartPointKeepsTheLastResult() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        PlaygroundViewModel.Result good = model.resultProperty().get();
        model.setStart("1, two");
        assertSame(good, model.resultProperty().get());
        assertTrue(model.errorProperty().get().contains("two finite numbers"));
        model.setStart("1, 1");
        assertEquals(1.0, model.resultProperty().get().startY());
    }

    @Test
    void blankTowersAreLeftOut() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.towerProperty(2).set(" ");
        assertEquals(2, model.resultProperty().get().paths().size());
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-8, 1})
    void theSlidersExtremesRun(double alpha) {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.setAlpha0(alpha);
        model.setTopStepSize(alpha);
        assertEquals("", model.errorProperty().get());
        PlaygroundViewModel.Result result = model.resultProperty().get();
        assertEquals(alpha, result.towers().get(0).level(0).value("alpha"), alpha * 1e-12);
        assertEquals(3, result.paths().size());
    }

    @Test
    void aDivergingTowerStopsAndIsMarkedWhileTheOthersGoOn() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.towerProperty(0).set("sgd(alpha=0.01)");
        model.towerProperty(1).set("sgd(alpha=0.01) / sgd(alpha=0.001)");
        model.towerProperty(2).set("adam(alpha=0.01)");
        model.setAlpha0(1); // far past 2/b = 0.2: plain SGD's y grows 9-fold a step until the loss overflows
        List<Trajectory> paths = model.resultProperty().get().paths();
        assertEquals(Trajectory.Status.DIVERGED, paths.get(0).status());
        assertTrue(paths.get(0).length() < 200);
        assertTrue(paths.get(0).message().startsWith("Diverged at step "), paths.get(0).message());
        assertEquals(Trajectory.Status.FINISHED, paths.get(2).status());
        assertEquals(200, paths.get(2).length());
    }

    @Test
    void theScrubberShowsTheDotProductOfConsecutiveGradients() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.scrubTowerProperty().set(0);
        model.scrubStepProperty().set(1);
        // SGD, alpha 0.01, on (x^2 + 10 y^2)/2 from (-1.5, 0.5): g_0 = (-1.5, 5), p_1 = (-1.485, 0.45), g_1 = (-1.485, 4.5)
        assertEquals(1.5 * 1.485 + 5 * 4.5, model.insightProperty().get().gradientDot(), 1e-12);
        assertTrue(model.insightText().contains("<g_t, g_{t-1}> = " + PlaygroundViewModel.dot(24.7275)),
                model.insightText());
    }

    @Test
    void theScrubberOnATallTowerShowsTheFormulaAndAlphasChange() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.scrubTowerProperty().set(1);
        model.scrubStepProperty().set(3);
        String text = model.insightText();
        assertTrue(text.contains("dL/dalpha = -<g_t, g_{t-1}>"), text);
        var insight = model.insightProperty().get();
        assertEquals(insight.alphaBefore() - 1e-3 * insight.hypergradient(), insight.alphaAfter(), 1e-15);
    }

    @Test
    void theScrubbedStepIsClampedToAShorterPath() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        model.scrubTowerProperty().set(0);
        model.scrubStepProperty().set(10_000);
        assertEquals(199, model.insightProperty().get().step());
    }

    @Test
    void theCsvHasTheCommandLinesColumns() {
        PlaygroundViewModel model = new PlaygroundViewModel();
        String csv = model.resultProperty().get().csv();
        assertTrue(csv.startsWith("step,x,y,loss,0.alpha,"), csv.substring(0, 60));
        assertEquals(1 + 3 * 200, csv.split("\n").length);
    }
}
