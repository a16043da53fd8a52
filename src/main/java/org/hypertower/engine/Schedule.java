package org.hypertower.engine;

import java.util.List;
import org.hypertower.tower.DoubleVectorOps;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.Tower;
import org.hypertower.tower.TowerSpec;

/**
 * A path of one optimizer's hyperparameters, step by step: the values a tower's level 0 used at
 * every step, for a plain run of that optimizer to follow (see {@link TrainingRun#follow}). Row
 * {@code t} holds the effective values step {@code t} (0-based) uses; a step past the last row holds
 * the last row's values.
 *
 * <p>Why row {@code t} is what step {@code t} used: in a tower, each step first lets the level above
 * update level 0's hyperparameters and then lets level 0 update the weights with them
 * ({@link Tower#step}); nothing changes level 0's values after that within the step, so the values
 * {@code steps.csv} records after step {@code t} are the ones step {@code t} used.
 *
 * @param layer the optimizer, with its initial values (the tower's level 0)
 * @param names the learned hyperparameters the path holds, in the layer's order, e.g. {@code alpha, mu}
 * @param values one row per step, one value per name (effective values)
 * @param source where the path comes from, in words (the run's folder), for the run's provenance
 */
public record Schedule(LayerSpec layer, List<String> names, double[][] values, String source) {

    /** Copies the values and checks their shape. */
    public Schedule {
        names = List.copyOf(names);
        if (values.length == 0) {
            throw new IllegalArgumentException("A schedule needs at least one step.");
        }
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            if (values[t].length != names.size()) {
                throw new IllegalArgumentException("Step " + t + " of the schedule has " + values[t].length
                        + " values for " + names.size() + " hyperparameters " + names + ".");
            }
            copy[t] = values[t].clone();
        }
        values = copy;
    }

    /** Returns how many steps the path holds. */
    public int steps() {
        return values.length;
    }

    /** Returns the values step {@code step} uses: its row, or the last row past the end (a copy). */
    public double[] at(long step) {
        return values[(int) Math.min(step, values.length - 1)].clone();
    }

    /** Returns one hyperparameter's value at every step (a copy). */
    public double[] column(String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("The schedule holds no " + name + "; it holds " + String.join(", ", names)
                    + ".");
        }
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = values[t][k];
        }
        return out;
    }

    /**
     * Checks, changing nothing, that a plain run of {@link #layer} can take every value of the path:
     * each name is a hyperparameter the layer learns, and each value that differs from the layer's
     * initial one is one an unconstrained tower can leave it at ({@link Tower#checkReachable}): finite
     * and storable (a beta in (0, 1)); a learning rate that turned negative, as a tower's may, is
     * followed as it was (see {@link #outOfDefinition()}).
     *
     * @throws IllegalArgumentException one sentence naming the step, the hyperparameter and its range
     */
    public void check() {
        Tower<double[]> plain = new Tower<>(TowerSpec.of(layer), DoubleVectorOps.INSTANCE, List.of("weights"));
        double[] initial = plain.hyperparameterValues();
        for (String name : names) {
            if (!plain.hyperparameterKeys().contains("0." + name)) {
                throw new IllegalArgumentException("The schedule holds " + name + ", which " + layer
                        + " does not learn; it learns " + plain.hyperparameterKeys().stream().map(k -> k.substring(2))
                                .toList() + ".");
            }
        }
        for (int t = 0; t < values.length; t++) {
            for (int k = 0; k < names.size(); k++) {
                String key = "0." + names.get(k);
                double v = values[t][k];
                if (Double.compare(v, initial[plain.hyperparameterKeys().indexOf(key)]) == 0) {
                    continue;
                }
                try {
                    plain.checkReachable(key, v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The schedule's " + names.get(k) + " at step " + t
                            + " cannot be followed by a plain " + layer + ": " + e.getMessage().replaceAll("\\.$", "") + ".", e);
                }
            }
        }
    }

    /**
     * Says where the path leaves the ranges the layer's definitions admit for a value given by hand
     * (e.g. a negative learning rate, which an unconstrained tower may learn), or null when it never
     * does: one sentence for the user.
     */
    public String outOfDefinition() {
        Tower<double[]> plain = new Tower<>(TowerSpec.of(layer), DoubleVectorOps.INSTANCE, List.of("weights"));
        List<String> parts = new java.util.ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            int j = plain.level(0).hyperparameterNames().indexOf(names.get(k));
            if (j < 0) {
                continue;
            }
            org.hypertower.tower.HyperparameterDef def = plain.level(0).definition(j);
            int count = 0;
            int first = -1;
            for (int t = 0; t < values.length; t++) {
                if (!def.admits().test(values[t][k])) {
                    count++;
                    first = first < 0 ? t : first;
                }
            }
            if (count > 0) {
                parts.add(names.get(k) + " is outside " + def.rangeText() + " at " + count + " of its " + values.length
                        + " steps (first at step " + first + ")");
            }
        }
        return parts.isEmpty() ? null : "The path's " + String.join("; its ", parts) + ", as the tower's was (an "
                + "unconstrained tower lets a learned value do that); it is followed as it is.";
    }

    /**
     * Sets level 0 of a running tower to the values of a step, before that step: only the values
     * that differ from the level's current ones are set (through {@link Tower#set}, in the form the
     * level stores them).
     */
    void apply(Tower<?> tower, long step) {
        double[] row = at(step);
        List<String> keys = tower.hyperparameterKeys();
        double[] current = tower.hyperparameterValues();
        for (int k = 0; k < names.size(); k++) {
            String key = "0." + names.get(k);
            if (Double.compare(current[keys.indexOf(key)], row[k]) != 0) {
                tower.setReachable(key, row[k]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && layer.equals(s.layer) && names.equals(s.names)
                && java.util.Arrays.deepEquals(values, s.values) && java.util.Objects.equals(source, s.source);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(layer, names, java.util.Arrays.deepHashCode(values), source);
    }

    @Override
    public String toString() {
        return "Schedule[" + layer + ", " + names + ", " + values.length + " steps, from " + source + "]";
    }
}
