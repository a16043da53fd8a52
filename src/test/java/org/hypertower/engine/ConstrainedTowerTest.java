package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/**
 * A constrained tower projects every update of a learned hyperparameter back into its range; the
 * reference does not, and on Iris a three-level SGD_ON_STEROIDS tower drives level 1's learning
 * rate and momentum below zero within ten epochs.
 */
class ConstrainedTowerTest {

    private static final TowerSpec STEROIDS = TowerSpec.parse(
            "sgd_on_steroids(alpha=0.01) / sgd_on_steroids(alpha=0.01) / sgd_on_steroids(alpha=0.01)");

    /** Every step's hyperparameter values, by key. */
    private record Trace(List<String> keys, List<double[]> values, List<Double> losses, List<String> end) {}

    private static Trace run(TowerSpec tower, int epochs, boolean constrained) {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8}, tower, epochs, 10, 1, 0.2, "float32")
                .withConstrained(constrained);
        Trace t = new Trace(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        RunEnded ended = RunFactory.create(config).run(new RunListener() {
            @Override
            public void started(RunStarted e) {
                t.keys().addAll(e.hyperparameterKeys());
            }

            @Override
            public void step(StepMetrics m) {
                t.values().add(m.hyperparameters().clone());
                t.losses().add(m.loss());
            }
        });
        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        t.end().add(ended.message());
        return t;
    }

    private static boolean inRange(String key, double v) {
        String name = key.substring(key.indexOf('.') + 1);
        return switch (name) {
            case "alpha", "wd" -> v >= 0;
            case "mu" -> v >= 0 && v < 1;
            case "dp" -> v >= 0 && v <= 1;
            case "beta1", "beta2" -> v > 0 && v < 1;
            default -> throw new AssertionError(key);
        };
    }

    private static List<String> outOfRange(Trace t) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < t.values().size(); s++) {
            for (int k = 0; k < t.keys().size(); k++) {
                if (!inRange(t.keys().get(k), t.values().get(s)[k])) {
                    out.add("step " + (s + 1) + " " + t.keys().get(k) + "=" + t.values().get(s)[k]);
                }
            }
        }
        return out;
    }

    @Test
    void theReferenceLetsALearningRateTurnNegativeAndAConstrainedTowerKeepsEveryValueInRange() {
        Trace free = run(STEROIDS, 10, false);
        List<String> freeOut = outOfRange(free);
        assertTrue(freeOut.stream().anyMatch(s -> s.contains(" 1.alpha=-")),
                "the premise: unconstrained, level 1's alpha goes negative: " + freeOut);

        Trace kept = run(STEROIDS, 10, true);
        assertEquals(List.of(), outOfRange(kept), "constrained, every value at every step is in range");
        assertEquals(free.values().size(), kept.values().size());
        int last = kept.values().size() - 1;
        assertNotEquals(free.values().get(last)[free.keys().indexOf("1.alpha")],
                kept.values().get(last)[kept.keys().indexOf("1.alpha")]);
        // the projection puts a value on the bound, not somewhere inside the range
        boolean onBound = false;
        for (double[] v : kept.values()) {
            onBound |= v[kept.keys().indexOf("1.mu")] == 0.0 || v[kept.keys().indexOf("1.alpha")] == 0.0;
        }
        assertTrue(onBound, "some update was projected onto 0");
        assertTrue(kept.end().get(0).matches("Completed 10 epochs, 30 steps\\. \\d+ updates of learned hyperparameters "
                + "were projected back into range\\."), kept.end().get(0));
        assertEquals("Completed 10 epochs, 30 steps.", free.end().get(0));
    }

    @Test
    void valuesKeptInRangeByTheirReparametrizationAreLeftAloneAndDivergenceIsStillReportedWhereItHappens() {
        // an absurd step for the level above: Adam's betas leave (0, 1) through their tanh, alpha overflows
        TowerSpec wild = TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=100000)");
        List<RunEnded> ends = new ArrayList<>();
        for (boolean constrained : new boolean[] {false, true}) {
            RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8}, wild, 3, 10, 1, 0.2, "float32")
                    .withConstrained(constrained);
            ends.add(RunFactory.create(config).run(new RunListener() { }));
        }
        assertEquals(RunStatus.DIVERGED, ends.get(0).status(), ends.get(0).message());
        assertEquals(ends.get(0), ends.get(1), "the same divergence, at the same step, with the same message");
    }

    @Test
    void aTowerThatStaysInRangeTrainsExactlyAlikeConstrainedOrNot() {
        TowerSpec tower = TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-05)");
        Trace free = run(tower, 3, false);
        Trace kept = run(tower, 3, true);
        assertEquals(List.of(), outOfRange(free), "the premise: nothing leaves its range");
        assertEquals(free.losses(), kept.losses());
        for (int s = 0; s < free.values().size(); s++) {
            assertArrayEquals(free.values().get(s), kept.values().get(s), 0.0, "step " + (s + 1));
        }
    }
}
