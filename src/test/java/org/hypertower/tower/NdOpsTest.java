package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused, in-place and released operations of {@link NdOps} give the very bits of the plain
 * operations they stand for, and free only what no layer keeps; a tower step leaves behind only
 * what it keeps.
 */
class NdOpsTest {

    private static final double[] FACTORS = {0.1, 1.0 / 3, -0.9, 1e-8, 0.999, 1 - 0.999, 12345.678};

    /** Random values of every magnitude, with zeros of both signs and a subnormal among them. */
    private static double[] values(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-12, 6)) * random.nextDouble();
        }
        out[0] = 0.0;
        out[1] = -0.0;
        out[2] = Float.MIN_VALUE;
        return out;
    }

    private static NDArray array(NDManager manager, double[] v, DataType type) {
        return manager.create(v).toType(type, true);
    }

    private static void assertSameBits(NDArray expected, NDArray actual, String what) {
        double[] e = expected.toType(DataType.FLOAT64, true).toDoubleArray();
        double[] a = actual.toType(DataType.FLOAT64, true).toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]),
                    what + " at " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64"})
    void fusedOperationsRoundExactlyAsTheOperationsTheyStandFor(DataType type) {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            NDArray x = array(manager, values(1, 1000), type);
            NDArray y = array(manager, values(2, 1000), type);
            NDArray p = array(manager, values(3, 1000), type);
            for (double a : FACTORS) {
                for (double b : FACTORS) {
                    assertSameBits(x.mul(a).add(y.mul(b)), ops.combine(a, x, b, y), "combine " + a + ", " + b);
                }
                assertSameBits(p.sub(x.mul(a)), ops.subScaled(p, x, a), "subScaled " + a);
                assertSameBits(x.mul(a), ops.scale(x, a), "scale " + a);
                assertSameBits(x.add(a), ops.addScalar(x, a), "addScalar " + a);
                assertSameBits(x.mul(a).add(a), ops.addScalarInto(ops.scale(x, a), a), "addScalarInto " + a);
                assertSameBits(x.zerosLike().add(a), ops.full(x, a), "full " + a);
            }
            List<BiFunction<NDArray, NDArray, NDArray>> plain = List.of(NDArray::add, NDArray::mul, NDArray::div);
            List<BiFunction<NDArray, NDArray, NDArray>> into = List.of(ops::addInto, ops::mulInto, ops::divInto);
            for (int k = 0; k < plain.size(); k++) {
                NDArray fresh = ops.scale(x, 0.5);
                assertSameBits(plain.get(k).apply(x.mul(0.5), y), into.get(k).apply(fresh, y), "in-place operation " + k);
            }
        }
    }

    @Test
    void inPlaceOperationsOverwriteOnlyTemporariesNoLayerKeeps() {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            NDArray temporary = ops.scale(x, 2);
            NDArray kept = ops.keep(ops.scale(x, 3));

            assertSame(temporary, ops.addInto(temporary, x), "a temporary is written into");
            NDArray fromKept = ops.addInto(kept, x);
            NDArray fromInput = ops.mulInto(x, x);

            assertNotSame(kept, fromKept, "a kept array is never overwritten");
            assertArrayEquals(new float[] {3, 6, 9}, kept.toFloatArray());
            assertArrayEquals(new float[] {4, 8, 12}, fromKept.toFloatArray());
            assertNotSame(x, fromInput, "an array the operations did not make is never overwritten");
            assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray());
        }
    }

    @Test
    void releaseFreesATemporaryAtOnceButNeverAKeptArray() {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            NDArray temporary = ops.scale(x, 2);
            NDArray kept = ops.keep(ops.scale(x, 3));

            ops.release(temporary);
            ops.release(kept);
            ops.release(x);

            assertTrue(temporary.isReleased());
            assertFalse(kept.isReleased());
            assertFalse(x.isReleased());
            ops.advance();
            assertArrayEquals(new float[] {3, 6, 9}, kept.toFloatArray(), "kept until the end of the next step");
        }
    }

    @Test
    void discardFreesAnArrayKeptInTheStepBeforeButNotOneOfThisStep() {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            NDArray keptBefore = ops.keep(ops.scale(x, 2));
            NDArray keptBeforeAndAgain = ops.keep(ops.scale(x, 3));
            ops.advance();
            ops.keep(keptBeforeAndAgain);
            NDArray keptNow = ops.keep(ops.scale(x, 4));
            NDArray temporary = ops.scale(x, 5);
            int live = ops.liveArrays();

            ops.discard(keptBefore);
            ops.discard(keptBeforeAndAgain);
            ops.discard(keptNow);
            ops.discard(temporary);
            ops.discard(x);

            assertTrue(keptBefore.isReleased(), "read for the last time: freed at once");
            assertEquals(live - 1, ops.liveArrays());
            assertFalse(keptBeforeAndAgain.isReleased(), "kept again in this step");
            assertFalse(keptNow.isReleased());
            assertFalse(temporary.isReleased(), "a temporary is given up with release, not discard");
            assertFalse(x.isReleased(), "an array the operations did not make");
            assertArrayEquals(new float[] {12, 24, 36}, keptNow.mul(3).toFloatArray());
        }
    }

    /**
     * A tracked level gives up the vectors its hypergradient has read within the step, so that
     * step's new vectors reuse their memory: tracked Adam's three, SGD on steroids' previous buffers
     * and decayed gradients, SGD's previous buffers.
     */
    @ParameterizedTest
    @CsvSource({"adam(0.001) / adam(0.0001), 3, 2", "'sgd_on_steroids(alpha=0.01, mu=0.9) / sgd(1e-5)', 2, 3",
        "'sgd(0.01, mu=0.9) / sgd(1e-5)', 1, 3", "adam(0.001), 0, 1"})
    void aStepFreesWhatTheHypergradientReadAtOnce(String spec, int givenUp, int fromStep) {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            Tower<NDArray> tower = new Tower<>(TowerSpec.parse(spec), ops, List.of("w"));
            List<NDArray> weights = List.of(ops.keep(array(manager, values(7, 100), DataType.FLOAT32)));
            for (int t = 0; t < 4; t++) {
                List<NDArray> before = new ArrayList<>();
                for (var resource : manager.getManagedArrays()) {
                    before.add((NDArray) resource);
                }
                NDArray g = array(manager, values(10 + t, 100), DataType.FLOAT32);
                weights = tower.step(weights, List.of(g));
                long freed = before.stream().filter(NDArray::isReleased).count();
                // nothing before the first step's vectors are read; the previous buffers of the momentum
                // exist from the second step on (the first step's decayed gradients are its buffers)
                assertEquals(t + 1 >= fromStep ? givenUp : 0, freed, spec + ", step " + (t + 1));
                ops.advance();
            }
        }
    }

    /**
     * A level keeps nothing for a hyperparameter the tower fixes: fewer arrays held, and every
     * learned one's hypergradient the same, bit for bit, as when all are learned (the level above
     * has alpha 0, so both towers keep the same hyperparameters and weights).
     */
    @ParameterizedTest
    @CsvSource({"'adam(0.001, beta1=0.9 fixed, beta2=0.999) / sgd(0.0)', 'adam(0.001, beta1=0.9, beta2=0.999) / sgd(0.0)', 1",
        "'adam(0.001, beta1=0.9, beta2=0.999 fixed) / sgd(0.0)', 'adam(0.001, beta1=0.9, beta2=0.999) / sgd(0.0)', 1",
        "'sgd_on_steroids(alpha=0.01, mu=0.9, wd=0.001 fixed, dp=0.1 fixed) / sgd(0.0)', "
                + "'sgd_on_steroids(alpha=0.01, mu=0.9, wd=0.001, dp=0.1) / sgd(0.0)', 1",
        "'sgd(0.01, mu=0.9 fixed) / sgd(0.0)', 'sgd(0.01, mu=0.9) / sgd(0.0)', 1"})
    void aFixedHyperparameterCostsNothing(String fixed, String learned, int fewer) {
        try (NDManager manager = NDManager.newBaseManager(); NdOps fixedOps = new NdOps(); NdOps learnedOps = new NdOps()) {
            Tower<NDArray> a = new Tower<>(TowerSpec.parse(fixed), fixedOps, List.of("w"));
            Tower<NDArray> b = new Tower<>(TowerSpec.parse(learned), learnedOps, List.of("w"));
            List<NDArray> wa = List.of(fixedOps.keep(array(manager, values(7, 100), DataType.FLOAT32)));
            List<NDArray> wb = List.of(learnedOps.keep(array(manager, values(7, 100), DataType.FLOAT32)));
            for (int t = 0; t < 4; t++) {
                // each tower its own gradients: an array a tower keeps is freed by its own NdOps
                wa = a.step(wa, List.of(array(manager, values(10 + t, 100), DataType.FLOAT32)));
                wb = b.step(wb, List.of(array(manager, values(10 + t, 100), DataType.FLOAT32)));
                fixedOps.advance();
                learnedOps.advance();
                for (String key : a.hyperparameterKeys()) {
                    int i = a.hyperparameterKeys().indexOf(key);
                    int j = b.hyperparameterKeys().indexOf(key);
                    assertEquals(b.hypergradients()[j], a.hypergradients()[i], 0, fixed + ": " + key + ", step " + (t + 1));
                }
                assertArrayEquals(wb.get(0).toFloatArray(), wa.get(0).toFloatArray());
                if (t >= 2) {
                    assertEquals(learnedOps.liveArrays() - fewer, fixedOps.liveArrays(), fixed + ", step " + (t + 1));
                }
            }
        }
    }

    @Test
    void dotsReadEveryColumnBackAsTheFloat32TotalsWidened() {
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            NDArray u = array(manager, values(4, 5000), DataType.FLOAT32);
            NDArray a = array(manager, values(5, 5000), DataType.FLOAT32);
            NDArray b = array(manager, values(6, 5000), DataType.FLOAT32);

            double[] d = ops.dots(List.of(u), Arrays.asList(List.of(a), null, List.of(b)));

            assertEquals((double) u.dot(a).getFloat(), d[0], 0);
            assertEquals(0.0, d[1], 0, "a column with no vectors is zero");
            assertEquals((double) u.dot(b).getFloat(), d[2], 0);
            assertEquals((double) u.dot(a).getFloat(), ops.dots(List.of(u), List.of(List.of(a)))[0], 0);
        }
    }

    /**
     * After each step only what the level keeps, and the new weights, outlive it: every temporary
     * is freed as soon as it has been used, so the count does not depend on how many a step makes. Tracked Adam keeps m, v and three vectors for its hypergradients; plain Adam m and v.
     */
    @ParameterizedTest
    @EnumSource(value = Tracking.class)
    void aStepLeavesBehindOnlyWhatItKeeps(Tracking tracking) {
        String spec = tracking == Tracking.TOWER ? "adam(0.001) / adam(0.0001)" : "adam(0.001)";
        try (NDManager manager = NDManager.newBaseManager(); NdOps ops = new NdOps()) {
            Tower<NDArray> tower = new Tower<>(TowerSpec.parse(spec), ops, List.of("w"));
            List<NDArray> weights = List.of(ops.keep(array(manager, values(7, 100), DataType.FLOAT32)));
            List<Integer> live = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                NDArray g = array(manager, values(10 + t, 100), DataType.FLOAT32);
                weights = tower.step(weights, List.of(g));
                ops.advance();
                live.add(ops.liveArrays());
            }
            int kept = tracking == Tracking.TOWER ? 5 : 2;
            // what the step kept and the new weights; after the first, also the initial weights, kept before it
            assertEquals(List.of(kept + 2, kept + 1, kept + 1, kept + 1, kept + 1), live, "arrays held after each step");
        }
    }

    enum Tracking { TOWER, PLAIN }
}
