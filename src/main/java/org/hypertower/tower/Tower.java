package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A running hyperoptimizer tower: fresh state for one run, built from a {@link TowerSpec}.
 * Level 0 updates the model's weights (DJL arrays in training, {@link DoubleVectorOps plain double
 * vectors} in the 2-D playground); every level above updates the stored hyperparameters of the
 * level below (Java doubles). The same layer classes run in both.
 *
 * <p>Each {@link #step} takes the model's weights and their gradients for one training step,
 * computes every level's hypergradient bottom-up (closed form, see {@link Level}), then updates
 * top-down: each level first lets the level above update its own hyperparameters, then updates
 * what it optimizes, exactly as the reference implementation does.
 *
 * @param <V> the vector type of the model's weights
 */
public final class Tower<V> {

    private final TowerSpec spec;
    private final Level<V> bottom;
    private final List<Level<Double>> upper;
    private final List<String> keys;
    private final double[] hypergradients;
    private final boolean constrained;
    private long clamps;
    /** For each level but the top, which of its hyperparameters the last update put on a bound. */
    private final boolean[][] projected;

    /**
     * Builds the tower's levels with fresh state.
     *
     * @param spec the configuration
     * @param ops the algebra over the model's weights
     * @param parameterNames a name for each weight tensor level 0 will update, in order
     */
    public Tower(TowerSpec spec, VectorOps<V> ops, List<String> parameterNames) {
        this(spec, ops, parameterNames, false);
    }

    /**
     * Builds the tower's levels with fresh state, optionally keeping learned values in range.
     *
     * @param spec the configuration
     * @param ops the algebra over the model's weights
     * @param parameterNames a name for each weight tensor level 0 will update, in order
     * @param constrained whether every update a level makes to the hyperparameters below it is
     *     projected back into their ranges (alpha and wd >= 0, mu in [0, 0.999], dp in [0, 1]): beyond
     *     the reference, which lets a learning rate turn negative
     */
    public Tower(TowerSpec spec, VectorOps<V> ops, List<String> parameterNames, boolean constrained) {
        this.spec = spec;
        this.constrained = constrained;
        int height = spec.height();
        this.bottom = newLevel(spec.level(0), ops, parameterNames, height > 1);
        List<Level<Double>> levels = new ArrayList<>();
        List<String> below = bottom.hyperparameterNames();
        for (int k = 1; k < height; k++) {
            Level<Double> level = newLevel(spec.level(k), ScalarOps.INSTANCE, below, k < height - 1);
            levels.add(level);
            below = level.hyperparameterNames();
        }
        this.upper = Collections.unmodifiableList(levels);
        List<String> allKeys = new ArrayList<>();
        for (int k = 0; k < height; k++) {
            for (String name : level(k).hyperparameterNames()) {
                allKeys.add(k + "." + name);
            }
        }
        this.keys = List.copyOf(allKeys);
        this.hypergradients = new double[keys.size()];
        Arrays.fill(hypergradients, Double.NaN);
        this.projected = new boolean[height][];
        for (int k = 0; k < height; k++) {
            projected[k] = new boolean[level(k).hyperparameterNames().size()];
        }
    }

    private static <V> Level<V> newLevel(LayerSpec spec, VectorOps<V> ops, List<String> targets, boolean tracked) {
        int n = targets.size();
        return switch (spec.type()) {
            case SGD -> new Sgd<>(spec, ops, n, tracked);
            case SGD_ON_STEROIDS -> new SgdOnSteroids<>(spec, ops, n, tracked);
            case ADAM, ADAM_BAYDIN -> new Adam<>(spec, ops, n, tracked);
            case ADAGRAD -> new Adagrad<>(spec, ops, n, tracked);
            case RMSPROP, RMSPROP_ALPHA -> new RmsProp<>(spec, ops, n, tracked);
            case SGD_PER_PARAM -> new SgdPerParam<>(spec, ops, targets, tracked);
            case DADAPT_SGD -> new DAdaptSgd<>(spec, ops, n);
            case DADAPT_ADAM -> new DAdaptAdam<>(spec, ops, n);
            case PRODIGY -> new Prodigy<>(spec, ops, n);
            case DOG -> new Dog<>(spec, ops, n);
            case SCHEDULEFREE_SGD, SCHEDULEFREE_ADAMW -> new ScheduleFree<>(spec, ops, n);
            case COCOB -> new Cocob<>(spec, ops, n);
        };
    }

    /**
     * Returns the model's weights to evaluate at, given the ones the last {@link #step} returned:
     * those themselves, or an average of the iterates for a layer that reports one (DoG,
     * Schedule-Free; see {@link Level#evaluationPoint}). Valid until the next step.
     */
    public List<V> evaluationWeights(List<V> current) {
        return bottom.evaluationPoint(current);
    }

    /** Returns the configuration. */
    public TowerSpec spec() {
        return spec;
    }

    /** Returns the number of levels. */
    public int height() {
        return spec.height();
    }

    /** Returns a level, 0 being the bottom. */
    public Level<?> level(int k) {
        return k == 0 ? bottom : upper.get(k - 1);
    }

    /**
     * Returns the key of every learned hyperparameter of every level, {@code LEVEL.NAME}, bottom
     * level first, e.g. {@code 0.alpha, 0.mu, 1.alpha, 1.mu}.
     */
    public List<String> hyperparameterKeys() {
        return keys;
    }

    /** Returns the current effective value of every hyperparameter, in key order. */
    public double[] hyperparameterValues() {
        double[] values = new double[keys.size()];
        int i = 0;
        for (int k = 0; k < height(); k++) {
            Level<?> level = level(k);
            for (int j = 0; j < level.hyperparameterNames().size(); j++) {
                values[i++] = level.effective(j);
            }
        }
        return values;
    }

    /**
     * Checks, changing nothing, that a learned hyperparameter may be set to an effective value by
     * {@link #set}: the key is one of {@link #hyperparameterKeys()} and the value is finite, admitted
     * by its definition and storable in its reparametrized form. Safe from any thread: it reads only
     * the tower's configuration.
     *
     * @throws IllegalArgumentException one sentence naming the key and the values it admits
     */
    public void checkSettable(String key, double value) {
        int[] at = locate(key);
        Level<?> level = level(at[0]);
        HyperparameterDef def = level.definition(at[1]);
        String name = level.hyperparameterNames().get(at[1]);
        String fixedByLayer = level.whyNotSettable(at[1]);
        if (fixedByLayer != null) {
            throw new IllegalArgumentException(key + " cannot be set: " + fixedByLayer + ".");
        }
        if (level.spec().type() == LayerType.SGD && name.equals("mu") && level.spec().value("mu") == 0) {
            throw new IllegalArgumentException(key + " cannot be set: this sgd level was built with mu = 0, so its "
                    + "momentum is off for the whole run.");
        }
        if (!Double.isFinite(value) || !def.admits().test(value) || !Double.isFinite(level.reparam(at[1]).toRaw(value))) {
            throw new IllegalArgumentException(key + " must be a finite number " + def.rangeText() + ", not "
                    + (Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "" : "-") + "infinity"
                            : Numbers.format(value)) + ".");
        }
    }

    /**
     * Checks, changing nothing, that a learned hyperparameter can hold an effective value that an
     * update of the level above could leave it at: finite and storable in its reparametrized form.
     * Wider than {@link #checkSettable}: without {@link #constrained()} a learned learning rate may
     * turn negative (as in the reference), and a path a tower took must be followable as it was; a
     * beta outside (0, 1), or a value a layer built without it (sgd's mu with momentum off) is not.
     *
     * @throws IllegalArgumentException one sentence naming the key and the values it can hold
     */
    public void checkReachable(String key, double value) {
        int[] at = locate(key);
        Level<?> level = level(at[0]);
        HyperparameterDef def = level.definition(at[1]);
        String name = level.hyperparameterNames().get(at[1]);
        if (level.spec().type() == LayerType.SGD && name.equals("mu") && level.spec().value("mu") == 0) {
            throw new IllegalArgumentException(key + " cannot be set: this sgd level was built with mu = 0, so its "
                    + "momentum is off for the whole run.");
        }
        Reparam reparam = level.reparam(at[1]);
        if (!Double.isFinite(value) || !Double.isFinite(reparam.toRaw(value))) {
            throw new IllegalArgumentException(key + " must be a finite number" + (reparam == Reparam.IDENTITY ? ""
                    : " " + def.rangeText()) + ", not " + (Double.isNaN(value) ? "NaN" : Double.isInfinite(value)
                            ? (value > 0 ? "" : "-") + "infinity" : Numbers.format(value)) + ".");
        }
    }

    /**
     * Sets a learned hyperparameter's effective value, between two steps: it is stored in the form
     * the level above optimizes (a square root keeps its sign, so the hypergradient's direction is
     * kept), and the next step uses it. Not thread-safe: call on the thread that steps the tower.
     *
     * @return the effective value before
     * @throws IllegalArgumentException as {@link #checkSettable}
     */
    public double set(String key, double value) {
        checkSettable(key, value);
        return store(locate(key), value);
    }

    /**
     * Sets a learned hyperparameter to a value an update of the level above could have left it at
     * (see {@link #checkReachable}), as {@link #set} does otherwise: to follow a path a tower took.
     *
     * @return the effective value before
     * @throws IllegalArgumentException as {@link #checkReachable}
     */
    public double setReachable(String key, double value) {
        checkReachable(key, value);
        return store(locate(key), value);
    }

    private double store(int[] at, double value) {
        Level<?> level = level(at[0]);
        double old = level.effective(at[1]);
        double raw = level.reparam(at[1]).toRaw(value);
        if (level.reparam(at[1]) == Reparam.SQUARE) {
            raw = Math.copySign(raw, level.raw(at[1]));
        }
        level.setRaw(at[1], raw);
        return old;
    }

    /** Returns {level, index} of a key, or throws naming the keys there are. */
    private int[] locate(String key) {
        int dot = key == null ? -1 : key.indexOf('.');
        if (dot > 0 && keys.contains(key)) {
            int k = Integer.parseInt(key.substring(0, dot));
            int j = level(k).hyperparameterNames().indexOf(key.substring(dot + 1));
            if (j >= 0) {
                return new int[] {k, j};
            }
        }
        throw new IllegalArgumentException("This tower learns no hyperparameter named " + key + "; it learns "
                + String.join(", ", keys) + ".");
    }

    /**
     * Returns, in key order, d(loss)/d(effective value) each hyperparameter received at the last
     * step; NaN for the top level, whose hyperparameters are constants, and before the first step.
     */
    public double[] hypergradients() {
        return hypergradients.clone();
    }

    /**
     * Runs one step of every level.
     *
     * @param params the model's weights the loss was computed at
     * @param grads d(loss)/d(weight), one per weight
     * @return the new weights
     */
    public List<V> step(List<V> params, List<V> grads) {
        int height = height();
        List<List<Double>> rawGrads = new ArrayList<>(height);
        if (height > 1) {
            double[] effectiveGrad = bottom.hypergradient(grads);
            rawGrads.add(toRaw(bottom, effectiveGrad, 0));
            for (int k = 1; k < height - 1; k++) {
                Level<Double> level = upper.get(k - 1);
                effectiveGrad = level.hypergradient(throughProjection(rawGrads.get(k - 1), projected[k - 1]));
                rawGrads.add(toRaw(level, effectiveGrad, k));
            }
        }
        for (int k = height - 1; k >= 1; k--) {
            Level<?> below = level(k - 1);
            List<Double> values = new ArrayList<>();
            for (int j = 0; j < below.hyperparameterNames().size(); j++) {
                values.add(below.raw(j));
            }
            List<Double> updated = upper.get(k - 1).step(values, rawGrads.get(k - 1));
            for (int j = 0; j < updated.size(); j++) {
                double value = constrained ? project(below, j, updated.get(j)) : updated.get(j);
                projected[k - 1][j] = value != updated.get(j);
                below.setRaw(j, value);
            }
        }
        return bottom.step(params, grads);
    }

    /** Returns whether updates are projected into the hyperparameters' ranges. */
    public boolean constrained() {
        return constrained;
    }

    /** Returns how many updates have been projected back into range so far (0 unless constrained). */
    public long clamps() {
        return clamps;
    }

    /**
     * Returns d(loss)/d(stored value) as the level above sees it through the projection: a value the
     * last update put on a bound did not move with that update, so its derivative is 0.
     */
    private static List<Double> throughProjection(List<Double> rawGrad, boolean[] onBound) {
        List<Double> out = new ArrayList<>(rawGrad);
        for (int j = 0; j < onBound.length && j < out.size(); j++) {
            if (onBound[j]) {
                out.set(j, 0.0);
            }
        }
        return out;
    }

    /**
     * Returns the stored value nearest to a new one whose effective value is in range. Only values
     * stored as they are need it: the Adam betas, RMSProp's gamma and its alpha are kept in range by
     * their reparametrizations. A non-finite value is left alone, so divergence is still reported
     * where it happens. The level above keeps its own state as if the update had been made in full
     * (projected gradient descent); its next hypergradient goes through the projection, in which a
     * value put on a bound does not move.
     */
    private double project(Level<?> level, int j, double raw) {
        if (level.reparam(j) != Reparam.IDENTITY || !Double.isFinite(raw)) {
            return raw;
        }
        double inRange = level.definition(j).clamp(raw);
        if (inRange != raw) {
            clamps++;
        }
        return inRange;
    }

    /** Converts d/d(effective) to d/d(stored) and records the effective one for reporting. */
    private List<Double> toRaw(Level<?> level, double[] effectiveGrad, int k) {
        if (effectiveGrad.length == 0) {
            return List.of();
        }
        int offset = keys.indexOf(k + "." + level.hyperparameterNames().get(0));
        List<Double> raw = new ArrayList<>(effectiveGrad.length);
        for (int j = 0; j < effectiveGrad.length; j++) {
            hypergradients[offset + j] = effectiveGrad[j];
            raw.add(effectiveGrad[j] * level.reparam(j).derivative(level.raw(j)));
        }
        return raw;
    }
}
