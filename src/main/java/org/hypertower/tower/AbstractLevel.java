package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/** State and bookkeeping shared by the layer implementations. */
abstract class AbstractLevel<V> implements Level<V> {

    protected final VectorOps<V> ops;
    protected final boolean tracked;
    protected final int targets;
    private final LayerSpec spec;
    private final List<String> names;
    private final List<Reparam> reparams;
    private final double[] raw;
    /** Number of steps taken so far. */
    protected int steps;

    /**
     * @param spec the level's configuration
     * @param ops the vector algebra of its targets
     * @param targets the number of targets it updates
     * @param tracked whether a level above learns this level's hyperparameters, so that steps must
     *     remember what {@link #hypergradient} needs
     */
    AbstractLevel(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        this.spec = spec;
        this.ops = ops;
        this.targets = targets;
        this.tracked = tracked;
        this.names = new ArrayList<>();
        this.reparams = new ArrayList<>();
        for (HyperparameterDef def : spec.type().arguments()) {
            if (def.learned()) {
                names.add(def.name());
                reparams.add(def.reparam());
            }
        }
        this.raw = new double[names.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = reparams.get(i).toRaw(spec.value(names.get(i)));
        }
    }

    /** Constructor for levels whose learned hyperparameters are not the spec's arguments. */
    AbstractLevel(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked, List<String> names,
            Reparam reparam, double initialEffective) {
        this.spec = spec;
        this.ops = ops;
        this.targets = targets;
        this.tracked = tracked;
        this.names = List.copyOf(names);
        this.reparams = new ArrayList<>();
        this.raw = new double[names.size()];
        for (int i = 0; i < raw.length; i++) {
            reparams.add(reparam);
            raw[i] = reparam.toRaw(initialEffective);
        }
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
        return reparams.get(index);
    }

    @Override
    public double raw(int index) {
        return raw[index];
    }

    @Override
    public void setRaw(int index, double value) {
        raw[index] = value;
    }

    /** Returns the effective value of the learned hyperparameter of that name. */
    protected double effective(String name) {
        return effective(names.indexOf(name));
    }

    /** Keeps every vector of a list for the next step; returns the list. */
    protected List<V> keepAll(List<V> vectors) {
        if (vectors != null) {
            vectors.forEach(ops::keep);
        }
        return vectors;
    }

    /** Returns {@code a * x + b * y}, skipping a zero coefficient's term. */
    protected V combine(double a, V x, double b, V y) {
        return ops.add(ops.scale(x, a), ops.scale(y, b));
    }
}
