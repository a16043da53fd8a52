package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RMSProp (Tieleman and Hinton) with a learned learning rate and, for {@code rmsprop}, a learned
 * decay (Chandra et al.); {@code rmsprop_alpha} holds gamma constant.
 *
 * <p>{@code s = gamma s + (1 - gamma) g^2} with s starting at 0; {@code p' = p - alpha g /
 * sqrt(s + 1e-8)}. alpha is stored as its square root, gamma as {@code atanh(2 gamma - 1)}.
 *
 * <p>Hypergradients, with {@code q = g / sqrt(s + 1e-8)}: {@code dL/dalpha = -<u, q>};
 * {@code dL/dgamma = (alpha/2) <u, q (s_prev - g^2) / (s + 1e-8)>}.
 */
final class RmsProp<V> extends AbstractLevel<V> {

    static final double EPS = 1e-8;

    private final boolean learnGamma;
    private final double constantGamma;
    private List<V> averages;
    private List<V> directions;
    private List<V> gammaSensitivity;
    private double usedAlpha;

    RmsProp(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        super(spec, ops, targets, tracked);
        this.learnGamma = spec.type() == LayerType.RMSPROP;
        this.constantGamma = spec.value("gamma");
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        double alpha = effective("alpha");
        double gamma = learnGamma ? effective("gamma") : constantGamma;
        boolean trackGamma = tracked && learnGamma;
        List<V> out = new ArrayList<>(targets);
        List<V> avg = new ArrayList<>(targets);
        List<V> dirs = new ArrayList<>(targets);
        List<V> sens = trackGamma ? new ArrayList<>(targets) : null;
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V prev = averages == null ? ops.full(g, 0) : averages.get(i);
            V g2 = ops.square(g);
            V s = combine(gamma, prev, 1 - gamma, g2);
            V shifted = ops.addScalar(s, EPS);
            V dir = ops.div(g, ops.sqrt(shifted));
            out.add(ops.subScaled(params.get(i), dir, alpha));
            avg.add(s);
            dirs.add(dir);
            if (trackGamma) {
                sens.add(ops.div(ops.mul(dir, ops.sub(prev, g2)), shifted));
            }
        }
        averages = keepAll(avg);
        if (tracked) {
            directions = keepAll(dirs);
            gammaSensitivity = keepAll(sens);
            usedAlpha = alpha;
        }
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        int n = learnGamma ? 2 : 1;
        if (steps == 0) {
            return new double[n];
        }
        double[] d = ops.dots(upstream, Arrays.asList(directions, gammaSensitivity));
        return learnGamma ? new double[] {-d[0], usedAlpha / 2 * d[1]} : new double[] {-d[0]};
    }
}
