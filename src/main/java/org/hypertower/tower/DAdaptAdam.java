package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/**
 * D-Adaptation Adam (Defazio and Mishchenko, ICML 2023), the v3 algorithm of
 * {@code dadaptation/dadapt_adam.py} with its defaults: coupled weight decay, no bias correction,
 * growth rate infinite.
 *
 * <p>With {@code g = g + wd p}, {@code eta = d lr} and {@code b = sqrt(beta2)}: {@code N_acc = eta
 * <g, s / (sqrt(v) + eps)>} (the old s and v), {@code m = beta1 m + eta (1 - beta1) g}, {@code v =
 * beta2 v + (1 - beta2) g^2}, {@code s = b s + eta (1 - b) g}, {@code N = b N + (1 - b) N_acc},
 * {@code d = max(d, N / ((1 - b) ||s||_1))}, {@code p' = p - m / (sqrt(v) + eps)}. The step size is
 * baked into m, so a new d only weighs future gradients. The {@code d} reported is the estimate
 * after the step.
 */
final class DAdaptAdam<V> extends RivalLevel<V> {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double wd;
    private double d;
    private double numerator;
    private List<V> m;
    private List<V> v;
    private List<V> s;

    DAdaptAdam(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, "D-Adaptation's distance estimate, the step size's scale");
        this.lr = argument("lr");
        this.beta1 = argument("beta1");
        this.beta2 = argument("beta2");
        this.eps = argument("eps");
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
        if (steps == 0 && m == null) {
            m = zeros(params);
            v = zeros(params);
            s = zeros(params);
        }
        List<V> g = wd != 0 ? plus(grads, wd, params) : grads;
        double dlr = d * lr;
        double sb2 = Math.sqrt(beta2);
        double accumulated = 0;
        double skL1 = 0;
        if (lr > 0) {
            List<V> scaled = new ArrayList<>(targets);
            List<V> mNew = new ArrayList<>(targets);
            List<V> vNew = new ArrayList<>(targets);
            List<V> sNew = new ArrayList<>(targets);
            for (int i = 0; i < targets; i++) {
                V gi = g.get(i);
                scaled.add(ops.div(s.get(i), ops.addScalar(ops.sqrt(v.get(i)), eps)));
                mNew.add(ops.add(ops.scale(m.get(i), beta1), ops.scale(gi, dlr * (1 - beta1))));
                vNew.add(ops.add(ops.scale(v.get(i), beta2), ops.scale(ops.square(gi), 1 - beta2)));
                sNew.add(ops.add(ops.scale(s.get(i), sb2), ops.scale(gi, dlr * (1 - sb2))));
            }
            accumulated = dlr * dot(g, scaled);
            m = mNew;
            v = vNew;
            s = sNew;
            skL1 = norm1(s);
        }
        keepAll(m);
        keepAll(v);
        keepAll(s);
        if (skL1 == 0) {
            return params;
        }
        numerator = sb2 * numerator + (1 - sb2) * accumulated;
        d = pyMax(d, numerator / ((1 - sb2) * skL1));
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V denom = ops.addScalar(ops.sqrt(v.get(i)), eps);
            out.add(ops.sub(params.get(i), ops.div(m.get(i), denom)));
        }
        steps++;
        return out;
    }
}
