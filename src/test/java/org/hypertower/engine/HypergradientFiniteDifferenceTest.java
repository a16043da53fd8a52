package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.data.LabeledData;
import org.hypertower.tower.Level;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every layer type, at level 0 (updating DJL arrays) and at level 1 (updating doubles), the
 * hypergradient the tower reports at step t equals a central finite difference of step t's loss
 * with respect to that hyperparameter as used in step t-1's update (float64). The level above the
 * one checked is {@code sgd(alpha=0)}, so hyperparameters stay put and only the perturbation moves.
 */
class HypergradientFiniteDifferenceTest {

    static final List<String> LAYERS = List.of(
            "sgd(alpha=0.05)",
            "sgd(alpha=0.05, mu=0.6)",
            "sgd_on_steroids(alpha=0.05, mu=0.6, wd=0.01, dp=0.2)",
            "adam(alpha=0.02, beta1=0.8, beta2=0.99)",
            "adam_baydin(alpha=0.02)",
            "adagrad(alpha=0.1)",
            "rmsprop(alpha=0.01, gamma=0.9)",
            "rmsprop_alpha(alpha=0.01)",
            "sgd_per_param(alpha=0.05)",
            // a fixed hyperparameter is left out; the others' hypergradients are unchanged
            "adam(alpha=0.02, beta1=0.8 fixed, beta2=0.99)",
            "sgd_on_steroids(alpha=0.05, mu=0.6, wd=0.01 fixed, dp=0.2)");

    static ReferenceTrajectory problem;
    static LabeledData data;

    @BeforeAll
    static void loadProblem() {
        problem = ReferenceTrajectory.read(ReplayParityTest.reference("sgd"));
        data = Replay.data(problem);
    }

    static Stream<Arguments> cases() {
        return LAYERS.stream().flatMap(layer -> Stream.of(
                // level 0: the layer optimizes the model
                Arguments.of(layer + " / sgd(alpha=0.0)", 0, 1),
                Arguments.of(layer + " / sgd(alpha=0.0)", 0, 4),
                // level 1: the layer optimizes adam's hyperparameters
                Arguments.of("adam(alpha=0.02, beta1=0.8, beta2=0.99) / " + layer + " / sgd(alpha=0.0)", 1, 1),
                Arguments.of("adam(alpha=0.02, beta1=0.8, beta2=0.99) / " + layer + " / sgd(alpha=0.0)", 1, 4)));
    }

    @ParameterizedTest(name = "{0}: level {1} at step {2}")
    @MethodSource("cases")
    void hypergradientEqualsCentralFiniteDifference(String spec, int level, int step) {
        TowerSpec tower = TowerSpec.parse(spec);
        double[] analytic;
        List<String> names;
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, tower, DataType.FLOAT64, manager)) {
            for (int t = 0; t <= step; t++) {
                Replay.step(problem, data, trainer, t);
            }
            names = trainer.tower().level(level).hyperparameterNames();
            int offset = trainer.tower().hyperparameterKeys().indexOf(level + "." + names.get(0));
            double[] all = trainer.tower().hypergradients();
            analytic = java.util.Arrays.copyOfRange(all, offset, offset + names.size());
        }
        for (int j = 0; j < names.size(); j++) {
            double eps = 1e-6;
            double plus = lossAfterPerturbation(tower, level, j, step, eps);
            double minus = lossAfterPerturbation(tower, level, j, step, -eps);
            double numeric = (plus - minus) / (2 * eps);
            double tolerance = 1e-5 * Math.max(Math.abs(numeric), 1e-3);
            assertTrue(Double.isFinite(analytic[j]), names.get(j) + " hypergradient is finite");
            assertEquals(numeric, analytic[j], tolerance, spec + ": d loss / d " + level + "." + names.get(j));
        }
    }

    @org.junit.jupiter.api.Test
    void aConstrainedTowersHypergradientGoesThroughTheProjection() {
        // level 1 moves level 0's momentum, weight decay and dampening, which start on their bound 0:
        // a step that would take one below 0 leaves it on 0, and then it does not move with level 1's alpha
        TowerSpec tower = TowerSpec.parse("sgd_on_steroids(alpha=0.05, mu=0.0, wd=0.0, dp=0.0) / sgd(alpha=0.5) / "
                + "sgd(alpha=0.0)");
        int checked = 0;
        for (int step = 2; step <= 5; step++) {
            double[] analytic;
            int alpha1;
            long before;
            long after;
            try (NDManager manager = NDManager.newBaseManager();
                    TowerTrainer trainer = Replay.newTrainer(problem, tower, DataType.FLOAT64, manager, true)) {
                before = 0;
                after = 0;
                for (int t = 0; t <= step; t++) {
                    if (t == step - 1) {
                        before = trainer.tower().clamps();
                    }
                    Replay.step(problem, data, trainer, t);
                    if (t == step - 1) {
                        after = trainer.tower().clamps();
                    }
                }
                analytic = trainer.tower().hypergradients();
                alpha1 = trainer.tower().hyperparameterKeys().indexOf("1.alpha");
            }
            if (after == before) {
                continue; // nothing was projected in step-1's update: an ordinary step
            }
            checked++;
            double eps = 1e-6;
            double numeric = (constrainedLoss(tower, step, eps) - constrainedLoss(tower, step, -eps)) / (2 * eps);
            assertEquals(numeric, analytic[alpha1], 1e-5 * Math.max(Math.abs(numeric), 1e-3),
                    "d loss / d 1.alpha at step " + step + " through the projection");
        }
        assertTrue(checked >= 1, "some step projected a value: the premise of the check");
    }

    private static double constrainedLoss(TowerSpec tower, int step, double delta) {
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, tower, DataType.FLOAT64, manager, true)) {
            for (int t = 0; t < step; t++) {
                if (t == step - 1) {
                    Level<?> l = trainer.tower().level(1);
                    l.setRaw(0, l.raw(0) + delta);
                }
                Replay.step(problem, data, trainer, t);
            }
            return Replay.step(problem, data, trainer, step).loss();
        }
    }

    /** The loss of step {@code step} when hyperparameter j of a level is shifted in step-1's update. */
    private static double lossAfterPerturbation(TowerSpec tower, int level, int j, int step, double delta) {
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, tower, DataType.FLOAT64, manager)) {
            for (int t = 0; t < step; t++) {
                if (t == step - 1) {
                    Level<?> l = trainer.tower().level(level);
                    l.setRaw(j, l.reparam(j).toRaw(l.effective(j) + delta));
                }
                Replay.step(problem, data, trainer, t);
            }
            return Replay.step(problem, data, trainer, step).loss();
        }
    }
}
