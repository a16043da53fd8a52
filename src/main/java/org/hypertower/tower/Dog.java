package org.hypertower.tower;

import java.util.List;

/**
 * DoG, "distance over gradients" (Ivgi, Hinder and Carmon, "DoG is SGD's Best Friend: A
 * Parameter-Free Dynamic Step Size Schedule", ICML 2023), as {@code src/dog/dog.py} v1.0.3
 * computes it with lr = 1, evaluated at its polynomial average as the authors ask.
 *
 * <p>With {@code g = g + wd p}: on the first step {@code rbar = reps_rel (1 + ||x0||)} and {@code G
 * = ||g||^2 + 1e-8}; after it {@code rbar = max(rbar, ||p - x0||)} and {@code G = G + ||g||^2};
 * {@code eta = rbar / sqrt(G)}, {@code p' = p - eta g}. After every step t = 1, 2, ... the average
 * {@code xbar = (1 - w) xbar + w p'} with {@code w = (gamma + 1) / (t + gamma)}, gamma = 8
 * ({@code averager.py}); the model is evaluated at xbar. The {@code eta} reported is the step size
 * the step used; it is recomputed every step, so it cannot be set by hand.
 */
final class Dog<V> extends RivalLevel<V> {

    static final double EPS = 1e-8;
    static final double GAMMA = 8;

    private final double repsRel;
    private final double wd;
    private double rbar;
    private double gSum;
    private double eta = Double.NaN;
    private List<V> x0;
    private List<V> average;

    Dog(LayerSpec spec, VectorOps<V> ops, int targets) {
        super(spec, ops, targets, "DoG's step size rbar / sqrt(G), recomputed every step");
        this.repsRel = argument("reps_rel");
        this.wd = argument("wd");
    }

    @Override
    protected double scalar() {
        return eta;
    }

    @Override
    public String whyNotSettable(int index) {
        return "dog recomputes its step size eta from the distance travelled at every step; set reps_rel when "
                + "starting the run instead";
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        List<V> g = wd > 0 ? plus(grads, wd, params) : grads;
        if (steps == 0) {
            x0 = List.copyOf(params);
            rbar = repsRel * (1 + norm(params));
            gSum = dot(g, g) + EPS;
        } else {
            rbar = pyMax(rbar, norm(minus(params, x0)));
            gSum += dot(g, g);
        }
        keepAll(x0);
        eta = rbar / Math.sqrt(gSum);
        List<V> out = plus(params, -eta, g);
        steps++;
        double w = (GAMMA + 1) / (steps + GAMMA);
        average = keepAll(steps == 1 ? out : combine(1 - w, average, w, out));
        return out;
    }

    /** The polynomial average of the iterates; the initial weights before the first step. */
    @Override
    public List<V> evaluationPoint(List<V> current) {
        return average == null ? current : average;
    }
}
