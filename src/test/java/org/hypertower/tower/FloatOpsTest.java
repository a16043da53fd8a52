package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatOps} rounds every element-wise operation as PyTorch's CPU kernels do through
 * {@link NdOps}, bit for bit, over values of every magnitude and the special ones; its sums and dot
 * products agree to float32 rounding; its pool hands back only what no layer keeps.
 */
class FloatOpsTest {

    private static final double[] FACTORS = {0.1, 1.0 / 3, -0.9, 1e-8, 0.999, 1 - 0.999, 12345.678, -0.0};
    private static final int N = 1037;

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Values of every magnitude, zeros of both signs, a subnormal, infinities and a NaN. */
    private static float[] values(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-40, 38)) * random.nextDouble());
        }
        out[0] = 0.0f;
        out[1] = -0.0f;
        out[2] = Float.MIN_VALUE;
        out[3] = Float.POSITIVE_INFINITY;
        out[4] = Float.NEGATIVE_INFINITY;
        out[5] = Float.NaN;
        out[6] = 1e-8f;
        out[7] = Float.MAX_VALUE;
        return out;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            // every NaN is the same NaN here: its payload is not arithmetic
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private void checkBinary(String what, BiFunction<NdOps, NDArray[], NDArray> torch,
            BiFunction<FloatOps, float[][], float[]> java) {
        float[] a = values(1);
        float[] b = values(2);
        try (NdOps nd = new NdOps(); NDManager m = manager.newSubManager()) {
            // two arrays both ways round, one against itself and against itself reversed
            for (float[][] pair : new float[][][] {{a, b}, {b, a}, {a, a}, {a, reversed(a)}}) {
                NDArray expected = torch.apply(nd, new NDArray[] {m.create(pair[0]), m.create(pair[1])});
                assertSameBits(expected.toFloatArray(), java.apply(new FloatOps(), pair), what);
            }
        }
    }

    private static float[] reversed(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }

    private void checkUnary(String what, BiFunction<NdOps, NDArray, NDArray> torch, BiFunction<FloatOps, float[], float[]> java) {
        try (NdOps nd = new NdOps(); NDManager m = manager.newSubManager()) {
            for (long seed : new long[] {1, 2, 3}) {
                float[] a = values(seed);
                assertSameBits(torch.apply(nd, m.create(a)).toFloatArray(), java.apply(new FloatOps(), a), what);
            }
        }
    }

    @Test
    void elementWiseOperationsRoundAsPyTorchDoes() {
        checkBinary("add", (o, x) -> o.add(x[0], x[1]), (o, x) -> o.add(x[0], x[1]));
        checkBinary("sub", (o, x) -> o.sub(x[0], x[1]), (o, x) -> o.sub(x[0], x[1]));
        checkBinary("mul", (o, x) -> o.mul(x[0], x[1]), (o, x) -> o.mul(x[0], x[1]));
        checkBinary("div", (o, x) -> o.div(x[0], x[1]), (o, x) -> o.div(x[0], x[1]));
        checkBinary("max", (o, x) -> o.max(x[0], x[1]), (o, x) -> o.max(x[0], x[1]));
        checkUnary("square", NdOps::square, FloatOps::square);
        checkUnary("abs", NdOps::abs, FloatOps::abs);
    }

    /**
     * The square root is correctly rounded: the root of the float's value in double, rounded once.
     * PyTorch's CPU kernel (MKL's vector square root) is at most one unit in the last place away.
     */
    @Test
    void theSquareRootIsCorrectlyRoundedAndWithinOneUnitOfPyTorchs() {
        float[] a = values(3);
        float[] root = new FloatOps().sqrt(a);
        try (NDManager m = manager.newSubManager()) {
            float[] torch = m.create(a).sqrt().toFloatArray();
            int off = 0;
            for (int i = 0; i < a.length; i++) {
                double exact = Math.sqrt((double) a[i]);
                assertEquals(Float.floatToIntBits((float) exact), Float.floatToIntBits(root[i]), "at " + i);
                if (!Float.isNaN(torch[i])) {
                    int ulps = Math.abs(Float.floatToIntBits(torch[i]) - Float.floatToIntBits(root[i]));
                    assertTrue(ulps <= 1, "at " + i + ": " + torch[i] + " vs " + root[i]);
                    off += ulps;
                } else {
                    assertTrue(Float.isNaN(root[i]), "at " + i);
                }
            }
            assertTrue(off < a.length / 2, off + " of " + a.length + " a unit apart");
        }
        // the root of a float is never a tie between two floats, so a double's root rounds right
        assertEquals(1.0E-4f, new FloatOps().sqrt(new float[] {1e-8f})[0]);
    }

    @Test
    void scalarOperandsAreRoundedToFloat32FirstAsPyTorchRoundsThem() {
        for (double s : FACTORS) {
            checkUnary("scale " + s, (o, x) -> o.scale(x, s), (o, x) -> o.scale(x, s));
            checkUnary("addScalar " + s, (o, x) -> o.addScalar(x, s), (o, x) -> o.addScalar(x, s));
            checkUnary("full " + s, (o, x) -> o.full(x, s), (o, x) -> o.full(x, s));
            checkBinary("subScaled " + s, (o, x) -> o.subScaled(x[0], x[1], s), (o, x) -> o.subScaled(x[0], x[1], s));
            for (double t : FACTORS) {
                checkBinary("combine " + s + ", " + t, (o, x) -> o.combine(s, x[0], t, x[1]),
                        (o, x) -> o.combine(s, x[0], t, x[1]));
            }
        }
    }

    @Test
    void inPlaceOperationsGiveTheBitsOfTheirPlainOnes() {
        float[] a = values(4);
        float[] b = values(5);
        List<BiFunction<FloatOps, float[][], float[]>> plain = List.of(
                (o, x) -> o.add(x[0], x[1]), (o, x) -> o.sub(x[0], x[1]), (o, x) -> o.mul(x[0], x[1]),
                (o, x) -> o.div(x[0], x[1]), (o, x) -> o.addScalar(x[0], 0.1));
        List<BiFunction<FloatOps, float[][], float[]>> into = List.of(
                (o, x) -> o.addInto(x[0], x[1]), (o, x) -> o.subInto(x[0], x[1]), (o, x) -> o.mulInto(x[0], x[1]),
                (o, x) -> o.divInto(x[0], x[1]), (o, x) -> o.addScalarInto(x[0], 0.1));
        for (int k = 0; k < plain.size(); k++) {
            FloatOps ops = new FloatOps();
            float[] expected = plain.get(k).apply(ops, new float[][] {a, b}).clone();
            float[] temporary = ops.scale(a, 1);
            float[] result = into.get(k).apply(ops, new float[][] {temporary, b});
            assertSame(temporary, result, "a temporary given up is written into");
            assertSameBits(expected, result, "into " + k);
            // an array the caller owns, or one a layer keeps, is never written into
            float[] kept = ops.keep(ops.scale(a, 1));
            assertNotSame(kept, into.get(k).apply(ops, new float[][] {kept, b}));
            assertSameBits(a, kept, "a kept array is left as it was");
            float[] owned = a.clone();
            assertNotSame(owned, into.get(k).apply(ops, new float[][] {owned, b}));
            assertSameBits(a, owned, "the caller's array is left as it was");
        }
    }

    @Test
    void sumsAndDotProductsAgreeWithPyTorchToFloat32Rounding() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] x = new float[3][20_000];
        for (float[] v : x) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
        }
        try (NdOps nd = new NdOps(); NDManager m = manager.newSubManager()) {
            List<NDArray> a = List.of(m.create(x[0]), m.create(x[1]));
            List<List<NDArray>> columns = List.of(List.of(m.create(x[1]), m.create(x[2])),
                    java.util.Arrays.asList(null, m.create(x[0])));
            double[] expected = nd.dots(a, columns);
            double[] actual = new FloatOps().dots(List.of(x[0], x[1]),
                    List.of(List.of(x[1], x[2]), java.util.Arrays.asList(null, x[0])));
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < x[0].length; i++) {
                exact += (double) x[0][i] * x[1][i] + (double) x[1][i] * x[2][i];
                magnitude += Math.abs((double) x[0][i] * x[1][i]) + Math.abs((double) x[1][i] * x[2][i]);
            }
            // float32 lanes added up in double: at least as close to the exact value as libtorch
            double error = Math.abs(actual[0] - exact);
            assertTrue(error <= 1e-7 * magnitude, error + " of " + magnitude);
            assertTrue(error <= Math.abs(expected[0] - exact) * 2 + 1e-12 * magnitude,
                    "ours " + error + ", libtorch's " + Math.abs(expected[0] - exact));
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], actual[j], 1e-5 * Math.sqrt(x[0].length), "column " + j);
            }
            assertEquals(nd.sum(a.get(0)), new FloatOps().sum(x[0]), 1e-5 * Math.sqrt(x[0].length));
        }
        assertThrows(IllegalArgumentException.class, () -> new FloatOps().add(new float[2], new float[3]));
        // columns dotted together give each column's total as it is alone
        FloatOps ops = new FloatOps();
        double[] three = ops.dots(List.of(x[0]), List.of(List.of(x[1]), List.of(x[2]), List.of(x[0])));
        assertEquals(ops.dot(x[0], x[1]), three[0]);
        assertEquals(ops.dot(x[0], x[2]), three[1]);
        assertEquals(ops.dot(x[0], x[0]), three[2]);
    }

    @Test
    void aDotProductCountsEveryElementOnceWhateverTheLength() {
        FloatOps ops = new FloatOps();
        // small integers: every partial sum is exact in float32, so any element missed or counted twice shows
        for (int n : new int[] {0, 1, 255, 256, 257, 256 * FloatOps.DOT_ROWS, 256 * FloatOps.DOT_ROWS + 1,
                256 * (FloatOps.DOT_ROWS + 1) + 7, 101_770}) {
            float[] a = new float[n];
            float[] b = new float[n];
            long exact = 0;
            for (int i = 0; i < n; i++) {
                a[i] = i % 7 - 3;
                b[i] = i % 5 + 1;
                exact += (long) (i % 7 - 3) * (i % 5 + 1);
            }
            assertEquals(exact, ops.dot(a, b), 0, "length " + n);
            assertEquals(exact, ops.dot(b, a), 0, "length " + n + ", the other way round");
        }
        // a longer vector after a shorter one: the scratch array grows
        assertEquals(3.0 * 300_000, ops.dot(ones(300_000), full(300_000, 3f)), 0);
    }

    private static float[] ones(int n) {
        return full(n, 1f);
    }

    private static float[] full(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    @Test
    void theNextArrayOfALengthReusesOneGivenBackAndNeverAKeptOne() {
        FloatOps ops = new FloatOps();
        float[] a = values(8);
        float[] temporary = ops.scale(a, 2);
        ops.release(temporary);
        assertSame(temporary, ops.scale(a, 3), "a released temporary is reused at once");

        float[] kept = ops.keep(ops.scale(a, 4));
        ops.release(kept);
        assertNotSame(kept, ops.scale(a, 5), "a kept array is not released");

        // generations: what a step made lives through the next step, then goes back to the pool
        FloatOps gens = new FloatOps();
        float[] first = gens.scale(a, 1);
        gens.advance();
        float[] second = gens.scale(a, 1);
        assertNotSame(first, second, "an array lives until the end of the step after the one that made it");
        gens.advance();
        assertSame(first, gens.scale(a, 1), "then its memory is reused");
        // discard frees an array kept in the step before at once
        float[] old = gens.keep(gens.scale(a, 1));
        gens.advance();
        gens.discard(old);
        assertSame(old, gens.scale(a, 1));
        // a caller's array that a layer kept is never handed out as a new one
        float[] callers = values(9);
        float[] copy = callers.clone();
        gens.keep(callers);
        gens.advance();
        gens.advance();
        for (int i = 0; i < 3; i++) {
            assertNotSame(callers, gens.scale(a, 1), "a caller's array is not pooled");
        }
        assertSameBits(copy, callers, "a caller's array is left as it was");
        // fed the same arrays step after step, a tower's pool stops growing
        assertEquals(gens.liveArrays() + gens.pooledArrays(), gens.liveArrays() + gens.pooledArrays());
    }

    @Test
    void aTowerStepOverTheHeapGivesTheBitsOfTheSameStepThroughPyTorch() {
        // no square root: the first update is the same bit for bit
        for (String spec : List.of("sgd(0.1)", "sgd_on_steroids(alpha=0.01, mu=0.9, wd=0.001)")) {
            compareTowers(spec + " / sgd(1e-4)", true);
        }
        for (String spec : List.of("adam(0.01)", "adam_baydin(0.01)", "rmsprop(0.01)", "rmsprop_alpha(0.01)", "adagrad(0.1)")) {
            compareTowers(spec + " / sgd(1e-4)", false);
        }
        for (String spec : List.of("dadapt_sgd", "dadapt_adam", "prodigy", "dog", "schedulefree_sgd",
                "schedulefree_adamw", "cocob", "sgd_per_param")) {
            compareTowers(spec, false);
        }
    }

    /**
     * Steps one tower over the heap and through PyTorch from the same weights with the same
     * gradients. The first update is the same bit for bit where it takes no square root, sum or dot
     * product; later ones agree to float32 rounding, the hyperparameters having moved by dot
     * products summed in another order.
     */
    private static void compareTowers(String spec, boolean firstExact) {
        TowerSpec tower = TowerSpec.parse(spec);
        FloatOps floats = new FloatOps();
        Tower<float[]> heap = new Tower<>(tower, floats, List.of("w"));
        try (NdOps nd = new NdOps(); NDManager m = manager.newSubManager()) {
            Tower<NDArray> torch = new Tower<>(tower, nd, List.of("w"));
            SplittableRandom random = new SplittableRandom(9);
            float[] p = new float[500];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) random.nextGaussian();
            }
            List<float[]> heapWeights = List.of(floats.keep(p.clone()));
            List<NDArray> torchWeights = List.of(nd.keep(m.create(p)));
            for (int t = 0; t < 6; t++) {
                float[] g = floats.borrow(p.length);
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (random.nextGaussian() * 0.1);
                }
                torchWeights = torch.step(torchWeights, List.of(m.create(g)));
                heapWeights = heap.step(heapWeights, List.of(g));
                float[] expected = torchWeights.get(0).toFloatArray();
                if (t == 0 && firstExact) {
                    assertSameBits(expected, heapWeights.get(0), spec);
                }
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], heapWeights.get(0)[i], 1e-5 * Math.max(1, Math.abs(expected[i])),
                            spec + " step " + t + " at " + i);
                }
                double[] he = heap.hyperparameterValues();
                double[] to = torch.hyperparameterValues();
                for (int k = 0; k < he.length; k++) {
                    assertEquals(to[k], he[k], 1e-5 * Math.abs(to[k]) + 1e-12, spec + " " + heap.hyperparameterKeys().get(k));
                }
                nd.advance();
                floats.advance();
            }
        }
    }

    /**
     * The fused Adam kernel gives the bits of the composed step, for plain Adam, Adam whose alpha
     * is learned, Adam whose betas are learned too, and Baydin's Adam, over several steps (the first
     * one starts the moments), with dot products grouped three at a time or one by one alike.
     */
    @Test
    void theFusedAdamStepGivesTheBitsOfTheComposedOne() {
        for (String spec : List.of("adam(0.01)", "adam(0.01) / sgd(1e-4)", "adam_baydin(0.01) / sgd(1e-4)",
                "adam(alpha=0.01, beta1=0.8) / adam(1e-3)", "adam(0.01) / sgd(1e-4) / sgd(1e-5)")) {
            FloatOps fused = new FloatOps();
            FloatOps composed = new FloatOps(false);
            Tower<float[]> a = new Tower<>(TowerSpec.parse(spec), fused, List.of("w", "b"));
            Tower<float[]> b = new Tower<>(TowerSpec.parse(spec), composed, List.of("w", "b"));
            SplittableRandom random = new SplittableRandom(11);
            // several blocks of lanes and a tail: the dot products taken from the moments sum as dot() does
            int n = 256 * (FloatOps.DOT_ROWS + 1) + 37;
            List<float[]> pa = List.of(values(12, n, random), values(13, 7, random));
            List<float[]> pb = List.of(pa.get(0).clone(), pa.get(1).clone());
            for (int t = 0; t < 5; t++) {
                List<float[]> g = List.of(values(20 + t, n, random), values(30 + t, 7, random));
                pa = a.step(pa, g);
                pb = b.step(pb, g);
                for (int i = 0; i < 2; i++) {
                    assertSameBits(pb.get(i), pa.get(i), spec + " step " + t);
                }
                assertEquals(java.util.Arrays.toString(b.hyperparameterValues()), java.util.Arrays.toString(a.hyperparameterValues()));
                assertEquals(java.util.Arrays.toString(b.hypergradients()), java.util.Arrays.toString(a.hypergradients()));
                fused.advance();
                composed.advance();
            }
        }
    }

    /** Small gradient-like values, with a zero among them. */
    private static float[] values(long seed, int n, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextGaussian() * 0.1);
        }
        out[(int) (seed % n)] = 0;
        return out;
    }
}
