package org.hypertower.tower;

import java.util.List;

/**
 * D-Adaptation SGD (Defazio and Mishchenko, "Learning-Rate-Free Learning by D-Adaptation", ICML
 * 2023), as {@code dadaptation/dadapt_sgd.py} v3.2 computes it, with growth rate infinite.
 *
 * <p>On the first step {@code ||g0||} is taken (without the weight decay term, a quirk of the
 * reference). Then with {@code g = g + wd p}: {@code lambda = d lr / ||g0||}, {@code N = N + lambda
 * <g, s>}, {@code s = s + lambda g}, {@code d = max(d, 2 N / ||s||)}, {@code z = x0 - s} and
 * {@code p' = momentum p + (1 - momentum) z}. With momentum 0 this is {@code p' = p - lambda g}: the
 * first step has length {@code d0 lr}. The {@code d} reported is the estimate after the step, which
 * the next step uses; setting it by hand changes that step.
 */
final class DAdaptSgd<V> extends RivalLevel<V> {

    private final double lr;
    private final double momentum;
    private final double wd;
    private double d;
    private double numerator;
    private double g0norm;
    private List<V> s;
    private List<V> x0;

    DAdaptSgd(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, "D-Adaptation's distance estimate, the step size's scale");
        this.lr = argument("lr");
        this.momentum = argument("momentum");
        this.wd = argument("wd");
        this.d = argument("d0");
    }

    @Override
    protected double scalar() {
        return d;
    }

    @Override
    protected void setScalar(double value) {
        d = value;
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        if (steps == 0) {
            x0 = List.copyOf(params);
            g0norm = norm(grads);
        }
        keepAll(x0);
        List<V> g = wd != 0 ? plus(grads, wd, params) : grads;
        double dlr = d * lr / g0norm;
        double skSq = 0;
        double delta = 0;
        List<V> sNew = s;
        if (lr > 0 && g0norm > 0) {
            delta = s == null ? 0 : dlr * dot(g, s);
            sNew = s == null ? combine(0, null, dlr, g) : plus(s, dlr, g);
            skSq = dot(sNew, sNew);
        }
        double total = numerator + delta;
        double dNew = lr > 0 ? pyMax(d, 2 * total / Math.sqrt(skSq)) : d;
        if (skSq == 0) {
            // no gradient yet: nothing moves and the next step starts over, as in the reference
            return params;
        }
        s = keepAll(sNew);
        numerator = total;
        d = dNew;
        List<V> z = minus(x0, s);
        steps++;
        return momentum == 0 ? z : combine(momentum, params, 1 - momentum, z);
    }
}
