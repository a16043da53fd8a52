package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/**
 * Prodigy (Mishchenko and Defazio, "Prodigy: An Expeditiously Adaptive Parameter-Free Learner",
 * ICML 2024), as {@code prodigyopt/prodigy.py} v1.1.2 computes it with its defaults: decoupled
 * weight decay, no bias correction, no safeguard warm-up, {@code beta3 = sqrt(beta2)}, eps = 1e-8,
 * growth rate infinite, no slicing.
 *
 * <p>With {@code eta = d lr}: {@code N = beta3 N + (d/d0) eta <g, x0 - p>}, {@code m = beta1 m + d
 * (1 - beta1) g}, {@code v = beta2 v + d^2 (1 - beta2) g^2}, {@code s = beta3 s + (d/d0) eta g},
 * {@code d_hat = d_coef N / ||s||_1}; while d has not grown {@code d = max(d, d_hat)}; {@code d_max
 * = max(d_max, d_hat)}, {@code d = d_max}; then {@code p = p - wd eta p} and {@code p' = p - eta m
 * / (sqrt(v) + d eps)}: eta uses the old d, the eps term the new one. The {@code d} reported is the
 * estimate after the step; setting it by hand sets d and its running maximum.
 */
final class Prodigy<V> extends RivalLevel<V> {

    static final double EPS = 1e-8;

    private final double d0;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double dCoef;
    private final double wd;
    private double d;
    private double dMax;
    private double numerator;
    private List<V> x0;
    private List<V> m;
    private List<V> v;
    private List<V> s;

    Prodigy(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, "Prodigy's distance estimate: the Adam step size is d lr");
        this.d0 = argument("d0");
        this.lr = argument("lr");
        this.beta1 = argument("beta1");
        this.beta2 = argument("beta2");
        this.dCoef = argument("d_coef");
        this.wd = argument("wd");
        this.d = d0;
        this.dMax = d0;
    }

    @Override
    protected double scalar() {
        return d;
    }

    @Override
    protected void setScalar(double value) {
        d = value;
        dMax = value;
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        if (x0 == null) {
            x0 = List.copyOf(params);
            m = zeros(params);
            v = zeros(params);
            s = zeros(params);
        }
        keepAll(x0);
        double beta3 = Math.sqrt(beta2);
        double dlr = d * lr;
        double decayed = numerator * beta3;
        double delta = 0;
        double denominator = 0;
        if (lr > 0) {
            delta = d / d0 * dlr * dot(grads, minus(x0, params));
            List<V> mNew = new ArrayList<>(targets);
            List<V> vNew = new ArrayList<>(targets);
            List<V> sNew = new ArrayList<>(targets);
            for (int i = 0; i < targets; i++) {
                V g = grads.get(i);
                mNew.add(beta1 > 0 ? ops.add(ops.scale(m.get(i), beta1), ops.scale(g, d * (1 - beta1))) : m.get(i));
                vNew.add(ops.add(ops.scale(v.get(i), beta2), ops.scale(ops.square(g), d * d * (1 - beta2))));
                sNew.add(ops.add(ops.scale(s.get(i), beta3), ops.scale(g, d / d0 * dlr)));
            }
            m = mNew;
            v = vNew;
            s = sNew;
            denominator = norm1(s);
        }
        keepAll(m);
        keepAll(v);
        keepAll(s);
        if (denominator == 0) {
            return params;
        }
        numerator = decayed + delta;
        double dHat = dCoef * numerator / denominator;
        if (d == d0) {
            d = pyMax(d, dHat);
        }
        dMax = pyMax(dMax, dHat);
        d = dMax; // min(d_max, d * growth_rate) with an infinite growth rate
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V p = params.get(i);
            V denom = ops.addScalar(ops.sqrt(v.get(i)), d * EPS);
            if (wd != 0) {
                p = ops.sub(p, ops.scale(p, wd * dlr));
            }
            V direction = beta1 > 0 ? ops.div(m.get(i), denom) : ops.scale(ops.div(grads.get(i), denom), d);
            out.add(ops.sub(p, ops.scale(direction, dlr)));
        }
        steps++;
        return out;
    }
}
