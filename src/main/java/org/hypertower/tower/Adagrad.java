package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/**
 * AdaGrad (Duchi et al.) with a learned learning rate, as in Chandra et al.
 *
 * <p>{@code G = G + g^2} with G starting at 0.1; {@code p' = p - alpha g / sqrt(G + 1e-10)}, the
 * denominator detached. Hypergradient: {@code dL/dalpha = -<u, g / sqrt(G + 1e-10)>}.
 */
final class Adagrad<V> extends AbstractLevel<V> {

    private List<V> accumulators;
    private List<V> directions;

    Adagrad(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        super(spec, ops, targets, tracked);
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        double alpha = effective("alpha");
        List<V> out = new ArrayList<>(targets);
        List<V> acc = new ArrayList<>(targets);
        List<V> dirs = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V prev = accumulators == null ? ops.full(g, 0.1) : accumulators.get(i);
            V sum = ops.add(prev, ops.square(g));
            V dir = ops.div(g, ops.sqrt(ops.addScalar(sum, 1e-10)));
            out.add(ops.subScaled(params.get(i), dir, alpha));
            acc.add(sum);
            dirs.add(dir);
        }
        accumulators = keepAll(acc);
        if (tracked) {
            directions = keepAll(dirs);
        }
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        if (steps == 0) {
            return new double[1];
        }
        return new double[] {-ops.dots(upstream, List.of(directions))[0]};
    }
}
