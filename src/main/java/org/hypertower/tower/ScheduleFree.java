package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/**
 * Schedule-Free SGD and AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled and Cutkosky, "The Road
 * Less Scheduled", NeurIPS 2024), in the reference form of {@code sgd_schedulefree_reference.py}
 * and {@code adamw_schedulefree_reference.py} v1.4.1, which keeps x, y and z apart: no warm-up,
 * r = 0, weight_lr_power = 2.
 *
 * <p>Three sequences start at the initial weights: z (the base iterate), x (its average, where the
 * model is evaluated) and y (where gradients are taken, the weights this level returns). Step k
 * (from 0): {@code lr_max = max(lr_max, lr)}, {@code W = W + lr_max^2}, {@code c = lr_max^2 / W}
 * (1/(k+1) for a constant lr). SGD: {@code z = z - lr (g + wd y)}. AdamW: {@code z = z - lr wd y},
 * {@code v = beta2 v + (1 - beta2) g^2}, {@code z = z - lr g / (sqrt(v / (1 - beta2^(k+1))) + eps)}.
 * Both: {@code x = (1 - c) x + c z}, {@code y = beta x + (1 - beta) z}. Nothing is adapted, so
 * nothing is reported besides the loss.
 */
final class ScheduleFree<V> extends RivalLevel<V> {

    private final boolean adam;
    private final double lr;
    private final double beta;
    private final double beta2;
    private final double eps;
    private final double wd;
    private double lrMax = -1;
    private double weightSum;
    private List<V> x;
    private List<V> z;
    private List<V> v;

    ScheduleFree(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, null);
        this.adam = spec.type() == LayerType.SCHEDULEFREE_ADAMW;
        this.lr = argument("lr");
        this.beta = adam ? argument("beta1") : argument("beta");
        this.beta2 = adam ? argument("beta2") : 0;
        this.eps = adam ? argument("eps") : 0;
        this.wd = argument("wd");
    }

    @Override
    protected double scalar() {
        throw new IllegalStateException("schedule-free adapts no scalar");
    }

    @Override
    public List<V> step(List<V> y, List<V> grads) {
        if (z == null) {
            x = List.copyOf(y);
            z = x;
            v = adam ? zeros(y) : null;
        }
        lrMax = pyMax(lrMax, lr);
        double weight = lrMax * lrMax;
        weightSum += weight;
        double c = weightSum == 0 ? 0 : weight / weightSum;
        double bias2 = 1 - Math.pow(beta2, steps + 1);
        List<V> xNew = new ArrayList<>(targets);
        List<V> yNew = new ArrayList<>(targets);
        List<V> zNew = new ArrayList<>(targets);
        List<V> vNew = adam ? new ArrayList<>(targets) : null;
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V zi = z.get(i);
            if (adam) {
                if (wd != 0) {
                    zi = ops.sub(zi, ops.scale(y.get(i), lr * wd));
                }
                V vi = ops.add(ops.scale(v.get(i), beta2), ops.scale(ops.square(g), 1 - beta2));
                V denom = ops.addScalar(ops.sqrt(ops.scale(vi, 1 / bias2)), eps);
                zi = ops.sub(zi, ops.scale(ops.div(g, denom), lr));
                vNew.add(vi);
            } else {
                V gw = wd != 0 ? ops.add(g, ops.scale(y.get(i), wd)) : g;
                zi = ops.sub(zi, ops.scale(gw, lr));
            }
            V xi = ops.add(ops.scale(x.get(i), 1 - c), ops.scale(zi, c));
            zNew.add(zi);
            xNew.add(xi);
            yNew.add(ops.add(ops.scale(xi, beta), ops.scale(zi, 1 - beta)));
        }
        x = keepAll(xNew);
        z = keepAll(zNew);
        v = keepAll(vNew);
        steps++;
        return yNew;
    }

    /** The average x; the initial weights before the first step. */
    @Override
    public List<V> evaluationPoint(List<V> current) {
        return steps == 0 ? current : x;
    }
}
