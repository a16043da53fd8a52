package org.hypertower.tower;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link VectorOps} over {@code float[]} on the Java heap: the model's weights on the CPU, in
 * float32, updated by level 0 without a native call per operation.
 *
 * <p>Each operation is one loop the JIT compiles to vector instructions: one float32 operation
 * per element, a multiplier rounded to float32 first. The loops are written out one per operation
 * on purpose: one loop over a lambda would see several lambdas and no longer be vectorized. That rounds exactly as PyTorch's CPU kernels
 * do ({@link NdOps}), bit for bit, with one exception: the square root here is correctly rounded,
 * where PyTorch's (MKL's vector square root) is one unit in the last place off for about one value
 * in six. Sums are accumulated in double, dot products in float32 lanes added up in double
 * (see {@link #DOT_LANES}), where PyTorch accumulates float32 in its own order: they agree to
 * float32 rounding.
 *
 * <p>Arrays live in generations, as {@link NdOps}'s do: every array this class makes, and every array
 * passed to {@link #keep}, belongs to the current generation, and {@link #advance()}, called once
 * at the end of each training step, ends the generation before it. An array that ends, or that a
 * layer {@linkplain #release releases} or {@linkplain #discard discards}, goes back to a pool the
 * next array of its length is taken from, so a step allocates nothing once the pool has filled and
 * reuses memory still in the processor's cache. Not thread-safe.
 */
public final class FloatOps implements VectorOps<float[]> {

    /** Whether {@link #adam} runs its fused kernel (off only for the test that compares the two). */
    private final boolean fused;

    private Set<float[]> current = identitySet();
    private Set<float[]> previous = identitySet();
    /** The arrays of the current generation that a layer keeps: never reused early. */
    private Set<float[]> kept = identitySet();
    private final Map<Integer, ArrayDeque<float[]>> pool = new HashMap<>();
    /**
     * The arrays this instance made: the only ones it pools. A caller's array that a layer kept
     * (a gradient, say) is the caller's again when its generation ends, never handed out anew.
     */
    private final Set<float[]> owned = identitySet();

    /** Makes an instance with Adam's fused kernel. */
    public FloatOps() {
        this(true);
    }

    /** Makes an instance with or without Adam's fused kernel: without, for the test that compares them. */
    FloatOps(boolean fused) {
        this.fused = fused;
    }

    private static Set<float[]> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * Returns an array of the given length with unspecified contents, from the pool where one is
     * free, in the current generation: for the caller to fill, e.g. with a gradient.
     */
    public float[] borrow(int length) {
        ArrayDeque<float[]> free = pool.get(length);
        float[] out;
        if (free == null || free.isEmpty()) {
            out = new float[length];
            owned.add(out);
        } else {
            out = free.pop();
        }
        current.add(out);
        return out;
    }

    private float[] like(float[] a) {
        return borrow(a.length);
    }

    /** Pools an array this instance made; one a caller made and a layer kept is only forgotten. */
    private void giveBack(float[] a) {
        if (owned.contains(a)) {
            pool.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
        }
    }

    private static void checkLengths(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of lengths " + a.length + " and " + b.length);
        }
    }

    @Override
    public float[] add(float[] a, float[] b) {
        return addTo(like(a), a, b);
    }

    private static float[] addTo(float[] out, float[] a, float[] b) {
        checkLengths(a, b);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    @Override
    public float[] sub(float[] a, float[] b) {
        return subTo(like(a), a, b);
    }

    private static float[] subTo(float[] out, float[] a, float[] b) {
        checkLengths(a, b);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    @Override
    public float[] mul(float[] a, float[] b) {
        return mulTo(like(a), a, b);
    }

    private static float[] mulTo(float[] out, float[] a, float[] b) {
        checkLengths(a, b);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    @Override
    public float[] div(float[] a, float[] b) {
        return divTo(like(a), a, b);
    }

    private static float[] divTo(float[] out, float[] a, float[] b) {
        checkLengths(a, b);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }

    @Override
    public float[] scale(float[] a, double s) {
        return scaleTo(like(a), a, s);
    }

    private static float[] scaleTo(float[] out, float[] a, double s) {
        float f = (float) s;
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * f;
        }
        return out;
    }

    @Override
    public float[] addScalar(float[] a, double s) {
        return addScalarTo(like(a), a, s);
    }

    private static float[] addScalarTo(float[] out, float[] a, double s) {
        float f = (float) s;
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + f;
        }
        return out;
    }

    /** The square root rounded once: a double holds a float's root exactly enough to round it right. */
    @Override
    public float[] sqrt(float[] a) {
        float[] out = like(a);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.sqrt(a[i]);
        }
        return out;
    }

    @Override
    public float[] square(float[] a) {
        float[] out = like(a);
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * a[i];
        }
        return out;
    }

    @Override
    public float[] abs(float[] a) {
        float[] out = like(a);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    /**
     * Returns the element-wise maximum as {@code torch.maximum} gives it: NaN where either is NaN,
     * otherwise {@code a} where {@code a > b} and {@code b} elsewhere (so of two zeros, {@code b}'s).
     */
    @Override
    public float[] max(float[] a, float[] b) {
        checkLengths(a, b);
        float[] out = like(a);
        for (int i = 0; i < out.length; i++) {
            float x = a[i];
            float y = b[i];
            out[i] = x != x || y != y ? Float.NaN : x > y ? x : y;
        }
        return out;
    }

    @Override
    public double sum(float[] a) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= a.length; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float[] full(float[] like, double value) {
        float[] out = like(like);
        // 0 + value, as an array of zeros plus a scalar: -0 becomes +0
        java.util.Arrays.fill(out, 0f + (float) value);
        return out;
    }

    /**
     * Returns each column's dot products with {@code a}, summed over the targets: one pass over each
     * pair (see {@link #dot}).
     */
    @Override
    public double[] dots(List<float[]> a, List<List<float[]>> columns) {
        double[] out = new double[columns.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                if (columns.get(j) != null && columns.get(j).get(i) != null) {
                    out[j] += dot(a.get(i), columns.get(j).get(i));
                }
            }
        }
        return out;
    }

    /**
     * Lanes of a dot product: element {@code i} is summed into lane {@code i % DOT_LANES}. The JIT
     * does not vectorize a sum into one running total (each addition waits for the one before), but
     * it does vectorize {@code lane[i] = lane[i - DOT_LANES] + a[i] b[i]} over a scratch array, whose
     * last row then holds the lanes' totals: over 101,770 weights 14–17 µs where four running
     * totals took 33 (one vectorized loop per operand pair: three lanes in one loop, or a square
     * root beside two, are not vectorized by Java 17's JIT with its default unrolling limit).
     */
    static final int DOT_LANES = 256;

    /**
     * Rows summed in float32 per lane before the lanes' totals are added up in double: each float
     * total has at most 32 terms, so the result is closer to the exact value than libtorch's, which
     * sums float32 in a few running totals over the whole vector.
     */
    static final int DOT_ROWS = 32;

    /** The scratch array of {@link #dot}, grown to the longest vector dotted so far. */
    private float[] lanes = new float[0];

    /** Returns {@code <a, b>}: see {@link #DOT_LANES}. */
    double dot(float[] a, float[] b) {
        checkLengths(a, b);
        if (lanes.length < a.length) {
            lanes = new float[a.length];
        }
        return dot(a, b, lanes);
    }

    /** Returns {@code <a, b>} summed in lanes in {@code scratch}, at least as long as {@code a}. */
    private static double dot(float[] a, float[] b, float[] scratch) {
        int rows = a.length / DOT_LANES;
        double total = 0;
        for (int r = 0; r < rows; r += DOT_ROWS) {
            int from = r * DOT_LANES;
            int to = Math.min(rows, r + DOT_ROWS) * DOT_LANES;
            laneProducts(a, b, scratch, from);
            laneSums(a, b, scratch, from + DOT_LANES, to);
            total += sumOfLanes(scratch, to - DOT_LANES);
        }
        for (int i = rows * DOT_LANES; i < a.length; i++) {
            total += a[i] * b[i];
        }
        return total;
    }

    private static void laneProducts(float[] a, float[] b, float[] lane, int from) {
        for (int i = from; i < from + DOT_LANES; i++) {
            lane[i] = a[i] * b[i];
        }
    }

    private static void laneSums(float[] a, float[] b, float[] lane, int from, int to) {
        for (int i = from; i < to; i++) {
            lane[i] = lane[i - DOT_LANES] + a[i] * b[i];
        }
    }

    private static double sumOfLanes(float[] lane, int from) {
        double s = 0;
        for (int i = from; i < from + DOT_LANES; i++) {
            s += lane[i];
        }
        return s;
    }

    @Override
    public float[] keep(float[] v) {
        if (!current.contains(v)) {
            previous.remove(v);
            current.add(v);
        }
        kept.add(v);
        return v;
    }

    /** Returns whether an array is a temporary of this generation that no layer keeps. */
    private boolean temporary(float[] a) {
        return current.contains(a) && !kept.contains(a);
    }

    @Override
    public void release(float[] v) {
        if (temporary(v)) {
            current.remove(v);
            giveBack(v);
        }
    }

    @Override
    public void discard(float[] v) {
        if (v != null && !current.contains(v) && previous.remove(v)) {
            giveBack(v);
        }
    }

    @Override
    public float[] addInto(float[] a, float[] b) {
        return temporary(a) ? addTo(a, a, b) : add(a, b);
    }

    @Override
    public float[] subInto(float[] a, float[] b) {
        return temporary(a) ? subTo(a, a, b) : sub(a, b);
    }

    @Override
    public float[] mulInto(float[] a, float[] b) {
        return temporary(a) ? mulTo(a, a, b) : mul(a, b);
    }

    @Override
    public float[] divInto(float[] a, float[] b) {
        return temporary(a) ? divTo(a, a, b) : div(a, b);
    }

    @Override
    public float[] addScalarInto(float[] a, double s) {
        return temporary(a) ? addScalarTo(a, a, s) : addScalar(a, s);
    }

    /** Returns {@code a * x + b * y} in one pass, rounded as {@code add(scale(x, a), scale(y, b))}. */
    @Override
    public float[] combine(double a, float[] x, double b, float[] y) {
        checkLengths(x, y);
        float fa = (float) a;
        float fb = (float) b;
        float[] out = like(x);
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * fa + y[i] * fb;
        }
        return out;
    }

    /**
     * Returns {@code p - s * d} in one pass, as {@code d * (-s) + p}: the same bits as
     * {@code sub(p, scale(d, s))} (negating is exact and IEEE defines {@code x - y} as {@code x + (-y)}).
     */
    @Override
    public float[] subScaled(float[] p, float[] d, double s) {
        checkLengths(p, d);
        float f = (float) -s;
        float[] out = like(p);
        for (int i = 0; i < out.length; i++) {
            out[i] = d[i] * f + p[i];
        }
        return out;
    }

    /**
     * Adam's step in two passes over the arrays instead of one per operation, with the same float32
     * operations in the same order as {@link Adam}'s composition, so the same bits (tested), and a
     * fraction of the memory traffic. The new moments are written over the old ones, which the
     * layer gives up (see {@link VectorOps#adam}). The first pass updates the moments and the
     * weights; the second, only where hypergradients need them, makes {@code dir}, {@code g/d} and
     * beta2's vector from the new moments. Two passes because the JIT vectorizes loops over a few
     * arrays, and one loop over all ten ran ten times slower. Off in an instance made without it,
     * for the test that compares the two.
     */
    @Override
    public AdamStep<float[]> adam(float[] p, float[] g, float[] mPrev, float[] vPrev, AdamFactors f, AdamKeep keep) {
        if (!fused) {
            return null;
        }
        int n = p.length;
        checkLengths(p, g);
        // the first step's moments, as the composition makes them: zeros, and eps everywhere
        float[] m = mPrev != null ? mPrev : full(g, 0);
        float[] v = vPrev != null ? vPrev : full(g, f.eps());
        checkLengths(p, m);
        checkLengths(p, v);
        float[] k = {(float) f.b1(), (float) (1 - f.b1()), (float) f.b2(), (float) (1 - f.b2()), (float) f.vHatScale(),
            (float) f.eps(), (float) f.mHatScale(), (float) -f.alpha(), (float) f.varianceScale()};
        float[] out = borrow(n);
        adamMoments(p, g, m, v, out, k);
        float[] dir = keep.dir() ? borrow(n) : null;
        float[] gd = keep.scaledGrad() ? borrow(n) : null;
        float[] vt = keep.varianceTerm() ? borrow(n) : null;
        if (dir != null || gd != null || vt != null) {
            adamVectors(g, m, v, dir, gd, vt, k);
        }
        return new AdamStep<>(out, m, v, dir, gd, vt);
    }

    // The kernels' factors k, in order: b1, 1 - b1, b2, 1 - b2, 1/c2, eps, 1/c1, -alpha, 1 + t b2^t/c2.

    /** Updates the moments in place and writes the new weights. */
    private static void adamMoments(float[] p, float[] g, float[] m, float[] v, float[] out, float[] k) {
        float b1 = k[0];
        float ob1 = k[1];
        float b2 = k[2];
        float ob2 = k[3];
        float vHatScale = k[4];
        float eps = k[5];
        float mHatScale = k[6];
        float minusAlpha = k[7];
        for (int i = 0; i < out.length; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + gi * ob1;
            float vi = v[i] * b2 + gi * gi * ob2;
            float di = mi * mHatScale / ((float) Math.sqrt(vi * vHatScale) + eps);
            out[i] = di * minusAlpha + p[i];
            m[i] = mi;
            v[i] = vi;
        }
    }

    /**
     * Writes whichever of {@code dir}, {@code g/d} and beta2's vector are given (the others null),
     * from the new moments. The JIT takes the null checks out of the loop (they never change in it),
     * so each combination runs as fast as a loop written for it alone (measured: all three, 28 µs
     * over 101,770 weights either way; {@code dir} alone, 14).
     */
    private static void adamVectors(float[] g, float[] m, float[] v, float[] dir, float[] gd, float[] vt,
            float[] k) {
        float vHatScale = k[4];
        float eps = k[5];
        float mHatScale = k[6];
        float varianceScale = k[8];
        for (int i = 0; i < g.length; i++) {
            float gi = g[i];
            float vi = v[i];
            float root = (float) Math.sqrt(vi * vHatScale);
            float d = root + eps;
            float di = m[i] * mHatScale / d;
            if (dir != null) {
                dir[i] = di;
            }
            if (gd != null) {
                gd[i] = gi / d;
            }
            if (vt != null) {
                vt[i] = (vi * varianceScale - gi * gi) * di / (d * root);
            }
        }
    }

    /** Ends a training step: every array no longer reachable from the tower goes back to the pool. */
    public void advance() {
        for (float[] array : previous) {
            giveBack(array);
        }
        previous = current;
        current = identitySet();
        kept = identitySet();
    }

    /** Returns how many arrays the current and previous generations hold, for memory checks. */
    public int liveArrays() {
        return current.size() + previous.size();
    }

    /** Returns how many free arrays the pool holds, for memory checks. */
    public int pooledArrays() {
        return pool.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
