package org.hypertower.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/**
 * Playground paths come from the project's own tower: SGD over SGD equals the one-step
 * hypergradient recursion bit for bit, and the other layers, noise and divergence behave.
 */
class TrajectoryTest {

    private static final Objective VALLEY = new Objective.Quadratic(1, 10);

    @Test
    void sgdOverSgdEqualsTheOneStepHypergradientRecursionExactly() {
        double alpha0 = 0.01;
        double kappa = 1e-3;
        int steps = 500;
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=0.001)"), -1.5, 0.5,
                steps, 0);
        assertEquals(List.of("0.alpha", "0.mu", "1.alpha", "1.mu"), path.keys());
        assertEquals(Trajectory.Status.FINISHED, path.status());
        assertEquals(steps, path.length());
        // at step t: alpha_t = alpha_{t-1} + kappa <g_t, g_{t-1}> (no change at t = 0), then x_{t+1} = x_t - alpha_t g_t
        double x = -1.5;
        double y = 0.5;
        double alpha = alpha0;
        double[] previous = null;
        for (int t = 0; t < steps; t++) {
            double gx = 1 * x;
            double gy = 10 * y;
            double dot = previous == null ? 0 : gx * previous[0] + gy * previous[1];
            alpha = alpha + kappa * dot;
            PathPoint p = path.point(t);
            assertEquals(x, p.x(), 0, "x at step " + t);
            assertEquals(y, p.y(), 0, "y at step " + t);
            assertEquals(0.5 * (x * x + 10 * y * y), p.loss(), 0, "loss at step " + t);
            assertEquals(alpha, p.hyperparameters()[0], 0, "alpha after step " + t);
            assertEquals(-dot, p.hypergradients()[0], 0, "dL/dalpha at step " + t);
            assertTrue(Double.isNaN(p.hypergradients()[2]), "the top level's alpha is a constant");
            x = x - alpha * gx;
            y = y - alpha * gy;
            previous = new double[] {gx, gy};
        }
        assertArrayEquals(new double[] {x, y}, path.end(), 0);
    }

    @Test
    void threeSgdLevelsEqualTheRecursionExactly() {
        double beta = 1e-7;
        int steps = 300;
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-4) / sgd(alpha=1e-7)"),
                -1.5, 0.5, steps, 0);
        assertEquals(Trajectory.Status.FINISHED, path.status(), path.message());
        // hypergradients bottom-up from the previous step's buffers, then updates top-down: kappa, alpha, the point
        double x = -1.5;
        double y = 0.5;
        double alpha = 0.01;
        double kappa = 1e-4;
        double[] previous = null;
        double previousAlphaGrad = 0;
        for (int t = 0; t < steps; t++) {
            double gx = x;
            double gy = 10 * y;
            double alphaGrad = previous == null ? 0 : -(gx * previous[0] + gy * previous[1]);
            double kappaGrad = t < 2 ? 0 : -(alphaGrad * previousAlphaGrad);
            kappa = kappa - beta * kappaGrad;
            alpha = alpha - kappa * alphaGrad;
            PathPoint p = path.point(t);
            assertEquals(x, p.x(), 0, "x at step " + t);
            assertEquals(y, p.y(), 0, "y at step " + t);
            assertEquals(alpha, p.hyperparameters()[0], 0, "alpha after step " + t);
            assertEquals(kappa, p.hyperparameters()[2], 0, "kappa after step " + t);
            x = x - alpha * gx;
            y = y - alpha * gy;
            previous = new double[] {gx, gy};
            previousAlphaGrad = alphaGrad;
        }
    }

    @Test
    void adamAtTheBottomTakesAlphaSizedFirstStepsAndDescends() {
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("adam(alpha=0.1) / sgd(alpha=1e-4)"), -1.5, 0.5, 300, 0);
        assertEquals(Trajectory.Status.FINISHED, path.status());
        assertEquals(List.of("0.alpha", "0.beta1", "0.beta2", "1.alpha", "1.mu"), path.keys());
        // Adam's first step moves each coordinate by alpha against the gradient's sign
        assertEquals(-1.5 + 0.1, path.point(1).x(), 1e-6);
        assertEquals(0.5 - 0.1, path.point(1).y(), 1e-6);
        double first = path.point(0).loss();
        double last = VALLEY.value(path.end()[0], path.end()[1]);
        assertTrue(last < first * 1e-3, "loss from " + first + " to " + last);
        double[] learned = path.point(path.length() - 1).hyperparameters();
        assertNotEquals(0.1, learned[0], "alpha learned");
        assertTrue(learned[1] > 0 && learned[1] < 1 && learned[2] > 0 && learned[2] < 1, "betas stay in (0, 1)");
        for (PathPoint p : path.points()) {
            for (double v : p.hyperparameters()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void noisyGradientsRepeatWithTheSeedAndDifferWithAnother() {
        Objective noisy = new Objective.NoisyQuadratic(1, 10, 0.5);
        TowerSpec tower = TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-4)");
        Trajectory a = Trajectory.run(noisy, tower, -1.5, 0.5, 200, 7);
        Trajectory b = Trajectory.run(noisy, tower, -1.5, 0.5, 200, 7);
        Trajectory c = Trajectory.run(noisy, tower, -1.5, 0.5, 200, 8);
        assertArrayEquals(a.xs(), b.xs(), 0);
        assertArrayEquals(a.ys(), b.ys(), 0);
        assertArrayEquals(a.values("0.alpha"), b.values("0.alpha"), 0);
        assertFalse(java.util.Arrays.equals(a.xs(), c.xs()));
        // the noise is in the gradient, not the loss
        PathPoint p = a.point(0);
        assertEquals(VALLEY.value(-1.5, 0.5), p.loss(), 0);
        assertNotEquals(-1.5, p.gx());
    }

    @Test
    void everyTowerSeesTheSameNoise() {
        Objective noisy = new Objective.NoisyQuadratic(1, 10, 0.5);
        List<Trajectory> paths = new Playground(noisy, -1.5, 0.5, List.of(TowerSpec.parse("sgd(0.01)"),
                TowerSpec.parse("adam(0.05)")), 20, 3).run();
        for (int t = 0; t < 20; t++) {
            PathPoint a = paths.get(0).point(t);
            PathPoint b = paths.get(1).point(t);
            assertEquals(a.gx() - a.x(), b.gx() - b.x(), 1e-12, "noise in x at step " + t);
            assertEquals(a.gy() - 10 * a.y(), b.gy() - 10 * b.y(), 1e-12, "noise in y at step " + t);
        }
    }

    @Test
    void noiselessNoisyQuadraticIsTheQuadratic() {
        TowerSpec tower = TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-3)");
        Trajectory plain = Trajectory.run(VALLEY, tower, -1.5, 0.5, 100, 0);
        Trajectory quiet = Trajectory.run(new Objective.NoisyQuadratic(1, 10, 0), tower, -1.5, 0.5, 100, 5);
        assertArrayEquals(plain.xs(), quiet.xs(), 0);
        assertArrayEquals(plain.ys(), quiet.ys(), 0);
    }

    @Test
    void aDivergingTowerStopsWhereItDivergedAndTheOthersGoOn() {
        List<Trajectory> paths = new Playground(VALLEY, -1.5, 0.5, List.of(TowerSpec.parse("sgd(alpha=1)"),
                TowerSpec.parse("sgd(alpha=0.01)")), 1000, 0).run();
        Trajectory diverged = paths.get(0);
        assertEquals(Trajectory.Status.DIVERGED, diverged.status());
        assertTrue(diverged.length() < 1000, "stopped after " + diverged.length() + " steps");
        PathPoint last = diverged.point(diverged.length() - 1);
        double[] end = diverged.end();
        assertFalse(Double.isFinite(last.loss()) && Double.isFinite(end[0]) && Double.isFinite(end[1]),
                "the last step is where it became non-finite");
        assertTrue(diverged.message().startsWith("Diverged at step " + last.step() + ": "), diverged.message());
        for (int t = 0; t < diverged.length() - 1; t++) {
            assertTrue(Double.isFinite(diverged.point(t).loss()));
        }
        assertEquals(Trajectory.Status.FINISHED, paths.get(1).status());
        assertEquals(1000, paths.get(1).length());
    }

    @Test
    void aHyperparameterThatOverflowsStopsThePath() {
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e300)"), -1.5, 0.5,
                100, 0);
        assertEquals(Trajectory.Status.DIVERGED, path.status());
        assertTrue(path.length() < 100);
        assertTrue(path.message().matches("Diverged at step \\d+: .*; lower .*\\."), path.message());
    }

    @Test
    void theSlidersExtremesRun() {
        Trajectory plain = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=1e-8)"), -1.5, 0.5, 300, 0);
        assertEquals(Trajectory.Status.FINISHED, plain.status());
        assertEquals(-1.5, plain.end()[0], 1e-5);
        // the tower learns its way out of a learning rate far too small: the paper's point
        Trajectory tiny = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=1e-8) / sgd(alpha=1e-5)"), -1.5, 0.5, 300, 0);
        assertEquals(Trajectory.Status.FINISHED, tiny.status());
        assertTrue(tiny.values("0.alpha")[299] > 1e-4, "alpha grew to " + tiny.values("0.alpha")[299]);
        for (String tower : List.of("sgd(alpha=1) / sgd(alpha=1e-5)", "adam(alpha=1) / sgd(alpha=1e-5)",
                "rmsprop(alpha=1) / sgd(alpha=1e-5)", "adagrad(alpha=1) / adam(alpha=1e-3)")) {
            Trajectory big = Trajectory.run(VALLEY, TowerSpec.parse(tower), -1.5, 0.5, 300, 0);
            assertEquals(big.status() == Trajectory.Status.FINISHED ? 300 : big.length(), big.length(), tower);
            for (int t = 0; t < big.length() - 1; t++) {
                assertTrue(Double.isFinite(big.point(t).loss()), tower + " at step " + t);
            }
        }
    }

    @Test
    void theScrubberShowsTheGradientsTheirDotAndTheChangeOfAlpha() {
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("sgd(alpha=0.05) / sgd(alpha=1e-3)"), -1.5, 0.5, 50, 0);
        StepInsight first = path.insight(0);
        assertNull(first.previousGradient());
        assertTrue(Double.isNaN(first.gradientDot()));
        assertEquals(0, first.hypergradient());
        assertEquals(0, first.alphaChange());
        assertEquals("0.alpha", first.key());
        assertEquals("dL/dalpha = -<g_t, g_{t-1}>", first.formula());
        for (int t = 1; t < 50; t++) {
            StepInsight s = path.insight(t);
            PathPoint now = path.point(t);
            PathPoint before = path.point(t - 1);
            assertArrayEquals(new double[] {now.gx(), now.gy()}, s.gradient(), 0);
            assertArrayEquals(new double[] {before.gx(), before.gy()}, s.previousGradient(), 0);
            assertEquals(now.gx() * before.gx() + now.gy() * before.gy(), s.gradientDot(), 0);
            assertEquals(-s.gradientDot(), s.hypergradient(), 0, "for SGD, dL/dalpha = -<g_t, g_{t-1}>");
            assertEquals(1e-3 * s.gradientDot(), s.alphaChange(), 1e-15 + 1e-12 * Math.abs(s.alphaChange()));
            assertEquals(before.hyperparameters()[0], s.alphaBefore(), 0);
            assertEquals(now.hyperparameters()[0], s.alphaAfter(), 0);
            assertArrayEquals(s.previousGradient(), s.previousDirection(), 1e-9);
        }
    }

    @Test
    void theScrubberRecoversAdamsDirection() {
        Trajectory path = Trajectory.run(VALLEY, TowerSpec.parse("adam(alpha=0.05) / sgd(alpha=1e-4)"), -1.5, 0.5, 40, 0);
        for (int t = 1; t < 40; t++) {
            StepInsight s = path.insight(t);
            double dirDot = s.gradient()[0] * s.previousDirection()[0] + s.gradient()[1] * s.previousDirection()[1];
            assertEquals(-dirDot, s.hypergradient(), 1e-9 * (1 + Math.abs(dirDot)), "step " + t);
        }
        assertTrue(path.insight(1).formula().contains("m^/(sqrt(v^) + eps)"));
    }

    @Test
    void threeTowersOfFiveHundredStepsTakeMilliseconds() {
        Playground playground = new Playground(new Objective.Rosenbrock(1, 100), -1.5, 2, List.of(
                TowerSpec.parse("sgd(alpha=1e-4) / sgd(alpha=1e-8)"), TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"),
                TowerSpec.parse("sgd(alpha=1e-4, mu=0.9) / adam(alpha=1e-6) / sgd(alpha=1e-5)")), 500, 0);
        for (int i = 0; i < 200; i++) {
            playground.run(); // warm up the JIT, as a slider being dragged does
        }
        int runs = 200;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            playground.run();
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf(java.util.Locale.ROOT, "playground: 3 towers x 500 steps on rosenbrock in %.3f ms%n", ms);
        assertEquals(3, playground.run().size());
    }

    @Test
    void kickMultipliesTheBottomAlphaOnceBeforeItsStep() {
        Objective valley = Objective.parse("quadratic(a=1, b=10)");
        TowerSpec plain = TowerSpec.parse("sgd(alpha=0.01)");
        Trajectory kicked = Trajectory.run(valley, plain, -1.5, 0.5, 30, 0, new Kick(10, 4));
        Trajectory calm = Trajectory.run(valley, plain, -1.5, 0.5, 30, 0);
        assertEquals(calm.point(9).x(), kicked.point(9).x(), 0);
        assertEquals(0.01, kicked.values("0.alpha")[9], 0);
        assertEquals(0.04, kicked.values("0.alpha")[10], 1e-15);
        assertEquals(0.04, kicked.values("0.alpha")[29], 1e-15);
        // step 10 moves x by 0.04 times its gradient (x itself, a = 1)
        assertEquals(kicked.point(10).x() * (1 - 0.04), kicked.point(11).x(), 1e-15);
    }

    @Test
    void kickAfterTheLastStepChangesNothing() {
        Objective valley = Objective.parse("quadratic(a=1, b=10)");
        TowerSpec tower = TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-3)");
        Trajectory kicked = new Playground(valley, -1.5, 0.5, List.of(tower), 20, 0, new Kick(20, 10)).run().get(0);
        Trajectory calm = new Playground(valley, -1.5, 0.5, List.of(tower), 20, 0).run().get(0);
        assertArrayEquals(calm.end(), kicked.end(), 0);
    }

    @Test
    void kickRefusesAStepBeforeOneAndAFactorNotAboveZero() {
        IllegalArgumentException early = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Kick(0, 10));
        assertEquals("A kick comes at step 1 or later, not 0.", early.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Kick(5, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Kick(5, Double.NaN));
    }
}
