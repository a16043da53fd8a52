package org.hypertower.tower;

import java.util.ArrayList;
import java.util.List;

/**
 * COCOB-Backprop (Orabona and Tommasi, "Training Deep Networks without Learning Rates Through Coin
 * Betting", NeurIPS 2017), as the authors' {@code optimizer/cocob_optimizer.py} computes it, per
 * weight: {@code L = max(L, |g|)} (L starts at 1e-8), {@code G = G + g}, {@code A = A + |g|},
 * {@code R = max(R - g w, 0)}, {@code w = -G / (L max(A + L, alpha L)) (R + L)}, {@code p' = x0 +
 * w}. It is dual averaging from the initial weights x0, so the new weights are x0 plus the bet,
 * never an increment on the current ones. The first move is {@code 1/alpha} per weight, whatever
 * the gradient's scale. Nothing is adapted globally, so nothing is reported besides the loss.
 */
final class Cocob<V> extends RivalLevel<V> {

    static final double L0 = 1e-8;

    private final double alpha;
    private List<V> x0;
    private List<V> largest;
    private List<V> gradSum;
    private List<V> absSum;
    private List<V> reward;
    private List<V> bet;

    Cocob(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, null);
        this.alpha = argument("alpha");
    }

    @Override
    protected double scalar() {
        throw new IllegalStateException("cocob adapts no global scalar");
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        if (x0 == null) {
            x0 = List.copyOf(params);
            largest = new ArrayList<>(targets);
            for (V p : params) {
                largest.add(ops.full(p, L0));
            }
            gradSum = zeros(params);
            absSum = zeros(params);
            reward = zeros(params);
            bet = zeros(params);
        }
        List<V> out = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V abs = ops.abs(g);
            V l = ops.max(largest.get(i), abs);
            V gs = ops.add(gradSum.get(i), g);
            V as = ops.add(absSum.get(i), abs);
            V r = ops.max(ops.sub(reward.get(i), ops.mul(g, bet.get(i))), ops.full(g, 0));
            V scale = ops.mul(l, ops.max(ops.add(as, l), ops.scale(l, alpha)));
            V w = ops.mul(ops.div(ops.scale(gs, -1), scale), ops.add(r, l));
            largest.set(i, l);
            gradSum.set(i, gs);
            absSum.set(i, as);
            reward.set(i, r);
            bet.set(i, w);
            out.add(ops.add(x0.get(i), w));
        }
        keepAll(x0);
        keepAll(largest);
        keepAll(gradSum);
        keepAll(absSum);
        keepAll(reward);
        keepAll(bet);
        steps++;
        return out;
    }
}
