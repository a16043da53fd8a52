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
    private final List<HyperparameterDef> definitions = new ArrayList<>();
    private final double[] raw;
    /** For each learned hyperparameter, its index among those {@link #allHypergradients} returns. */
    private final int[] positions;
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
        List<Integer> at = new ArrayList<>();
        int position = 0;
        for (HyperparameterDef def : spec.type().arguments()) {
            if (def.learned()) {
                if (!spec.fixed().contains(def.name())) {
                    names.add(def.name());
                    reparams.add(def.reparam());
                    definitions.add(def);
                    at.add(position);
                }
                position++;
            }
        }
        this.positions = at.stream().mapToInt(Integer::intValue).toArray();
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
        boolean fixed = spec.fixed().contains("alpha");
        this.names = fixed ? List.of() : List.copyOf(names);
        this.reparams = new ArrayList<>();
        this.raw = new double[this.names.size()];
        this.positions = new int[this.names.size()];
        HyperparameterDef alpha = spec.type().argument("alpha").orElseThrow();
        for (int i = 0; i < raw.length; i++) {
            reparams.add(reparam);
            definitions.add(alpha);
            raw[i] = reparam.toRaw(initialEffective);
            positions[i] = i;
        }
    }

    /**
     * Returns d(loss)/d(effective value) through the last step for every hyperparameter the layer
     * type learns, in the order of its arguments, whether or not the spec fixes some of them.
     */
    protected abstract double[] allHypergradients(List<V> upstream);

    @Override
    public final double[] hypergradient(List<V> upstream) {
        double[] all = allHypergradients(upstream);
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = all[positions[i]];
        }
        return out;
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
    public HyperparameterDef definition(int index) {
        return definitions.get(index);
    }

    @Override
    public double raw(int index) {
        return raw[index];
    }

    @Override
    public void setRaw(int index, double value) {
        raw[index] = value;
    }

    /** Returns the effective value of a hyperparameter: learned, or fixed at its spec value. */
    protected double effective(String name) {
        int i = names.indexOf(name);
        return i >= 0 ? effective(i) : spec.value(name);
    }

    /**
     * Returns whether the level above learns a hyperparameter of this level: a level that has one
     * and does not fix it. A step need keep nothing for the others' hypergradients.
     */
    protected boolean learns(String name) {
        return tracked && names.contains(name);
    }

    /** Keeps every vector of a list for the next step; returns the list. */
    protected List<V> keepAll(List<V> vectors) {
        if (vectors != null) {
            vectors.forEach(ops::keep);
        }
        return vectors;
    }

    /**
     * Gives up vectors kept for {@link #hypergradient} once it has read them, when this level alone
     * holds them (see {@link VectorOps#discard}); returns null, for the field that held them.
     */
    protected List<V> discardAll(List<V> vectors) {
        if (vectors != null) {
            vectors.forEach(ops::discard);
        }
        return null;
    }

    /** Returns {@code a * x + b * y} (see {@link VectorOps#combine}). */
    protected V combine(double a, V x, double b, V y) {
        return ops.combine(a, x, b, y);
    }
}
