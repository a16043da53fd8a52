package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, learning its learning rate (and momentum)
 * from the level above. Chandra et al., "Gradient Descent: The Ultimate Optimizer" (NeurIPS 2022).
 *
 * <p>With {@code mu} non-zero initially: {@code buf = g} on the first step, else {@code buf = mu *
 * buf + g}; then {@code p' = p - alpha * buf}. With {@code mu = 0} initially momentum is off for
 * the whole run and mu receives no gradient, as in the reference.
 *
 * <p>Hypergradients: {@code dL/dalpha = -<u, buf>}, {@code dL/dmu = -alpha <u, buf_prev>}.
 */
final class Sgd<V> extends AbstractLevel<V> {

    private final boolean momentum;
    private List<V> buffers;
    private List<V> usedBuffers;
    private List<V> previousBuffers;
    private double usedAlpha;

    Sgd(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        super(spec, ops, targets, tracked);
        this.momentum = spec.value("mu") != 0;
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        double alpha = effective("alpha");
        double mu = effective("mu");
        boolean first = steps == 0;
        List<V> out = new ArrayList<>(targets);
        List<V> used = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V buf = momentum && !first ? ops.addInto(ops.scale(buffers.get(i), mu), g) : g;
            used.add(buf);
            out.add(ops.subScaled(params.get(i), buf, alpha));
        }
        if (tracked) {
            previousBuffers = momentum && !first && learns("mu") ? keepAll(buffers) : null;
            usedBuffers = learns("alpha") ? keepAll(used) : null;
            usedAlpha = alpha;
        }
        if (momentum) {
            buffers = keepAll(used);
        }
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        if (steps == 0) {
            return new double[2];
        }
        double[] d = ops.dots(upstream, Arrays.asList(usedBuffers, previousBuffers));
        // the previous buffers are read once and held by this level alone (the used ones are the
        // momentum, or the caller's gradients)
        previousBuffers = discardAll(previousBuffers);
        return new double[] {-d[0], -usedAlpha * d[1]};
    }
}
