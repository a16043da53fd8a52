package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * State and bookkeeping shared by the {@link LayerType#standalone() standalone} layers: optimizers
 * that adapt their own step size and so only run alone, at level 0 of a one-level tower. Their
 * arguments are constants; the one scalar a layer adapts ({@code d}, {@code eta}), if any, is
 * reported as its only hyperparameter, so that it reaches {@code steps.csv}, {@code run.json} and
 * the charts as {@code 0.d} like any learned value. No level above ever asks for its
 * hypergradient.
 *
 * <p>Every norm and dot product is global over all targets, and every scalar accumulator is a
 * double, as the notes on the reference implementations ask.
 */
abstract class RivalLevel<V> implements Level<V> {

    protected final VectorOps<V> ops;
    protected final int targets;
    private final LayerSpec spec;
    private final List<String> names;
    private final HyperparameterDef scalar;
    /** Number of steps taken so far. */
    protected int steps;

    /**
     * @param spec the level's configuration
     * @param ops the vector algebra of its targets
     * @param targets the number of targets it updates
     * @param description what the adapted scalar is, for tooltips; ignored when the layer adapts none
     */
    RivalLevel(LayerSpec spec, VectorOps<V> ops, int targets, String description) {
        this.spec = spec;
        this.ops = ops;
        this.targets = targets;
        String name = spec.type().adaptedScalar().orElse(null);
        this.names = name == null ? List.of() : List.of(name);
        this.scalar = name == null ? null
                : HyperparameterDef.learned(name, spec.type().argument("d0").isPresent() ? spec.value("d0") : Double.NaN,
                        description, Reparam.IDENTITY,
                        HyperparameterDef.Range.POSITIVE);
    }

    /** Returns the adapted scalar's current value. */
    protected abstract double scalar();

    /** Sets the adapted scalar by hand between two steps; only called when it is settable. */
    protected void setScalar(double value) {
        throw new IllegalStateException(spec.type() + " recomputes " + names.get(0) + " every step");
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public List<String> hyperparameterNames() {
        return names;
    }

    @Override
    public Reparam reparam(int index) {
        return Reparam.IDENTITY;
    }

    @Override
    public HyperparameterDef definition(int index) {
        return scalar;
    }

    @Override
    public double raw(int index) {
        return scalar();
    }

    @Override
    public void setRaw(int index, double value) {
        setScalar(value);
    }

    /** Never asked: nothing sits above a standalone layer; NaN says that no derivative exists. */
    @Override
    public double[] hypergradient(List<V> upstream) {
        double[] none = new double[names.size()];
        Arrays.fill(none, Double.NaN);
        return none;
    }

    /** Returns the constant argument of that name, as given or its default. */
    protected double argument(String name) {
        return spec.value(name);
    }

    /** Returns {@code sum_i <a_i, b_i>} over the targets. */
    protected double dot(List<V> a, List<V> b) {
        return ops.dots(a, List.of(b))[0];
    }

    /** Returns the global Euclidean norm of a list of vectors. */
    protected double norm(List<V> a) {
        return Math.sqrt(dot(a, a));
    }

    /** Returns the global L1 norm of a list of vectors. */
    protected double norm1(List<V> a) {
        double total = 0;
        for (V v : a) {
            total += ops.sum(ops.abs(v));
        }
        return total;
    }

    /** Returns {@code a * x + b * y} target by target; a null {@code x} counts as zero. */
    protected List<V> combine(double a, List<V> x, double b, List<V> y) {
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V by = ops.scale(y.get(i), b);
            out.add(x == null ? by : ops.add(ops.scale(x.get(i), a), by));
        }
        return out;
    }

    /** Returns {@code x + b * y} target by target. */
    protected List<V> plus(List<V> x, double b, List<V> y) {
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            out.add(ops.add(x.get(i), ops.scale(y.get(i), b)));
        }
        return out;
    }

    /** Returns {@code x - y} target by target. */
    protected List<V> minus(List<V> x, List<V> y) {
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            out.add(ops.sub(x.get(i), y.get(i)));
        }
        return out;
    }

    /** Returns zeros shaped like each target. */
    protected List<V> zeros(List<V> like) {
        List<V> out = new ArrayList<>(targets);
        for (V v : like) {
            out.add(ops.full(v, 0));
        }
        return out;
    }

    /** Keeps every vector of a list for the next step; returns the list. */
    protected List<V> keepAll(List<V> vectors) {
        if (vectors != null) {
            vectors.forEach(ops::keep);
        }
        return vectors;
    }

    /** Python's {@code max(a, b)}: {@code a} unless {@code b > a}, so a NaN {@code b} leaves {@code a}. */
    static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's {@code min(a, b)}: {@code a} unless {@code b < a}. */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }
}
