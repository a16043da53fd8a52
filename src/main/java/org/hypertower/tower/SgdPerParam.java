package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SGD with one learned learning rate per target (per parameter tensor at level 0, per
 * hyperparameter above), as gdtuo's {@code SGDPerParam}: {@code p_i' = p_i - alpha_i g_i}.
 * Hypergradient: {@code dL/dalpha_i = -<u_i, g_i>}. The hyperparameters are named
 * {@code alpha[TARGET]}.
 */
final class SgdPerParam<V> extends AbstractLevel<V> {

    private List<V> usedGrads;

    SgdPerParam(LayerSpec spec, VectorOps<V> ops, List<String> targetNames, boolean tracked) {
        super(spec, ops, targetNames.size(), tracked, names(targetNames), Reparam.IDENTITY, spec.value("alpha"));
    }

    private static List<String> names(List<String> targetNames) {
        List<String> names = new ArrayList<>();
        for (String target : targetNames) {
            names.add("alpha[" + target + "]");
        }
        return names;
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            double alpha = hyperparameterNames().isEmpty() ? spec().value("alpha") : effective(i);
            out.add(ops.subScaled(params.get(i), grads.get(i), alpha));
        }
        if (tracked) {
            usedGrads = keepAll(new ArrayList<>(grads));
        }
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        if (steps == 0) {
            return new double[targets];
        }
        List<List<V>> columns = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V[] column = newColumn();
            columns.add(Arrays.asList(column));
            column[i] = usedGrads.get(i);
        }
        double[] d = ops.dots(upstream, columns);
        for (int i = 0; i < d.length; i++) {
            d[i] = -d[i];
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private V[] newColumn() {
        return (V[]) new Object[targets];
    }
}
