package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rival layer, run through a {@link Tower} over {@link DoubleVectorOps}, against its update
 * rule written out here again in plain double arithmetic, on a small ill-conditioned quadratic:
 * the weights, the reported scalar and the evaluation point after every step, to 1e-12.
 */
class RivalLayersTest {

    private static final double[] START = {1.0, -2.0, 0.5};
    private static final double[] CURVATURE = {3.0, 0.5, 10.0};
    private static final int STEPS = 6;

    /** The gradient of {@code sum_i c_i (x_i - 0.1 i)^2 / 2}, with a step-dependent wobble. */
    private static double[] gradient(double[] x, int t) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = CURVATURE[i] * (x[i] - 0.1 * i) + 0.01 * Math.sin(t + i);
        }
        return g;
    }

    /** A layer's expected state after a step: the new weights, its scalar (NaN for none), its evaluation point. */
    private record Expected(double[] weights, double scalar, double[] evaluation) {}

    /** The independent recursion of one rival: call once per step with the gradient at the current weights. */
    private interface Recursion {
        Expected step(double[] x, double[] g);
    }

    private static void assertMatches(String spec, Recursion expected) {
        Tower<double[]> tower = new Tower<>(TowerSpec.parse(spec), DoubleVectorOps.INSTANCE, List.of("w"));
        double[] x = START.clone();
        double[] mine = START.clone();
        for (int t = 0; t < STEPS; t++) {
            double[] g = gradient(x, t);
            Expected e = expected.step(mine, gradient(mine, t));
            x = tower.step(List.of(x), List.of(g)).get(0);
            mine = e.weights();
            int step = t;
            assertArrayEquals(e.weights(), x, 1e-12, () -> spec + " weights after step " + step);
            double[] values = tower.hyperparameterValues();
            if (Double.isNaN(e.scalar())) {
                assertEquals(0, values.length, spec + " reports nothing");
            } else {
                assertEquals(e.scalar(), values[0], 1e-12 * Math.abs(e.scalar()), () -> spec + " scalar after step " + step);
            }
            assertArrayEquals(e.evaluation(), tower.evaluationWeights(List.of(x)).get(0), 1e-12,
                    () -> spec + " evaluation point after step " + step);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void dadaptSgdMatchesItsRecursion() {
        for (String spec : List.of("dadapt_sgd(d0=0.01)", "dadapt_sgd(d0=0.01, lr=0.5, momentum=0.6, wd=0.05)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double lr = level.value("lr");
            double mom = level.value("momentum");
            double wd = level.value("wd");
            double[] d = {level.value("d0")};
            double[] n = {0};
            double[] g0 = {0};
            double[] s = new double[3];
            double[] x0 = START.clone();
            int[] k = {0};
            assertMatches(spec, (x, g) -> {
                if (k[0]++ == 0) {
                    g0[0] = Math.sqrt(dot(g, g)); // without weight decay
                }
                double[] gw = new double[3];
                for (int i = 0; i < 3; i++) {
                    gw[i] = g[i] + wd * x[i];
                }
                double lambda = d[0] * lr / g0[0];
                n[0] += lambda * dot(gw, s);
                for (int i = 0; i < 3; i++) {
                    s[i] += lambda * gw[i];
                }
                d[0] = Math.max(d[0], 2 * n[0] / Math.sqrt(dot(s, s)));
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    double z = x0[i] - s[i];
                    out[i] = mom == 0 ? z : mom * x[i] + (1 - mom) * z;
                }
                return new Expected(out, d[0], out);
            });
        }
    }

    @Test
    void dadaptAdamMatchesItsRecursion() {
        for (String spec : List.of("dadapt_adam(d0=0.01)", "dadapt_adam(d0=0.01, lr=0.7, beta1=0.8, beta2=0.99, eps=1e-6, wd=0.05)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double lr = level.value("lr");
            double b1 = level.value("beta1");
            double b2 = level.value("beta2");
            double eps = level.value("eps");
            double wd = level.value("wd");
            double sb2 = Math.sqrt(b2);
            double[] d = {level.value("d0")};
            double[] n = {0};
            double[] m = new double[3];
            double[] v = new double[3];
            double[] s = new double[3];
            assertMatches(spec, (x, g) -> {
                double eta = d[0] * lr;
                double acc = 0;
                double l1 = 0;
                for (int i = 0; i < 3; i++) {
                    double gi = g[i] + wd * x[i];
                    acc += gi * s[i] / (Math.sqrt(v[i]) + eps);
                    m[i] = b1 * m[i] + eta * (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    s[i] = sb2 * s[i] + eta * (1 - sb2) * gi;
                    l1 += Math.abs(s[i]);
                }
                n[0] = sb2 * n[0] + (1 - sb2) * eta * acc;
                d[0] = Math.max(d[0], n[0] / ((1 - sb2) * l1));
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    out[i] = x[i] - m[i] / (Math.sqrt(v[i]) + eps);
                }
                return new Expected(out, d[0], out);
            });
        }
    }

    @Test
    void prodigyMatchesItsRecursion() {
        for (String spec : List.of("prodigy(d0=0.001)", "prodigy(d0=0.001, lr=0.8, beta1=0.8, beta2=0.99, d_coef=0.5, wd=0.05)",
                "prodigy(d0=0.001, beta1=0.0)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double d0 = level.value("d0");
            double lr = level.value("lr");
            double b1 = level.value("beta1");
            double b2 = level.value("beta2");
            double coef = level.value("d_coef");
            double wd = level.value("wd");
            double b3 = Math.sqrt(b2);
            double[] d = {d0};
            double[] dMax = {d0};
            double[] n = {0};
            double[] m = new double[3];
            double[] v = new double[3];
            double[] s = new double[3];
            double[] x0 = START.clone();
            assertMatches(spec, (x, g) -> {
                double eta = d[0] * lr;
                double dn = 0;
                double l1 = 0;
                for (int i = 0; i < 3; i++) {
                    dn += g[i] * (x0[i] - x[i]);
                    m[i] = b1 * m[i] + d[0] * (1 - b1) * g[i];
                    v[i] = b2 * v[i] + d[0] * d[0] * (1 - b2) * g[i] * g[i];
                    s[i] = b3 * s[i] + d[0] / d0 * eta * g[i];
                    l1 += Math.abs(s[i]);
                }
                n[0] = b3 * n[0] + d[0] / d0 * eta * dn;
                double dHat = coef * n[0] / l1;
                if (d[0] == d0) {
                    d[0] = Math.max(d[0], dHat);
                }
                dMax[0] = Math.max(dMax[0], dHat);
                d[0] = dMax[0];
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    double denom = Math.sqrt(v[i]) + d[0] * 1e-8;
                    double p = x[i] - wd * eta * x[i];
                    out[i] = p - eta * (b1 > 0 ? m[i] : d[0] * g[i]) / denom;
                }
                return new Expected(out, d[0], out);
            });
        }
    }

    @Test
    void dogMatchesItsRecursionAndIsEvaluatedAtItsAverage() {
        for (String spec : List.of("dog(reps_rel=0.01)", "dog(reps_rel=0.01, wd=0.05)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double wd = level.value("wd");
            double[] rbar = {level.value("reps_rel") * (1 + Math.sqrt(dot(START, START)))};
            double[] sum = {1e-8};
            double[] avg = START.clone();
            double[] x0 = START.clone();
            int[] t = {0};
            assertMatches(spec, (x, g) -> {
                double[] gw = new double[3];
                double[] dx = new double[3];
                for (int i = 0; i < 3; i++) {
                    gw[i] = g[i] + wd * x[i];
                    dx[i] = x[i] - x0[i];
                }
                rbar[0] = Math.max(rbar[0], Math.sqrt(dot(dx, dx)));
                sum[0] += dot(gw, gw);
                double eta = rbar[0] / Math.sqrt(sum[0]);
                t[0]++;
                double w = 9.0 / (t[0] + 8);
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    out[i] = x[i] - eta * gw[i];
                    avg[i] = (1 - w) * avg[i] + w * out[i];
                }
                return new Expected(out, eta, avg.clone());
            });
        }
    }

    @Test
    void scheduleFreeSgdMatchesItsRecursionAndIsEvaluatedAtX() {
        for (String spec : List.of("schedulefree_sgd(lr=0.1)", "schedulefree_sgd(lr=0.1, beta=0.8, wd=0.05)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double lr = level.value("lr");
            double beta = level.value("beta");
            double wd = level.value("wd");
            double[] xs = START.clone();
            double[] z = START.clone();
            int[] k = {0};
            assertMatches(spec, (y, g) -> {
                double c = 1.0 / ++k[0];
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    z[i] -= lr * (g[i] + wd * y[i]);
                    xs[i] = (1 - c) * xs[i] + c * z[i];
                    out[i] = beta * xs[i] + (1 - beta) * z[i];
                }
                return new Expected(out, Double.NaN, xs.clone());
            });
        }
    }

    @Test
    void scheduleFreeAdamWMatchesItsRecursionAndIsEvaluatedAtX() {
        for (String spec : List.of("schedulefree_adamw(lr=0.05)",
                "schedulefree_adamw(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, wd=0.05)")) {
            LayerSpec level = TowerSpec.parse(spec).level(0);
            double lr = level.value("lr");
            double b1 = level.value("beta1");
            double b2 = level.value("beta2");
            double eps = level.value("eps");
            double wd = level.value("wd");
            double[] xs = START.clone();
            double[] z = START.clone();
            double[] v = new double[3];
            int[] k = {0};
            assertMatches(spec, (y, g) -> {
                k[0]++;
                double c = 1.0 / k[0];
                double bias = 1 - Math.pow(b2, k[0]);
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    z[i] -= lr * wd * y[i];
                    z[i] -= lr * g[i] / (Math.sqrt(v[i] / bias) + eps);
                    xs[i] = (1 - c) * xs[i] + c * z[i];
                    out[i] = b1 * xs[i] + (1 - b1) * z[i];
                }
                return new Expected(out, Double.NaN, xs.clone());
            });
        }
    }

    @Test
    void cocobMatchesItsRecursionFromTheInitialWeights() {
        for (String spec : List.of("cocob", "cocob(alpha=10.0)")) {
            double alpha = TowerSpec.parse(spec).level(0).value("alpha");
            double[] big = {1e-8, 1e-8, 1e-8};
            double[] sum = new double[3];
            double[] abs = new double[3];
            double[] reward = new double[3];
            double[] bet = new double[3];
            assertMatches(spec, (x, g) -> {
                double[] out = new double[3];
                for (int i = 0; i < 3; i++) {
                    big[i] = Math.max(big[i], Math.abs(g[i]));
                    sum[i] += g[i];
                    abs[i] += Math.abs(g[i]);
                    reward[i] = Math.max(reward[i] - g[i] * bet[i], 0);
                    bet[i] = -sum[i] / (big[i] * Math.max(abs[i] + big[i], alpha * big[i])) * (reward[i] + big[i]);
                    out[i] = START[i] + bet[i];
                }
                return new Expected(out, Double.NaN, out);
            });
        }
    }

    @Test
    void cocobFirstMoveIsOneOverAlphaPerWeightWhateverTheGradientScale() {
        Tower<double[]> tower = new Tower<>(TowerSpec.parse("cocob(alpha=50.0)"), DoubleVectorOps.INSTANCE, List.of("w"));
        double[] x = tower.step(List.of(START.clone()), List.of(new double[] {1e-3, -40.0, 7.0})).get(0);

        assertArrayEquals(new double[] {START[0] - 0.02, START[1] + 0.02, START[2] - 0.02}, x, 1e-12);
    }

    @Test
    void prodigyAndDadaptFirstStepsAreSetByD0() {
        double[] g = {0.3, -4.0, 2.0};
        Tower<double[]> sgd = new Tower<>(TowerSpec.parse("dadapt_sgd(d0=0.001)"), DoubleVectorOps.INSTANCE, List.of("w"));
        double[] x = sgd.step(List.of(START.clone()), List.of(g)).get(0);
        double[] moved = new double[3];
        for (int i = 0; i < 3; i++) {
            moved[i] = x[i] - START[i];
        }
        assertEquals(0.001, Math.sqrt(dot(moved, moved)), 1e-15, "dadapt_sgd's first step has length d0 lr");

        Tower<double[]> prodigy = new Tower<>(TowerSpec.parse("prodigy(d0=0.001)"), DoubleVectorOps.INSTANCE, List.of("w"));
        double[] p = prodigy.step(List.of(START.clone()), List.of(g)).get(0);
        for (int i = 0; i < 3; i++) {
            // m = d0 (1-b1) g, sqrt(v) = d0 sqrt(1-b2) |g|: each weight moves d0 (1-b1)/sqrt(1-b2) ~ 3.16 d0 (eps aside)
            assertEquals(-Math.signum(g[i]) * 0.001 * 0.1 / Math.sqrt(0.001), p[i] - START[i], 1e-8, "weight " + i);
        }
        assertEquals(0.001, prodigy.hyperparameterValues()[0], 0, "d stays d0 after the first step (x = x0 there)");
    }

    @Test
    void theAdaptedScalarIsReportedAsLevelZerosHyperparameter() {
        assertEquals(List.of("0.d"), keys("dadapt_sgd"));
        assertEquals(List.of("0.d"), keys("dadapt_adam"));
        assertEquals(List.of("0.d"), keys("prodigy"));
        assertEquals(List.of("0.eta"), keys("dog"));
        assertEquals(List.of(), keys("schedulefree_sgd"));
        assertEquals(List.of(), keys("schedulefree_adamw"));
        assertEquals(List.of(), keys("cocob"));
        Tower<double[]> prodigy = new Tower<>(TowerSpec.parse("prodigy(d0=0.0001)"), DoubleVectorOps.INSTANCE, List.of("w"));
        assertArrayEquals(new double[] {1e-4}, prodigy.hyperparameterValues(), "d is d0 before the first step");
    }

    private static List<String> keys(String spec) {
        return new Tower<>(TowerSpec.parse(spec), DoubleVectorOps.INSTANCE, List.of("w")).hyperparameterKeys();
    }

    @Test
    void dCanBeSetBetweenStepsAndTheNextStepUsesIt() {
        Tower<double[]> a = new Tower<>(TowerSpec.parse("dadapt_sgd(d0=0.001)"), DoubleVectorOps.INSTANCE, List.of("w"));
        Tower<double[]> b = new Tower<>(TowerSpec.parse("dadapt_sgd(d0=0.5)"), DoubleVectorOps.INSTANCE, List.of("w"));
        double[] g = {0.3, -4.0, 2.0};

        assertEquals(0.001, a.set("0.d", 0.5));
        double[] xa = a.step(List.of(START.clone()), List.of(g)).get(0);
        double[] xb = b.step(List.of(START.clone()), List.of(g)).get(0);

        assertArrayEquals(xb, xa, 0, "setting d before the step is starting from that d");
    }

    @Test
    void etaCannotBeSetBecauseDogRecomputesIt() {
        Tower<double[]> dog = new Tower<>(TowerSpec.parse("dog"), DoubleVectorOps.INSTANCE, List.of("w"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dog.checkSettable("0.eta", 0.1));
        assertTrue(e.getMessage().startsWith("0.eta cannot be set: dog recomputes its step size eta"), e.getMessage());
        assertTrue(e.getMessage().contains("reps_rel"), e.getMessage());
    }

    @Test
    void dMustBePositiveWhenSet() {
        Tower<double[]> prodigy = new Tower<>(TowerSpec.parse("prodigy"), DoubleVectorOps.INSTANCE, List.of("w"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> prodigy.checkSettable("0.d", 0));
        assertEquals("0.d must be a finite number > 0, not 0.0.", e.getMessage());
    }

    @Test
    void rivalsRunOnSeveralTargetsWithGlobalNorms() {
        // the same problem as one vector and as two pieces: global norms give the same path
        for (LayerType type : LayerType.values()) {
            if (!type.standalone()) {
                continue;
            }
            TowerSpec spec = TowerSpec.parse(type.specName());
            Tower<double[]> whole = new Tower<>(spec, DoubleVectorOps.INSTANCE, List.of("w"));
            Tower<double[]> split = new Tower<>(spec, DoubleVectorOps.INSTANCE, List.of("a", "b"));
            double[] x = START.clone();
            List<double[]> parts = new ArrayList<>(List.of(new double[] {START[0]}, new double[] {START[1], START[2]}));
            for (int t = 0; t < 4; t++) {
                double[] g = gradient(x, t);
                x = whole.step(List.of(x), List.of(g)).get(0);
                parts = split.step(parts, List.of(new double[] {g[0]}, new double[] {g[1], g[2]}));
                double[] joined = {parts.get(0)[0], parts.get(1)[0], parts.get(1)[1]};
                assertArrayEquals(x, joined, 1e-12, type + " at step " + t);
            }
        }
    }
}
