package org.hypertower.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
 */
public final class NdOps implements VectorOps<NDArray>, AutoCloseable {

    private Set<NDArray> current = identitySet();
    private Set<NDArray> previous = identitySet();

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
        return track(a.mul(s));
    }

    @Override
    public NDArray addScalar(NDArray a, double s) {
        return track(a.add(s));
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
        NDArray total = a.sum();
        NDArray asDouble = total.toType(DataType.FLOAT64, false);
        try {
            return asDouble.getDouble();
        } finally {
            NDScope.unregister(total);
            total.close();
            if (asDouble != total) {
                NDScope.unregister(asDouble);
                asDouble.close();
            }
        }
    }

    @Override
    public NDArray full(NDArray like, double value) {
        try (NDArray zeros = like.zerosLike()) {
            return track(zeros.add(value));
        }
    }

    @Override
    public double[] dots(List<NDArray> a, List<List<NDArray>> columns) {
        List<NDArray> temporaries = new ArrayList<>();
        try {
            NDList totals = new NDList(columns.size());
            for (List<NDArray> column : columns) {
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
                if (total == null) {
                    total = a.get(0).getManager().zeros(new Shape(), a.get(0).getDataType());
                    temporaries.add(total);
                }
                totals.add(total);
            }
            NDArray stacked = NDArrays.stack(totals);
            temporaries.add(stacked);
            NDArray asDouble = stacked.toType(DataType.FLOAT64, false);
            temporaries.add(asDouble);
            return asDouble.toDoubleArray();
        } finally {
            for (NDArray t : temporaries) {
                NDScope.unregister(t);
                t.close();
            }
        }
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
        return v;
    }

    /** Ends a training step: closes every array no longer reachable from the tower. */
    public void advance() {
        for (NDArray array : previous) {
            array.close();
        }
        previous = current;
        current = identitySet();
    }

    /** Returns how many arrays this instance holds, for memory checks. */
    public int liveArrays() {
        return current.size() + previous.size();
    }

    @Override
    public void close() {
        advance();
        advance();
    }
}
