package org.hypertower.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rivals run in the 2-D playground on the same layer classes as in training, and descend. */
class RivalPathsTest {

    private static final Objective VALLEY = new Objective.Quadratic(1, 10);

    @ParameterizedTest
    // not dadapt_sgd: without a schedule its d keeps growing on this valley until the steps blow up (a known trait of
    // D-Adaptation SGD, which the README of its implementation pairs with a decaying schedule)
    @ValueSource(strings = {"prodigy(d0=1e-3)", "cocob", "dadapt_adam(d0=1e-3)",
            "dog(reps_rel=1e-3)", "schedulefree_sgd(lr=0.05)", "schedulefree_adamw(lr=0.05)"})
    void aRivalDescendsTheValley(String tower) {
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse(tower), -1.5, 0.5, 200, 0);

        assertEquals(Trajectory.Status.FINISHED, path.status(), path.message());
        double start = path.point(0).loss();
        double end = VALLEY.value(path.end()[0], path.end()[1]);
        assertTrue(end < 0.1 * start, tower + " lowered the loss tenfold: " + start + " -> " + end);
        StepInsight insight = path.insight(10);
        assertTrue(insight.formula().startsWith("no hypergradient"), insight.formula());
        assertTrue(Double.isNaN(insight.alphaAfter()), "no learned alpha to show");
    }
}
