package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SGD_ON_STEROIDS from "Optimizing Optimization": torch.optim.SGD's update with learning rate,
 * momentum, weight decay and dampening all learned.
 *
 * <p>{@code g' = g + wd * p}; {@code buf = g'} on the first step, else {@code buf = mu * buf +
 * (1 - dp) * g'}; {@code p' = p - alpha * buf}. (The extension's notebook froze wd and dampened the
 * whole buffer; this is the corrected rule.)
 *
 * <p>Hypergradients: {@code dL/dalpha = -<u, buf>}, {@code dL/dmu = -alpha <u, buf_prev>},
 * {@code dL/dwd = -alpha c <u, p>} with {@code c = 1} on the first step and {@code 1 - dp} after,
 * {@code dL/ddp = alpha <u, g'>} (mu and dp: zero on the first step). The step's {@code p} is not
 * kept for wd's: {@code <u, p> = <u, p'> + alpha <u, buf>}, and {@code p'} is the caller's next
 * weights, alive anyway, where {@code p} would be held through the next forward and backward pass.
 */
final class SgdOnSteroids<V> extends AbstractLevel<V> {

    private List<V> buffers;
    private List<V> usedBuffers;
    private List<V> previousBuffers;
    private List<V> decayedGrads;
    /** The step's new weights {@code p'}, for wd's hypergradient: the caller's, never discarded here. */
    private List<V> updatedParams;
    private double usedAlpha;
    private double usedDampening;
    private boolean usedFirst;

    SgdOnSteroids(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        super(spec, ops, targets, tracked);
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        double alpha = effective("alpha");
        double mu = effective("mu");
        double wd = effective("wd");
        double dp = effective("dp");
        boolean first = steps == 0;
        List<V> out = new ArrayList<>(targets);
        List<V> used = new ArrayList<>(targets);
        List<V> decayed = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            V p = params.get(i);
            // wd * p + g rounds as g + wd * p: one rounding of a commutative sum
            V gw = ops.addInto(ops.scale(p, wd), grads.get(i));
            V buf = first ? gw : combine(mu, buffers.get(i), 1 - dp, gw);
            decayed.add(gw);
            used.add(buf);
            out.add(ops.subScaled(p, buf, alpha));
        }
        if (!first && (!tracked || !learns("dp"))) {
            decayed.forEach(ops::release);
        }
        if (tracked) {
            // only what the learned hyperparameters' hypergradients read
            previousBuffers = first || !learns("mu") ? null : keepAll(buffers);
            // wd's reads <u, buf> too; the buffers are kept as the momentum anyway
            usedBuffers = learns("alpha") || learns("wd") ? keepAll(used) : null;
            decayedGrads = learns("dp") ? keepAll(decayed) : null;
            updatedParams = learns("wd") ? keepAll(new ArrayList<>(out)) : null;
            usedAlpha = alpha;
            usedDampening = dp;
            usedFirst = first;
        }
        buffers = keepAll(used);
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        if (steps == 0) {
            return new double[4];
        }
        double[] d = ops.dots(upstream, Arrays.asList(usedBuffers, previousBuffers, updatedParams, usedFirst ? null : decayedGrads));
        // read once and held by this level alone (the used buffers are the momentum, the first
        // step's decayed gradients are those buffers, the new weights are the caller's)
        previousBuffers = discardAll(previousBuffers);
        if (!usedFirst) {
            decayedGrads = discardAll(decayedGrads);
        }
        double wdScale = usedFirst ? 1 : 1 - usedDampening;
        double params = d[2] + usedAlpha * d[0];
        return new double[] {-d[0], -usedAlpha * d[1], -usedAlpha * wdScale * params, usedAlpha * d[3]};
    }
}
