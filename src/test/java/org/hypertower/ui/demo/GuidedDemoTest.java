package org.hypertower.ui.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.hypertower.playground.Kick;
import org.hypertower.playground.Trajectory;
import org.hypertower.ui.playground.PlaygroundViewModel;
import org.junit.jupiter.api.Test;

/** The guided demos set up what they say, and what their explanations claim holds. */
class GuidedDemoTest {

    private final PlaygroundViewModel playground = new PlaygroundViewModel();
    private final GuidedDemoModel model = new GuidedDemoModel(new GuidedDemo.Targets(() -> playground));

    private List<Trajectory> choose(String id) {
        model.choose(model.demo(id));
        assertEquals("", playground.errorProperty().get());
        return playground.resultProperty().get().paths();
    }

    private static double alphaAfter(Trajectory path, int step) {
        return path.values("0.alpha")[step];
    }

    private static double meanLoss(Trajectory path, int from) {
        return IntStream.range(from, path.length()).mapToDouble(s -> path.point(s).loss()).average().orElseThrow();
    }

    @Test
    void catalogOffersAtLeastThreeDemosWithShortExplanations() {
        assertTrue(model.demos().size() >= 3);
        for (GuidedDemo demo : model.demos()) {
            long sentences = demo.explanation().chars().filter(c -> c == '.').count();
            assertTrue(sentences >= 3 && demo.explanation().length() < 700, demo.id() + ": " + demo.explanation());
        }
    }

    @Test
    void choosingShowsTheDemoAndClosingHidesIt() {
        GuidedDemo demo = model.demos().get(0);
        model.choose(demo);
        assertSame(demo, model.shownProperty().get());
        model.close();
        assertNull(model.shownProperty().get());
    }

    @Test
    void tooSmallSetsTwoTowersAtATinyAlphaAndTheLevelAboveRescuesIt() {
        playground.towerProperty(2).set("adam(alpha=0.01)");
        List<Trajectory> paths = choose("too-small");
        assertEquals("quadratic(a=1, b=10)", playground.objectiveProperty().get());
        assertEquals(List.of("sgd(alpha=1e-4)", "sgd(alpha=1e-4) / sgd(alpha=1e-3)", ""),
                List.of(playground.towerProperty(0).get(), playground.towerProperty(1).get(),
                        playground.towerProperty(2).get()));
        assertEquals(1e-4, playground.alpha0(), 1e-12);
        assertEquals(1e-3, playground.topStepSize(), 1e-12);
        assertNull(playground.kickProperty().get());
        assertEquals(2, paths.size());
        Trajectory plain = paths.get(0);
        Trajectory tower = paths.get(1);
        double plainLoss = plain.point(199).loss();
        double towerLoss = tower.point(199).loss();
        assertTrue(plainLoss > 1.5, "plain SGD hardly moves: " + plainLoss);
        assertTrue(towerLoss < 1e-10, "the tower reaches the bottom: " + towerLoss);
        assertEquals(0.07, alphaAfter(tower, 199), 0.01);
    }

    @Test
    void kickMultipliesAlphaAtStepTwentyAndTheTowerBringsItBack() {
        List<Trajectory> paths = choose("kick");
        assertEquals(new Kick(20, 10), playground.kickProperty().get());
        assertEquals(0.03, playground.alpha0(), 1e-12);
        assertEquals(1e-4, playground.topStepSize(), 1e-12);
        Trajectory plain = paths.get(0);
        Trajectory tower = paths.get(1);
        assertEquals(0.3, alphaAfter(plain, 20), 1e-12);
        assertTrue(plain.point(199).loss() > 1e50, "plain SGD flies off: " + plain.point(199).loss());
        assertEquals(0.36, alphaAfter(tower, 20), 0.01);
        double highest = IntStream.range(20, 200).mapToDouble(s -> tower.point(s).loss()).max().orElseThrow();
        assertTrue(highest > 100, "the loss jumps: " + highest);
        int back = IntStream.range(20, 200).filter(s -> alphaAfter(tower, s) < 0.2).findFirst().orElseThrow();
        assertEquals(32, back);
        assertEquals(Trajectory.Status.FINISHED, tower.status());
        assertTrue(tower.point(199).loss() < 1e-20, "and comes back: " + tower.point(199).loss());
    }

    @Test
    void noisySetsThreeTowersAndOnlyTheTallestCalmsTheBounce() {
        List<Trajectory> paths = choose("noisy");
        assertEquals("noisy_quadratic(a=1, b=10, sigma=1)", playground.objectiveProperty().get());
        assertEquals(400, playground.stepsProperty().get());
        assertEquals(1e-6, playground.topStepSize(), 1e-15);
        assertEquals(3, paths.size());
        paths.forEach(p -> assertEquals(Trajectory.Status.FINISHED, p.status()));
        double plain = meanLoss(paths.get(0), 300);
        double two = meanLoss(paths.get(1), 300);
        double three = meanLoss(paths.get(2), 300);
        assertTrue(alphaAfter(paths.get(1), 399) > 0.14, "tower 2's alpha hardly moves");
        double tallest = alphaAfter(paths.get(2), 399);
        assertTrue(tallest > 0 && tallest < 0.01, "tower 3's alpha falls below 0.01: " + tallest);
        assertTrue(two > plain / 2, "tower 2 bounces like plain SGD: " + two + " vs " + plain);
        assertTrue(three < plain / 30, "tower 3 settles: " + three + " vs " + plain);
    }

    @Test
    void aDemoChosenAgainUndoesTheClassesChanges() {
        choose("kick");
        playground.setAlpha0(0.5);
        playground.towerProperty(1).set("adam(alpha=0.1)");
        List<Trajectory> again = choose("kick");
        assertEquals(0.3, alphaAfter(again.get(0), 20), 1e-12);
        assertEquals("sgd(alpha=0.03) / sgd(alpha=1e-4)", playground.towerProperty(1).get());
    }
}
