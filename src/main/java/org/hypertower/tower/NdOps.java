package org.hypertower.tower;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@link VectorOps} over DJL arrays: the model weights optimized by level 0.
 *
 * <p>Arrays live in generations. Every array this class makes, and every array passed to
 * {@link #keep}, belongs to the current generation; {@link #advance()}, called once at the end
 * of each training step, closes the generation before the current one. So an array lives until
 * the end of the step after the one that made or kept it, which is exactly as long as a tower
 * needs it, and the layers never close anything themselves. Memory stays flat however long a run
 * is. None of these operations records an autograd graph when called outside a gradient
 * collector, which is where the tower calls them.
 *
 * <p>A temporary the caller {@linkplain #release releases}, or gives up to an in-place operation,
 * is freed or overwritten at once instead, so the next array can reuse its memory while it is
 * still in the processor's cache. The multiplier of {@link #scale} and the like is written into one
 * scalar array that wraps Java memory, where DJL would make and free a native array for each.
 */
public final class NdOps implements VectorOps<NDArray>, AutoCloseable {

    private Set<NDArray> current = identitySet();
    private Set<NDArray> previous = identitySet();
    /** The arrays of the current generation that a layer keeps: never freed or overwritten early. */
    private Set<NDArray> kept = identitySet();
    /** Holds the scalar array; made on first use. */
    private NDManager scalarManager;
    /** The 8 bytes the scalar array reads its value from, in the platform's order. */
    private ByteBuffer scalarValue;
    /** A 0-dimensional float64 array over {@link #scalarValue}, on the CPU. */
    private NDArray scalar;

    private static Set<NDArray> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private NDArray track(NDArray array) {
        NDScope.unregister(array);
        current.add(array);
        return array;
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return track(a.add(b));
    }

    @Override
    public NDArray sub(NDArray a, NDArray b) {
        return track(a.sub(b));
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return track(a.mul(b));
    }

    @Override
    public NDArray div(NDArray a, NDArray b) {
        return track(a.div(b));
    }

    @Override
    public NDArray scale(NDArray a, double s) {
        return track(a.mul(scalar(a, s)));
    }

    @Override
    public NDArray addScalar(NDArray a, double s) {
        return track(a.add(scalar(a, s)));
    }

    /**
     * Returns {@code s} as the operand of an operation on {@code a}: the 0-dimensional float64
     * array DJL would make for {@code a.mul(s)} (so the result is rounded the same way), but
     * always the same one, its value written from Java. Off the CPU, where an array does not read
     * Java memory, a fresh one as DJL makes it.
     */
    private NDArray scalar(NDArray a, double s) {
        if (!Device.cpu().equals(a.getDevice())) {
            NDArray fresh = a.getManager().create(s);
            NDScope.unregister(fresh);
            current.add(fresh);
            return fresh;
        }
        if (scalar == null) {
            scalarManager = a.getManager().getEngine().newBaseManager(Device.cpu());
            scalarValue = ByteBuffer.allocateDirect(Double.BYTES).order(ByteOrder.nativeOrder());
            scalar = scalarManager.create(scalarValue, new Shape(), DataType.FLOAT64);
            NDScope.unregister(scalar);
        }
        scalarValue.putDouble(0, s);
        return scalar;
    }

    /** Returns whether an array is a temporary of this generation that no layer keeps. */
    private boolean temporary(NDArray a) {
        return current.contains(a) && !kept.contains(a);
    }

    @Override
    public void release(NDArray v) {
        if (temporary(v)) {
            current.remove(v);
            v.close();
        }
    }

    /**
     * Frees an array kept in the step before this one (a generation still open) at once; one kept
     * or made in this step is left to its generation.
     */
    @Override
    public void discard(NDArray v) {
        if (v != null && !current.contains(v) && previous.remove(v)) {
            v.close();
        }
    }

    /** Writes {@code a + b} into {@code a}, a temporary given up; elsewhere returns a new array. */
    @Override
    public NDArray addInto(NDArray a, NDArray b) {
        return temporary(a) ? a.addi(b) : add(a, b);
    }

    @Override
    public NDArray subInto(NDArray a, NDArray b) {
        return temporary(a) ? a.subi(b) : sub(a, b);
    }

    @Override
    public NDArray mulInto(NDArray a, NDArray b) {
        return temporary(a) ? a.muli(b) : mul(a, b);
    }

    @Override
    public NDArray divInto(NDArray a, NDArray b) {
        return temporary(a) ? a.divi(b) : div(a, b);
    }

    @Override
    public NDArray addScalarInto(NDArray a, double s) {
        return temporary(a) ? a.addi(scalar(a, s)) : addScalar(a, s);
    }

    /**
     * Returns {@code a * x + b * y} in two new arrays instead of three, the second freed at once:
     * {@code a * x} is computed, then {@code b * y} added into it, which rounds exactly as
     * {@code add(scale(x, a), scale(y, b))}.
     */
    @Override
    public NDArray combine(double a, NDArray x, double b, NDArray y) {
        NDArray out = scale(x, a);
        NDArray by = scale(y, b);
        out.addi(by);
        release(by);
        return out;
    }

    /**
     * Returns {@code p - s * d} in one new array: {@code d * (-s) + p}, which equals
     * {@code p - d * s} bit for bit (negating is exact, both round the same, and IEEE addition
     * commutes and defines {@code x - y} as {@code x + (-y)}).
     */
    @Override
    public NDArray subScaled(NDArray p, NDArray d, double s) {
        return scale(d, -s).addi(p);
    }

    @Override
    public NDArray sqrt(NDArray a) {
        return track(a.sqrt());
    }

    @Override
    public NDArray square(NDArray a) {
        return track(a.square());
    }

    @Override
    public NDArray abs(NDArray a) {
        return track(a.abs());
    }

    @Override
    public NDArray max(NDArray a, NDArray b) {
        return track(a.maximum(b));
    }

    /** Sums in one native call, in the array's own type, and reads the total back as a double. */
    @Override
    public double sum(NDArray a) {
        List<NDArray> temporaries = new ArrayList<>();
        NDArray total = a.sum();
        temporaries.add(total);
        try {
            return readDoubles(total, temporaries)[0];
        } finally {
            for (NDArray t : temporaries) {
                NDScope.unregister(t);
                t.close();
            }
        }
    }

    @Override
    public NDArray full(NDArray like, double value) {
        NDArray zeros = track(like.zerosLike());
        return value == 0 ? zeros : zeros.addi(scalar(like, value));
    }

    /**
     * Takes each column's dot products in the arrays' own type, one native call per target, and
     * reads every column's total back in one transfer; a column with no vector costs nothing.
     * Reading a float32 total and widening it gives the same double as converting it natively.
     */
    @Override
    public double[] dots(List<NDArray> a, List<List<NDArray>> columns) {
        double[] out = new double[columns.size()];
        List<NDArray> temporaries = new ArrayList<>();
        try {
            NDList totals = new NDList(columns.size());
            int[] at = new int[columns.size()];
            for (int j = 0; j < columns.size(); j++) {
                List<NDArray> column = columns.get(j);
                NDArray total = null;
                for (int i = 0; column != null && i < a.size(); i++) {
                    NDArray c = column.get(i);
                    if (c == null) {
                        continue;
                    }
                    NDArray d = flat(a.get(i), temporaries).dot(flat(c, temporaries));
                    temporaries.add(d);
                    if (total != null) {
                        total = total.add(d);
                        temporaries.add(total);
                    } else {
                        total = d;
                    }
                }
                if (total != null) {
                    at[totals.size()] = j;
                    totals.add(total);
                }
            }
            if (totals.isEmpty()) {
                return out;
            }
            NDArray all = totals.size() == 1 ? totals.get(0) : NDArrays.stack(totals);
            temporaries.add(all);
            double[] values = readDoubles(all, temporaries);
            for (int k = 0; k < values.length; k++) {
                out[at[k]] = values[k];
            }
            return out;
        } finally {
            for (NDArray t : temporaries) {
                NDScope.unregister(t);
                t.close();
            }
        }
    }

    /** Reads an array's elements as doubles: float32 read as it is and widened, which is exact. */
    private static double[] readDoubles(NDArray array, List<NDArray> temporaries) {
        if (array.getDataType() == DataType.FLOAT32) {
            float[] floats = array.toFloatArray();
            double[] out = new double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                out[i] = floats[i];
            }
            return out;
        }
        NDArray asDouble = array.toType(DataType.FLOAT64, false);
        if (asDouble != array) {
            temporaries.add(asDouble);
        }
        return asDouble.toDoubleArray();
    }

    private static NDArray flat(NDArray x, List<NDArray> temporaries) {
        if (x.getShape().dimension() == 1) {
            return x;
        }
        NDArray view = x.reshape(-1);
        temporaries.add(view);
        return view;
    }

    @Override
    public NDArray keep(NDArray v) {
        if (!current.contains(v)) {
            if (!previous.remove(v)) {
                NDScope.unregister(v);
            }
            current.add(v);
        }
        kept.add(v);
        return v;
    }

    /** Ends a training step: closes every array no longer reachable from the tower. */
    public void advance() {
        for (NDArray array : previous) {
            array.close();
        }
        previous = current;
        current = identitySet();
        kept = identitySet();
    }

    /** Returns how many arrays this instance holds, for memory checks. */
    public int liveArrays() {
        return current.size() + previous.size();
    }

    @Override
    public void close() {
        advance();
        advance();
        if (scalarManager != null) {
            scalarManager.close();
            scalarManager = null;
            scalar = null;
        }
    }
}
